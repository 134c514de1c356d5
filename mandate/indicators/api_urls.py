from django.urls import path

from mandate.indicators import api, api_actuals, api_figures, api_statements

FIGURES = "indicators/sets/<int:set_id>/indicators/<int:indicator_id>/periods/<str:code>"

urlpatterns = [
    path("indicators/", api.IndicatorListApi.as_view(), name="api-indicators"),
    path("indicators/<int:indicator_id>/", api.IndicatorDetailApi.as_view(), name="api-indicator"),
    path("indicators/sets/", api.SetListApi.as_view(), name="api-indicator-sets"),
    path("indicators/sets/<int:set_id>/", api.SetDetailApi.as_view(), name="api-indicator-set"),
    path("indicators/targets/", api.TargetListApi.as_view(), name="api-indicator-targets"),
    path("indicators/targets/<int:target_id>/", api.TargetDetailApi.as_view(), name="api-indicator-target"),
    path("indicators/allocations/", api.AllocationListApi.as_view(), name="api-indicator-allocations"),
    path("indicators/actuals/", api_actuals.ActualListApi.as_view(), name="api-indicator-actuals"),
    path(
        "indicators/actuals/<int:actual_id>/",
        api_actuals.ActualDetailApi.as_view(),
        name="api-indicator-actual",
    ),
    path(
        "indicators/submissions/", api_actuals.SubmissionListApi.as_view(), name="api-indicator-submissions"
    ),
    path(
        "indicators/submissions/<int:submission_id>/",
        api_actuals.SubmissionDetailApi.as_view(),
        name="api-indicator-submission",
    ),
    path(
        "indicators/submissions/<int:submission_id>/transition/",
        api_actuals.SubmissionTransitionApi.as_view(),
        name="api-indicator-submission-transition",
    ),
    path("indicators/queue/", api_actuals.ApprovalQueueApi.as_view(), name="api-indicator-queue"),
    path(f"{FIGURES}/figure/", api_figures.UnitFigureApi.as_view(), name="api-indicator-figure"),
    path(f"{FIGURES}/rollup/", api_figures.PartFigureApi.as_view(), name="api-indicator-rollup"),
    path(f"{FIGURES}/league/", api_figures.LeagueApi.as_view(), name="api-indicator-league"),
    path(
        "indicators/statements/", api_statements.StatementListApi.as_view(), name="api-indicator-statements"
    ),
    path(
        "indicators/statements/<int:statement_id>/",
        api_statements.StatementDetailApi.as_view(),
        name="api-indicator-statement",
    ),
]
