"""The monthly evaluation's services and selectors (issue 14, item 2): the pre-filled task part
from the records, self-assessment and decision, the A quota before submitting, the closed month
(409 with its reason) and the scoped, logged reads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.core.exceptions import ApplicationError, InvalidStateError, NotFoundError, PermissionDeniedError
from mandate.core.models import AccessLogEntry, AuditEntry
from mandate.evaluations import selectors_monthly as selectors
from mandate.evaluations.models import EvaluationState, MonthlyEvaluation, MonthSheet
from mandate.evaluations.services import monthly as services
from mandate.evaluations.tests.monthly_world import MARCH, march, official

pytestmark = pytest.mark.django_db
APRIL_2 = dt.date(2023, 4, 3)


@pytest.fixture
def world(cast: SimpleNamespace, make_document: Any) -> SimpleNamespace:
    return march(cast, make_document)


def _evaluation(sheet: MonthSheet, user: Any) -> MonthlyEvaluation:
    return MonthlyEvaluation.objects.get(sheet=sheet, person=user.person)


def test_the_default_closing_day_is_the_fifth_working_day_of_the_next_month() -> None:
    from mandate.evaluations import monthly_rules

    rules = monthly_rules.rules_for(MARCH)
    assert services.default_closes_on(MARCH, rules) == dt.date(2023, 4, 7)  # 3–7 April 2023
    # January 2023: Tết (20–26/01) is in January; February's first five working days
    assert services.default_closes_on(dt.date(2023, 1, 1), rules) == dt.date(2023, 2, 7)


def test_opening_the_month_prefills_the_task_part_from_the_records(cast: SimpleNamespace, world: Any) -> None:
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=APRIL_2)
    assert sheet.closes_on == dt.date(2023, 4, 7)
    rated = {e.person.full_name for e in sheet.evaluations.select_related("person")}
    assert rated == {"Nguyễn Thị Lan", "Trần Văn Minh", "Người Xem Vera"}  # the director is not rated
    lan = _evaluation(sheet, world.lan)
    assert lan.task_prefill == Decimal("49.00")
    lines = {line["task"]: line for line in lan.prefill["lines"]}
    assert set(lines) == {world.on_time.pk, world.late.pk, world.reworked.pk, world.overdue.pk}
    assert lines[world.late.pk]["deductions"] == [["late", "0.25"]]
    assert lines[world.reworked.pk]["deductions"] == [["rework", "0.25"]]
    assert lines[world.overdue.pk]["outcome"] == "overdue"
    assert _evaluation(sheet, world.minh).task_prefill is None
    assert AuditEntry.objects.filter(action="evaluations.month_open").count() == 1


def test_the_month_is_read_as_the_history_stood_on_the_day_read(cast: SimpleNamespace, world: Any) -> None:
    """Read on 18/03 the late task (done 20/03) and the reworked one (due 31/03) are not due yet
    or still open; the on-time task alone was due."""
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=dt.date(2023, 3, 18))
    lan = _evaluation(sheet, world.lan)
    assert [line["task"] for line in lan.prefill["lines"]] == [world.on_time.pk, world.late.pk]
    assert lan.prefill["as_of"] == "2023-03-18"
    assert lan.task_prefill == Decimal("46.67")  # 70 × 2 / 3: the late one overdue on 18/03


def test_self_assessment_then_decision_gives_the_grade(cast: SimpleNamespace, world: Any) -> None:
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=APRIL_2)
    lan = _evaluation(sheet, world.lan)
    lan = services.evaluation_self_assess(
        actor=world.lan, evaluation=lan, discipline=Decimal(20), task=Decimal(60), bonus=Decimal(5),
        note="Tự đánh giá", expected_version=lan.version, on=APRIL_2,
    )  # fmt: skip
    assert lan.state == EvaluationState.SELF_ASSESSED
    with pytest.raises(PermissionDeniedError):
        services.evaluation_decide(
            actor=world.lan, evaluation=lan, discipline=Decimal(20), task=None, bonus=Decimal(0), note="",
            expected_version=lan.version, on=APRIL_2,
        )  # fmt: skip
    lan = services.evaluation_decide(
        actor=cast.dung, evaluation=lan, discipline=Decimal("18.5"), task=None, bonus=Decimal(0), note="",
        expected_version=lan.version, on=APRIL_2,
    )  # fmt: skip
    assert (lan.task_points, lan.total, lan.grade) == (Decimal("49.00"), Decimal("67.50"), "C")
    minh = _evaluation(sheet, world.minh)
    with pytest.raises(ApplicationError) as refused:
        services.evaluation_decide(
            actor=cast.dung, evaluation=minh, discipline=Decimal(20), task=None, bonus=Decimal(0), note="",
            expected_version=minh.version, on=APRIL_2,
        )  # fmt: skip
    assert "task" in refused.value.fields


def _decide(cast: SimpleNamespace, evaluation: MonthlyEvaluation, task: str) -> None:
    evaluation.refresh_from_db()
    services.evaluation_decide(
        actor=cast.dung, evaluation=evaluation, discipline=Decimal(20), task=Decimal(task), bonus=Decimal(10),
        note="", expected_version=evaluation.version, on=APRIL_2,
    )  # fmt: skip


def test_a_unit_above_its_a_quota_is_told_and_cannot_submit(cast: SimpleNamespace, world: Any) -> None:
    for n in range(7):  # ten rated: a quota of three
        official(f"extra{n}", f"Cán Bộ {n}", cast.culture)
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=APRIL_2)
    evaluations = list(sheet.evaluations.order_by("pk"))
    assert len(evaluations) == 10
    for index, evaluation in enumerate(evaluations):
        _decide(cast, evaluation, "65" if index < 4 else "40")  # four A (95), six C (70 → B)
    view = selectors.month_get(actor=cast.dung, unit_id=cast.culture.pk, month=MARCH, on=APRIL_2, purpose="t")
    assert (view.rated, view.quota, view.given) == (10, 3, 4)
    assert view.refusal[0] == "quota_exceeded"
    sheet.refresh_from_db()
    with pytest.raises(InvalidStateError) as refused:
        services.month_submit(actor=cast.dung, sheet=sheet, expected_version=sheet.version, on=APRIL_2)
    assert refused.value.code == "quota_exceeded"
    assert "30 % × 10 " in str(refused.value.message)  # floor(30 % × 10) = 3
    _decide(cast, evaluations[0], "55")  # 85: a B
    sheet.refresh_from_db()
    submitted = services.month_submit(
        actor=cast.dung, sheet=sheet, expected_version=sheet.version, on=APRIL_2
    )
    assert submitted.submitted_at is not None


def test_an_exceptionally_outstanding_unit_has_forty_percent(cast: SimpleNamespace, world: Any) -> None:
    for n in range(2):
        official(f"extra{n}", f"Cán Bộ {n}", cast.culture)
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=APRIL_2)
    with pytest.raises(ApplicationError) as refused:
        services.month_settings(
            actor=cast.dung, sheet=sheet, closes_on=dt.date(2023, 4, 10), exceptionally_outstanding=True,
            outstanding_basis="", expected_version=sheet.version, on=APRIL_2,
        )  # fmt: skip
    assert "outstanding_basis" in refused.value.fields
    services.month_settings(
        actor=cast.dung, sheet=sheet, closes_on=dt.date(2023, 4, 10), exceptionally_outstanding=True,
        outstanding_basis="QĐ 12/QĐ-UBND", expected_version=sheet.version, on=APRIL_2,
    )  # fmt: skip
    view = selectors.month_get(actor=cast.dung, unit_id=cast.culture.pk, month=MARCH, on=APRIL_2, purpose="t")
    assert (view.rated, view.quota, view.quota_percent, view.closes_on) == (5, 2, 40, dt.date(2023, 4, 10))


def test_a_closed_month_refuses_every_change_with_its_reason(cast: SimpleNamespace, world: Any) -> None:
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=APRIL_2)
    lan = _evaluation(sheet, world.lan)
    after = dt.date(2023, 4, 8)
    with pytest.raises(InvalidStateError) as refused:
        services.evaluation_decide(
            actor=cast.dung, evaluation=lan, discipline=Decimal(20), task=None, bonus=Decimal(0), note="",
            expected_version=lan.version, on=after,
        )  # fmt: skip
    assert refused.value.status_code == 409 and refused.value.code == "month_closed"
    assert "07/04/2023" in str(refused.value.message)
    with pytest.raises(InvalidStateError):
        services.evaluation_self_assess(
            actor=world.lan, evaluation=lan, discipline=Decimal(20), task=Decimal(1), bonus=Decimal(0),
            note="", expected_version=lan.version, on=after,
        )  # fmt: skip
    with pytest.raises(InvalidStateError):
        services.month_open(actor=cast.dung, unit=cast.culture, month=dt.date(2023, 2, 1), on=after)
    lan.refresh_from_db()
    assert lan.state == EvaluationState.OPEN and lan.version == 1


def test_reads_are_scoped_and_others_reads_are_logged(cast: SimpleNamespace, world: Any) -> None:
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=APRIL_2)
    lan, minh = _evaluation(sheet, world.lan), _evaluation(sheet, world.minh)
    assert selectors.evaluation_get(actor=world.lan, evaluation_id=lan.pk, purpose="t") == lan
    assert not AccessLogEntry.objects.exists()  # one's own is not another's
    for outsider in (world.minh, cast.tin, cast.vp, cast.ad, cast.oanh, cast.vera):
        with pytest.raises(NotFoundError):
            selectors.evaluation_get(actor=outsider, evaluation_id=lan.pk, purpose="t")
    assert selectors.evaluation_get(actor=cast.dung, evaluation_id=minh.pk, purpose="t") == minh
    entry = AccessLogEntry.objects.get()
    assert (entry.record_id, entry.actor_id, entry.record_type) == (
        str(minh.pk),
        cast.dung.pk,
        "evaluations.monthlyevaluation",
    )
    with pytest.raises(NotFoundError):
        selectors.month_get(actor=cast.tin, unit_id=cast.culture.pk, month=MARCH, on=APRIL_2, purpose="t")


def test_monthly_results_of_a_year_for_the_annual_classification(cast: SimpleNamespace, world: Any) -> None:
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=APRIL_2)
    _decide(cast, _evaluation(sheet, world.lan), "60")
    results = selectors.monthly_results(actor=cast.dung, person=world.lan.person, year=2023, purpose="t")
    assert [(r.month, r.grade, r.total) for r in results] == [(MARCH, "A", Decimal("90.00"))]
    assert selectors.monthly_results(actor=cast.tin, person=world.lan.person, year=2023, purpose="t") == []
    assert selectors.monthly_results(actor=None, person=world.lan.person, year=2022, purpose="t") == []


def test_the_prefill_of_a_unit_costs_the_same_queries_whatever_its_size(
    cast: SimpleNamespace, world: Any
) -> None:
    """Issue 14, item 10: the pre-fill of a unit of 500 people is two queries, not one per person."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mandate.evaluations import monthly_rules
    from mandate.evaluations.monthly_prefill import prefill_many

    rules = monthly_rules.rules_for(MARCH)
    few = [world.lan.person.pk]
    many = few + [official(f"many{n}", f"Cán Bộ {n}", cast.culture).person.pk for n in range(30)]
    counts = []
    for people in (few, many):
        with CaptureQueriesContext(connection) as queries:
            prefills = prefill_many(person_ids=people, month=MARCH, as_of=APRIL_2, rules=rules)
        counts.append(len(queries))
        assert prefills[world.lan.person.pk].part.points == Decimal("49.00")
    assert counts == [2, 2]
