"""The sweep (``mandate sweep``): marks what became overdue or not updated, reminds before the
deadline, on it and after it every 3 working days, and escalates once after the third reminder
after the deadline to the head of the assigner's unit.

Set-based: each step is one UPDATE over the tasks it concerns (plus the notices and timeline rows
for those tasks, in bulk), never a loop that saves task by task. Running it twice on one day
changes nothing the second time: every step is guarded by the day it last acted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
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
from mandate.people.models import User
from mandate.tasks import states
from mandate.tasks.enums import OPEN_STATUSES, EventKind, TaskKind
from mandate.tasks.models import Task, TaskEvent
from mandate.tasks.selectors import NOT_UPDATED_DAYS

REMIND_BEFORE_WORKING_DAYS = 3
REMIND_EVERY_WORKING_DAYS = 3
ESCALATE_AFTER_REMINDERS = 3


def working_days_back(day: dt.date, n: int) -> dt.date:
    """The date ``n`` working days before ``day``: from it, ``day`` is the n-th working day."""
    candidate = day
    counted = 0
    while counted < n:
        candidate -= dt.timedelta(days=1)
        if is_working_day(candidate):
            counted += 1
    # Step back over days off, so that the n-th working day after ``candidate`` is ``day``.
    return candidate


def _open_deadline_tasks() -> QuerySet[Task]:
    return Task.objects.filter(kind=TaskKind.DEADLINE, status__in=OPEN_STATUSES)


def _recipients(tasks: list[Task], *, side: str, day: dt.date) -> dict[int, list[User]]:
    """Per task, the accounts to tell: the heads of its lead (or assigning) unit and, on the lead
    side, its lead person — in two queries whatever the number of tasks."""
    unit_of = {t.pk: (t.lead_unit_id if side == "lead" else t.assigner_unit_id) for t in tasks}
    heads: dict[int, list[User]] = defaultdict(list)
    rows = (
        User.objects.filter(
            is_active=True,
            person__positions__unit_id__in=set(unit_of.values()),
            person__positions__is_head=True,
            person__positions__valid_from__lte=day,
        )
        .filter(Q(person__positions__valid_to__isnull=True) | Q(person__positions__valid_to__gte=day))
        .annotate(head_of=F("person__positions__unit_id"))
    )
    for user in rows:
        heads[user.head_of].append(user)
    leads: dict[int, User] = {}
    if side == "lead":
        person_ids = {t.lead_person_id for t in tasks if t.lead_person_id}
        leads = {
            u.person.pk: u
            for u in User.objects.filter(is_active=True, person__pk__in=person_ids).select_related("person")
        }
    found: dict[int, list[User]] = {}
    for task in tasks:
        users = list(heads.get(unit_of[task.pk], []))
        if task.lead_person_id in leads:
            users.append(leads[task.lead_person_id])
        found[task.pk] = list({u.pk: u for u in users}.values())
    return found


def _tell(tasks: list[Task], *, side: str, kind: str, title: str, day: dt.date, tag: str) -> None:
    recipients = _recipients(tasks, side=side, day=day)
    for task in tasks:
        if recipients[task.pk]:
            notifications.notify(
                recipients=recipients[task.pk],
                kind=kind,
                title=title,
                body=task.content[:500],
                unit=task.lead_unit if side == "lead" else task.assigner_unit,
                target=task,
                url=f"/tasks/{task.pk}/",
                dedupe_key=f"task:{task.pk}:{tag}:{day.isoformat()}",
            )


def _events(tasks: list[Task], *, kind: str, text: str, data: dict[str, Any] | None = None) -> None:
    TaskEvent.objects.bulk_create(
        [TaskEvent(task=t, kind=kind, actor_label="system", text=text, data=data or {}) for t in tasks]
    )


def _escalate(candidates: QuerySet[Task], day: dt.date) -> list[int]:
    """Escalate, once, the overdue tasks that have had their third reminder after the deadline."""
    due_now = candidates.filter(
        states.overdue(day), reminders_after_deadline__gte=ESCALATE_AFTER_REMINDERS, escalated_on__isnull=True
    )
    tasks = list(due_now.select_related("lead_unit", "assigner_unit"))
    if not tasks:
        return []
    Task.objects.filter(pk__in=[t.pk for t in tasks], escalated_on__isnull=True).update(escalated_on=day)
    _events(tasks, kind=EventKind.ESCALATED, text=_("Escalated to the head of the assigning unit."))
    _tell(
        tasks,
        side="assigner",
        kind=NotificationKind.ESCALATION,
        day=day,
        tag="escalated",
        title=_("Escalated: overdue after three reminders"),
    )
    return [t.pk for t in tasks]


def count_chase_up(*, task: Task, day: dt.date) -> None:
    """A manual chase-up of an overdue task counts as a reminder after the deadline."""
    overdue = _open_deadline_tasks().filter(states.overdue(day), pk=task.pk)
    if overdue.update(reminders_after_deadline=F("reminders_after_deadline") + 1, last_reminder_on=day):
        _escalate(Task.objects.filter(pk=task.pk), day)


@dataclass
class SweepResult:
    day: dt.date
    touched: dict[str, list[int]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in self.touched.items()}


@transaction.atomic
def sweep(*, day: dt.date | None = None, not_updated_days: int = NOT_UPDATED_DAYS) -> SweepResult:
    """One pass over all tasks; safe to run every hour (see the module docstring)."""
    day = day or timezone.localdate()
    result = SweepResult(day=day)
    open_tasks = _open_deadline_tasks()

    # 1. Overdue and not-updated marks, set and cleared.
    became_overdue = open_tasks.filter(states.overdue(day), overdue_since__isnull=True)
    result.touched["overdue"] = list(became_overdue.values_list("pk", flat=True))
    Task.objects.filter(pk__in=result.touched["overdue"]).update(overdue_since=day)
    Task.objects.filter(overdue_since__isnull=False).exclude(states.overdue(day)).update(overdue_since=None)
    stale = Task.objects.filter(status__in=OPEN_STATUSES).filter(
        states.not_updated(day, not_updated_days), not_updated_since__isnull=True
    )
    result.touched["not_updated"] = list(stale.values_list("pk", flat=True))
    Task.objects.filter(pk__in=result.touched["not_updated"]).update(not_updated_since=day)
    Task.objects.filter(not_updated_since__isnull=False).exclude(
        Q(status__in=OPEN_STATUSES) & states.not_updated(day, not_updated_days)
    ).update(not_updated_since=None)

    # 2. Before the deadline and on it: once each.
    soon = list(
        open_tasks.filter(
            deadline_on__gt=day,
            deadline_on__lte=add_working_days(day, REMIND_BEFORE_WORKING_DAYS),
            reminded_before_on__isnull=True,
        ).select_related("lead_unit", "assigner_unit")
    )
    result.touched["reminded_before"] = [t.pk for t in soon]
    Task.objects.filter(pk__in=result.touched["reminded_before"]).update(reminded_before_on=day)
    _events(soon, kind=EventKind.REMINDER, text=_("Reminder: the deadline is near."))
    _tell(
        soon,
        side="lead",
        kind=NotificationKind.REMINDER_BEFORE,
        day=day,
        tag="before",
        title=_("Deadline in %(n)s working days or less") % {"n": REMIND_BEFORE_WORKING_DAYS},
    )
    today_due = list(
        open_tasks.filter(deadline_on=day, reminded_due_on__isnull=True)
        .exclude(states.completed(day))
        .select_related("lead_unit", "assigner_unit")
    )
    result.touched["reminded_due"] = [t.pk for t in today_due]
    Task.objects.filter(pk__in=result.touched["reminded_due"]).update(reminded_due_on=day)
    _events(today_due, kind=EventKind.REMINDER, text=_("Reminder: the deadline is today."))
    _tell(
        today_due,
        side="lead",
        kind=NotificationKind.REMINDER_DUE,
        day=day,
        tag="due",
        title=_("The deadline is today"),
    )

    # 3. After the deadline, every 3 working days (working days only), counted towards escalation.
    result.touched["reminded_after"] = []
    if is_working_day(day):
        cycle_start = working_days_back(day, REMIND_EVERY_WORKING_DAYS)
        late = list(
            open_tasks.filter(states.overdue(day), deadline_on__lte=cycle_start)
            .filter(Q(last_reminder_on__isnull=True) | Q(last_reminder_on__lte=cycle_start))
            .select_related("lead_unit", "assigner_unit")
        )
        result.touched["reminded_after"] = [t.pk for t in late]
        Task.objects.filter(pk__in=result.touched["reminded_after"]).update(
            reminders_after_deadline=F("reminders_after_deadline") + 1, last_reminder_on=day
        )
        _events(late, kind=EventKind.REMINDER, text=_("Reminder: the task is overdue."))
        _tell(
            late,
            side="lead",
            kind=NotificationKind.REMINDER_OVERDUE,
            day=day,
            tag="overdue",
            title=_("Overdue task"),
        )

    # 4. Escalation, once.
    result.touched["escalated"] = _escalate(open_tasks, day)

    digest = hashlib.sha256(
        audit.canonical_json({k: sorted(v) for k, v in result.touched.items()}).encode("utf-8")
    ).hexdigest()
    audit.record(
        actor=None,
        actor_label="system:sweep",
        action="tasks.sweep",
        target_type="tasks.task",
        target_label=day.isoformat(),
        after={"day": day, "counts": result.counts(), "ids_sha256": digest},
    )
    return result
