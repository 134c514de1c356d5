"""The access policy of the evaluation routes (issue 14; ADR 0048), part of
``tests/route_policy.ROUTES``. Each area adds its routes here."""

from __future__ import annotations

from tests.route_policy import Policy

EVALUATION_ROUTES: dict[str, Policy] = {}

# Rankings of units (issue 14, item 4; docs/adr/0049): an index is read by whoever's scope covers
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
