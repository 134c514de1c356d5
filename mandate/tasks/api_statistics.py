"""Counts of tasks on a date, for a document (with the documents that implement it) or for a
unit's subtree — over the tasks the reader may see."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, ApiView
from mandate.core.api_fields import query_int
from mandate.core.exceptions import NotFoundError
from mandate.core.request_values import RequestValues
from mandate.documents import selectors as document_selectors
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of
from mandate.people.scopes import read_scope, today
from mandate.tasks import history, rollups, selectors


class CorrectionOutput(serializers.Serializer[Any]):
    task = serializers.IntegerField()
    field = serializers.CharField()
    old_value = serializers.CharField()
    new_value = serializers.CharField()
    effective_on = serializers.DateField()
    made_on = serializers.DateField()
    made_by = serializers.CharField()
    reason = serializers.CharField()


class StatisticsOutput(serializers.Serializer[Any]):
    on = serializers.DateField()
    not_updated_days = serializers.IntegerField()
    total = serializers.IntegerField(help_text="completed + in_progress + overdue (tasks with a deadline)")
    completed = serializers.IntegerField()
    completed_on_time = serializers.IntegerField()
    completed_late = serializers.IntegerField()
    in_progress = serializers.IntegerField()
    overdue = serializers.IntegerField()
    due = serializers.IntegerField()
    completed_of_due = serializers.IntegerField()
    due_today = serializers.IntegerField(
        help_text="Of the tasks in progress: the deadline is this day (overdue from the next)."
    )
    not_updated = serializers.IntegerField(help_text="Of the tasks not completed: no report for N days.")
    regular_total = serializers.IntegerField()
    regular_not_updated = serializers.IntegerField()
    completed_percent = serializers.CharField(allow_null=True)
    completed_of_due_percent = serializers.CharField(allow_null=True)
    summary = serializers.CharField()
    corrections = CorrectionOutput(
        many=True,
        help_text="For a past date: the corrections made after it that change it (so the figures "
        "differ from those read on that date by exactly these).",
    )


PARAMETERS = [
    OpenApiParameter("on", str, description="YYYY-MM-DD; today by default."),
    OpenApiParameter("include_subtasks", bool),
    OpenApiParameter("not_updated_days", int, description="At most 3650."),
]


def _options(request: Request) -> tuple[Any, int, bool]:
    """The date, the not-updated window and whether subtasks count, read as the task list reads
    them (``core.request_values``)."""
    values = RequestValues(request.query_params, written_dates=False)
    on = values.day("on") or today()
    days = values.days("not_updated_days", default=selectors.NOT_UPDATED_DAYS)
    subtasks = values.flag("include_subtasks")
    values.raise_if_invalid()
    return on, days, subtasks


def _answer(
    request: Request, tasks: Any, counts: dict[str, Any] | None = None, unit: OrgUnit | None = None
) -> Response:
    """``unit``: the tasks are those led in its subtree — on a past date, those led in it on that
    date, read from their spans by the lead path (ADR 0020)."""
    on, days, subtasks = _options(request)
    if counts is None:
        if not subtasks:
            tasks = tasks.filter(parent__isnull=True)
        spans = None
        if unit is not None and on < today():
            spans = history.spans_led_within(unit=unit, include_subtasks=subtasks)
        counts = selectors.statistics(tasks=tasks, on=on, not_updated_days=days, spans=spans)
    counts.setdefault("corrections", [])
    counts["summary"] = (
        _(
            "%(completed)s of %(total)s completed; %(completed_of_due)s of %(due)s due completed; "
            "%(overdue)s overdue; %(not_updated)s not updated."
        )
        % counts
    )
    return Response(counts)


class DocumentStatisticsApi(ApiView):
    @extend_schema(
        parameters=[
            *PARAMETERS,
            OpenApiParameter("unit", int, description="Only lead units in this subtree."),
        ],
        responses={200: StatisticsOutput, **ERRORS},
    )
    def get(self, request: Request, document_id: int) -> Response:
        document = document_selectors.document_get_visible(
            actor=actor_of(request.user), document_id=document_id
        )
        unit_id = query_int(request, "unit")
        filters = selectors.TaskFilters(
            document=document,
            within=org_selectors.unit_get(unit_id=unit_id) if unit_id else None,
            include_subtasks=True,
        )
        return _answer(request, selectors.task_list_visible(actor=actor_of(request.user), filters=filters))


class UnitStatisticsApi(ApiView):
    @extend_schema(parameters=PARAMETERS, responses={200: StatisticsOutput, **ERRORS})
    def get(self, request: Request, unit_id: int) -> Response:
        unit = org_selectors.unit_get(unit_id=unit_id)
        if not read_scope(actor_of(request.user)).covers(unit.path):
            raise NotFoundError()
        on, days, subtasks = _options(request)
        # Every task led in the subtree is visible here (the unit is in the reader's scope), so
        # the cache of today's counts, when exact, answers for it.
        cached = rollups.subtree_counts(unit=unit, on=on, not_updated_days=days, include_subtasks=subtasks)
        # The subtree lies in the reader's scope, so every task led in it is visible: count them
        # without the visibility condition, which only slows the plan (performance.md, F3).
        return _answer(request, selectors.tasks_led_within(unit=unit), cached, unit=unit)
