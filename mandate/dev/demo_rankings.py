"""The demo city's part 5, the rankings (issue 14, item 9): the administrative-reform ranking of
the City People's Committee's 22 departments for 2022 and 2023 from ``data/rankings.yaml`` — an
EXAMPLE criteria set with synthetic scores, marked as one — and the 2025 method of Decision
5666/QĐ-UBND with what the sources give (``evaluations/data/ranking_methods/``).

The file is validated whole before anything is written (every department of 2023 scored in each
year, on every criterion, by known keys), loaded through the evaluations' services as the system,
and the result checked against the seed's outcome it declares (22nd in 2022, 11th in 2023): the
data cannot drift from the seed unnoticed. A second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from mandate.dev.records import DemoCity, Writer
from mandate.evaluations import selectors_rankings
from mandate.evaluations.models import RankingIndex
from mandate.evaluations.models.rankings import ScoreSource
from mandate.evaluations.services import rankings as services
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import unit_list

DATA = Path(__file__).resolve().parent / "data" / "rankings.yaml"
METHODS = Path(services.__file__).resolve().parents[1] / "data" / "ranking_methods"
FIELD_DAY = dt.date(2023, 12, 31)


class RankingDataError(ValueError):
    """The demo's ranking file does not hold together; nothing was loaded."""


def _read(city: DemoCity) -> dict[str, Any]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    problems: list[str] = []
    owner_key = data["index"]["owner"]
    if owner_key not in city.units:
        raise RankingDataError(f"{DATA.name}: no unit {owner_key!r}")
    owner = OrgUnit.objects.get(pk=city.units[owner_key])
    departments = set(unit_list(on=FIELD_DAY, parent=owner, level="department").values_list("pk", flat=True))
    criteria = [c["code"] for c in data["method"]["criteria"]]
    for year, rows in data["scores"].items():
        unknown = [key for key in rows if key not in city.units]
        problems += [f"{year}: no unit {key!r}" for key in unknown]
        scored = {city.units[key] for key in rows if key in city.units}
        if scored != departments:
            problems.append(
                f"{year}: {len(scored)} units scored, not the {len(departments)} departments of 2023"
            )
        problems += [
            f"{year} {key}: {len(values)} scores for {len(criteria)} criteria"
            for key, values in rows.items()
            if len(values) != len(criteria)
        ]
    if problems:
        raise RankingDataError(f"{DATA.name}: " + "; ".join(problems))
    services.method_check({**data["method"], "year": 2022})  # the example method, validated whole
    return {**data, "owner_unit": owner}


def load_demo_rankings(*, city: DemoCity, stdout: Writer | None = None) -> list[str]:
    """Load what is missing; what was loaded. Raises ``RankingDataError`` before writing anything."""
    data = _read(city)
    spec = data["index"]
    loaded: list[str] = []
    index = RankingIndex.objects.filter(code=spec["code"]).first()
    if index is None:
        index = services.ranking_index_create(
            actor=None,
            code=spec["code"],
            name=spec["name"],
            name_en=spec["name_en"],
            owner_unit=data["owner_unit"],
        )
    for path in sorted(METHODS.glob("*.yaml")):
        _method, created = services.ranking_method_load(
            actor=None, index=index, data=yaml.safe_load(path.read_text(encoding="utf-8"))
        )
        if created:
            loaded.append(f"method {path.stem}")
    for year, rows in data["scores"].items():
        _method, created = services.ranking_method_load(
            actor=None, index=index, data={**data["method"], "year": year}
        )
        codes = [c["code"] for c in data["method"]["criteria"]]
        changed = 0
        for key, values in rows.items():
            changed += services.ranking_scores_enter(
                actor=None,
                index=index,
                year=year,
                unit=OrgUnit.objects.get(pk=city.units[key]),
                values=dict(zip(codes, [str(v) for v in values], strict=True)),
                source=ScoreSource.LOADED,
            )
        if created or changed:
            loaded.append(f"{year}: {len(rows)} departments, {changed} scores")
    for key, ranks in data["expected"].items():
        for year, rank in ranks.items():
            row = selectors_rankings.ranking_table(index=index, year=year).row_of(city.units[key])
            if row is None or row.rank != rank:
                raise RankingDataError(
                    f"{DATA.name}: {key} is {row.rank if row else 'unranked'} in {year}, not {rank}"
                )
    if stdout is not None:
        for line in loaded:
            stdout.write(f"Rankings: {line}")
    return loaded
