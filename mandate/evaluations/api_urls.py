"""The evaluations' API routes under /api/v1/evaluations/… (issue 14, item 7)."""

from django.urls import URLPattern, URLResolver, path

from mandate.evaluations import api_rankings

urlpatterns: list[URLPattern | URLResolver] = []

# Rankings of units (issue 14, item 4; docs/adr/0049).
urlpatterns += [
    path("evaluations/rankings/", api_rankings.RankingListApi.as_view(), name="api-evaluation-rankings"),
    path(
        "evaluations/rankings/<int:index_id>/",
        api_rankings.RankingDetailApi.as_view(),
        name="api-evaluation-ranking",
    ),
    path(
        "evaluations/rankings/<int:index_id>/years/<int:year>/",
        api_rankings.RankingTableApi.as_view(),
        name="api-evaluation-ranking-year",
    ),
    path(
        "evaluations/rankings/<int:index_id>/years/<int:year>/scores/",
        api_rankings.RankingScoresApi.as_view(),
        name="api-evaluation-ranking-scores",
    ),
    path(
        "evaluations/rankings/<int:index_id>/years/<int:year>/import/",
        api_rankings.RankingImportApi.as_view(),
        name="api-evaluation-ranking-import",
    ),
    path(
        "evaluations/rankings/<int:index_id>/years/<int:year>/pull/",
        api_rankings.RankingPullApi.as_view(),
        name="api-evaluation-ranking-pull",
    ),
]
