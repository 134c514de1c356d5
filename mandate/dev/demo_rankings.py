"""The demo city's part 5, the rankings (issue 14, item 9): the administrative-reform ranking of
the City People's Committee's 22 departments for 2022 and 2023 from ``data/rankings.yaml`` — an
EXAMPLE criteria set with synthetic scores, marked as one — and the 2025 method of Decision
5666/QĐ-UBND with what the sources give (``evaluations/data/ranking_methods/``).

The file is checked at its lines by its schema (``ranking_schemas``), then here as a whole before
anything is written (every department of the field scored each year, on every criterion; the
example method valid); it is loaded through the evaluations' services as the system, and the
result checked against the seed's outcome it declares (22nd in 2022, 11th in 2023): the data
cannot drift from the seed unnoticed. A second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from mandate.dev.records import DemoCity, Writer
from mandate.dev.schemas import demo_data
from mandate.evaluations import selectors_rankings
from mandate.evaluations.models import RankingIndex
from mandate.evaluations.models.rankings import ScoreSource
from mandate.evaluations.services import rankings as services
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import unit_list

METHODS = Path(services.__file__).resolve().parents[1] / "data" / "ranking_methods"
FIELD_DAY = dt.date(2023, 12, 31)  # the field: the departments under the owner at the end of 2023


class RankingDataError(ValueError):
    """The demo's ranking file does not hold together; nothing was loaded."""


def _method(data: Mapping[str, Any], year: int) -> dict[str, Any]:
    return {**data["method"], "year": year}


def _check(data: Mapping[str, Any], city: DemoCity) -> OrgUnit:
    """The owner unit, after checking the file as a whole; ``RankingDataError`` lists every problem."""
    owner: OrgUnit = OrgUnit.objects.get(pk=city.units[data["index"]["owner"]])
    field = set(unit_list(on=FIELD_DAY, parent=owner, level="department").values_list("pk", flat=True))
    criteria = len(data["method"]["criteria"])
    problems: list[str] = []
    by_year: dict[int, list[int]] = {}
    for row in data["scores"]:
        by_year.setdefault(row["year"], []).append(city.units[row["unit"]])
        if len(row["points"]) != criteria:
            problems.append(
                f"{row['year']} {row['unit']}: {len(row['points'])} points for {criteria} criteria"
            )
    for year, units in sorted(by_year.items()):
        if len(units) != len(set(units)):
            problems.append(f"{year}: a department is scored twice")
        if set(units) != field:
            problems.append(
                f"{year}: {len(set(units) & field)} of the {len(field)} departments scored, "
                f"{len(set(units) - field)} other units"
            )
        try:
            services.method_check(_method(data, year))
        except services.MethodRefused as refused:
            problems.append(f"{year}: {refused.message}")
    if problems:
        raise RankingDataError("rankings.yaml: " + "; ".join(problems))
    return owner


@transaction.atomic
def load_demo_rankings(
    *, city: DemoCity, stdout: Writer | None = None, data: Mapping[str, Any] | None = None
) -> list[str]:
    """Load what is missing; what was loaded. ``RankingDataError`` before writing anything, or if
    the result is not the seed's."""
    data = demo_data().rankings if data is None else data
    owner = _check(data, city)
    spec = data["index"]
    loaded: list[str] = []
    index = RankingIndex.objects.filter(code=spec["code"]).first()
    if index is None:
        index = services.ranking_index_create(
            actor=None, code=spec["code"], name=spec["name"], name_en=spec["name_en"], owner_unit=owner
        )
        loaded.append(f"index {index.code}")
    for path in sorted(METHODS.glob("*.yaml")):
        method_file = yaml.safe_load(path.read_text(encoding="utf-8"))
        if services.ranking_method_load(actor=None, index=index, data=method_file)[1]:
            loaded.append(f"method {path.stem}")
    codes = [criterion["code"] for criterion in data["method"]["criteria"]]
    changed: dict[int, int] = {}
    for row in data["scores"]:
        year = row["year"]
        if services.ranking_method_load(actor=None, index=index, data=_method(data, year))[1]:
            loaded.append(f"example method {year}")
        changed[year] = changed.get(year, 0) + services.ranking_scores_enter(
            actor=None,
            index=index,
            year=year,
            unit=OrgUnit.objects.get(pk=city.units[row["unit"]]),
            values=dict(zip(codes, row["points"], strict=True)),
            source=ScoreSource.LOADED,
        )
    loaded += [f"{year}: {count} scores" for year, count in sorted(changed.items()) if count]
    for expected in data["expected"]:
        table = selectors_rankings.ranking_table(index=index, year=expected["year"])
        found = table.row_of(city.units[expected["unit"]])
        if found is None or found.rank != expected["rank"]:
            rank = found.rank if found is not None else "unranked"
            raise RankingDataError(
                f"rankings.yaml: {expected['unit']} is {rank} in {expected['year']}, not {expected['rank']}"
            )
    for line in loaded if stdout is not None else ():
        stdout.write(f"Rankings: {line}\n")  # type: ignore[union-attr]
    return loaded
