"""The evaluations' API routes under /api/v1/evaluations/… (issue 14, item 7)."""

from django.urls import URLPattern, URLResolver, path

from mandate.evaluations import api_monthly, api_proposals, api_rankings, api_rotation, api_signals

MONTH = "evaluations/units/<int:unit_id>/months/<str:month>/"
MONTHLY = "evaluations/monthly/<int:evaluation_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    # The accountability signals (items 1 and 7; ADR 0051).
    path(
        "evaluations/signals/units/<int:unit_id>/",
        api_signals.BoardApi.as_view(),
        name="api-evaluation-signal-board",
    ),
    path(
        "evaluations/signals/units/<int:unit_id>/records/<slug:code>/",
        api_signals.RecordsApi.as_view(),
        name="api-evaluation-signal-records",
    ),
    path(
        "evaluations/signals/people/<int:person_id>/",
        api_signals.PersonApi.as_view(),
        name="api-evaluation-signal-person",
    ),
    # The monthly evaluation (item 2).
    path("evaluations/monthly/", api_monthly.MonthlyOwnListApi.as_view(), name="api-evaluations-monthly-own"),
    path(MONTH, api_monthly.MonthDetailApi.as_view(), name="api-evaluations-month"),
    path(f"{MONTH}open/", api_monthly.MonthOpenApi.as_view(), name="api-evaluations-month-open"),
    path(f"{MONTH}settings/", api_monthly.MonthSettingsApi.as_view(), name="api-evaluations-month-settings"),
    path(f"{MONTH}submit/", api_monthly.MonthSubmitApi.as_view(), name="api-evaluations-month-submit"),
    path(MONTHLY, api_monthly.EvaluationDetailApi.as_view(), name="api-evaluations-monthly"),
    path(
        f"{MONTHLY}self-assessment/",
        api_monthly.EvaluationSelfAssessApi.as_view(),
        name="api-evaluations-monthly-self",
    ),
    path(
        f"{MONTHLY}decision/",
        api_monthly.EvaluationDecideApi.as_view(),
        name="api-evaluations-monthly-decide",
    ),
]

# The annual classification (issue 14 item 3; ADR 0053).
from mandate.evaluations import api_annual  # noqa: E402

urlpatterns += [
    path(
        "evaluations/annual/rule-sets/",
        api_annual.RuleSetListApi.as_view(),
        name="api-evaluations-annual-rule-sets",
    ),
    path("evaluations/annual/", api_annual.ClassificationListApi.as_view(), name="api-evaluations-annual"),
    path(
        "evaluations/annual/<int:classification_id>/",
        api_annual.ClassificationDetailApi.as_view(),
        name="api-evaluations-annual-detail",
    ),
    path(
        "evaluations/annual/<int:classification_id>/decide/",
        api_annual.ClassificationDecideApi.as_view(),
        name="api-evaluations-annual-decide",
    ),
]

# Rotation, replacement and commendation (items 5 and 6; ADR 0055).
urlpatterns += [
    path("evaluations/rotation/", api_rotation.RotationListApi.as_view(), name="api-evaluation-rotation"),
    path("evaluations/proposals/", api_proposals.ProposalListApi.as_view(), name="api-evaluation-proposals"),
    path(
        "evaluations/proposals/<int:proposal_id>/",
        api_proposals.ProposalDetailApi.as_view(),
        name="api-evaluation-proposal",
    ),
    path(
        "evaluations/proposals/<int:proposal_id>/decide/",
        api_proposals.ProposalDecideApi.as_view(),
        name="api-evaluation-proposal-decide",
    ),
]

# Rankings of units (issue 14, item 4; ADR 0054).
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
