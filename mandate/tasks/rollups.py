"""Keeping ``TaskRollup`` exact, and reading a subtree's counts from it.

Why: today's counts of a country's subtree over a million tasks must answer in tens of
milliseconds; counting live takes hundreds. The cache is only ever used when it is exact (see
``TaskRollup``); a per-unit recount is a GROUP BY over that one unit's tasks and their reports
(``few=True``: by index), so a service pays 10–15 ms at 1M tasks, and no counter is incremented
on a hot parent row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, F, QuerySet, Sum, Value, When
from django.utils import timezone

from mandate.core.locks import lock_for_transaction
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import subtree_q
from mandate.tasks.models import Task, TaskRollup, TaskRollupState
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


def subtree_counts(
    *, unit: OrgUnit, on: dt.date, not_updated_days: int, include_subtasks: bool
) -> dict[str, Any] | None:
    """The counts of the subtree from the cache, or None when the cache cannot answer exactly."""
    if not_updated_days != NOT_UPDATED_DAYS or on != timezone.localdate():
        return None
    if not _built_for(on) or TaskRollup.objects.exclude(day=on).exists():
        return None
    rows = TaskRollup.objects.filter(subtree_q("unit_path", unit.path))
    if not include_subtasks:
        rows = rows.filter(top_level=True)
    sums = rows.aggregate(**{name: Sum(name) for name in COUNT_NAMES})
    return {**with_percentages(sums, on=on, not_updated_days=not_updated_days), "corrections": []}
