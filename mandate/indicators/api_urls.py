from django.urls import path

from mandate.indicators import api, api_actuals, api_figures, api_rules, api_sheets, api_statements

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
    # Excel in and out (ADR 0038).
    path(
        "indicators/sets/<int:set_id>/periods/<int:period_id>/template.xlsx",
        api_sheets.TemplateApi.as_view(),
        name="api-indicator-template",
    ),
    path(
        "indicators/sets/<int:set_id>/periods/<int:period_id>/import/",
        api_sheets.ImportApi.as_view(),
        name="api-indicator-import",
    ),
    path(
        "indicators/imports/<int:job_id>/", api_sheets.ImportJobApi.as_view(), name="api-indicator-import-job"
    ),
    path(
        "indicators/actuals/export.xlsx",
        api_sheets.ActualExportApi.as_view(),
        name="api-indicator-actuals-export",
    ),
    path(
        "indicators/targets/export.xlsx",
        api_sheets.TargetExportApi.as_view(),
        name="api-indicator-targets-export",
    ),
    path(
        "indicators/allocations/export.xlsx",
        api_sheets.AllocationExportApi.as_view(),
        name="api-indicator-allocations-export",
    ),
    path("indicators/rules/", api_rules.RuleListApi.as_view(), name="api-indicator-rules"),
    path("indicators/rules/load/", api_rules.RulesLoadApi.as_view(), name="api-indicator-rules-load"),
    path("indicators/rules/<int:rule_id>/", api_rules.RuleDetailApi.as_view(), name="api-indicator-rule"),
    path(
        "indicators/rules/<int:rule_id>/retire/",
        api_rules.RuleRetireApi.as_view(),
        name="api-indicator-rule-retire",
    ),
    path("indicators/warnings/", api_rules.WarningListApi.as_view(), name="api-indicator-warnings"),
    path(
        "indicators/sets/<int:set_id>/reporting-rate/",
        api_rules.ReportingRateApi.as_view(),
        name="api-indicator-reporting-rate",
    ),
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
