"""Indicator values in and out of Excel over HTTP (issue 11 item 10, ADR 0038): the template is
filled with the units the reader enters for, the targets and the values, as numbers; an upload
with one bad row imports nothing and names that row; corrected, it imports all under one audit
entry; the same file twice changes nothing; the service's own refusals land on their rows; a
large file runs as a job with its progress; outsiders get 404."""

from __future__ import annotations

import io
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mandate.core import sheet_import
from mandate.core.models import AuditEntry, ImportBatch
from mandate.indicators import hierarchy
from mandate.indicators.enums import IndicatorKind, Measure
from mandate.indicators.models import Actual
from mandate.indicators.services import catalogue
from mandate.indicators.tests.factories import enter, make_indicator, make_set, move, submission_of, target
from mandate.indicators.tests.sheets import fill, header_row, rows_of, upload, workbook

pytestmark = pytest.mark.django_db

BASE = "/api/v1/indicators"


def _template_url(ind: SimpleNamespace) -> str:
    return f"{BASE}/sets/{ind.titles.pk}/periods/{ind.y2023.pk}/template.xlsx"


def _import_url(ind: SimpleNamespace) -> str:
    return f"{BASE}/sets/{ind.titles.pk}/periods/{ind.y2023.pk}/import/"


def _template(client: Any, ind: SimpleNamespace, **query: Any) -> bytes:
    response = client.get(_template_url(ind), query)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return b"".join(response.streaming_content)


def _send(client: Any, ind: SimpleNamespace, content: bytes) -> Any:
    return client.post(_import_url(ind), {"file": upload(content)}, format="multipart")


def _values(cast: Any, ind: SimpleNamespace) -> dict[str, Decimal]:
    return {
        a.indicator.code: a.value
        for a in Actual.objects.filter(unit=cast.district_state, period=ind.y2023).select_related("indicator")
    }


def test_the_template_holds_the_units_indicators_targets_and_values_as_numbers(
    cast: Any, api: Any, ind: SimpleNamespace
) -> None:
    target(ind.titles, ind.families, cast.district_state, ind.y2023, "9810")
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "8051"})
    content = _template(api(cast.bao), ind)
    rows = rows_of(content)
    unit = cast.district_state.pk
    assert set(rows) == {(unit, "VH-GDVH", None), (unit, "VH-LVH", None)}  # bao's unit only
    families = rows[(unit, "VH-GDVH", None)]
    assert families["value"] == 8051 and isinstance(families["value"], int | float)
    assert families["version"] == 1 and families["period"] == ind.y2023.code
    sheet = load_workbook(io.BytesIO(content)).active
    start, columns = header_row(sheet)
    headers = [cell.value for cell in sheet[start]]
    assert "Số thực hiện" in headers and "Chỉ tiêu được giao" in headers  # Vietnamese first
    assert 9810 in [cell.value for cell in sheet[start + 1]]  # the target, a number
    assert sheet.protection.sheet
    letter = sheet.cell(row=start, column=columns["unit"]).column_letter
    assert sheet.column_dimensions[letter].hidden
    assert not sheet.cell(row=start + 1, column=columns["value"]).protection.locked
    assert sheet.cell(row=start + 1, column=columns["unit"]).protection.locked

    english = api(cast.bao).get(_template_url(ind), HTTP_ACCEPT_LANGUAGE="en")
    sheet = load_workbook(io.BytesIO(b"".join(english.streaming_content))).active
    assert "Value reported" in [cell.value for cell in sheet[start]]


def test_one_bad_row_imports_nothing_corrected_imports_all_and_twice_changes_nothing(
    cast: Any, api: Any, ind: SimpleNamespace
) -> None:
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"})
    client = api(cast.bao)
    unit = cast.district_state.pk
    blank = _template(client, ind)
    audit_before = AuditEntry.objects.count()

    bad = fill(
        blank, {(unit, "VH-GDVH", None): {"value": 100}, (unit, "VH-LVH", None): {"value": "mười hai"}}
    )
    refused = _send(client, ind, bad)
    assert refused.status_code == 400, refused.json()
    body = refused.json()
    assert body["code"] == "sheet_refused"
    (problem,) = body["problems"]
    assert (problem["row"], problem["value"]) == (rows_of(bad)[(unit, "VH-LVH", None)]["_row"], "mười hai")
    assert problem["column"] and problem["what"] and problem["mend"]
    assert _values(cast, ind) == {"VH-GDVH": Decimal(96)}  # nothing imported
    assert (AuditEntry.objects.count(), ImportBatch.objects.count()) == (audit_before, 0)

    good = fill(blank, {(unit, "VH-GDVH", None): {"value": 100}, (unit, "VH-LVH", None): {"value": 12}})
    applied = _send(client, ind, good)
    assert applied.status_code == 200, applied.json()
    assert {key: applied.json()[key] for key in ("state", "rows", "created", "updated", "unchanged")} == {
        "state": "applied",
        "rows": 2,
        "created": 1,
        "updated": 1,
        "unchanged": 0,
    }
    assert _values(cast, ind) == {"VH-GDVH": Decimal(100), "VH-LVH": Decimal(12)}
    (entry,) = list(AuditEntry.objects.order_by("id"))[audit_before:]  # one entry, not one per value
    assert entry.action == "core.sheet_import" and entry.actor_label == "bao"
    after = entry.after
    assert after is not None and after["rows"] == 2 and len(after["file_sha256"]) == 64
    assert after["submissions"] == [submission_of(ind.titles, cast.district_state, ind.y2023).pk]

    again = _send(client, ind, good)
    assert (again.status_code, again.json()["state"]) == (200, "already_imported")
    assert "bao" in again.json()["message"]
    fresh = _template(client, ind)  # other bytes, the same values: imported, nothing changed
    same = _send(client, ind, fresh).json()
    assert (same["state"], same["created"], same["updated"], same["unchanged"]) == ("applied", 0, 0, 2)
    assert _values(cast, ind) == {"VH-GDVH": Decimal(100), "VH-LVH": Decimal(12)}
    assert Actual.objects.get(indicator=ind.families, unit=cast.district_state).version == 2


