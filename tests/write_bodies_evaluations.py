"""The write matrix's bodies of the evaluation routes (issue 14; ADR 0048), one module per area,
gathered here so that ``tests/write_bodies.py`` names them once."""

from __future__ import annotations

from tests.write_bodies_evaluations_annual import ANNUAL_POLICY_OBJECTS, ANNUAL_WRITES
from tests.write_bodies_monthly import MONTHLY_POLICY_OBJECTS, MONTHLY_WRITES
from tests.write_bodies_proposals import PROPOSAL_POLICY_OBJECTS, PROPOSAL_WRITES
from tests.write_bodies_rankings import RANKING_POLICY_OBJECTS, RANKING_WRITES

EVALUATION_WRITES = [*MONTHLY_WRITES, *ANNUAL_WRITES, *PROPOSAL_WRITES, *RANKING_WRITES]
# The signals routes only read (ADR 0051): the unit's board, its clerk's signals, one signal's code.
SIGNALS_POLICY_OBJECTS = {"signals_unit": "unit", "signals_person": "person", "signal_code": "signal_code"}
EVALUATION_POLICY_OBJECTS = {
    **SIGNALS_POLICY_OBJECTS,
    # the unit's current month, its clerk's evaluation; the clerk's annual classification
    **MONTHLY_POLICY_OBJECTS,
    **ANNUAL_POLICY_OBJECTS,
    **PROPOSAL_POLICY_OBJECTS,
    # the unit's ranking index and its year (tests/write_world_rankings.py)
    **RANKING_POLICY_OBJECTS,
}
