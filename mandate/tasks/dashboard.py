"""The numbers of the unit dashboard: a unit's counts by child unit and by month, and where
a reader's dashboard opens. Reads only: the callers have checked that the unit lies in the
reader's scope (every task led in it is then visible to him)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from mandate.organisations.models import OrgUnit
from mandate.people.scopes import Scope
from mandate.tasks import history, rollups, selectors, states
from mandate.tasks.enums import TaskKind
from mandate.tasks.models import Task

MONTHS = 12


def tasks_of(unit: OrgUnit) -> QuerySet[Task]:
    """The top-level tasks led in the unit's subtree."""
    return selectors.tasks_led_within(unit=unit).filter(parent__isnull=True)


def counts_by_branch(tasks: QuerySet[Task], unit: OrgUnit, on: dt.date) -> dict[str, dict[str, Any]]:
    """The counts of ``tasks`` on ``on`` by the branch of ``unit`` they are led in (the lead path
    cut to a child's length; the unit's own tasks under its own path), in one grouped query:
    today's from the roll-up rows when they are exact (the same numbers, tested), else live."""
    cached = rollups.branch_counts(unit=unit, on=on)
    return cached if cached is not None else counts_by_branch_live(tasks, unit, on)


def counts_by_branch_live(tasks: QuerySet[Task], unit: OrgUnit, on: dt.date) -> dict[str, dict[str, Any]]:
    """``counts_by_branch`` counted over the tasks (or, for a past date, the spans)."""
    cut = len(unit.path) + OrgUnit.steplen
    by = {"branch": Substr("lead_path", 1, cut)}
    if on < timezone.localdate():  # from the history, by the lead unit on the day (ADR 0020)
        spans = history.spans_led_within(unit=unit, include_subtasks=False)
        grouped = selectors.grouped_counts(spans, on=on, by=by, not_updated_days=None, spans=True)
    else:
        grouped = selectors.grouped_counts(tasks, on=on, by=by, not_updated_days=None)
    return {row["branch"]: row for row in grouped}


def top_of_scope(scope: Scope, day: dt.date) -> tuple[OrgUnit | None, list[OrgUnit]]:
    """The unit a dashboard opens on (the highest unit of the reader's scope that exists on the
    day) and the other tops of the scope."""
    if scope.everything:
        tops = list(OrgUnit.objects.filter(depth=1).order_by("path"))
    else:
        tops = list(OrgUnit.objects.filter(path__in=scope.prefixes).order_by("path"))
    tops.sort(key=lambda u: (not u.is_valid_on(day), u.depth, str(u.path)))
    return (tops[0] if tops else None), tops


def months(day: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The last ``MONTHS`` months up to ``day``: (first day, last day counted) each; the month
    of ``day`` ends on ``day``."""
    months: list[tuple[dt.date, dt.date]] = []
    first = day.replace(day=1)
    end = day
    for _i in range(MONTHS):
        months.append((first, end))
        end = first - dt.timedelta(days=1)
        first = end.replace(day=1)
    return months[::-1]


def counts_by_month(unit: OrgUnit, on: dt.date) -> list[dict[str, Any]]:
    """The top-level tasks led in the unit's subtree that were accepted in each month (and stood
    accepted at its end) and those overdue at its end, from the history (each month's end is a
    past date but the last), in ONE query over the spans of the year (two conditional counts per
    month)."""
    months_counted = months(on)
    expressions: dict[str, Count] = {}
    # The WHERE keeps the spans not superseded, of deadline tasks (both counts are of them), so the
    # FILTERs say only the rest of ``states.state_q(…, spans=True)``: every column they read is
    # then in the covering ``span_path_from_idx``, which PostgreSQL reads alone instead of the
    # spans' rows (161 against 438 ms for the largest province at 1M; performance.md, state G).
    # A test holds the counts equal to ``state_q``'s.
    for index, (first, end) in enumerate(months_counted):
        valid = states.valid_on(end)
        expressions[f"completed_{index}"] = Count(
            "pk", filter=valid & states.completed(end, spans=True) & Q(accepted_on__gte=first)
        )
        expressions[f"overdue_{index}"] = Count("pk", filter=valid & states.overdue(end, spans=True))
    year = Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gt=months_counted[0][1]))
    spans = history.spans_led_within(unit=unit, include_subtasks=False).filter(
        year, superseded_by__isnull=True, kind=TaskKind.DEADLINE
    )
    counts = spans.aggregate(**expressions)
    return [
        {
            "label": first.strftime("%m/%Y"),
            "first": first,
            "end": end,
            "completed": counts[f"completed_{index}"],
            "overdue": counts[f"overdue_{index}"],
        }
        for index, (first, end) in enumerate(months_counted)
    ]


def ancestors_in_scope(unit: OrgUnit, scope: Scope) -> list[OrgUnit]:
    paths = [unit.path[: i * OrgUnit.steplen] for i in range(1, unit.depth)]
    paths = [p for p in paths if scope.covers(p)]
    return list(OrgUnit.objects.filter(path__in=paths).order_by("path")) if paths else []
