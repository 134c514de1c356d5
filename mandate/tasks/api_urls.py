from django.urls import path

from mandate.tasks import api, api_follow_up, api_statistics

urlpatterns = [
    path("tasks/", api.TaskListCreateApi.as_view(), name="api-tasks"),
    path("tasks/<int:task_id>/", api.TaskDetailApi.as_view(), name="api-task"),
    path("tasks/<int:task_id>/transition/", api.TaskTransitionApi.as_view(), name="api-task-transition"),
    path("tasks/<int:task_id>/lead-person/", api.TaskLeadPersonApi.as_view(), name="api-task-lead-person"),
    path("tasks/<int:task_id>/progress/", api_follow_up.TaskProgressApi.as_view(), name="api-task-progress"),
    path(
        "tasks/<int:task_id>/done-report/",
        api_follow_up.TaskDoneReportApi.as_view(),
        name="api-task-done-report",
    ),
    path(
        "tasks/<int:task_id>/evidence/<int:evidence_id>/",
        api_follow_up.EvidenceDownloadApi.as_view(),
        name="api-task-evidence",
    ),
    path(
        "tasks/<int:task_id>/extensions/",
        api_follow_up.TaskExtensionApi.as_view(),
        name="api-task-extensions",
    ),
    path(
        "tasks/<int:task_id>/extensions/<int:request_id>/decide/",
        api_follow_up.ExtensionDecideApi.as_view(),
        name="api-task-extension-decide",
    ),
    path(
        "tasks/<int:task_id>/instructions/",
        api_follow_up.TaskInstructionApi.as_view(),
        name="api-task-instructions",
    ),
    path("tasks/<int:task_id>/chase-up/", api_follow_up.TaskChaseUpApi.as_view(), name="api-task-chase-up"),
    path(
        "tasks/<int:task_id>/corrections/",
        api_follow_up.TaskCorrectionsApi.as_view(),
        name="api-task-corrections",
    ),
    path("tasks/<int:task_id>/events/", api_follow_up.TaskEventsApi.as_view(), name="api-task-events"),
    path(
        "documents/<int:document_id>/statistics/",
        api_statistics.DocumentStatisticsApi.as_view(),
        name="api-document-statistics",
    ),
    path(
        "organisations/<int:unit_id>/statistics/",
        api_statistics.UnitStatisticsApi.as_view(),
        name="api-unit-statistics",
    ),
]
