"""Rankings for tests, built through the services as the system (``actor=None``): an index of the
cast's City People's Committee (``city_state``, for which ``vp`` acts as a specialist) ranking
its departments, with a method per year on two criteria.

    index = make_index(cast)
    score(index, 2023, cast.culture, C1="40", C2="45")
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mandate.evaluations.models import RankingIndex
from mandate.evaluations.models.rankings import ScoreSource
from mandate.evaluations.services import rankings as services

CRITERIA = [
    {"code": "C1", "name": "Chỉ đạo, điều hành", "name_en": "Direction", "max_points": 50},
    {"code": "C2", "name": "Thủ tục hành chính", "name_en": "Procedures", "max_points": 50},
]


def method_data(year: int, **extra: Any) -> dict[str, Any]:
    return {
        "year": year,
        "name": "Bộ tiêu chí ví dụ",
        "name_en": "Example criteria",
        "example": True,
        "total_points": 100,
        "criteria": CRITERIA,
        **extra,
    }


def make_index(
    cast: Any, years: tuple[int, ...] = (2022, 2023), code: str = "par-departments"
) -> RankingIndex:
    index = services.ranking_index_create(
        actor=None,
        code=code,
        name="Chỉ số CCHC các sở",
        name_en="PAR index of departments",
        owner_unit=cast.city_state,
    )
    for year in years:
        services.ranking_method_load(actor=None, index=index, data=method_data(year))
    return index


def score(index: RankingIndex, year: int, unit: Any, **values: str | Decimal) -> int:
    return services.ranking_scores_enter(
        actor=None, index=index, year=year, unit=unit, values=values, source=ScoreSource.LOADED
    )
