"""Reporting rates (DHIS2's reporting-rate summary; the Directive's "units that report late"),
ADR 0037: for a set and a period, which reporting units have submitted — on time or late against
the period's deadline — which were returned, and which have not, as a table and a share per unit
that others report to.

**History is true.** The rate "on" a day is computed from what was recorded by the end of that
day: each submission's state then (``history.states_on``) and its last submission by then
(``SubmissionEvent``). So the rate of a past period read today says what it said on the day
asked, whatever was returned, unlocked or resubmitted since.

**The rules.** The deadline is ``core.periods.deadline(period, days=set.deadline_days)``; a unit
whose values stand submitted, approved or accepted on the day has *submitted*, *on time* when its
last submission by then came by the end of the deadline (DHIS2 judges the completion that
stands: values returned and sent again after the deadline are late); *returned* when they were
sent back to it; *not submitted* otherwise (a draft, or nothing). The units are those reporting
in the set's hierarchy on the period's last day. A share (per cent, rounded half up to two
decimals: 27/30 = 90,00%) counts the units below a level, directly or not.

**Scope.** Whoever sees the set (else 404) reads the rows of the units whose figures he reads
(``selectors.figures_q``'s rule, on that hierarchy) and the shares of the levels he reads, whose
units he then reads whole.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from mandate.core import periods
from mandate.core.enums import PeriodKind
from mandate.core.models import Period
from mandate.core.numbers import divide_half_up
from mandate.indicators import history
from mandate.indicators.enums import ReportingStatus, SubmissionEventKind, SubmissionState
from mandate.indicators.hierarchy import Hierarchy, hierarchy_on
from mandate.indicators.models import IndicatorSet, Submission, SubmissionEvent
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.people.scopes import read_scope

RATE_PLACES = 2
STANDING = frozenset({SubmissionState.SUBMITTED, SubmissionState.APPROVED, SubmissionState.ACCEPTED})


# --- the arithmetic (pure) ---------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """How many units are expected and where they stand; ``rate`` and ``on_time_rate`` are
    shares of ``expected`` in per cent, rounded half up (None when none is expected)."""

    expected: int = 0
    on_time: int = 0
    late: int = 0
    returned: int = 0
    not_submitted: int = 0

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> Decimal | None:
        return share(self.submitted, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return share(self.on_time, self.expected)


def share(part: int, whole: int) -> Decimal | None:
    return divide_half_up(part, whole, places=RATE_PLACES, factor=100) if whole else None


def count(statuses: Iterable[str]) -> Counts:
    tally = Counter(statuses)
    return Counts(
        expected=sum(tally.values()),
        on_time=tally[ReportingStatus.ON_TIME],
        late=tally[ReportingStatus.LATE],
        returned=tally[ReportingStatus.RETURNED],
        not_submitted=tally[ReportingStatus.NOT_SUBMITTED],
    )


def status_of(state: str | None, submitted_at: dt.datetime | None, due_by: dt.datetime) -> str:
    """A unit's status from its state on the day and its last submission by then."""
    if state in STANDING and submitted_at is not None:
        return ReportingStatus.ON_TIME if submitted_at <= due_by else ReportingStatus.LATE
    if state == SubmissionState.RETURNED:
        return ReportingStatus.RETURNED
    return ReportingStatus.NOT_SUBMITTED


def shares(hierarchy: Hierarchy, statuses: Mapping[int, str], levels: Iterable[int]) -> dict[int, Counts]:
    """For each level, the counts over every unit reporting to it, directly or not."""
    return {
        level: count(statuses[u] for u in hierarchy.descendants(level) if u in statuses) for level in levels
    }


# --- the read ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitStatus:
    unit: OrgUnit
    reports_to: OrgUnit
    status: str
    state: str | None  # the submission's state on the day; None: no submission
    submitted_at: dt.datetime | None  # its last submission by the end of the day
    submission_id: int | None


@dataclass(frozen=True)
class LevelShare:
    unit: OrgUnit
    counts: Counts


@dataclass(frozen=True)
class ReportingRate:
    indicator_set: IndicatorSet
    period: Period
    deadline: dt.date
    on: dt.date
    rows: list[UnitStatus]
    levels: list[LevelShare]


