"""The reporting states of tasks on a date D, as query conditions — the one definition that the
statistics, the list filters and the sweep share.

On D: a task exists if it was assigned on or before D and not cancelled by then. *Completed* =
accepted, with the done-report dated ≤ D. *Due* = a deadline ≤ D (the deadline in force, after
approved extensions). *Overdue* = due and not completed. *In progress* = the rest. Regular tasks
(no deadline) are counted apart. *Not updated* = not completed and no progress report in the N
calendar days up to D (a labelled subset, not a fourth state).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from mandate.tasks import recent_reports
from mandate.tasks.enums import OPEN_STATUSES, TaskKind, TaskStatus
from mandate.tasks.models import ProgressReport

STATES = ("completed", "completed_on_time", "completed_late", "in_progress", "overdue", "due", "not_updated")


def exists_on(day: dt.date) -> Q:
    return Q(assigned_on__lte=day) & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day))


def deadline_task() -> Q:
    return Q(kind=TaskKind.DEADLINE)


def completed(day: dt.date) -> Q:
    return Q(status=TaskStatus.ACCEPTED, done_reported_on__lte=day)


def completed_on_time(day: dt.date) -> Q:
    return completed(day) & Q(done_reported_on__lte=F("deadline_on"))


def completed_late(day: dt.date) -> Q:
    return completed(day) & Q(done_reported_on__gt=F("deadline_on"))


def due(day: dt.date) -> Q:
    return deadline_task() & Q(deadline_on__lte=day)


def overdue(day: dt.date) -> Q:
    return due(day) & ~completed(day)


def in_progress(day: dt.date) -> Q:
    return deadline_task() & ~completed(day) & ~Q(deadline_on__lte=day)


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def report_window(day: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    """The instants that bound the ``days`` calendar days ending with ``day``: [start, end)."""
    window_start = day - dt.timedelta(days=days - 1)
    return _end_of(window_start - dt.timedelta(days=1)), _end_of(day)


def not_updated_joined(day: dt.date, days: int) -> Q:
    """``not_updated`` for tasks joined with the window's reports (``recent_reports``): what the
    counts use, in the same scan as the other states."""
    window_start = day - dt.timedelta(days=days - 1)
    return ~completed(day) & Q(assigned_on__lt=window_start) & ~Q(recent_reports.reported_in_window())


def not_updated(day: dt.date, days: int) -> Q:
    """No progress report in the ``days`` calendar days that end with ``day`` (exact for any
    past date: it looks at the reports themselves, not at the last-updated stamp).

    For a filter or a page of rows (in a WHERE clause PostgreSQL makes the NOT EXISTS an
    anti-join); counts use ``not_updated_joined``, the same tasks (tested)."""
    window_start = day - dt.timedelta(days=days - 1)
    start, end = report_window(day, days)
    recent = ProgressReport.objects.filter(
        task_id=OuterRef("pk"), reported_at__gte=start, reported_at__lt=end
    )
    return ~completed(day) & Q(assigned_on__lt=window_start) & ~Q(Exists(recent))


def state_of(
    *, kind: str, status: str, deadline_on: dt.date | None, done_reported_on: dt.date | None, on: dt.date
) -> str:
    """The state of one task on ``on`` from its own columns: the Python form of the conditions
    above, for rows already read (the task list's page); test_statistics holds the two equal."""
    if kind == TaskKind.REGULAR:
        return "regular"
    if status == TaskStatus.ACCEPTED and done_reported_on is not None and done_reported_on <= on:
        return "completed"
    if deadline_on is not None and deadline_on <= on:
        return "overdue"
    return "in_progress"


def state_q(state: str, day: dt.date, not_updated_days: int) -> Q:
    """The tasks in ``state`` on ``day``.

    From today on, a task that is not completed is necessarily open (an accepted one has its
    done-report dated on or before today, a cancelled one does not exist any more), so the open
    statuses are added: the same rows, found through the partial indexes on open tasks
    (docs/performance.md, F4). Not for a past day, where an accepted task may still count as open.
    """
    extra = Q()
    if day >= timezone.localdate() and state in ("in_progress", "overdue", "not_updated"):
        extra = Q(status__in=OPEN_STATUSES)
    return _state_q(state, day, not_updated_days) & extra


def _state_q(state: str, day: dt.date, not_updated_days: int) -> Q:
    builders = {
        "completed": lambda: deadline_task() & completed(day),
        "completed_on_time": lambda: deadline_task() & completed_on_time(day),
        "completed_late": lambda: deadline_task() & completed_late(day),
        "in_progress": lambda: in_progress(day),
        "overdue": lambda: overdue(day),
        "due": lambda: due(day),
        "not_updated": lambda: not_updated(day, not_updated_days),
    }
    return exists_on(day) & builders[state]()
