"""The sweep (``mandate sweep``): marks what became overdue or not updated, reminds before the
deadline, on it and after it every 3 working days, and escalates once after the third reminder
after the deadline to the head of the assigner's unit.

Set-based: each step selects the rows it concerns once (ids and the few columns the notices
need, never model objects), then changes them with one UPDATE over the same condition and writes
their timeline rows and notices in batches. Running it twice on one day changes nothing the
second time: every step is guarded by the day it last acted, and notices carry a dedupe key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.workdays import add_working_days, is_working_day
from mandate.notifications import services as notifications
from mandate.notifications.enums import NotificationKind
from mandate.people.models import Position, User
from mandate.tasks import rollups, states
from mandate.tasks.enums import OPEN_STATUSES, EventKind, TaskKind
from mandate.tasks.models import Task, TaskEvent
from mandate.tasks.selectors import NOT_UPDATED_DAYS

REMIND_BEFORE_WORKING_DAYS = 3
REMIND_EVERY_WORKING_DAYS = 3
ESCALATE_AFTER_REMINDERS = 3
BATCH = 2000
ROW_FIELDS = ("pk", "lead_unit_id", "assigner_unit_id", "lead_person_id", "content")


def working_days_back(day: dt.date, n: int) -> dt.date:
    """The date from which ``day`` is the n-th working day (``day`` itself a working day)."""
    candidate = day
    counted = 0
    while counted < n:
        candidate -= dt.timedelta(days=1)
        if is_working_day(candidate):
            counted += 1
    return candidate


def _open_deadline_tasks() -> QuerySet[Task]:
    return Task.objects.filter(kind=TaskKind.DEADLINE, status__in=OPEN_STATUSES)


class Recipients:
    """Who hears about a task: the active heads of its lead (or assigning) unit and, on the lead
    side, its lead person. Loaded per unit and per person on first need, in bulk."""

    def __init__(self, day: dt.date) -> None:
        self.day = day
        self.heads: dict[int, list[int]] = {}
        self.people: dict[int, int | None] = {}

    def load(self, rows: list[dict[str, Any]], side: str) -> None:
        units = {r["lead_unit_id"] if side == "lead" else r["assigner_unit_id"] for r in rows} - set(
            self.heads
        )
        if units:
            found: dict[int, list[int]] = defaultdict(list)
            heads = (
                Position.objects.filter(unit_id__in=units, is_head=True, valid_from__lte=self.day)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.day))
                .filter(person__user__is_active=True)
                .values_list("unit_id", "person__user_id")
            )
            for unit_id, user_id in heads:
                found[unit_id].append(user_id)
            for unit_id in units:
                self.heads[unit_id] = found.get(unit_id, [])
        if side == "lead":
            people = {r["lead_person_id"] for r in rows if r["lead_person_id"]} - set(self.people)
            if people:
                users = dict(
                    User.objects.filter(person__pk__in=people, is_active=True).values_list("person__pk", "pk")
                )
                for person_id in people:
                    self.people[person_id] = users.get(person_id)

    def of(self, row: dict[str, Any], side: str) -> list[int]:
        users = list(self.heads[row["lead_unit_id"] if side == "lead" else row["assigner_unit_id"]])
        lead = self.people.get(row["lead_person_id"]) if side == "lead" and row["lead_person_id"] else None
        if lead is not None:
            users.append(lead)
        return sorted(set(users))


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _act(
    selection: QuerySet[Task],
    *,
    changes: dict[str, Any],
    event: str,
    text: str,
    side: str,
    kind: str,
    title: str,
    tag: str,
    recipients: Recipients,
) -> list[int]:
    """For the tasks of ``selection``: timeline rows, notices, then one UPDATE (same condition)."""
    touched: list[int] = []
    day = recipients.day
    for rows in _chunks(selection.values(*ROW_FIELDS).order_by("pk").iterator(chunk_size=BATCH)):
        recipients.load(rows, side)
        TaskEvent.objects.bulk_create(
            [TaskEvent(task_id=r["pk"], kind=event, actor_label="system", text=text) for r in rows]
        )
        notifications.notify_many(
            notices=(
                notifications.Notice(
                    recipient_id=user_id, kind=kind, title=title, body=r["content"][:500],
                    unit_id=r["lead_unit_id"] if side == "lead" else r["assigner_unit_id"],
                    target_type="tasks.task", target_id=str(r["pk"]), url=f"/tasks/{r['pk']}/",
                    dedupe_key=f"task:{r['pk']}:{tag}:{day.isoformat()}",
                )
                for r in rows
                for user_id in recipients.of(r, side)
            )
        )  # fmt: skip
        touched.extend(r["pk"] for r in rows)
    if touched:
        selection.update(**changes)
    return touched


def _escalation_candidates(tasks: QuerySet[Task], day: dt.date) -> QuerySet[Task]:
    return tasks.filter(
        states.overdue(day), reminders_after_deadline__gte=ESCALATE_AFTER_REMINDERS, escalated_on__isnull=True
    )


def _escalate(tasks: QuerySet[Task], recipients: Recipients) -> list[int]:
    """Escalate, once, the overdue tasks that have had their third reminder after the deadline."""
    return _act(
        _escalation_candidates(tasks, recipients.day),
        changes={"escalated_on": recipients.day},
        event=EventKind.ESCALATED,
        text=_("Escalated to the head of the assigning unit."),
        side="assigner",
        kind=NotificationKind.ESCALATION,
        title=_("Escalated: overdue after three reminders"),
        tag="escalated",
        recipients=recipients,
    )


def count_chase_up(*, task: Task, day: dt.date) -> None:
    """A manual chase-up of an overdue task counts as a reminder after the deadline."""
    overdue = _open_deadline_tasks().filter(states.overdue(day), pk=task.pk)
    if overdue.update(reminders_after_deadline=F("reminders_after_deadline") + 1, last_reminder_on=day):
        _escalate(Task.objects.filter(pk=task.pk), Recipients(day))


@dataclass
class SweepResult:
    day: dt.date
    touched: dict[str, list[int]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in self.touched.items()}


def _mark(selection: QuerySet[Task], changes: dict[str, Any]) -> list[int]:
    ids = list(selection.values_list("pk", flat=True))
    if ids:
        selection.update(**changes)
    return ids


@transaction.atomic
def sweep(*, day: dt.date | None = None, not_updated_days: int = NOT_UPDATED_DAYS) -> SweepResult:
    """One pass over all tasks; safe to run every hour (see the module docstring)."""
    day = day or timezone.localdate()
    result = SweepResult(day=day)
    open_tasks = _open_deadline_tasks()
    recipients = Recipients(day)

    # 1. Overdue and not-updated marks, set and cleared.
    result.touched["overdue"] = _mark(
        open_tasks.filter(states.overdue(day), overdue_since__isnull=True), {"overdue_since": day}
    )
    Task.objects.filter(overdue_since__isnull=False).exclude(
        Q(kind=TaskKind.DEADLINE, status__in=OPEN_STATUSES) & states.overdue(day)
    ).update(overdue_since=None)
    stale_now = Q(status__in=OPEN_STATUSES) & states.not_updated(day, not_updated_days)
    result.touched["not_updated"] = _mark(
        Task.objects.filter(stale_now, not_updated_since__isnull=True), {"not_updated_since": day}
    )
    Task.objects.filter(not_updated_since__isnull=False).exclude(stale_now).update(not_updated_since=None)

    # 2. Before the deadline and on it: once each.
    result.touched["reminded_before"] = _act(
        open_tasks.filter(
            deadline_on__gt=day,
            deadline_on__lte=add_working_days(day, REMIND_BEFORE_WORKING_DAYS),
            reminded_before_on__isnull=True,
        ),
        changes={"reminded_before_on": day},
        event=EventKind.REMINDER,
        text=_("Reminder: the deadline is near."),
        side="lead",
        kind=NotificationKind.REMINDER_BEFORE,
        title=_("Deadline in %(n)s working days or less") % {"n": REMIND_BEFORE_WORKING_DAYS},
        tag="before",
        recipients=recipients,
    )
    result.touched["reminded_due"] = _act(
        open_tasks.filter(deadline_on=day, reminded_due_on__isnull=True).exclude(states.completed(day)),
        changes={"reminded_due_on": day},
        event=EventKind.REMINDER,
        text=_("Reminder: the deadline is today."),
        side="lead",
        kind=NotificationKind.REMINDER_DUE,
        title=_("The deadline is today"),
        tag="due",
        recipients=recipients,
    )

    # 3. After the deadline, every 3 working days (working days only), counted towards escalation.
    result.touched["reminded_after"] = []
    if is_working_day(day):
        cycle_start = working_days_back(day, REMIND_EVERY_WORKING_DAYS)
        result.touched["reminded_after"] = _act(
            open_tasks.filter(states.overdue(day), deadline_on__lte=cycle_start).filter(
                Q(last_reminder_on__isnull=True) | Q(last_reminder_on__lte=cycle_start)
            ),
            changes={"reminders_after_deadline": F("reminders_after_deadline") + 1, "last_reminder_on": day},
            event=EventKind.REMINDER,
            text=_("Reminder: the task is overdue."),
            side="lead",
            kind=NotificationKind.REMINDER_OVERDUE,
            title=_("Overdue task"),
            tag="overdue",
            recipients=recipients,
        )

    # 4. Escalation, once.
    result.touched["escalated"] = _escalate(open_tasks, recipients)

    # 5. Today's counts, recomputed for every unit.
    rollups.refresh_all(day=day)

    digest = hashlib.sha256(
        audit.canonical_json({k: sorted(v) for k, v in result.touched.items()}).encode("utf-8")
    ).hexdigest()
    audit.record(
        actor=None, actor_label="system:sweep", action="tasks.sweep", target_type="tasks.task",
        target_label=day.isoformat(), after={"day": day, "counts": result.counts(), "ids_sha256": digest},
    )  # fmt: skip
    return result
