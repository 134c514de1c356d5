"""The declared policy of the routes of findings, conclusions and discipline (ADR 0042) and of
the statistics (ADR 0043), apart from tests/route_policy.py for its length; merged into its
``ROUTES``.

Read only by the inspecting body's readers whose competence covers the subject, the team, the
person himself (and, for an organisation, its leaders); 404 for everyone else, the administrator
included. The insiders of tests/test_permission_matrix.py are not among their readers:
tests/test_inspection_confidentiality.py walks every route as each role instead.
"""

from __future__ import annotations

from typing import Any


def inspection_routes(policy: Any) -> dict[str, Any]:
    """``policy`` is ``route_policy.Policy`` (passed in: that module imports this one)."""
    Policy = policy
    return {
        # The inspection statistics (ADR 0043): the body comes in the query (``?body=``), not the path,
        # so the route is open to the signed-in and the *body* is 404 to whoever may not see its
        # statistics (its readers and the leaders of the committee it serves may):
        # tests/test_permission_matrix.py, "a body named in the query", and
        # mandate/inspections/tests/test_statistics.py. Reads only.
        "api-inspection-statistics": Policy("signed_in"),
        "api-inspection-statistics-records": Policy("signed_in"),
        "api-inspection-statistics-export": Policy("signed_in"),
        "api-inspection-findings": Policy(
            "scoped_object",
            {"inspection_id": "inspection"},
            writes={"post": {"subject": 1, "text": "X", "recorded_on": "2024-07-19"}},
        ),
        "api-inspection-finding": Policy("scoped_object", {"finding_id": "finding"}),
        "api-inspection-finding-withdraw": Policy(
            "scoped_object",
            {"finding_id": "finding"},
            writes={"post": {"reason": "X", "version": 1}},
            read=False,
        ),
        "api-inspection-finding-evidence-upload": Policy(
            "scoped_object", {"finding_id": "finding"}, writes={"post": {}}, read=False
        ),
        "api-inspection-finding-evidence": Policy(
            "scoped_object", {"finding_id": "finding", "evidence_id": "finding_evidence"}
        ),
        "api-inspection-conclusions": Policy("scoped_object", {"inspection_id": "inspection"}),
        "api-inspection-conclusion": Policy(
            "scoped_object",
            {"subject_id": "inspection_subject"},
            writes={
                "post": {"violated": False, "text": "X", "concluded_on": "2024-07-25"},
                "patch": {"violated": False, "text": "X", "concluded_on": "2024-07-25", "version": 1},
            },
        ),
        "api-inspection-discipline-decisions": Policy(
            "scoped_list",
            writes={
                "post": {
                    "subject_kind": "civil_servant_without_post",
                    "person": 1,
                    "deciding_unit": 1,
                    "number": "1/QĐ",
                    "decided_on": "2023-09-01",
                    "form": "reprimand",
                    "reason": "X",
                    "effective_from": "2023-09-01",
                }
            },
        ),
        "api-inspection-discipline-decision": Policy("scoped_object", {"decision_id": "discipline"}),
        "api-inspection-discipline-annul": Policy(
            "scoped_object",
            {"decision_id": "discipline"},
            writes={"post": {"annulled_on": "2023-10-01", "reason": "X", "version": 1}},
            read=False,
        ),
        "api-inspection-person-discipline": Policy("scoped_object", {"person_id": "disciplined_person"}),
    }
