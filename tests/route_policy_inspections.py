"""The access policy of the routes of inspections, part of ``tests/route_policy.ROUTES``: the
reference data (ADR 0033), inspecting bodies, plans and inspections (ADR 0041), findings,
conclusions and discipline decisions (ADR 0042), and the statistics (ADR 0043).

Bodies are declared facts, open to the signed-in; plans and inspections are their body's and their
readers' (competence, team, the inspected unit's leaders and person: inspections/competence.py),
404 to anyone else. Findings, conclusions and discipline are read only by the inspecting body's
readers whose competence covers the subject, the team, the person himself (and, for an
organisation, its leaders); 404 for everyone else, the administrator included. The insiders of
tests/test_permission_matrix.py are not among their readers: tests/test_inspection_confidentiality.py
walks every route as each role instead.
"""

from __future__ import annotations

from tests.route_policy import Policy

INSPECTION_ROUTES: dict[str, Policy] = {
    # The inspection reference data (mandate/inspections, ADR 0033): catalogues of violation signs
    # and the discipline rules are published rules, open to every signed-in user; loading a
    # catalogue is for a system administrator or an inspection commission's office (none in the
    # cast, so everyone but ad is refused with 403 before the file is read).
    "api-inspection-catalogues": Policy("signed_in"),
    "api-inspection-catalogue": Policy("signed_in", {"catalogue_id": "catalogue"}),
    "api-inspection-catalogue-load": Policy("administrator", writes={"post": {}}, read=False),
    "api-inspection-discipline-forms": Policy("signed_in"),
    "api-inspection-discipline-form-check": Policy("signed_in"),
    "api-inspection-deferral-reasons": Policy("signed_in"),
    # The inspection statistics (ADR 0043): the body comes in the query (``?body=``), not the path,
    # so the route is open to the signed-in and the *body* is 404 to whoever may not see its
    # statistics (its readers and the leaders of the committee it serves may):
    # tests/test_permission_matrix.py, "a body named in the query", and
    # mandate/inspections/tests/test_statistics.py. Reads only.
    "api-inspection-statistics": Policy("signed_in"),
    "api-inspection-statistics-records": Policy("signed_in"),
    "api-inspection-statistics-export": Policy("signed_in"),
    # Inspecting bodies, plans and inspections (ADR 0041).
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
    # Findings, conclusions and discipline decisions (ADR 0042).
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
    # The inspection pages (mandate/inspections/urls.py, issue 12 item 8): the API's selectors and
    # services. The list is scoped like the API's; creating needs a body the reader writes for
    # (404 otherwise); each form of an inspection's page posts to ``act`` with its ``action``.
    "inspections:list": Policy("signed_in"),
    "inspections:plans": Policy("signed_in"),
    "inspections:create": Policy(
        "signed_in", writes={"post": {"body": 1, "kind": "surprise", "title": "X", "subject_matter": "X"}}
    ),
    # Plans (issue 12, item 2): creating needs a body the reader writes for (404 otherwise); a
    # plan's page is its readers' (404 to anyone else), its forms post to ``plan_act``.
    "inspections:plan_create": Policy("signed_in", writes={"post": {"body": 1, "year": 2025, "title": "X"}}),
    "inspections:plan": Policy("scoped_object", {"plan_id": "inspection_plan"}),
    "inspections:plan_act": Policy(
        "scoped_object",
        {"plan_id": "inspection_plan"},
        writes={"post": {"action": "withdraw", "withdraw-reason": "X", "withdraw-version": 1}},
        read=False,
    ),
    "inspections:detail": Policy("scoped_object", {"inspection_id": "inspection"}),
    # The statistics page and a figure's records (ADR 0043) name their body in the query, as the
    # API does: open to the signed-in, the body 404 to whoever may not see its statistics, and the
    # page 404 to whoever may see no body's (tests/test_permission_matrix.py, "a body named in the
    # query"; mandate/inspections/tests/test_statistics_pages.py). Reads only.
    "inspections:statistics": Policy("signed_in"),
    "inspections:statistics-records": Policy("signed_in"),
    # A subject's history (issue 12, items 7 and 8): a person's for himself and the readers whose
    # competence covers him (and the readers of a record of his), a unit's for those readers and
    # the unit's own leaders; 404 to everyone else, the administrator included.
    "inspections:person-history": Policy("scoped_object", {"person_id": "disciplined_person"}),
    "inspections:unit-history": Policy("scoped_object", {"unit_id": "inspected_unit"}),
    "inspections:act": Policy(
        "scoped_object",
        {"inspection_id": "inspection"},
        writes={
            "post": {
                "action": "decide",
                "decide-decision_number": "1",
                "decide-on": "19/07/2024",
                "decide-version": 1,
            }
        },
        read=False,
    ),
}
