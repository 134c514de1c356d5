"""The reporting states of tasks on a date D, as query conditions — the one definition that the
statistics, the list filters and the sweep share (ADR 0020, docs/glossary.md).

On D: a task exists if it was assigned on or before D and not cancelled on or before D.
*Completed* = accepted on or before D (the done report's date decides on time or late against the
deadline in force when it was accepted). *Due* = a deadline ≤ D (the deadline in force on D).
*Overdue* = a deadline < D and not completed: the deadline day belongs to the assignee, so a task
due on D and not completed is *due today*, still in progress. *In progress* = the rest. Regular
tasks (no deadline) are counted apart. *Not updated* = not completed and no progress report in
the N calendar days up to D (a labelled subset, not a fourth state).

The conditions read the same column names on tasks (today's state: for today and later) and on
state spans (``spans=True``: any date, from the history; ``tasks.history``). Only what
"completed" and "exists" read differs.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from mandate.tasks import recent_reports
from mandate.tasks.enums import OPEN_STATUSES, TaskKind, TaskStatus
from mandate.tasks.models import ProgressReport

STATES = (
    "completed", "completed_on_time", "completed_late", "in_progress", "overdue", "due", "due_today",
    "not_updated",
)  # fmt: skip


def exists_on(day: dt.date, *, spans: bool = False) -> Q:
    if spans:
        return in_force(day)
    return Q(assigned_on__lte=day) & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day))


def in_force(day: dt.date) -> Q:
    """The state spans in force on ``day`` (not superseded by a correction): one per task that
    exists on that day."""
    return Q(superseded_by__isnull=True) & valid_on(day)


def valid_on(day: dt.date) -> Q:
    """The spans valid on ``day``, for a query whose WHERE keeps only spans not superseded: a
    count's FILTER that named ``superseded_by`` again would keep PostgreSQL from reading the
    covering ``span_path_from_idx`` alone (its predicate is that condition; performance.md G)."""
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def deadline_task() -> Q:
    return Q(kind=TaskKind.DEADLINE)


def completed(day: dt.date, *, spans: bool = False) -> Q:
    """Accepted on or before ``day``. A task's columns say only whether it stands accepted
    today, so for them this is exact from today on (what they are read for); a span holds the
    acceptance it was written with."""
    if spans:
        return Q(accepted_on__lte=day)
    if day >= timezone.localdate():
        return Q(status=TaskStatus.ACCEPTED)  # accepted by today: the covering index answers
    return Q(status=TaskStatus.ACCEPTED, accepted_on__lte=day)


def completed_on_time(day: dt.date, *, spans: bool = False) -> Q:
    return completed(day, spans=spans) & Q(done_reported_on__lte=F("deadline_on"))


def completed_late(day: dt.date, *, spans: bool = False) -> Q:
    return completed(day, spans=spans) & Q(done_reported_on__gt=F("deadline_on"))


def due(day: dt.date, *, spans: bool = False) -> Q:
    return deadline_task() & Q(deadline_on__lte=day)


def overdue(day: dt.date, *, spans: bool = False) -> Q:
    """Past the deadline day and not completed: on the deadline day itself a task is due today."""
    return deadline_task() & Q(deadline_on__lt=day) & ~completed(day, spans=spans)


def due_today(day: dt.date, *, spans: bool = False) -> Q:
    """The deadline is ``day`` and the task is not completed: in progress, not overdue."""
    return deadline_task() & Q(deadline_on=day) & ~completed(day, spans=spans)


def in_progress(day: dt.date, *, spans: bool = False) -> Q:
    return deadline_task() & ~completed(day, spans=spans) & Q(deadline_on__gte=day)


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def report_window(day: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    """The instants that bound the ``days`` calendar days ending with ``day``: [start, end)."""
    window_start = day - dt.timedelta(days=days - 1)
    return _end_of(window_start - dt.timedelta(days=1)), _end_of(day)


def not_updated_joined(day: dt.date, days: int, *, spans: bool = False) -> Q:
    """``not_updated`` for tasks (or spans) joined with the window's reports
    (``recent_reports``): what the counts use, in the same scan as the other states."""
    window_start = day - dt.timedelta(days=days - 1)
    return (
        ~completed(day, spans=spans)
        & Q(assigned_on__lt=window_start)
        & ~Q(recent_reports.reported_in_window())
    )


def not_updated(day: dt.date, days: int, *, spans: bool = False) -> Q:
    """No progress report in the ``days`` calendar days that end with ``day`` (exact for any
    past date: it looks at the reports themselves, not at the last-updated stamp).

    For a filter or a page of rows (in a WHERE clause PostgreSQL makes the NOT EXISTS an
    anti-join); counts use ``not_updated_joined``, the same tasks (tested)."""
    window_start = day - dt.timedelta(days=days - 1)
    start, end = report_window(day, days)
    recent = ProgressReport.objects.filter(
        task_id=OuterRef("task_id" if spans else "pk"), reported_at__gte=start, reported_at__lt=end
    )
    return ~completed(day, spans=spans) & Q(assigned_on__lt=window_start) & ~Q(Exists(recent))


def state_of(*, kind: str, accepted_on: dt.date | None, deadline_on: dt.date | None, on: dt.date) -> str:
    """The state of one task on ``on`` from the columns of its span in force on ``on`` (or, from
    today on, its own columns with ``accepted_on`` None unless it stands accepted): the Python
    form of the conditions above, for rows already read; test_statistics holds the two equal."""
    if kind == TaskKind.REGULAR:
        return "regular"
    if accepted_on is not None and accepted_on <= on:
        return "completed"
    if deadline_on is not None and deadline_on < on:
        return "overdue"
    if deadline_on == on:
        return "due_today"
    return "in_progress"


def state_q(state: str, day: dt.date, not_updated_days: int, *, spans: bool = False) -> Q:
    """The tasks in ``state`` on ``day``.

    From today on, a task that is not completed is necessarily open (an accepted one has its
    done-report dated on or before today, a cancelled one does not exist any more), so the open
    statuses are added: the same rows, found through the partial indexes on open tasks
    (docs/performance.md, F4). Not for a past day, where an accepted task may still count as open.
    """
    extra = Q()
    if (
        not spans
        and day >= timezone.localdate()
        and state in ("in_progress", "overdue", "due_today", "not_updated")
    ):
        extra = Q(status__in=OPEN_STATUSES)
    return _state_q(state, day, not_updated_days, spans) & extra


def _state_q(state: str, day: dt.date, not_updated_days: int, spans: bool) -> Q:
    builders = {
        "completed": lambda: deadline_task() & completed(day, spans=spans),
        "completed_on_time": lambda: deadline_task() & completed_on_time(day, spans=spans),
        "completed_late": lambda: deadline_task() & completed_late(day, spans=spans),
        "in_progress": lambda: in_progress(day, spans=spans),
        "overdue": lambda: overdue(day, spans=spans),
        "due": lambda: due(day, spans=spans),
        "due_today": lambda: due_today(day, spans=spans),
        "not_updated": lambda: not_updated(day, not_updated_days, spans=spans),
    }
    return exists_on(day, spans=spans) & builders[state]()
