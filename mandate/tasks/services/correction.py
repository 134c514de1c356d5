"""Corrections: the one act that changes what a past date reads (ADR 0020).

Why a service of its own: a later reopen, extension or return is history — it changes the task
from its day on and leaves the past as it was. A record that was *wrong* (a deadline typed
wrongly, a done report dated wrongly) is different: it must change the past, openly. So a
correction names the field, the value, the day from which it holds and the reason; the spans it
changes are superseded (kept, marked) and replaced; the statistics of the dates it changes list
it (``history.corrections_behind``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError
from mandate.people.models import User
from mandate.tasks import policy
from mandate.tasks.enums import EventKind, TaskKind, TaskStatus
from mandate.tasks.models import Task, TaskCorrection, TaskStateSpan
from mandate.tasks.services.common import record, require_text

# The recorded facts a correction may change, and the spans they apply to.
CORRECTABLE = ("deadline_on", "done_reported_on")


def _check(*, task: Task, field: str, value: dt.date, effective_on: dt.date, day: dt.date) -> None:
    if field not in CORRECTABLE:
        raise ApplicationError(fields={"field": [_("Not a choice.")]})
    if field == "deadline_on" and task.kind != TaskKind.DEADLINE:
        raise ApplicationError(fields={"field": [_("A regular task has no deadline.")]})
    if not task.assigned_on <= effective_on <= day:
        message = _("The correction takes effect between the day of assignment and today.")
        raise ApplicationError(message, fields={"effective_on": [message]})
    if value < task.assigned_on:
        message = _("The date cannot be before the day of assignment.")
        raise ApplicationError(message, fields={"value": [message]})


def _applies(span: TaskStateSpan, field: str) -> bool:
    """A done report's date matters to a span only while the task stands accepted in it."""
    return field != "done_reported_on" or span.accepted_on is not None


@transaction.atomic
def task_correct(
    *,
    actor: User | None,
    task: Task,
    field: str,
    value: dt.date,
    effective_on: dt.date,
    reason: str,
    expected_version: int | None,
    on: dt.date | None = None,
) -> TaskCorrection:
    """Correct ``field`` to ``value`` from ``effective_on``: every span in force on or after that
    day that the field matters to is superseded by a copy with the value (and, for one that
    began earlier, a copy of its part before that day, unchanged). Who may, and when, is
    ``tasks.policy``'s "correct"; ``expected_version`` refuses a change made meanwhile (409)."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    policy.require(actor, task, "correct")
    check_version(obj=task, expected_version=expected_version)
    reason = require_text(reason, "reason", _("Give the reason."))
    day = on or timezone.localdate()
    _check(task=task, field=field, value=value, effective_on=effective_on, day=day)
    affected = [
        span
        for span in TaskStateSpan.objects.select_for_update()
        .filter(task_id=task.pk, superseded_by__isnull=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=effective_on))
        .order_by("valid_from", "id")
        if _applies(span, field) and getattr(span, field) != value
    ]
    if not affected:
        message = _("Nothing to correct: the record already says so from that day, or does not hold it.")
        raise ApplicationError(message, fields={"value": [message]})
    old = getattr(affected[0], field)
    correction = TaskCorrection.objects.create(
        task=task,
        field=field,
        old_value=old.isoformat() if old else "",
        new_value=value.isoformat(),
        effective_on=effective_on,
        reason=reason,
        made_by=actor if actor is not None and actor.is_authenticated else None,
        made_on=day,
    )
    TaskStateSpan.objects.filter(pk__in=[s.pk for s in affected]).update(superseded_by=correction)
    replacements: list[TaskStateSpan] = []
    for span in affected:
        copy = {f: getattr(span, f) for f in _COPIED}
        if span.valid_from < effective_on:
            replacements.append(
                TaskStateSpan(
                    **copy, valid_from=span.valid_from, valid_to=effective_on, correction=correction
                )
            )
        copy[field] = value
        start = max(span.valid_from, effective_on)
        replacements.append(
            TaskStateSpan(**copy, valid_from=start, valid_to=span.valid_to, correction=correction)
        )
    TaskStateSpan.objects.bulk_create(replacements)
    before = {field: getattr(task, field)}
    if field == "deadline_on" or task.status == TaskStatus.ACCEPTED:
        setattr(task, field, value)  # today's record says so too
        bump_version(task)
        task.save(update_fields=[field, "version", "updated_at"])
    record(
        actor=actor,
        task=task,
        kind=EventKind.CORRECTED,
        action="correct",
        text=reason,
        before=before,
        after={field: value, "effective_on": effective_on, "correction": correction.pk},
        recount=True,
    )
    return correction


_COPIED = (
    "task_id", "top_level", "lead_path", "kind", "assigned_on", "deadline_on", "done_reported_on",
    "accepted_on",
)  # fmt: skip
