"""The indicator tables as .xlsx (ADR 0038): read back with openpyxl, the exported values,
targets and allocations are the numbers the API lists; LibreOffice, converting the values'
export to CSV in a Vietnamese locale, shows them as the pages do (8.051, 45,37, 82,07%); outsiders
export none of ours, and a filter they may not see is refused."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mandate.indicators.enums import Measure
from mandate.indicators.services import targets
from mandate.indicators.tests.factories import enter, make_indicator, make_set, target

pytestmark = pytest.mark.django_db

BASE = "/api/v1/indicators"


@pytest.fixture
def figures(cast: Any, ind: SimpleNamespace) -> SimpleNamespace:
    """8,051 of 9,810 admitted (82.07%) for the district, 45.37 billion VND of revenue, and the
    department's allocation of the families' target (a shortfall)."""
    f = SimpleNamespace()
    f.revenue = make_indicator(
        cast.culture, "DT-DTLS", name="Doanh thu di tích", measure=Measure.BILLION_VND, decimals=2
    )
    f.sites = make_set(cast.culture, [f.revenue], code="DT-2023", lines=[(cast.district_state, cast.culture)])
    target(ind.titles, ind.families, cast.culture, ind.y2023, "20000")
    targets.targets_allocate(
        actor=None,
        indicator_set=ind.titles,
        indicator=ind.families,
        unit=cast.culture,
        period=ind.y2023,
        targets=[
            targets.TargetEntry(unit=cast.district_state, value=Decimal(9810)),
            targets.TargetEntry(unit=cast.info, value=Decimal(100)),
        ],
    )
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "8051"}, actor=cast.bao)
    enter(f.sites, cast.district_state, ind.y2023, {f.revenue: "45.37"}, actor=cast.bao)
    return f


def _sheet(response: Any, first_header: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    assert response.status_code == 200, response.content[:300]
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    start = next(index for index, row in enumerate(rows) if row[0] == first_header)
    return [str(cell) for cell in rows[start]], rows[start + 1 :]


def _by_id(headers: list[str], rows: list[tuple[Any, ...]], id_header: str) -> dict[int, dict[str, Any]]:
    return {int(row[headers.index(id_header)]): dict(zip(headers, row, strict=True)) for row in rows}


def _number(value: Any) -> Decimal | None:
    return Decimal(str(value)) if value is not None else None


def _listed(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def test_the_exported_tables_read_back_give_the_numbers_the_api_lists(
    cast: Any, api: Any, ind: SimpleNamespace, figures: SimpleNamespace
) -> None:
    client = api(cast.dung)
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}

    listed = client.get(f"{BASE}/actuals/", {"page_size": 200}).json()["results"]
    headers, rows = _sheet(client.get(f"{BASE}/actuals/export.xlsx", **english), "Indicator code")
    exported = _by_id(headers, rows, "Value id")
    assert set(exported) == {row["id"] for row in listed} and len(listed) == 2
    for row in listed:
        mine = exported[row["id"]]
        assert _number(mine["Value reported"]) == _listed(row["value"])
        assert _number(mine["Target for the period"]) == _listed(row["target"])
        shown = _number(mine["Achievement (%)"])
        achieved = (shown * 100).quantize(Decimal("0.01")) if shown is not None else None
        assert achieved == _listed(row["achievement"])
    admitted = next(r for r in listed if r["indicator_code"] == "VH-GDVH")
    assert (admitted["value"], admitted["achievement"]) == ("8051", "82.07")

    listed = client.get(f"{BASE}/targets/", {"page_size": 200}).json()["results"]
    headers, rows = _sheet(client.get(f"{BASE}/targets/export.xlsx", **english), "Indicator code")
    exported = _by_id(headers, rows, "Target id")
    assert {i: _number(r["Target for the period"]) for i, r in exported.items()} == {
        row["id"]: Decimal(row["value"]) for row in listed
    }

    listed = client.get(f"{BASE}/allocations/").json()["results"]
    headers, rows = _sheet(client.get(f"{BASE}/allocations/export.xlsx", **english), "Indicator code")
    (allocation,) = _by_id(headers, rows, "Allocation id").values()
    (row,) = listed
    assert _number(allocation["Difference"]) == Decimal(row["difference"]) == Decimal(-10090)
    assert _number(allocation["Children's total"]) == Decimal(row["children_total"])
    assert (allocation["Flagged"], row["flagged"]) == ("Yes", True)


@pytest.mark.libreoffice(conversions=1)
def test_libreoffice_shows_the_exported_values_as_the_pages_do(
    cast: Any,
    api: Any,
    ind: SimpleNamespace,
    figures: SimpleNamespace,
    libreoffice: Callable[..., list[list[str]]],
    tmp_path: Path,
) -> None:
    response = api(cast.bao).get(f"{BASE}/actuals/export.xlsx")
    assert response.status_code == 200
    path = tmp_path / "so-lieu.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    rows = libreoffice(path, language="vi")
    start = next(index for index, row in enumerate(rows) if row and row[0] == "Mã chỉ tiêu")
    headers = rows[start]
    shown = {row[0]: dict(zip(headers, row, strict=False)) for row in rows[start + 1 :] if row and row[0]}
    listed = {r["indicator_code"]: r for r in api(cast.bao).get(f"{BASE}/actuals/").json()["results"]}
    assert (listed["VH-GDVH"]["value"], listed["DT-DTLS"]["value"]) == ("8051", "45.37")
    assert shown["VH-GDVH"]["Số thực hiện"] == "8.051"
    assert shown["VH-GDVH"]["Chỉ tiêu được giao"] == "9.810"
    assert shown["VH-GDVH"]["Tỷ lệ đạt (%)"] == "82,07%"
    assert shown["DT-DTLS"]["Số thực hiện"] == "45,37"


def test_outsiders_export_none_of_ours_and_a_filter_they_may_not_see_is_refused(
    cast: Any, api: Any, ind: SimpleNamespace, figures: SimpleNamespace
) -> None:
    olga = api(cast.olga)
    for table in ("actuals", "targets", "allocations"):
        _headers, rows = _sheet(
            olga.get(f"{BASE}/{table}/export.xlsx", HTTP_ACCEPT_LANGUAGE="en"), "Indicator code"
        )
        assert rows == []
    refused = olga.get(f"{BASE}/actuals/export.xlsx", {"set": ind.titles.pk})
    assert (refused.status_code, list(refused.json()["fields"])) == (400, ["set"])
    bad = api(cast.bao).get(f"{BASE}/targets/export.xlsx", {"period": "năm nay"})
    assert bad.status_code == 400
