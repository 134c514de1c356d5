"""The access policy of the evaluation routes (issue 14; ADR 0048), part of
``tests/route_policy.ROUTES``. Each area adds its routes here.

The monthly evaluation (item 2): an official reads his own, a leader of the unit his unit's
(mandate/evaluations/policy_monthly.py); anyone else gets 404. A unit's month is named by the
unit and ``YYYY-MM``."""

from __future__ import annotations

from tests.route_policy import Policy

MONTH = {"unit_id": "unit", "month": "evaluation_month"}
MONTHLY = {"evaluation_id": "monthly_evaluation"}
SCORES = {"discipline": "18", "task": "50", "bonus": "0", "version": 1}

EVALUATION_ROUTES: dict[str, Policy] = {
    # Where the evaluations start: the areas, the units the reader leads (nothing personal).
    "evaluations:home": Policy("signed_in"),
    # The monthly evaluation (item 2).
    "evaluations:monthly_own": Policy("signed_in"),
    "evaluations:monthly_month": Policy("scoped_object", MONTH),
    "evaluations:monthly_open": Policy("scoped_object", MONTH, writes={"post": {}}, read=False),
    "evaluations:monthly_settings": Policy(
        "scoped_object", MONTH, writes={"post": {"closes_on": "10/04/2023", "version": 1}}, read=False
    ),
    "evaluations:monthly_submit": Policy("scoped_object", MONTH, writes={"post": {"version": 1}}, read=False),
    "evaluations:monthly_detail": Policy("scoped_object", MONTHLY),
    "evaluations:monthly_self": Policy("scoped_object", MONTHLY, writes={"post": SCORES}, read=False),
    "evaluations:monthly_decide": Policy("scoped_object", MONTHLY, writes={"post": SCORES}, read=False),
    "api-evaluations-monthly-own": Policy("signed_in"),
    "api-evaluations-month": Policy("scoped_object", MONTH),
    "api-evaluations-month-open": Policy("scoped_object", MONTH, writes={"post": {}}, read=False),
    "api-evaluations-month-settings": Policy(
        "scoped_object",
        MONTH,
        writes={"post": {"closes_on": "2023-04-10", "exceptionally_outstanding": False, "version": 1}},
        read=False,
    ),
    "api-evaluations-month-submit": Policy(
        "scoped_object", MONTH, writes={"post": {"version": 1}}, read=False
    ),
    "api-evaluations-monthly": Policy("scoped_object", MONTHLY),
    "api-evaluations-monthly-self": Policy("scoped_object", MONTHLY, writes={"post": SCORES}, read=False),
    "api-evaluations-monthly-decide": Policy("scoped_object", MONTHLY, writes={"post": SCORES}, read=False),
}

# --- signals (issue 14 items 1 and 7; ADR 0051): a unit's board is its leaders'; a person's
# signals are his own and his leaders' (``signals_unit`` and ``signals_person`` are personal
# objects of the permission matrix: mandate/evaluations/tests/test_signals_access.py walks every
# route as every role).
SIGNALS_UNIT = {"unit_id": "signals_unit"}
EVALUATION_ROUTES |= {
    "evaluations:signals": Policy("signed_in"),
    "evaluations:signals-board": Policy("scoped_object", SIGNALS_UNIT),
    "evaluations:signals-records": Policy("scoped_object", {**SIGNALS_UNIT, "code": "signal_code"}),
    "evaluations:signals-person": Policy("scoped_object", {"person_id": "signals_person"}),
    "api-evaluation-signal-board": Policy("scoped_object", SIGNALS_UNIT),
    "api-evaluation-signal-records": Policy("scoped_object", {**SIGNALS_UNIT, "code": "signal_code"}),
    "api-evaluation-signal-person": Policy("scoped_object", {"person_id": "signals_person"}),
}
SIGNALS_PERSONAL_OBJECTS = {"signals_unit", "signals_person"}


def signals_objects(cast: object) -> dict[str, object]:
    """The permission matrix's signals objects: culture's board (its leader dung reads it) and
    dung's own signals."""
    return {
        "signals_unit": cast.culture.pk,  # type: ignore[attr-defined]
        "signals_person": cast.dung.person.pk,  # type: ignore[attr-defined]
        "signal_code": "not_updated",
    }


# The annual classification (ADR 0053): personal data. A leader reaches his unit's people's, the
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

# Rotation, replacement and commendation (items 5 and 6; ADR 0055): the leaders of the official's
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

# Rankings of units (issue 14, item 4; ADR 0054): an index is read by whoever's scope covers
# its owner unit or a unit it ranks, 404 for anyone else; its scores are written by who acts for
# the owner (leader or specialist; tests/test_permission_writes.py). The matrix's foreign index
# is owned by the city's People's Committee and ranks culture: dung, oanh, van and ad read it;
# olga, bao and tin (info is not ranked) get 404.
_RANKING = {"index_id": "ranking_index"}
_RANKING_YEAR = {"index_id": "ranking_index", "year": "ranking_year"}
EVALUATION_ROUTES |= {
    "api-evaluation-rankings": Policy("scoped_list"),
    "api-evaluation-ranking": Policy("scoped_object", _RANKING),
    "api-evaluation-ranking-year": Policy("scoped_object", _RANKING_YEAR),
    "api-evaluation-ranking-scores": Policy(
        "scoped_object", _RANKING_YEAR, writes={"post": {"unit": 1, "values": {"C1": "1"}}}, read=False
    ),
    "api-evaluation-ranking-import": Policy("scoped_object", _RANKING_YEAR, writes={"post": {}}, read=False),
    "api-evaluation-ranking-pull": Policy("scoped_object", _RANKING_YEAR, writes={"post": {}}, read=False),
    # The pages: the list shows only the indices the reader sees (mandate/evaluations/tests).
    "evaluations:rankings": Policy("signed_in"),
    "evaluations:ranking": Policy("scoped_object", _RANKING),
    "evaluations:ranking-scores": Policy(
        "scoped_object", _RANKING_YEAR, writes={"post": {"unit": 1, "c_C1": "1"}}, read=False
    ),
    "evaluations:ranking-import": Policy("scoped_object", _RANKING_YEAR, writes={"post": {}}, read=False),
}
