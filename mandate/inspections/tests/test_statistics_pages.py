"""The statistics page and the records behind each figure (issue 12, items 6 and 8): seed 004's
layout for the body and period chosen, every figure a link to exactly the subjects it counts,
names only for whom may read them, a bad period the form's error, a foreign body 404, and a
number of queries that does not grow with the records."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from mandate.core.models import AccessLogEntry
from mandate.inspections import selectors_statistics as stats
from mandate.inspections.statistics import ROWS
from mandate.inspections.tests import factories_stats, stats_world
from mandate.inspections.tests.stats_world import CITY_TABLE, DISTRICT_TABLE

pytestmark = pytest.mark.django_db

PAGE = "/inspections/statistics/"
RECORDS = "/inspections/statistics/records/"
PERIOD: dict[str, str | int] = {"from": "01/01/2023", "to": "15/09/2023"}
_LINK = re.compile(r'href="(/inspections/statistics/records/\?[^"]+)"')


@pytest.fixture
def world(cast: SimpleNamespace) -> SimpleNamespace:
    return stats_world.build(cast)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _cells(response: Any) -> dict[str, tuple[Any, Any, Any]]:
    return {
        row["key"]: (row["cells"][0]["value"], row["cells"][1]["value"], row["inspections"])
        for row in response.context["rows"]
    }


def _query(body: Any, **extra: str) -> dict[str, Any]:
    return {"body": body.pk, **PERIOD, **extra}


def _links(text: str) -> list[str]:
    return [link.replace("&amp;", "&") for link in _LINK.findall(text)]


def test_the_page_shows_seed_004s_table_for_the_body_and_period(world: SimpleNamespace) -> None:
    response = _client(world.kiem).get(PAGE, _query(world.ic_city))

    assert response.status_code == 200
    assert _cells(response) == CITY_TABLE
    text = response.content.decode()
    assert [row["key"] for row in response.context["rows"]] == [row.key for row in ROWS]
    assert [row["number"] for row in response.context["rows"]] == [1, 2, 3, 4, "", "", 5, 6, 7, 8, 9]
    assert "/api/v1/inspections/statistics/export/?" in text and 'id="export-link"' in text
    # One link per figure: every row has organisations, seven have members.
    assert len(_links(text)) == 11 + 7


def test_a_period_code_gives_the_same_table(world: SimpleNamespace) -> None:
    response = _client(world.kiem).get(PAGE, {"body": world.ic_city.pk, "period": "2023-C0915"})

    assert response.status_code == 200
    assert _cells(response) == CITY_TABLE


def test_the_district_commission_counts_its_subtree_only(world: SimpleNamespace) -> None:
    assert _cells(_client(world.kiem).get(PAGE, _query(world.ic_district))) == DISTRICT_TABLE


def test_a_first_visit_opens_on_a_body_and_this_year(world: SimpleNamespace) -> None:
    response = _client(world.kiem).get(PAGE)

    assert response.status_code == 200
    assert response.context["body"] is not None
    assert 'id="statistics-table"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"from": "15/09/2023", "to": "01/01/2023"}, "to", "Kỳ kết thúc trước ngày bắt đầu."),
        ({"from": "31/02/2023", "to": "15/09/2023"}, "from", "Nhập ngày theo dạng dd/mm/yyyy."),
        ({"from": "", "to": ""}, "from", "Hãy cho biết ngày đầu và ngày cuối của kỳ."),
        ({"period": "2023-Q5"}, "period", ""),
        ({"body": "abc"}, "body", ""),
    ],
)
def test_a_bad_period_or_body_is_the_forms_error_not_a_500(
    world: SimpleNamespace, query: dict[str, str], field: str, message: str
) -> None:
    response = _client(world.kiem).get(PAGE, {**_query(world.ic_city), **query})

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    if message:
        assert message in errors[field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert 'id="statistics-table"' not in response.content.decode()


@pytest.mark.parametrize("who", ["olga", "tin", "dung", "ad", "van"])
def test_outsiders_and_the_administrator_get_404(cast: Any, world: SimpleNamespace, who: str) -> None:
    client = _client(getattr(cast, who))
    assert client.get(PAGE, _query(world.ic_city)).status_code == 404
    assert client.get(RECORDS, _query(world.ic_city, row="upon_signs", count="members")).status_code == 404
    assert client.get(PAGE).status_code == 404  # no body of theirs to open on


def test_a_missing_body_and_a_foreign_one_look_the_same(world: SimpleNamespace) -> None:
    client = _client(world.kiem)
    assert client.get(PAGE, _query(world.ic_outsider)).status_code == 404
    assert client.get(PAGE, {**PERIOD, "body": 999999}).status_code == 404


def test_a_lower_bodys_leader_does_not_see_the_higher_bodys_statistics(world: SimpleNamespace) -> None:
    assert _client(world.hoa).get(PAGE, _query(world.ic_city)).status_code == 404


def test_every_figures_link_lists_exactly_the_subjects_counted(world: SimpleNamespace) -> None:
    client = _client(world.kiem)
    page = client.get(PAGE, _query(world.ic_city))
    figures = {
        (row["key"], cell["column"]): cell["value"]
        for row in page.context["rows"]
        for cell in row["cells"]
        if cell["value"] is not None
    }
    links = _links(page.content.decode())
    assert len(links) == len(figures)
    for link in links:
        listed = client.get(link)
        assert listed.status_code == 200, link
        records = listed.context["records"]
        shown = listed.context["subjects"]
        assert records.counted == figures[(records.row.key, records.count)] == len(shown), link
        assert listed.context["not_listed"] == 0
        expected = stats.counted_subjects(world.ic_city, stats_world.START, stats_world.END).filter(
            records.row.q(records.count)
        )
        assert sorted(s.pk for s in shown) == sorted(expected.values_list("pk", flat=True))
        assert listed.content.decode().count('class="record"') == len(shown)


def test_the_served_committees_leader_sees_numbers_never_names(world: SimpleNamespace) -> None:
    client = _client(world.hoa)
    table = client.get(PAGE, _query(world.ic_district))
    members = client.get(RECORDS, _query(world.ic_district, row="upon_signs_violated", count="members"))

    assert _cells(table) == DISTRICT_TABLE
    assert members.status_code == 200
    assert (
        members.context["records"].counted,
        members.context["not_listed"],
        members.context["subjects"],
    ) == (
        1,
        1,
        [],
    )
    assert "Đảng viên xã" not in members.content.decode()
    assert 'id="not-listed"' in members.content.decode()
    assert AccessLogEntry.objects.count() == 0


def test_a_reader_sees_the_names_linked_to_their_history_and_the_read_is_logged(
    world: SimpleNamespace,
) -> None:
    response = _client(world.kiem).get(
        RECORDS, _query(world.ic_city, row="upon_signs_violated", count="members")
    )

    text = response.content.decode()
    assert text.count("Đảng viên vi phạm") == 2 and "Đảng viên xã" in text
    for subject in response.context["subjects"]:
        assert f'href="/inspections/history/people/{subject.person_id}/"' in text
    logged = AccessLogEntry.objects.filter(actor_id=world.kiem.pk, purpose=stats.RECORDS_PURPOSE)
    assert sorted(logged.values_list("record_type", flat=True)) == ["inspections.conclusion"] * 3


def test_a_wrong_row_or_column_is_the_forms_error(world: SimpleNamespace) -> None:
    client = _client(world.kiem)
    wrong_row = client.get(RECORDS, _query(world.ic_city, row="nope", count="members"))
    no_members = client.get(RECORDS, _query(world.ic_city, row="party_fees", count="members"))
    backwards = client.get(
        RECORDS, {**_query(world.ic_city, row="upon_signs", count="members"), "to": "01/01/2022"}
    )

    assert (wrong_row.status_code, no_members.status_code, backwards.status_code) == (400, 400, 400)
    assert "Lựa chọn không hợp lệ." in wrong_row.content.decode()
    assert "Lựa chọn không hợp lệ." in no_members.content.decode()
    assert "Kỳ kết thúc trước ngày bắt đầu." in backwards.content.decode()


def test_the_list_page_links_the_statistics_for_their_readers_only(cast: Any, world: SimpleNamespace) -> None:
    assert 'id="statistics-link"' in _client(world.kiem).get("/inspections/").content.decode()
    assert 'id="statistics-link"' in _client(world.hoa).get("/inspections/").content.decode()
    assert 'id="statistics-link"' not in _client(cast.olga).get("/inspections/").content.decode()
    assert 'id="statistics-link"' not in _client(cast.ad).get("/inspections/").content.decode()


def test_the_page_and_the_records_read_a_fixed_number_of_queries(
    cast: Any, world: SimpleNamespace, django_assert_max_num_queries: Any
) -> None:
    client = _client(world.kiem)
    records = _query(world.ic_city, row="party_fees", count="organisations")
    client.get(PAGE, _query(world.ic_city))  # the session and the scopes' caches warm
    with django_assert_max_num_queries(10):
        assert client.get(PAGE, _query(world.ic_city)).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(RECORDS, records).status_code == 200
    factories_stats.add_organisations(
        factories_stats.make_inspection(world.ic_city, "party_fees", decided_on=stats_world.IN_PERIOD),
        cast.culture_party,
        30,
    )
    with django_assert_max_num_queries(10):
        assert client.get(PAGE, _query(world.ic_city)).status_code == 200
    with django_assert_max_num_queries(12):
        listed = client.get(RECORDS, records)
    assert len(listed.context["subjects"]) == 34
