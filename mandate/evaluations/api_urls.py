"""The evaluations' API routes under /api/v1/evaluations/… (issue 14, item 7)."""

from django.urls import URLPattern, URLResolver, path

from mandate.evaluations import api_monthly

MONTH = "evaluations/units/<int:unit_id>/months/<str:month>/"
MONTHLY = "evaluations/monthly/<int:evaluation_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
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
