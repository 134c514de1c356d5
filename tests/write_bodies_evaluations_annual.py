"""The writes of the annual classification routes for the write matrix
(tests/write_world_evaluations_annual.py): a leader's proposal for the unit's clerk (for the year
after the one the world holds) and the decision on the clerk's classification (ADR 0053)."""

from __future__ import annotations

from typing import Any

from tests.write_request import Write
from tests.write_world import Target


def _propose(t: Target, actor: str) -> dict[str, Any]:
    return {
        "year": 2025,
        "subject_kind": "civil_servant",
        "unit": t.unit,
        "person": t.person,
        "level": "good",
    }


def _decide(t: Target, actor: str) -> dict[str, Any]:
    return {"level": "good", "version": t.figures["annual_version"]}


ANNUAL_WRITES: tuple[Write, ...] = (
    Write("api-evaluations-annual", "post", _propose),
    Write("api-evaluations-annual-decide", "post", _decide, {"classification_id": "annual_classification"}),
)

ANNUAL_POLICY_OBJECTS = {
    "annual_classification": "annual_classification",
    "annual_unit": "unit",
    "annual_year": "annual_year",
}