def test_the_services_refusals_land_on_their_rows_in_the_readers_language(
    cast: Any, api: Any, ind: SimpleNamespace
) -> None:
    client = api(cast.bao)
    unit = cast.district_state.pk
    blank = _template(client, ind)
    content = fill(blank, {(unit, "VH-GDVH", None): {"value": 1.5}, (unit, "VH-LVH", None): {"value": 3}})
    refused = client.post(
        _import_url(ind), {"file": upload(content)}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    (problem,) = refused["problems"]
    assert problem["what"] == "This indicator takes whole numbers."
    assert problem["row"] == rows_of(content)[(unit, "VH-GDVH", None)]["_row"]
    assert not Actual.objects.filter(unit=cast.district_state).exists()  # the good row neither


def test_a_locked_unit_and_a_value_changed_since_the_template_are_refused_by_row(
    cast: Any, api: Any, ind: SimpleNamespace
) -> None:
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"})
    client = api(cast.bao)
    unit = cast.district_state.pk
    blank = _template(client, ind)
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "97"}, actor=cast.bao)
    stale = _send(client, ind, fill(blank, {(unit, "VH-GDVH", None): {"value": 98}})).json()
    (problem,) = stale["problems"]
    assert "bao" in problem["what"] and problem["column"]

    move(submission_of(ind.titles, cast.district_state, ind.y2023), "submit")
    move(submission_of(ind.titles, cast.district_state, ind.y2023), "accept")
    fresh = _template(client, ind)
    locked = _send(client, ind, fill(fresh, {(unit, "VH-GDVH", None): {"value": 99}})).json()
    (problem,) = locked["problems"]
    assert "khóa" in problem["what"] or "lock" in problem["what"]
    assert _values(cast, ind) == {"VH-GDVH": Decimal(97)}


