"""Period rows (get-or-create on the code, one row per span, never two), the relations that hand
back rows, the labels as readers see them, and ``GET /api/v1/periods/<code>/`` (ADR 0028)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from rest_framework import serializers

from mandate.core import period_spans as spans
from mandate.core import periods
from mandate.core.api_periods import PeriodCodeField, period_data
from mandate.core.models import AuditEntry, Period, PeriodBasis, PeriodKind
from mandate.core.tests.period_strategies import any_span

D = dt.date
N09 = PeriodBasis.DECREE09
pytestmark = pytest.mark.django_db


def test_asking_twice_gives_the_same_row_and_writes_no_audit_entry():
    first = periods.quarter(2023, 3)
    again = periods.from_code("2023-Q3")

    assert first.pk == again.pk
    assert Period.objects.count() == 1
    assert (first.kind, first.basis, first.year, first.number) == ("quarter", "calendar", 2023, 3)
    assert (first.starts_on, first.ends_on, first.as_of) == (D(2023, 7, 1), D(2023, 9, 30), None)
    assert AuditEntry.objects.count() == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(any_span())
def test_a_rows_code_brings_back_that_row_with_the_spans_fields(span):
    row = periods.ensure(span)

    assert periods.from_code(row.code) == row
    assert spans.span_of(row) == span
    assert (row.kind, row.basis, row.year, row.number, row.starts_on, row.ends_on, row.as_of) == (
        span.kind,
        span.basis,
        span.year,
        span.number,
        span.starts_on,
        span.ends_on,
        span.as_of,
    )


def test_seed_004_is_cumulative_to_15_september_against_the_annual_2023_target():
    """8,051 admitted "as of 15/09/2023" of the 2023 target of 9,810: the demo's period."""
    cumulative = periods.cumulative_to(D(2023, 9, 15))
    annual = periods.year_of(cumulative)

    assert (cumulative.code, cumulative.starts_on, cumulative.ends_on) == (
        "2023-C0915",
        D(2023, 1, 1),
        D(2023, 9, 15),
    )
    assert (cumulative.kind, cumulative.number, cumulative.as_of) == ("cumulative", None, D(2023, 9, 15))
    assert (annual.code, annual.starts_on, annual.ends_on) == ("2023", D(2023, 1, 1), D(2023, 12, 31))
    assert periods.same_period_previous_year(cumulative).code == "2022-C0915"
    with translation.override("vi"):
        assert periods.label(cumulative) == "Lũy kế từ 01/01/2023 đến 15/09/2023"
        assert periods.as_of_text(cumulative) == "tính đến ngày 15/09/2023"
    with translation.override("en"):
        assert periods.label(cumulative) == "Cumulative 01/01/2023–15/09/2023"
        assert periods.as_of_text(cumulative) == "as of 15/09/2023"


def test_nine_months_on_the_two_bases_are_two_periods_that_say_so():
    calendar_nine = periods.first_months(2023, 9)
    decree_nine = periods.first_months(2023, 9, basis=N09)

    assert calendar_nine.pk != decree_nine.pk
    assert (calendar_nine.starts_on, calendar_nine.ends_on) == (D(2023, 1, 1), D(2023, 9, 30))
    assert (decree_nine.starts_on, decree_nine.ends_on, decree_nine.as_of) == (
        D(2022, 12, 15),
        D(2023, 9, 14),
        D(2023, 9, 14),
    )
    with translation.override("vi"):
        assert periods.label(calendar_nine) == "9 tháng đầu năm 2023"
        assert periods.label(decree_nine) == (
            "9 tháng đầu năm 2023 (kỳ số liệu theo Nghị định 09/2019/NĐ-CP: 15/12/2022–14/09/2023)"
        )
    with translation.override("en"):
        assert periods.label(decree_nine) == (
            "First 9 months of 2023 (data period under Decree 09/2019/NĐ-CP: 15/12/2022–14/09/2023)"
        )


@pytest.mark.parametrize(
    ("make", "vi", "en"),
    [
        (lambda: periods.month(2023, 9), "Tháng 9/2023", "September 2023"),
        (lambda: periods.quarter(2023, 3), "Quý III/2023", "Q3 2023"),
        (lambda: periods.half(2023, 1), "6 tháng đầu năm 2023", "First half of 2023"),
        (lambda: periods.half(2023, 2), "6 tháng cuối năm 2023", "Second half of 2023"),
        (lambda: periods.year(2023), "Năm 2023", "Year 2023"),
        (lambda: periods.first_months(2023, 1), "1 tháng đầu năm 2023", "First month of 2023"),
        (
            lambda: periods.date_range(D(2023, 1, 1), D(2023, 6, 15)),
            "Từ 01/01/2023 đến 15/06/2023",
            "01/01/2023–15/06/2023",
        ),
    ],
)
def test_labels_in_both_languages(make, vi, en):
    period = make()
    with translation.override("vi"):
        assert periods.label(period) == vi
    with translation.override("en"):
        assert periods.label(period) == en


