"""My work, the task list (with its Excel export) and the unit dashboard."""

from django.urls import URLPattern, URLResolver, path

from mandate.tasks.views import work

urlpatterns: list[URLPattern | URLResolver] = [
    path("", work.my_work, name="my_work"),
    path("tasks/", work.task_list, name="list"),
    path("tasks/export.xlsx", work.task_export, name="export"),
    path("dashboard/", work.dashboard, name="dashboard"),
    path("dashboard/<int:unit_id>/", work.dashboard, name="dashboard_unit"),
]
