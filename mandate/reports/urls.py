"""The report pages (issue 13, item 8)."""

from django.urls import URLPattern, URLResolver, path

from mandate.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("records/", views.figure_records, name="records"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/progress/", views.report_progress, name="progress"),
    path("<int:report_id>/issue/", views.report_issue, name="issue"),
    path("<int:report_id>/files/retry/", views.report_files_retry, name="files_retry"),
    path("<int:report_id>/file.<str:fmt>", views.report_download, name="download"),
    path("<int:report_id>/charts/<str:key>.png", views.report_chart, name="chart"),
]
