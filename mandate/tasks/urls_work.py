"""My work, the task list (with its Excel export) and the unit dashboard."""

from django.urls import URLPattern, URLResolver, path

from mandate.tasks.views import dashboard, my_work, work

urlpatterns: list[URLPattern | URLResolver] = [
    path("", my_work.my_work, name="my_work"),
    path("tasks/", work.task_list, name="list"),
    path("tasks/export.xlsx", work.task_export, name="export"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<int:unit_id>/", dashboard.dashboard, name="dashboard_unit"),
]
