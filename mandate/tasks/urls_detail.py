"""The task page and its actions (each form posts to its own route), evidence downloads, and
the assignment page of a document with its deadline preview."""

from django.urls import URLPattern, URLResolver, path

from mandate.tasks.views import actions, assign, assign_rows, detail

# The path of each action's route under /tasks/<id>/; the route is named ``tasks:act_<action>``.
ACTION_PATHS = {
    "progress": "progress",
    "report_done": "report-done",
    "start": "start",
    "accept": "accept",
    "rework": "rework",
    "extension_request": "extensions",
    "lead_person": "lead-person",
    "edit": "edit",
    "instruct": "instruct",
    "chase_up": "chase-up",
    "return": "return",
    "reassign": "reassign",
    "cancel": "cancel",
    "reopen": "reopen",
    "correct": "corrections",
}

urlpatterns: list[URLPattern | URLResolver] = [
    path("tasks/<int:task_id>/", detail.task_detail, name="detail"),
    path("tasks/<int:task_id>/evidence/<int:evidence_id>/", detail.evidence_download, name="evidence"),
    *[
        path(f"tasks/<int:task_id>/{segment}/", actions.ACTION_VIEWS[action], name=f"act_{action}")
        for action, segment in ACTION_PATHS.items()
    ],
    path(
        "tasks/<int:task_id>/extensions/<int:request_id>/decide/",
        actions.task_extension_decide,
        name="act_extension_decide",
    ),
    path("tasks/deadline-preview/", assign.deadline_preview, name="deadline_preview"),
    path("documents/<int:document_id>/assign/", assign.task_assign, name="assign"),
    path("documents/<int:document_id>/assign-rows/", assign_rows.task_assign_rows, name="assign_rows"),
]