def test_the_database_refuses_a_second_row_for_one_span_and_a_period_that_ends_before_it_starts():
    periods.month(2023, 9)
    with pytest.raises(IntegrityError), transaction.atomic():
        Period.objects.create(
            kind=PeriodKind.MONTH, basis="calendar", year=2023, number=9,
            starts_on=D(2023, 9, 1), ends_on=D(2023, 9, 30), code="2023-M09-again",
        )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Period.objects.create(
            kind=PeriodKind.RANGE,
            basis="calendar",
            year=2023,
            starts_on=D(2023, 9, 2),
            ends_on=D(2023, 9, 1),
            code="X",
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Period.objects.create(
            kind="week", basis="calendar", year=2023, starts_on=D(2023, 9, 1), ends_on=D(2023, 9, 7), code="W"
        )


def test_the_months_of_a_quarter_come_in_order_in_a_few_queries(django_assert_max_num_queries):
    periods.month(2023, 8, basis=N09)  # one of them exists already
    third = periods.quarter(2023, 3, basis=N09)

    with django_assert_max_num_queries(4):
        months = periods.months_of(third)

    assert [m.code for m in months] == ["N09-2023-M07", "N09-2023-M08", "N09-2023-M09"]
    assert all(m.pk for m in months)
    assert Period.objects.filter(kind="month").count() == 3
    assert [q.code for q in periods.subperiods(periods.year(2023), PeriodKind.QUARTER)] == [
        "2023-Q1",
        "2023-Q2",
        "2023-Q3",
        "2023-Q4",
    ]
    # A period to a given day holds the whole months before its cut-off.
    assert [m.number for m in periods.months_of(periods.cumulative_to(D(2023, 9, 15)))] == list(range(1, 9))


def test_the_same_period_a_year_earlier_and_later():
    assert periods.same_period_previous_year(periods.quarter(2023, 3, basis=N09)).code == "N09-2022-Q3"
    assert periods.same_period_next_year(periods.half(2023, 1)).code == "2024-H1"
    leap = periods.date_range(D(2024, 2, 1), D(2024, 2, 29))
    assert periods.same_period_previous_year(leap).code == "R20230201-20230228"


def test_a_deadline_after_the_period_in_days_or_working_days():
    september = periods.month(2023, 9, basis=N09)  # ends Thursday 14/09/2023
    assert periods.deadline(september, days=5) == D(2023, 9, 19)
    assert periods.deadline(september, working_days=2) == D(2023, 9, 18)
    with pytest.raises(TypeError):
        periods.deadline(september)
    assert periods.contains(september, D(2023, 8, 15)) and not periods.contains(september, D(2023, 9, 15))


def test_a_bad_period_is_an_application_error_with_a_message():
    with translation.override("vi"), pytest.raises(periods.PeriodError) as refused:
        periods.month(2023, 13)
    assert refused.value.code == "invalid_period"
    assert str(refused.value.message) == "Tháng được đánh số từ 1 đến 12."
    with pytest.raises(periods.PeriodCodeError):
        periods.from_code("2023-09")
    assert Period.objects.count() == 0


def test_the_output_and_the_input_field():
    period = periods.first_months(2023, 9, basis=N09)
    with translation.override("en"):
        data = period_data(period)
    assert data == {
        "code": "N09-2023-C09",
        "kind": "cumulative",
        "basis": "decree09",
        "year": 2023,
        "number": 9,
        "starts_on": "2022-12-15",
        "ends_on": "2023-09-14",
        "as_of": "2023-09-14",
        "label": "First 9 months of 2023 (data period under Decree 09/2019/NĐ-CP: 15/12/2022–14/09/2023)",
        "as_of_text": "as of 14/09/2023",
    }

    class Input(serializers.Serializer):
        period = PeriodCodeField()

    good = Input(data={"period": "2023-C0915"})
    assert good.is_valid() and good.validated_data["period"].ends_on == D(2023, 9, 15)
    for bad in ("2023-C0930", 2023, "2023-M13"):
        refused = Input(data={"period": bad})
        assert not refused.is_valid()
        assert list(refused.errors) == ["period"]


# The API: any signed-in user; nothing written; a bad code is 400 in the one error shape.


def test_the_api_says_what_a_code_means(cast, api):
    response = api(cast.olga).get("/api/v1/periods/N09-2023-C09/", HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    body = response.json()
    assert (body["code"], body["starts_on"], body["ends_on"], body["as_of"]) == (
        "N09-2023-C09",
        "2022-12-15",
        "2023-09-14",
        "2023-09-14",
    )
    assert (
        body["label"]
        == "9 tháng đầu năm 2023 (kỳ số liệu theo Nghị định 09/2019/NĐ-CP: 15/12/2022–14/09/2023)"
    )
    assert body["as_of_text"] == "tính đến ngày 14/09/2023"
    assert Period.objects.count() == 0


def test_the_api_refuses_a_bad_code_with_400_in_the_readers_language(cast, api):
    for code, expected in (
        ("2023-C0930", "invalid_period_code"),
        ("2023-M13", "invalid_period"),
        ("nonsense", "invalid_period_code"),
    ):
        response = api(cast.dung).get(f"/api/v1/periods/{code}/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == expected
        assert list(body["fields"]) == ["code"]
        assert body["message"] == body["fields"]["code"][0]
    assert (
        "is written 2023-C09"
        in api(cast.dung).get("/api/v1/periods/2023-C0930/", HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    )


def test_the_api_is_for_signed_in_users_only(client):
    assert client.get("/api/v1/periods/2023/").status_code == 401
