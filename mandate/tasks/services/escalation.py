"""The sweep (``mandate sweep``): marks what became overdue or not updated, reminds before the
deadline, on it and after it every 3 working days, and escalates once after the third reminder
after the deadline to the head of the assigner's unit.

Set-based: each step writes the timeline rows and the notices of the tasks it selects with
``INSERT … SELECT`` over the step's condition (no row is loaded into Python; only the ids come
back, for the counts and the audit digest), then changes those tasks with one UPDATE over the same
condition. A step costs the same few statements for three tasks or a hundred thousand. Running it
twice on one day changes nothing the second time: every step is guarded by the day it last acted,
and notices carry a dedupe key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, router, transaction
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, Left
from django.db.models.sql import UpdateQuery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mandate.core import audit, insert_select
from mandate.core.workdays import add_working_days, is_working_day
from mandate.notifications import services as notifications
from mandate.notifications.enums import NotificationKind
from mandate.tasks import rollups, states
from mandate.tasks.enums import OPEN_STATUSES, EventKind, Side, TaskKind
from mandate.tasks.models import Task, TaskEvent
from mandate.tasks.selectors import NOT_UPDATED_DAYS
from mandate.tasks.services.common import moment

REMIND_BEFORE_WORKING_DAYS = 3
REMIND_EVERY_WORKING_DAYS = 3
ESCALATE_AFTER_REMINDERS = 3
BODY_MAX_LENGTH = 500


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


def _write_events(selection: QuerySet[Task], *, event: str, text: str, day: dt.date) -> list[int]:
    """The timeline row of each task of ``selection``, in one ``INSERT … SELECT`` over its
    condition, dated now — or, for a sweep of a past ``day`` run after the fact (a catch-up, the
    demo's history), at midday of that day as every record entered after the fact is
    (``common.moment``): a report of a past period counts the escalations by their event's date,
    which must be the day the task was escalated (``escalated_on``). Returns the tasks' ids,
    sorted (from ``RETURNING``, or read first where the database cannot return rows from an
    insert). Every column the statement does not name gets its field's Python default, as
    ``TaskEvent(...)`` would: the database knows none of them."""
    using = router.db_for_write(TaskEvent)
    connection = connections[using]
    qn = connection.ops.quote_name
    source = selection.order_by().values(event_task=F("pk"))
    source_sql, source_params = source.query.get_compiler(using=using).as_sql()
    constants = insert_select.constant_columns(
        TaskEvent,
        values={"kind": event, "actor_label": "system", "at": _at(day), "text": text},
        skip={"task"},
        connection=connection,
    )
    columns = [qn(insert_select.column_of(TaskEvent, "task")), *(qn(c) for c in constants)]
    expressions = [f"s.{qn('event_task')}", *["%s"] * len(constants)]
    params = list(constants.values())
    sql = (
        f"INSERT INTO {qn(TaskEvent._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608  (names from _meta)
        f"SELECT {', '.join(expressions)} FROM ({source_sql}) s"
    )
    task_column = qn(TaskEvent._meta.get_field("task").column)
    with connection.cursor() as cursor:
        if connection.features.can_return_rows_from_bulk_insert:
            cursor.execute(f"{sql} RETURNING {task_column}", [*params, *source_params])
            return sorted(row[0] for row in cursor.fetchall())
        ids = sorted(selection.order_by().values_list("pk", flat=True))  # SQLite < 3.35: no RETURNING
        if ids:
            cursor.execute(sql, [*params, *source_params])
        return ids


def _at(day: dt.date) -> dt.datetime:
    return timezone.now() if day >= timezone.localdate() else moment(day)


def _notice_source(selection: QuerySet[Task], *, side: Side, tag: str, day: dt.date) -> QuerySet[Task, Any]:
    """What ``notifications.notify_from_query`` needs of each task of ``selection``, as SQL."""
    pk_text = Cast("pk", output_field=CharField())
    lead = side == Side.LEAD
    return selection.values(
        unit_id=F("lead_unit_id" if lead else "assigner_unit_id"),
        target_id=F("pk"),
        url=Concat(Value("/tasks/"), pk_text, Value("/"), output_field=CharField()),
        body=Left("content", BODY_MAX_LENGTH),
        dedupe_key=Concat(
            Value("task:"), pk_text, Value(f":{tag}:{day.isoformat()}"), output_field=CharField()
        ),
        **({"person_id": F("lead_person_id")} if lead else {}),
    )


def _act(
    selection: QuerySet[Task],
    *,
    changes: dict[str, Any],
    event: str,
    text: str,
    side: Side,
    kind: str,
    message: str,
    tag: str,
    day: dt.date,
    params: dict[str, Any] | None = None,
) -> list[int]:
    """For the tasks of ``selection``: timeline rows, notices, then one UPDATE (same condition,
    so it comes last: it changes the columns the condition reads). Returns the tasks' ids."""
    touched = _write_events(selection, event=event, text=text, day=day)
    if touched:
        notifications.notify_from_query(
            source=_notice_source(selection, side=side, tag=tag, day=day),
            kind=kind,
            message=message,
            params=params,
            target_type=Task._meta.label_lower,
            day=day,
            with_person=side == Side.LEAD,
        )
        selection.update(**changes)
    return touched


def _escalation_candidates(tasks: QuerySet[Task], day: dt.date) -> QuerySet[Task]:
    return tasks.filter(
        states.overdue(day), reminders_after_deadline__gte=ESCALATE_AFTER_REMINDERS, escalated_on__isnull=True
    )


def _escalate(tasks: QuerySet[Task], day: dt.date) -> list[int]:
    """Escalate, once, the overdue tasks that have had their third reminder after the deadline."""
    return _act(
        _escalation_candidates(tasks, day),
        changes={"escalated_on": day},
        event=EventKind.ESCALATED,
        text=_("Escalated to the head of the assigning unit."),
        side=Side.ASSIGNER,
        kind=NotificationKind.ESCALATION,
        message=gettext_noop("Escalated: overdue after three reminders"),
        tag="escalated",
        day=day,
    )


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


def _mark(selection: QuerySet[Task], changes: dict[str, Any]) -> list[int]:
    """Apply ``changes`` to the tasks of ``selection``; return their ids, sorted. One
    ``UPDATE … RETURNING`` where the database has it: reading the ids first scanned the same
    rows twice, ~300 ms a step at 1M tasks (docs/performance.md, F7)."""
    using = router.db_for_write(Task)
    connection = connections[using]
    if not connection.features.can_return_rows_from_bulk_insert:  # SQLite < 3.35: read, then write
        ids = sorted(selection.values_list("pk", flat=True))
        if ids:
            selection.update(**changes)
        return ids
    query = selection.order_by().query.chain(UpdateQuery)  # as QuerySet.update builds it
    assert isinstance(query, UpdateQuery)
    query.add_update_values(changes)
    query.clear_select_clause()
    sql, params = query.get_compiler(using=using).as_sql()
    pk = connection.ops.quote_name(insert_select.column_of(Task, "id"))
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {pk}", params)
        return sorted(row[0] for row in cursor.fetchall())


@transaction.atomic
def sweep(*, day: dt.date | None = None, not_updated_days: int = NOT_UPDATED_DAYS) -> SweepResult:
    """One pass over all tasks; safe to run every hour (see the module docstring)."""
    day = day or timezone.localdate()
    result = SweepResult(day=day)
    open_tasks = _open_deadline_tasks()

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
        side=Side.LEAD,
        kind=NotificationKind.REMINDER_BEFORE,
        message=gettext_noop("Deadline in %(n)s working days or less"),
        params={"n": REMIND_BEFORE_WORKING_DAYS},
        tag="before",
        day=day,
    )
    result.touched["reminded_due"] = _act(
        open_tasks.filter(deadline_on=day, reminded_due_on__isnull=True).exclude(states.completed(day)),
        changes={"reminded_due_on": day},
        event=EventKind.REMINDER,
        text=_("Reminder: the deadline is today."),
        side=Side.LEAD,
        kind=NotificationKind.REMINDER_DUE,
        message=gettext_noop("The deadline is today"),
        tag="due",
        day=day,
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
            side=Side.LEAD,
            kind=NotificationKind.REMINDER_OVERDUE,
            message=gettext_noop("Overdue task"),
            tag="overdue",
            day=day,
        )

    # 4. Escalation, once.
    result.touched["escalated"] = _escalate(open_tasks, day)

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
