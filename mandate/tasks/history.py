"""The history the reporting states are read from on a past date: append-only state spans.

Why: statistics on a date D computed from today's columns let a later reopen, extension or return
rewrite the past. Every service that changes what the states read (acceptance, reopening,
cancellation, a new deadline, a new lead unit) ends in ``common.record``, which calls ``sync`` in
the same transaction: the open span is closed on the day of the change and a new one opened.
Nothing else is ever rewritten; only a correction (``services.correction``) supersedes spans,
and keeps them (ADR 0020).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import TruncDate

from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import subtree_q
from mandate.tasks import span_derivation, states
from mandate.tasks.enums import EventKind, ExtensionStatus, TaskStatus
from mandate.tasks.models import (
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskCorrection,
    TaskEvent,
    TaskStateSpan,
)

# What the states read, besides the validity: the span columns a change of the task may alter.
STATE_FIELDS = (
    "top_level",
    "lead_path",
    "kind",
    "assigned_on",
    "deadline_on",
    "done_reported_on",
    "accepted_on",
)


def open_span(task_id: int) -> TaskStateSpan | None:
    return TaskStateSpan.objects.filter(
        task_id=task_id, valid_to__isnull=True, superseded_by__isnull=True
    ).first()


def values_of(task: Task, current: TaskStateSpan | None) -> dict[str, Any] | None:
    """The span values of the task as it stands (None: cancelled, it does not exist). While it
    stays accepted, the deadline it was judged by stays too."""
    if task.status == TaskStatus.CANCELLED:
        return None
    accepted = task.status == TaskStatus.ACCEPTED
    deadline = task.deadline_on
    if accepted and current is not None and current.accepted_on is not None:
        deadline = current.deadline_on
    return {
        "top_level": task.parent_id is None,
        "lead_path": task.lead_path,
        "kind": task.kind,
        "assigned_on": task.assigned_on,
        "deadline_on": deadline,
        "done_reported_on": task.done_reported_on if accepted else None,
        "accepted_on": (task.accepted_on or task.done_reported_on) if accepted else None,
    }


@dataclass(frozen=True)
class SpanChange:
    """What the states read of one task before and after a change (None: it did not exist, or
    no longer does): the cache of today's counts moves by the difference (``rollups``)."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _values_of_span(span: TaskStateSpan | None) -> dict[str, Any] | None:
    return None if span is None else {name: getattr(span, name) for name in STATE_FIELDS}


def sync(*, task: Task, day: dt.date) -> SpanChange:
    """Close the open span and open one with the task's values, if they changed; inside the
    caller's transaction, with the task locked (every service locks it first). A change dated
    before the open span's start (an import's late entry) takes effect at that start: a span's
    history is never rewritten here."""
    current = open_span(task.pk)
    values = values_of(task, current)
    change = SpanChange(before=_values_of_span(current), after=values)
    if current is None and values is None:
        return change
    if (
        current is not None
        and values is not None
        and all(getattr(current, k) == v for k, v in values.items())
    ):
        return change
    start = day if current is None else max(day, current.valid_from)
    if current is not None:
        current.valid_to = start
        current.save(update_fields=["valid_to"])
    if values is not None:
        TaskStateSpan.objects.create(task_id=task.pk, valid_from=start, **values)
    return change


def spans_on(day: dt.date) -> QuerySet[TaskStateSpan]:
    return TaskStateSpan.objects.filter(states.in_force(day))


def spans_of(tasks: QuerySet[Task]) -> QuerySet[TaskStateSpan]:
    """The spans of these tasks (a small set: a document's, a list's). A subtree's are read by
    their own lead path instead (``spans_led_within``): its lead unit on the day may differ."""
    return TaskStateSpan.objects.filter(task_id__in=tasks.order_by().values("pk"))


def spans_led_within(*, unit: OrgUnit, include_subtasks: bool = True) -> QuerySet[TaskStateSpan]:
    spans = TaskStateSpan.objects.filter(subtree_q("lead_path", unit.path))
    return spans if include_subtasks else spans.filter(top_level=True)


def corrections_behind(*, task_ids: Any, on: dt.date) -> list[dict[str, Any]]:
    """The corrections that change what ``on`` reads and were made after it: a figure for ``on``
    read today differs from one read on ``on`` by exactly these (ADR 0020)."""
    found = (
        TaskCorrection.objects.filter(task_id__in=task_ids, effective_on__lte=on, made_on__gt=on)
        .select_related("made_by")
        .order_by("made_at", "id")
    )
    return [
        {
            "task": c.task_id,
            "field": c.field,
            "old_value": c.old_value,
            "new_value": c.new_value,
            "effective_on": c.effective_on,
            "made_on": c.made_on,
            "made_by": c.made_by.get_username() if c.made_by is not None else "",
            "reason": c.reason,
        }
        for c in found
    ]


def rebuild(task_ids: Iterable[int]) -> int:
    """Derive the spans of these tasks again from what was recorded (the backfill's rule), for
    tasks whose columns were written without the services (old data, imports, tests). Replaces
    their spans: only for tasks that have no correction."""
    ids = list(task_ids)
    TaskStateSpan.objects.filter(
        task_id__in=ids, correction__isnull=True, superseded_by__isnull=True
    ).delete()
    rows: list[TaskStateSpan] = []
    for task in Task.objects.filter(pk__in=ids).values():
        events = [
            (e["day"], e["kind"], e["to_status"])
            for e in TaskEvent.objects.filter(task_id=task["id"])
            .annotate(day=TruncDate("at"))
            .values("day", "kind", "to_status")
            .order_by("at", "id")
            if e["kind"] in _STATE_EVENTS
        ]
        deadlines = [
            (r["day"], r["proposed_deadline_on"])
            for r in ExtensionRequest.objects.filter(task_id=task["id"], status=ExtensionStatus.APPROVED)
            .annotate(day=TruncDate("decided_at"))
            .values("day", "proposed_deadline_on")
        ]
        done = list(
            ProgressReport.objects.filter(task_id=task["id"], is_done_report=True)
            .annotate(day=TruncDate("reported_at"))
            .values_list("day", flat=True)
        )
        columns: dict[str, Any] = dict(task)
        for span in span_derivation.derive(columns, events=events, deadlines=deadlines, done_reports=done):
            rows.append(TaskStateSpan(**span))
    TaskStateSpan.objects.bulk_create(rows)
    return len(rows)


_STATE_EVENTS = {EventKind.ACCEPTED, EventKind.REOPENED, EventKind.CANCELLED}