def test_a_large_file_is_imported_by_a_job_whose_progress_its_uploader_reads(
    cast: Any, api: Any, ind: SimpleNamespace, monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(sheet_import, "JOB_ROWS", 1)
    client = api(cast.bao)
    unit = cast.district_state.pk
    content = fill(
        _template(client, ind), {(unit, "VH-GDVH", None): {"value": 5}, (unit, "VH-LVH", None): {"value": 6}}
    )
    queued = _send(client, ind, content)
    assert queued.status_code == 202, queued.json()
    job = queued.json()["job"]
    run = client.get(f"{BASE}/imports/{job}/").json()
    assert run["state"] == "done" and run["result"]["state"] == "applied"
    assert run["progress"]["stage"] in {"reading", "writing"}
    assert _values(cast, ind) == {"VH-GDVH": Decimal(5), "VH-LVH": Decimal(6)}
    assert api(cast.olga).get(f"{BASE}/imports/{job}/").status_code == 404
    assert api(cast.dung).get(f"{BASE}/imports/{job}/").status_code == 404  # the uploader's own


def test_outsiders_get_404_and_bad_requests_their_reasons(cast: Any, api: Any, ind: SimpleNamespace) -> None:
    before = AuditEntry.objects.count()
    olga = api(cast.olga)
    assert olga.get(_template_url(ind)).status_code == 404
    content = workbook(
        [{"indicator": "VH-GDVH", "unit": cast.district_state.pk, "period": "2023", "value": 1}]
    )
    refused = olga.post(_import_url(ind), {"file": upload(content)}, format="multipart")
    assert (refused.status_code, refused.json()["code"]) == (404, "not_found")
    bao = api(cast.bao)
    missing = bao.post(_import_url(ind), {}, format="multipart")
    assert (missing.status_code, list(missing.json()["fields"])) == (400, ["file"])
    csv = bao.post(_import_url(ind), {"file": upload(b"a,b\n1,2\n", "so-lieu.csv")}, format="multipart")
    assert csv.status_code == 415
    # dung reads the set but enters for no unit of it: 403 before the file is read.
    assert (
        api(cast.dung).post(_import_url(ind), {"file": upload(content)}, format="multipart").status_code
        == 403
    )
    month = f"{BASE}/sets/{ind.titles.pk}/periods/{_month().pk}/template.xlsx"
    wrong_period = bao.get(month)
    assert (wrong_period.status_code, list(wrong_period.json()["fields"])) == (400, ["period"])
    assert AuditEntry.objects.count() == before


def _month() -> Any:
    from mandate.core import periods

    return periods.month(2023, 5)


def test_ratios_and_parts_go_in_through_their_columns_and_a_row_of_another_period_is_named(
    cast: Any, api: Any, ind: SimpleNamespace
) -> None:
    sex = catalogue.disaggregation_create(
        actor=None, code="sex", name="Giới tính", options=[("m", "Nam", "Male"), ("f", "Nữ", "Female")]
    )
    members = make_indicator(cast.culture, "DV-KN", disaggregation=sex)
    share = make_indicator(
        cast.culture,
        "VH-TL",
        name="Tỷ lệ hộ đạt",
        measure=Measure.PERCENT,
        kind=IndicatorKind.RATIO,
        numerator_label="Số hộ đạt",
        denominator_label="Tổng số hộ",
    )
    mixed = make_set(
        cast.culture, [members, share], code="KN-TL", lines=[(cast.district_state, cast.culture)]
    )
    url = f"{BASE}/sets/{mixed.pk}/periods/{ind.y2023.pk}"
    client = api(cast.bao)
    response = client.get(f"{url}/template.xlsx")
    blank = b"".join(response.streaming_content)
    unit = cast.district_state.pk
    assert set(rows_of(blank)) == {
        (unit, "DV-KN", None),
        (unit, "DV-KN", "m"),
        (unit, "DV-KN", "f"),
        (unit, "VH-TL", None),
    }
    filled = {
        (unit, "DV-KN", None): {"value": 100},
        (unit, "DV-KN", "m"): {"value": 60},
        (unit, "DV-KN", "f"): {"value": 40},
        (unit, "VH-TL", None): {"numerator": 8051, "denominator": 9810},
    }
    wrong = fill(blank, {**filled, (unit, "DV-KN", "f"): {"value": 40, "period": "2022"}})
    refused = client.post(f"{url}/import/", {"file": upload(wrong)}, format="multipart").json()
    (problem,) = refused["problems"]
    assert problem["value"] == "2022" and problem["row"] == rows_of(wrong)[(unit, "DV-KN", "f")]["_row"]
    assert not Actual.objects.filter(unit=cast.district_state).exists()

    applied = client.post(f"{url}/import/", {"file": upload(fill(blank, filled))}, format="multipart")
    assert (applied.status_code, applied.json()["created"]) == (200, 4), applied.json()
    stored = {
        (a.indicator.code, a.option.code if a.option else None): (a.value, a.numerator, a.denominator)
        for a in Actual.objects.filter(unit=cast.district_state).select_related("indicator", "option")
    }
    assert stored == {
        ("DV-KN", None): (Decimal(100), None, None),
        ("DV-KN", "m"): (Decimal(60), None, None),
        ("DV-KN", "f"): (Decimal(40), None, None),
        ("VH-TL", None): (Decimal("82.0693"), Decimal(8051), Decimal(9810)),
    }
    # A template with its figures emptied enters nothing and deletes nothing.
    fresh = b"".join(client.get(f"{url}/template.xlsx").streaming_content)
    emptied = fill(fresh, {key: dict.fromkeys(cells, None) for key, cells in filled.items()})
    kept = client.post(f"{url}/import/", {"file": upload(emptied)}, format="multipart").json()
    assert (kept["unchanged"], kept["updated"]) == (4, 0)
    assert Actual.objects.filter(unit=cast.district_state).count() == 4


def test_an_import_reads_the_sets_hierarchy_once_for_all_its_units(
    cast: Any, ind: SimpleNamespace, django_assert_num_queries: Any
) -> None:
    hierarchy.clear_shared_cache()
    with hierarchy.reused():
        with django_assert_num_queries(2):  # the lines' generation token, then the lines
            first = hierarchy.hierarchy_on(ind.titles, ind.y2023.ends_on)
        with django_assert_num_queries(0):
            assert hierarchy.hierarchy_on(ind.titles, ind.y2023.ends_on) is first
    with django_assert_num_queries(1):  # outside: the token again, the lines from the process's cache
        assert hierarchy.hierarchy_on(ind.titles, ind.y2023.ends_on) == first
