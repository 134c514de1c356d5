"""A task's lead unit on a past day, for the signals counted where the task stood on the day of
the event (a return counts for the unit that returned it; ADR 0051): the span valid on the
day, else the last one begun before it (the task stood cancelled), else the task's unit now.

Twice, the same rule: ``paths_on`` in Python for the records lists (one query for all their
rows), ``path_on`` as a subquery for the board's counts grouped in SQL. Ties (two spans from the
same day) go to the later span in both; ``test_signals_counts`` holds them equal.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from mandate.tasks.models import TaskStateSpan


def paths_on(
    pairs: Iterable[tuple[int, dt.date]], fallback: dict[int, str]
) -> dict[tuple[int, dt.date], str]:
    """The lead unit of each (task, day), from the tasks' spans (one query)."""
    wanted = list(pairs)
    spans: dict[int, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
    rows = (
        TaskStateSpan.objects.filter(
            task_id__in={task_id for task_id, _day in wanted}, superseded_by__isnull=True
        )
        .order_by("valid_from", "pk")
        .values_list("task_id", "valid_from", "valid_to", "lead_path")
    )
    for task_id, valid_from, valid_to, path in rows:
        spans[task_id].append((valid_from, valid_to, path))
    found: dict[tuple[int, dt.date], str] = {}
    for task_id, day in wanted:
        before = [s for s in spans[task_id] if s[0] <= day]  # in (valid_from, id) order
        valid = [s for s in before if s[1] is None or s[1] > day]
        chosen = valid[-1] if valid else (before[-1] if before else None)
        found[(task_id, day)] = chosen[2] if chosen else fallback.get(task_id, "")
    return found


def path_on(task_id: str, day: str, lead_path: str) -> Coalesce:
    """``paths_on`` as an expression of the outer row: its task (``task_id``), its day (``day``,
    a date column or annotation) and the task's unit now (``lead_path``). Two subqueries, the
    valid span first, each ordered by its own columns only (SQLite refuses an outer reference
    in a subquery's ORDER BY)."""
    begun = TaskStateSpan.objects.filter(
        task_id=OuterRef(task_id), superseded_by__isnull=True, valid_from__lte=OuterRef(day)
    ).order_by("-valid_from", "-pk")
    valid = begun.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef(day)))
    return Coalesce(
        Subquery(valid.values("lead_path")[:1]), Subquery(begun.values("lead_path")[:1]), F(lead_path)
    )
