"""What the tasks API answers: a task in the list (``TaskOutput``, whose shape ``api_rows``
reproduces) and in full (``TaskDetailOutput``, with the actions this reader may take), shared by
the list, the detail and the follow-up endpoints (``api``, ``api_follow_up``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.people.actors import actor_of
from mandate.tasks import policy, selectors
from mandate.tasks.models import ExtensionRequest, Task


def not_found_as_field(field: str, fetch: Any) -> Any:
    """An id in a request body that the user may not see is "not found" on that field (400)."""
    try:
        return fetch()
    except NotFoundError as err:
        raise ApplicationError(fields={field: [_("Not found.")]}) from err


class TaskOutput(serializers.ModelSerializer[Task]):
    document_symbol = serializers.CharField(source="document.symbol")
    lead_unit_name = serializers.CharField(source="lead_unit.name")
    lead_person_name = serializers.CharField(source="lead_person.full_name", allow_null=True, default=None)
    assigner_unit_name = serializers.CharField(source="assigner_unit.name")
    state = serializers.CharField(
        help_text="Reporting state on the list's date: completed, in_progress, due_today (the deadline is "
        "that day; overdue from the next), overdue or regular; absent on a past date the task did not "
        "exist on."
    )
    stale = serializers.BooleanField(help_text="Not updated for the configured number of days.")

    class Meta:
        model = Task
        fields = [
            "id",
            "ordinal",
            "content",
            "document",
            "document_symbol",
            "parent",
            "depth",
            "lead_unit",
            "lead_unit_name",
            "lead_person",
            "lead_person_name",
            "assigner_unit",
            "assigner_unit_name",
            "kind",
            "assigned_on",
            "deadline_on",
            "status",
            "state",
            "stale",
            "progress",
            "last_progress_at",
            "urgency",
            "version",
        ]


class CoordinatorOutput(serializers.Serializer[Any]):
    unit = serializers.IntegerField(source="unit.pk")
    name = serializers.CharField(source="unit.name")


class ExtensionOutput(serializers.ModelSerializer[ExtensionRequest]):
    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "current_deadline_on",
            "proposed_deadline_on",
            "reason",
            "status",
            "requested_by",
            "decided_by",
            "decided_at",
            "decision_note",
            "created_at",
            "version",
        ]


class TaskDetailOutput(TaskOutput):
    coordinators = CoordinatorOutput(many=True)
    extension_requests = ExtensionOutput(many=True)
    rollup = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()

    class Meta(TaskOutput.Meta):
        fields = [
            *TaskOutput.Meta.fields,
            "expected_product",
            "weight",
            "working_days",
            "original_deadline_on",
            "authority",
            "assigned_by",
            "done_reported_on",
            "accepted_on",
            "cancelled_on",
            "coordinators",
            "extension_requests",
            "overdue_since",
            "not_updated_since",
            "reminders_after_deadline",
            "escalated_on",
            "rollup",
            "allowed_actions",
        ]

    def get_rollup(self, task: Task) -> dict[str, Any]:
        return selectors.rollup(task=task)

    def get_allowed_actions(self, task: Task) -> list[str]:
        """Exactly the forms the task page offers this reader (``tasks.policy``)."""
        return policy.allowed_names(self.context["actor"], task)


def detail_response(request: Request, task: Task, status: int = 200, *, fresh: bool = False) -> Response:
    """The task as the reader sees it; after a write it is read again (``fresh`` = already read)."""
    if not fresh:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task.pk)
    return Response(TaskDetailOutput(task, context={"actor": actor_of(request.user)}).data, status=status)
