from django.urls import URLPattern, path

from mandate.reports import api

urlpatterns: list[URLPattern] = [
    path("reports/", api.ReportListApi.as_view(), name="api-reports"),
    path("reports/<int:report_id>/", api.ReportDetailApi.as_view(), name="api-report"),
    path("reports/<int:report_id>/issue/", api.ReportIssueApi.as_view(), name="api-report-issue"),
    path("reports/<int:report_id>/files/<str:fmt>/", api.ReportFileApi.as_view(), name="api-report-file"),
]
