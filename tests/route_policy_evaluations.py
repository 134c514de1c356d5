"""The access policy of the evaluation routes (issue 14; ADR 0048), part of
``tests/route_policy.ROUTES``. Each area adds its routes here."""

from __future__ import annotations

from tests.route_policy import Policy

EVALUATION_ROUTES: dict[str, Policy] = {}

# The annual classification (ADR 0049): personal data. A leader reaches his unit's people's, the
# person his own, anyone else gets 404 (mandate/evaluations/tests/test_annual_api.py walks the
# roles). The sheet is a unit's for a year; the rule sets are reference data.
ANNUAL = {"classification_id": "annual_classification"}
ANNUAL_PROPOSAL = {"year": 2025, "subject_kind": "civil_servant", "unit": 1, "person": 1, "level": "good"}
EVALUATION_ROUTES.update(
    {
        "api-evaluations-annual-rule-sets": Policy("signed_in"),
        "api-evaluations-annual": Policy("scoped_list", writes={"post": ANNUAL_PROPOSAL}),
        "api-evaluations-annual-detail": Policy("scoped_object", ANNUAL),
        "api-evaluations-annual-decide": Policy(
            "scoped_object", ANNUAL, writes={"post": {"level": "good", "version": 1}}, read=False
        ),
        "evaluations:annual-sheet": Policy(
            "scoped_object", {"unit_id": "annual_unit", "year": "annual_year"}
        ),
        "evaluations:annual-detail": Policy("scoped_object", ANNUAL),
    }
)
