"""The access policy of the evaluation routes (issue 14; ADR 0048), part of
``tests/route_policy.ROUTES``. Each area adds its routes here."""

from __future__ import annotations

from tests.route_policy import Policy

EVALUATION_ROUTES: dict[str, Policy] = {}

# Rotation, replacement and commendation (items 5 and 6; ADR 0049): the leaders of the official's
# unit and the official himself read; the level above decides; everyone else gets 404. The
# proposal is personal (tests/test_permission_matrix.py, PERSONAL_OBJECTS): its readers are walked
# in mandate/evaluations/tests/test_proposals_decisions.py.
PROPOSAL = {"proposal_id": "proposal"}
PROPOSAL_BODY = {
    "position": 1,
    "kind": "commend",
    "reason": "X",
    "grounds": [{"kind": "other", "text": "X"}],
}
DECISION = {"decision": "approve", "version": 1}
EVALUATION_ROUTES |= {
    "evaluations:rotation": Policy("signed_in"),
    "evaluations:proposals": Policy("signed_in"),
    "evaluations:proposal": Policy("scoped_object", PROPOSAL),
    "evaluations:proposal-decide": Policy("scoped_object", PROPOSAL, writes={"post": DECISION}, read=False),
    "api-evaluation-rotation": Policy("scoped_list"),
    "api-evaluation-proposals": Policy("scoped_list", writes={"post": PROPOSAL_BODY}),
    "api-evaluation-proposal": Policy("scoped_object", PROPOSAL),
    "api-evaluation-proposal-decide": Policy(
        "scoped_object", PROPOSAL, writes={"post": DECISION}, read=False
    ),
}
