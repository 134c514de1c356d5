"""The access policy of the routes of inspecting bodies, plans and inspections (docs/adr/0041),
part of ``tests/route_policy.ROUTES``.

Bodies are declared facts, open to the signed-in; plans and inspections are their body's and their
readers' (competence, team, the inspected unit's leaders and person: inspections/competence.py),
404 to anyone else.
"""

from __future__ import annotations

from tests.route_policy import Policy

INSPECTION_ROUTES: dict[str, Policy] = {
    "api-inspection-bodies": Policy("signed_in"),
    "api-inspection-plans": Policy("scoped_list", writes={"post": {"body": 1, "year": 2024, "title": "X"}}),
    "api-inspection-plan": Policy("scoped_object", {"plan_id": "inspection_plan"}),
    "api-inspection-plan-lines": Policy(
        "scoped_object",
        {"plan_id": "inspection_plan"},
        writes={"post": {"kind": "planned", "subject_matter": "X", "subjects_text": "X", "month": 1}},
        read=False,
    ),
    "api-inspection-plan-withdraw": Policy(
        "scoped_object",
        {"plan_id": "inspection_plan"},
        writes={"post": {"reason": "X", "version": 1}},
        read=False,
    ),
    "api-inspection-inspections": Policy(
        "scoped_list", writes={"post": {"body": 1, "kind": "surprise", "title": "X", "subject_matter": "X"}}
    ),
    "api-inspection-inspection": Policy("scoped_object", {"inspection_id": "inspection"}),
    "api-inspection-move": Policy(
        "scoped_object",
        {"inspection_id": "inspection"},
        writes={"post": {"action": "decide", "decision_number": "1", "on": "2024-07-19", "version": 1}},
        read=False,
    ),
    "api-inspection-team": Policy(
        "scoped_object",
        {"inspection_id": "inspection"},
        writes={"post": {"person": 1, "role": "member"}},
        read=False,
    ),
    "api-inspection-team-leave": Policy(
        "scoped_object",
        {"inspection_id": "inspection", "member_id": "inspection_member"},
        writes={"post": {}},
        read=False,
    ),
    "api-inspection-subjects": Policy(
        "scoped_object", {"inspection_id": "inspection"}, writes={"post": {"unit": 1}}, read=False
    ),
    "api-inspection-subject-withdraw": Policy(
        "scoped_object",
        {"inspection_id": "inspection", "subject_id": "inspection_subject"},
        writes={"post": {"reason": "X"}},
        read=False,
    ),
}
