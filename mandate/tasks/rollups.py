"""Keeping ``TaskRollup`` exact, and reading a subtree's counts from it.

Why: today's counts of a country's subtree over a million tasks must answer in tens of
milliseconds; counting live takes hundreds. The cache is only ever used when it is exact (see
``TaskRollup``). The sweep recounts every unit once a day. A task service moves its lead unit's
row by the difference its change makes to the task's own counts (``apply_change``: the state
span before and after, ADR 0013): a per-unit recount (a GROUP BY over the unit's tasks) cost
the write 10–30 ms of the database's time at 1M tasks and limited the writes a server takes
(docs/performance.md, F12). A change the difference cannot describe (a new lead unit, a
correction of the history) recounts the units it touches. No counter sits on a parent row:
readers sum a subtree's rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, F, QuerySet, Sum, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from mandate.core.locks import lock_for_transaction
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import subtree_q
from mandate.tasks import states
from mandate.tasks.enums import TaskKind
from mandate.tasks.history import SpanChange
from mandate.tasks.models import ProgressReport, Task, TaskRollup, TaskRollupState
from mandate.tasks.selectors import COUNT_NAMES, NOT_UPDATED_DAYS, grouped_counts, with_percentages


def _rows(tasks: QuerySet[Task], day: dt.date, *, few: bool = False) -> list[TaskRollup]:
    """Counts per (lead unit, top level). Grouped by the unit's id alone, not with its path: the
    planner then expects as many groups as units and hashes them in parallel, where grouping by
    the path too made it expect 60 times more and sort the table on disk (performance.md, F7)."""
    top_level = Case(
        When(parent__isnull=True, then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    by = {"unit": F("lead_unit_id"), "top_level": top_level}
    grouped = grouped_counts(tasks, on=day, not_updated_days=NOT_UPDATED_DAYS, by=by, few=few)
    # A task's lead path is its lead unit's path (units never move).
    paths = dict(OrgUnit.objects.filter(pk__in={row["unit"] for row in grouped}).values_list("pk", "path"))
    return [
        TaskRollup(
            unit_id=row["unit"], unit_path=paths[row["unit"]], top_level=row["top_level"], day=day,
            **{name: row[name] for name in COUNT_NAMES},
        )
        for row in grouped
    ]  # fmt: skip


@transaction.atomic
def refresh_all(*, day: dt.date) -> int:
    """Recount every unit for ``day`` (the sweep, once a day). The rows are a cache, not records:
    they are replaced, not retired."""
    lock_for_transaction("task-rollup-all")
    rows = _rows(Task.objects.all(), day)
    TaskRollup.objects.all().delete()
    TaskRollup.objects.bulk_create(rows, batch_size=2000)
    TaskRollupState.objects.update_or_create(pk=1, defaults={"day": day})
    return len(rows)


def _built_for(day: dt.date) -> bool:
    return TaskRollupState.objects.filter(pk=1, day=day).exists()


def refresh_units(*, unit_ids: Iterable[int], day: dt.date | None = None) -> None:
    """Recount these units' rows, inside the caller's transaction, if the cache is of today."""
    day = day or timezone.localdate()
    if not _built_for(day):
        return  # the cache is not in use today; the next sweep rebuilds it
    ids = sorted(set(unit_ids))
    for unit_id in ids:  # in a fixed order, so two writers never wait on each other in a cycle
        lock_for_transaction(f"task-rollup:{unit_id}")
    rows = _rows(Task.objects.filter(lead_unit_id__in=ids), day, few=True)
    TaskRollup.objects.filter(unit_id__in=ids).delete()
    TaskRollup.objects.bulk_create(rows)


def _stale_possible(values: dict[str, Any], day: dt.date) -> bool:
    """Whether a report in the window decides the task's not-updated counts on ``day``."""
    window_start = day - dt.timedelta(days=NOT_UPDATED_DAYS - 1)
    done = values["accepted_on"] is not None and values["accepted_on"] <= day
    return not done and values["assigned_on"] < window_start


def contribution(values: dict[str, Any] | None, *, day: dt.date, reported: bool) -> dict[str, int]:
    """One task's share of each count on ``day``, from what its state span holds (``values``;
    None: cancelled) and whether it has a report in the not-updated window: the Python form of
    ``selectors.count_expressions`` (a hypothesis test holds the two equal)."""
    if values is None or values["assigned_on"] > day:
        return dict.fromkeys(COUNT_NAMES, 0)
    deadline_task = values["kind"] == TaskKind.DEADLINE
    regular = values["kind"] == TaskKind.REGULAR
    deadline_on, done_on = values["deadline_on"], values["done_reported_on"]
    done = values["accepted_on"] is not None and values["accepted_on"] <= day
    has_deadline = deadline_task and deadline_on is not None
    stale = _stale_possible(values, day) and not reported
    judged = done and deadline_on is not None and done_on is not None
    flags = {
        "total": deadline_task,
        "completed": deadline_task and done,
        "completed_on_time": deadline_task and judged and done_on <= deadline_on,
        "completed_late": deadline_task and judged and done_on > deadline_on,
        "in_progress": has_deadline and not done and deadline_on >= day,
        "overdue": has_deadline and not done and deadline_on < day,
        "due": has_deadline and deadline_on <= day,
        "completed_of_due": has_deadline and deadline_on <= day and done,
        "due_today": has_deadline and not done and deadline_on == day,
        "not_updated": deadline_task and stale,
        "regular_total": regular,
        "regular_not_updated": regular and stale,
    }
    return {name: int(flag) for name, flag in flags.items()}


