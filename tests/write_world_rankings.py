"""The ranking of one unit of the write matrix (tests/write_world.py) and of the permission
matrix's foreign objects (tests/test_permission_matrix.py): an index owned by the unit, its
(example) method of 2023 on two criteria, and its first subunit scored on both, so that whoever
acts for the unit writes its scores and whoever reads the unit or the subunit reads it."""

from __future__ import annotations

from mandate.evaluations.models.rankings import ScoreSource
from mandate.evaluations.services import rankings as services
from mandate.organisations.models import OrgUnit

CRITERIA = [
    {"code": "C1", "name": "Tiêu chí 1", "name_en": "Criterion 1", "max_points": 50},
    {"code": "C2", "name": "Tiêu chí 2", "name_en": "Criterion 2", "max_points": 50},
]


def ranking_objects(key: str, owner: OrgUnit, ranked: OrgUnit) -> dict[str, int]:
    index = services.ranking_index_create(
        actor=None, code=f"rank-{key}", name=f"Xếp hạng của {owner.name}", name_en="Ranking", owner_unit=owner
    )
    method = {"year": 2023, "name": "Ví dụ", "name_en": "Example", "example": True, "total_points": 100}
    services.ranking_method_load(actor=None, index=index, data={**method, "criteria": CRITERIA})
    services.ranking_scores_enter(
        actor=None,
        index=index,
        year=2023,
        unit=ranked,
        values={"C1": "5", "C2": "5"},
        source=ScoreSource.LOADED,
    )
    return {"ranking_index": index.pk, "ranking_year": 2023}
