"""Every read of indicators a user's request can trigger, scoped to the reader (ADR 0029, 0030).

A unit's figures are read by the people whose read scope covers the unit (its own people and
the units above it in the organisation tree, ``people.scopes``) and by the levels above it in
the set's reporting hierarchy — the approving and collecting units, on the hierarchy in force on
the period's last day — and by nobody else: anyone else gets 404, and lists leave the rows out.
So the Department of Culture and Sports reads the cultural titles of the district People's
Committees that report to it in that set, and only those, although they are not under it.

Indicators and sets are read by the people of the units that maintain, collect or report them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from mandate.core.exceptions import NotFoundError
from mandate.core.models import JobRun, Period
from mandate.core.sheet_import import JOB_NAME as SHEET_IMPORT_JOB
from mandate.indicators import calculations, policy
from mandate.indicators.enums import AWAITING_STATES, IndicatorKind
from mandate.indicators.hierarchy import hierarchy_on
from mandate.indicators.models import (
    Actual,
    Allocation,
    Indicator,
    IndicatorSet,
    ReportingLine,
    Submission,
    Target,
)
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.people.scopes import Scope, acting_for, read_scope

Interval = tuple[dt.date, dt.date | None]
# The kind of the importer of values (``sheet_values``), whose jobs ``import_job_get`` reads.
VALUES_IMPORT = "indicators.actuals"


def _overlap(a: Interval, b: Interval) -> Interval | None:
    start = max(a[0], b[0])
    ends = [end for end in (a[1], b[1]) if end is not None]
    end = min(ends) if ends else None
    return (start, end) if end is None or start <= end else None


def _reach(scope: Scope) -> dict[tuple[int, Interval], list[int]]:
    """(set, days) → the units that report, directly or through other levels, to a unit the
    reader's scope covers in that set on those days: the lines whose upper unit the scope covers,
    then the lines below them, one query per level (a province's specialist reads a few hundred
    of a national set's 3,476 lines, not all of them: issue 11, item 14), intervals narrowed down
    the chain in memory."""
    _fields = ("indicator_set_id", "unit_id", "reports_to_id", "valid_from", "valid_to")
    seen: dict[tuple[int, int], list[Interval]] = defaultdict(list)
    frontier = [
        (set_id, unit, (start, end))
        for set_id, unit, _parent, start, end in ReportingLine.objects.filter(scope.q("reports_to_path"))
        .values_list(*_fields)
        .order_by("indicator_set_id", "unit_path", "id")
    ]
    while frontier:
        reached: list[tuple[int, int, Interval]] = []
        for set_id, unit, days in frontier:
            if days in seen[(set_id, unit)]:
                continue
            seen[(set_id, unit)].append(days)
            reached.append((set_id, unit, days))
        if not reached:
            break
        by_parent: dict[tuple[int, int], list[Interval]] = defaultdict(list)
        for set_id, unit, days in reached:
            by_parent[(set_id, unit)].append(days)
        lines = ReportingLine.objects.filter(
            indicator_set_id__in={set_id for set_id, _unit, _days in reached},
            reports_to_id__in={unit for _set, unit, _days in reached},
        ).values_list(*_fields)
        frontier = []
        for set_id, child, parent, start, end in lines.order_by("indicator_set_id", "unit_path", "id"):
            for days in by_parent.get((set_id, parent), ()):
                both = _overlap((start, end), days)
                if both is not None:
                    frontier.append((set_id, child, both))
    reach: dict[tuple[int, Interval], list[int]] = defaultdict(list)
    for (set_id, unit), spans in seen.items():
        for days in spans:
            reach[(set_id, days)].append(unit)
    return dict(reach)


def figures_q(
    actor: User,
    *,
    set_field: str = "indicator_set_id",
    period_field: str = "period__ends_on",
    unit_path_field: str = "unit_path",
    in_set: IndicatorSet | None = None,
) -> Q:
    """Rows of a unit's figures (``unit_path``, ``unit_id``, the set and the period) the reader
    may see: his scope covers the unit, or a level above it in the set on the period's last day.
    ``in_set``: rows that name no set (stated figures), read through that one set's levels."""
    scope = read_scope(actor)
    if scope.everything:
        return Q()
    condition = scope.q(unit_path_field)
    if scope.is_empty:
        return condition
    for (set_id, (start, end)), units in _reach(scope).items():
        if in_set is not None and set_id != in_set.pk:
            continue
        days = Q(**{f"{period_field}__gte": start})
        if end is not None:
            days &= Q(**{f"{period_field}__lte": end})
        in_the_set = Q() if in_set is not None else Q(**{set_field: set_id})
        condition |= in_the_set & Q(unit_id__in=sorted(set(units))) & days
    return condition


def reads_unit_in_set(actor: User, indicator_set: IndicatorSet, unit: OrgUnit, day: dt.date) -> bool:
    """Whether the reader reads ``unit``'s figures in the set on ``day`` (a period's last day):
    the same rule as ``figures_q``, for one unit."""
    scope = read_scope(actor)
    if scope.covers(unit.path):
        return True
    return any(
        set_id == indicator_set.pk and start <= day and (end is None or day <= end) and unit.pk in units
        for (set_id, (start, end)), units in _reach(scope).items()
    )


# --- indicators and sets -----------------------------------------------------------------------


def set_list_visible(*, actor: User) -> QuerySet[IndicatorSet]:
    scope = read_scope(actor)
    sets = IndicatorSet.objects.select_related("collecting_unit", "source_document").order_by("code")
    if scope.everything:
        return sets
    lines = ReportingLine.objects.filter(scope.q("unit_path") | scope.q("reports_to_path"))
    return sets.filter(scope.q("collecting_path") | Q(pk__in=lines.values("indicator_set_id")))


def set_get_visible(*, actor: User, set_id: int) -> IndicatorSet:
    found = set_list_visible(actor=actor).filter(pk=set_id).first()
    if found is None:
        raise NotFoundError()
    return found


def indicator_list_visible(
    *, actor: User, indicator_set: IndicatorSet | None = None, search: str = "", include_retired: bool = False
) -> QuerySet[Indicator]:
    scope = read_scope(actor)
    indicators = Indicator.objects.select_related("owner_unit", "source_document", "parent", "disaggregation")
    if not scope.everything:
        sets = set_list_visible(actor=actor).values("pk")
        indicators = indicators.filter(
            scope.q("owner_path") | Q(set_items__indicator_set__in=sets)
        ).distinct()
    if indicator_set is not None:
        indicators = indicators.filter(set_items__indicator_set=indicator_set)
    if search:
        indicators = indicators.filter(
            Q(code__icontains=search) | Q(name__icontains=search) | Q(name_en__icontains=search)
        )
    if not include_retired:
        indicators = indicators.filter(retired_at__isnull=True)
    return indicators.order_by("code")


def indicator_get_visible(*, actor: User, indicator_id: int) -> Indicator:
    found = indicator_list_visible(actor=actor, include_retired=True).filter(pk=indicator_id).first()
    if found is None:
        raise NotFoundError()
    return found


# --- submissions, actuals, targets --------------------------------------------------------------


def submission_list_visible(
    *,
    actor: User,
    indicator_set: IndicatorSet | None = None,
    period: Period | None = None,
    unit: OrgUnit | None = None,
    state: str | None = None,
) -> QuerySet[Submission]:
    rows = Submission.objects.filter(figures_q(actor)).select_related(
        "indicator_set",
        "unit",
        "period",
        "next_unit",
        "submitted_by",
        "approved_by",
        "accepted_by",
        "returned_by",
        "unlocked_by",
    )
    if indicator_set is not None:
        rows = rows.filter(indicator_set=indicator_set)
    if period is not None:
        rows = rows.filter(period=period)
    if unit is not None:
        rows = rows.filter(unit=unit)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("indicator_set_id", "period__starts_on", "unit_path", "id")


def submission_get_visible(*, actor: User, submission_id: int) -> Submission:
    found = submission_list_visible(actor=actor).filter(pk=submission_id).first()
    if found is None:
        raise NotFoundError()
    return found


def submission_ids_visible(*, actor: User, submission_ids: list[int]) -> set[int]:
    return set(
        Submission.objects.filter(figures_q(actor), pk__in=submission_ids).values_list("pk", flat=True)
    )


def approval_queue(*, actor: User) -> QuerySet[Submission]:
    """The submissions awaiting a level the actor leads (approve, return or accept): one indexed
    read on the next level's path."""
    acting = acting_for(actor)
    rows = Submission.objects.filter(state__in=AWAITING_STATES)
    if not acting.everything:
        rows = rows.filter(next_path__in=acting.paths_with(policy.LEADING_ROLES))
    return rows.select_related("indicator_set", "unit", "period", "next_unit", "submitted_by").order_by(
        "submitted_at", "id"
    )


def actual_list_visible(
    *,
    actor: User,
    indicator_set: IndicatorSet | None = None,
    indicator: Indicator | None = None,
    period: Period | None = None,
    unit: OrgUnit | None = None,
) -> QuerySet[Actual]:
    rows = Actual.objects.filter(figures_q(actor, set_field="submission__indicator_set_id")).select_related(
        "indicator",
        "unit",
        "period",
        "option",
        "submission",
        "submission__next_unit",
        "submission__submitted_by",
        "submission__approved_by",
        "submission__accepted_by",
        "entered_by",
    )
    if indicator_set is not None:
        rows = rows.filter(submission__indicator_set=indicator_set)
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    if period is not None:
        rows = rows.filter(period=period)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return rows.order_by("indicator__code", "period__starts_on", "unit_path", "option_id", "id")


def actual_get_visible(*, actor: User, actual_id: int) -> Actual:
    found = actual_list_visible(actor=actor).filter(pk=actual_id).first()
    if found is None:
        raise NotFoundError()
    return found


def target_list_visible(
    *,
    actor: User,
    indicator_set: IndicatorSet | None = None,
    indicator: Indicator | None = None,
    period: Period | None = None,
    unit: OrgUnit | None = None,
) -> QuerySet[Target]:
    rows = Target.objects.filter(figures_q(actor)).select_related(
        "indicator", "indicator_set", "unit", "period", "set_by_unit"
    )
    if indicator_set is not None:
        rows = rows.filter(indicator_set=indicator_set)
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    if period is not None:
        rows = rows.filter(period=period)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return rows.order_by("indicator__code", "period__starts_on", "unit_path", "id")


def target_get_visible(*, actor: User, target_id: int) -> Target:
    found = target_list_visible(actor=actor).filter(pk=target_id).first()
    if found is None:
        raise NotFoundError()
    return found


@dataclass(frozen=True)
class AllocationView:
    """The allocation screen's figures: the allocating unit's own target, each child's, their
    total and the difference (a flag unless balanced), and the last allocation made."""

    unit: OrgUnit
    own: Target | None
    children: list[tuple[OrgUnit, Target | None]]
    check: calculations.AllocationCheck | None  # None: not summed
    last: Allocation | None


def allocation_view(
    *, actor: User, indicator_set: IndicatorSet, indicator: Indicator, unit: OrgUnit, period: Period
) -> AllocationView:
    """What ``unit`` allocated to the units reporting to it: for readers of the unit's figures
    (404 otherwise: the unit must be one the reader sees in the set)."""
    hierarchy = hierarchy_on(indicator_set, period.ends_on)
    scope = read_scope(actor)
    reach = {
        u for (set_id, _days), units in _reach(scope).items() if set_id == indicator_set.pk for u in units
    }
    if not hierarchy.includes(unit.pk) or not (scope.covers(unit.path) or unit.pk in reach):
        raise NotFoundError()
    children = list(OrgUnit.objects.filter(pk__in=hierarchy.children(unit.pk)).order_by("path"))
    found = {
        t.unit_id: t
        for t in Target.objects.filter(
            indicator=indicator, period=period, unit_id__in=[unit.pk, *[c.pk for c in children]]
        )
    }
    own = found.get(unit.pk)
    summed = indicator.aggregation == "sum" and indicator.kind != IndicatorKind.RATIO
    check = (
        calculations.allocation_check(
            parent_target=own.value if own else None,
            children_targets=[found[c.pk].value if c.pk in found else None for c in children],
        )
        if summed
        else None
    )
    last = (
        Allocation.objects.filter(indicator=indicator, indicator_set=indicator_set, unit=unit, period=period)
        .order_by("-at", "-id")
        .first()
    )
    return AllocationView(
        unit=unit, own=own, children=[(c, found.get(c.pk)) for c in children], check=check, last=last
    )


def shortfall(view: AllocationView) -> Decimal | None:
    return view.check.shortfall if view.check is not None else None


def allocation_list_visible(
    *,
    actor: User,
    indicator_set: IndicatorSet | None = None,
    indicator: Indicator | None = None,
    period: Period | None = None,
    unit: OrgUnit | None = None,
) -> QuerySet[Allocation]:
    """The allocations of units whose figures the reader may see, newest first (the list and its
    export)."""
    rows = Allocation.objects.filter(figures_q(actor, unit_path_field="unit__path"))
    chosen = {"indicator_set": indicator_set, "indicator": indicator, "period": period, "unit": unit}
    rows = rows.filter(**{name: value for name, value in chosen.items() if value is not None})
    return rows.order_by("-at", "-id")


def import_job_get(*, actor: User, job_id: int) -> JobRun:
    """A large import of indicator values running (or run) as a job, for the person who uploaded
    it (and a superuser); anyone else gets 404 (ADR 0038)."""
    runs = JobRun.objects.filter(pk=job_id, name=SHEET_IMPORT_JOB, args__kind=VALUES_IMPORT)
    if not actor.is_superuser:
        runs = runs.filter(args__actor_id=actor.pk)
    found = runs.first()
    if found is None:
        raise NotFoundError()
    return found