def last_ended(indicator_set: IndicatorSet, on: dt.date) -> Period:
    """The set's last period (of its kind, calendar basis) that ended before ``on``: the rate a
    reader asks for when he names none."""
    kind, year, month = indicator_set.period_kind, on.year, on.month
    if kind == PeriodKind.MONTH:
        return periods.month(year, month - 1) if month > 1 else periods.month(year - 1, 12)
    if kind == PeriodKind.QUARTER:
        current = (month - 1) // 3 + 1
        return periods.quarter(year, current - 1) if current > 1 else periods.quarter(year - 1, 4)
    if kind == PeriodKind.HALF:
        return periods.half(year, 1) if month > 6 else periods.half(year - 1, 2)
    return periods.year(year - 1)


def deadline_of(indicator_set: IndicatorSet, period: Period) -> dt.date:
    return periods.deadline(period, days=indicator_set.deadline_days)


def recorded_statuses(
    indicator_set: IndicatorSet, period: Period, unit_ids: Iterable[int], *, on: dt.date
) -> dict[int, tuple[str, str | None, dt.datetime | None, int | None]]:
    """Each unit's (status, state, last submission, submission id) as recorded by the end of ``on``."""
    units = list(unit_ids)
    submissions = dict(
        Submission.objects.filter(indicator_set=indicator_set, period=period, unit_id__in=units).values_list(
            "unit_id", "pk"
        )
    )
    states = history.states_on(submissions.values(), on=on)
    last: dict[int, dt.datetime] = {}
    for submission_id, at in SubmissionEvent.objects.filter(
        submission_id__in=list(submissions.values()),
        kind=SubmissionEventKind.SUBMITTED,
        at__lte=history.end_of(on),
    ).values_list("submission_id", "at"):
        last[submission_id] = max(at, last.get(submission_id, at))
    due_by = history.end_of(deadline_of(indicator_set, period))
    found: dict[int, tuple[str, str | None, dt.datetime | None, int | None]] = {}
    for unit_id in units:
        pk = submissions.get(unit_id)
        state = states.get(pk) if pk is not None else None
        submitted_at = last.get(pk) if pk is not None else None
        found[unit_id] = (status_of(state, submitted_at, due_by), state, submitted_at, pk)
    return found


def _readable(actor: User, hierarchy: Hierarchy) -> set[int]:
    """The units of the hierarchy whose figures the reader reads: his scope covers the unit or a
    level above it in the set (the collecting unit included)."""
    scope = read_scope(actor)
    every = [hierarchy.collecting_id, *hierarchy.parent_of]
    if scope.everything:
        return set(every)
    return {
        u
        for u in every
        if any(
            scope.covers(hierarchy.path_of[level])
            for level in (u, *hierarchy.chain(u))
            if level in hierarchy.path_of
        )
    }


def reporting_rate(*, actor: User, indicator_set: IndicatorSet, period: Period, on: dt.date) -> ReportingRate:
    """The table and the shares, for a set the caller read through ``selectors.set_get_visible``."""
    hierarchy = hierarchy_on(indicator_set, period.ends_on)
    readable = _readable(actor, hierarchy)
    reporting = [u for u in hierarchy.parent_of if u in readable]
    recorded = recorded_statuses(indicator_set, period, hierarchy.parent_of, on=on)
    levels = [u for u in readable if hierarchy.children(u)]
    names = OrgUnit.objects.in_bulk([*reporting, *levels, *(hierarchy.parent_of[u] for u in reporting)])
    rows = [
        UnitStatus(
            unit=names[u],
            reports_to=names[hierarchy.parent_of[u]],
            status=recorded[u][0],
            state=recorded[u][1],
            submitted_at=recorded[u][2],
            submission_id=recorded[u][3],
        )
        for u in sorted(reporting, key=lambda pk: hierarchy.path_of[pk])
    ]
    counted = shares(hierarchy, {u: s[0] for u, s in recorded.items()}, levels)
    ordered = sorted(levels, key=lambda pk: (pk != hierarchy.collecting_id, hierarchy.path_of[pk]))
    return ReportingRate(
        indicator_set=indicator_set,
        period=period,
        deadline=deadline_of(indicator_set, period),
        on=on,
        rows=rows,
        levels=[LevelShare(names[u], counted[u]) for u in ordered],
    )
