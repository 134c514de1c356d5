"""The inspection statistics (issue 12, item 6; docs/adr/0043): every cell of the table from a
factory-built city, each figure's link listing exactly the subjects counted, who may see what,
one query for the table, and the .xlsx in seed 004's layout."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mandate.core.models import AccessLogEntry
from mandate.inspections import selectors_statistics as stats
from mandate.inspections.statistics import ROWS
from mandate.inspections.tests import factories_stats, stats_world
from mandate.inspections.tests.stats_world import CITY_TABLE, DISTRICT_TABLE, END, START

TABLE = "/api/v1/inspections/statistics/"
RECORDS = "/api/v1/inspections/statistics/records/"
EXPORT = "/api/v1/inspections/statistics/export/"


@pytest.fixture
def world(cast: SimpleNamespace) -> SimpleNamespace:
    return stats_world.build(cast)


def _query(body: Any, **extra: str) -> dict[str, Any]:
    return {"body": body.pk, "from": START.isoformat(), "to": END.isoformat(), **extra}


def _cells(answer: dict[str, Any]) -> dict[str, tuple[Any, Any, Any]]:
    return {row["key"]: (row["organisations"], row["members"], row["inspections"]) for row in answer["rows"]}


def test_every_cell_of_the_city_table(cast: Any, api: Any, world: SimpleNamespace) -> None:
    answer = api(world.kiem).get(TABLE, _query(world.ic_city))

    assert answer.status_code == 200, answer.json()
    assert _cells(answer.json()) == CITY_TABLE
    assert [row["key"] for row in answer.json()["rows"]] == [row.key for row in ROWS]


def test_every_cell_of_the_district_table_its_subtree_only(
    cast: Any, api: Any, world: SimpleNamespace
) -> None:
    answer = api(world.kiem).get(TABLE, _query(world.ic_district)).json()

    assert _cells(answer) == DISTRICT_TABLE


def test_a_period_code_gives_the_same_table(cast: Any, api: Any, world: SimpleNamespace) -> None:
    answer = api(world.kiem).get(TABLE, {"body": world.ic_city.pk, "period": "2023-C0915"}).json()

    assert _cells(answer) == CITY_TABLE
    assert (answer["starts_on"], answer["ends_on"]) == ("2023-01-01", "2023-09-15")


def test_every_link_lists_exactly_the_subjects_counted(cast: Any, api: Any, world: SimpleNamespace) -> None:
    table = api(world.kiem).get(TABLE, _query(world.ic_city)).json()
    for row in table["rows"]:
        for column in ("organisations", "members"):
            link = row[f"{column}_link"]
            if row[column] is None:
                assert link is None
                continue
            listed = api(world.kiem).get(f"{link}&page_size=200").json()
            assert listed["counted"] == row[column] == listed["count"] == len(listed["results"]), row["key"]
            assert listed["not_listed"] == 0
            expected = "member" if column == "members" else "organisation"
            assert {r["kind"] for r in listed["results"]} <= {expected}


def test_a_subject_inspected_twice_is_listed_twice(cast: Any, api: Any, world: SimpleNamespace) -> None:
    listed = api(world.kiem).get(
        RECORDS, _query(world.ic_city, row="standing_committee_planned", count="organisations")
    )

    units = [r["unit"] for r in listed.json()["results"]]
    assert units == [cast.culture_party.pk] * 5
    assert len({r["inspection"] for r in listed.json()["results"]}) == 2


def test_the_table_is_one_query(cast: Any, world: SimpleNamespace) -> None:
    with CaptureQueriesContext(connection) as queries:
        stats.statistics_table(body=world.ic_city, starts_on=START, ends_on=END)

    assert len(queries) == 1


def test_the_endpoint_reads_a_fixed_number_of_queries(cast: Any, api: Any, world: SimpleNamespace) -> None:
    client = api(world.kiem)
    client.get(TABLE, _query(world.ic_city))  # the session and the scopes' caches warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(TABLE, _query(world.ic_city)).status_code == 200
    factories_stats.add_organisations(
        factories_stats.make_inspection(world.ic_city, "party_fees"), cast.culture_party, 20
    )
    with CaptureQueriesContext(connection) as more:
        assert client.get(TABLE, _query(world.ic_city)).status_code == 200

    # The session, its user, the bodies the reader reads for, the body asked, the table.
    assert len(queries) == len(more) == 5, [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("who", ["olga", "tin", "dung", "ad", "van"])
def test_outsiders_and_the_administrator_get_404(
    cast: Any, api: Any, world: SimpleNamespace, who: str
) -> None:
    client = api(getattr(cast, who))
    for url, extra in ((TABLE, {}), (EXPORT, {}), (RECORDS, {"row": "upon_signs", "count": "members"})):
        response = client.get(url, _query(world.ic_city, **extra))
        assert response.status_code == 404, (who, url)
        assert response.json()["code"] == "not_found"


def test_anonymous_is_turned_away(client: Any, world: SimpleNamespace) -> None:
    assert client.get(TABLE, _query(world.ic_city)).status_code in (401, 403)


def test_a_lower_body_does_not_see_the_higher_bodys_statistics(
    cast: Any, api: Any, world: SimpleNamespace
) -> None:
    assert api(world.hoa).get(TABLE, _query(world.ic_city)).status_code == 404


def test_the_served_committees_leader_sees_numbers_never_names(
    cast: Any, api: Any, world: SimpleNamespace
) -> None:
    table = api(world.hoa).get(TABLE, _query(world.ic_district))
    members = api(world.hoa).get(
        RECORDS, _query(world.ic_district, row="upon_signs_violated", count="members")
    )
    organisations = api(world.hoa).get(
        RECORDS, _query(world.ic_district, row="party_committees_inspected", count="organisations")
    )

    assert _cells(table.json()) == DISTRICT_TABLE
    assert (members.json()["counted"], members.json()["not_listed"], members.json()["results"]) == (1, 1, [])
    assert (organisations.json()["counted"], organisations.json()["results"]) == (1, [])
    assert "Đảng viên xã" not in members.content.decode()
    assert AccessLogEntry.objects.count() == 0


def test_a_reader_sees_the_names_and_the_read_is_logged(cast: Any, api: Any, world: SimpleNamespace) -> None:
    client = api(world.kiem)
    violated = client.get(RECORDS, _query(world.ic_city, row="upon_signs_violated", count="members")).json()
    supervised = client.get(
        RECORDS, _query(world.ic_city, row="thematic_supervision", count="members")
    ).json()
    client.get(RECORDS, _query(world.ic_city, row="party_fees", count="organisations"))

    names = sorted(r["person_name"].rsplit(" ", 1)[0] for r in violated["results"])
    assert names == ["Đảng viên vi phạm", "Đảng viên vi phạm", "Đảng viên xã"]
    logged = AccessLogEntry.objects.filter(actor_id=world.kiem.pk, purpose=stats.RECORDS_PURPOSE)
    assert sorted(logged.values_list("record_type", flat=True)) == sorted(
        ["inspections.conclusion"] * 3 + ["inspections.inspectionsubject"] * len(supervised["results"])
    )


def test_a_wrong_row_or_column_is_400(cast: Any, api: Any, world: SimpleNamespace) -> None:
    client = api(world.kiem)
    wrong_row = client.get(RECORDS, _query(world.ic_city, row="nope", count="members"))
    no_members = client.get(RECORDS, _query(world.ic_city, row="party_fees", count="members"))
    backwards = client.get(TABLE, {"body": world.ic_city.pk, "from": "2023-09-15", "to": "2023-01-01"})

    assert (wrong_row.status_code, no_members.status_code, backwards.status_code) == (400, 400, 400)
    assert "row" in wrong_row.json()["fields"] and "count" in no_members.json()["fields"]


def test_the_export_is_seed_004s_layout_with_numbers(cast: Any, api: Any, world: SimpleNamespace) -> None:
    response = api(world.kiem).get(EXPORT, _query(world.ic_city))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if row[0] == "STT")
    body = values[header + 1 :]
    assert values[header] == ["STT", "Nội dung", "Tổ chức đảng", "Đảng viên", "Số cuộc"]
    assert [row[0] for row in body] == ["1", "2", "3", "4", None, None, "5", "6", "7", "8", "9"]
    assert body[4][1].startswith("— ")
    assert [tuple(row[2:]) for row in body] == list(CITY_TABLE.values())
    assert all(isinstance(row[2], int) for row in body)