def apply_change(
    *, task: Task, change: SpanChange, report: ProgressReport | None = None, day: dt.date | None = None
) -> None:
    """Move today's counts by what one task's change made of them, inside the caller's
    transaction (the task is locked). ``report``: the report this change added, if any (it can
    turn "not updated" off)."""
    day = day or timezone.localdate()
    if not _built_for(day):
        return
    before, after = change.before, change.after
    if before is not None and after is not None and before["lead_path"] != after["lead_path"]:
        old_unit = OrgUnit.objects.filter(path=before["lead_path"]).values_list("pk", flat=True).first()
        refresh_units(unit_ids=[task.lead_unit_id, *([old_unit] if old_unit else [])], day=day)
        return
    if before is not None and after is None and before["lead_path"] != task.lead_path:
        refresh_units(unit_ids=[task.lead_unit_id], day=day)  # not expected: recount, never guess
        return
    reported_after = reported_before = False
    if any(_stale_possible(v, day) for v in (before, after) if v is not None):
        start, end = states.report_window(day, NOT_UPDATED_DAYS)
        in_window = ProgressReport.objects.filter(
            task_id=task.pk, reported_at__gte=start, reported_at__lt=end
        )
        # Two ids at most, in one round trip: is there a report in the window, and one besides
        # the report this change added (each write's statements are its cost: ADR 0021)?
        found = list(in_window.values_list("pk", flat=True)[:2])
        reported_after = bool(found)
        reported_before = any(pk != report.pk for pk in found) if report is not None else reported_after
    deltas: dict[bool, dict[str, int]] = {}
    for sign, values, reported in ((-1, before, reported_before), (1, after, reported_after)):
        if values is None:
            continue
        share = contribution(values, day=day, reported=reported)
        level = deltas.setdefault(values["top_level"], dict.fromkeys(COUNT_NAMES, 0))
        for name, value in share.items():
            level[name] += sign * value
    for top_level, delta in deltas.items():
        moved = {name: value for name, value in delta.items() if value}
        if moved:
            _move(
                unit_id=task.lead_unit_id, unit_path=task.lead_path, top_level=top_level, day=day, delta=moved
            )


def _move(*, unit_id: int, unit_path: str, top_level: bool, day: dt.date, delta: dict[str, int]) -> None:
    """Add ``delta`` to the unit's row, under the unit's lock (a recount of the unit never
    interleaves with it). A unit without a row at that level gets one; a count the delta would
    take below zero means the row was not exact, and the unit is recounted instead."""
    lock_for_transaction(f"task-rollup:{unit_id}")
    rows = TaskRollup.objects.filter(unit_id=unit_id, top_level=top_level, day=day)
    enough = {f"{name}__gte": -value for name, value in delta.items() if value < 0}
    if rows.filter(**enough).update(**{name: F(name) + value for name, value in delta.items()}):
        return
    if enough or rows.exists():
        refresh_units(unit_ids=[unit_id], day=day)
        return
    TaskRollup.objects.create(unit_id=unit_id, unit_path=unit_path, top_level=top_level, day=day, **delta)


def _exact_on(on: dt.date) -> bool:
    """Whether the cache holds exactly the counts of ``on``: built for it, today, every row of it."""
    if on != timezone.localdate() or not _built_for(on):
        return False
    return not TaskRollup.objects.exclude(day=on).exists()


def subtree_counts(
    *, unit: OrgUnit, on: dt.date, not_updated_days: int, include_subtasks: bool
) -> dict[str, Any] | None:
    """The counts of the subtree from the cache, or None when the cache cannot answer exactly."""
    if not_updated_days != NOT_UPDATED_DAYS or not _exact_on(on):
        return None
    rows = TaskRollup.objects.filter(subtree_q("unit_path", unit.path))
    if not include_subtasks:
        rows = rows.filter(top_level=True)
    sums = rows.aggregate(**{name: Sum(name) for name in COUNT_NAMES})
    return {**with_percentages(sums, on=on, not_updated_days=not_updated_days), "corrections": []}


def branch_counts(*, unit: OrgUnit, on: dt.date) -> dict[str, dict[str, Any]] | None:
    """The top-level counts of the unit's subtree per branch (the unit path cut to a child's
    length; the unit's own rows under its own path) from the cache, without the two not-updated
    counts: what ``dashboard.counts_by_branch`` counts live over the tasks, in a grouped sum of a
    few hundred rows (0.3 ms against 116 ms at 1M tasks, performance.md state G). None when the
    cache cannot answer exactly."""
    if not _exact_on(on):
        return None
    names = [name for name in COUNT_NAMES if name not in ("not_updated", "regular_not_updated")]
    grouped = (
        TaskRollup.objects.filter(subtree_q("unit_path", unit.path), top_level=True)
        .annotate(branch=Substr("unit_path", 1, len(unit.path) + OrgUnit.steplen))
        .values("branch")
        .annotate(**{name: Sum(name) for name in names})
        .order_by()
    )
    found: dict[str, dict[str, Any]] = {}
    for row in grouped:
        values: dict[str, Any] = dict(row)
        counts = {n: int(values[n] or 0) for n in names}
        if any(counts.values()):  # a unit whose tasks all moved away keeps a row of zeros: no branch
            found[values["branch"]] = {"branch": values["branch"], **counts}
    return found
