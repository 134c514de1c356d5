"""The figures the indicator pages show, read for one reader: which units of a set he may read,
target against actual by unit for a period, the roll-up, the league table and the totals over
time (issue 11, item 12).

Why a module of its own: the pages need these few reads now; ``indicators.figures`` (the figure
selectors of the API and the statements) will offer the same answers, and the pages will then
read them from there. Everything the indicator page fetches goes through ``indicator_figures``
here, so that the switch is one module. The arithmetic is ``calculations`` (ADR 0031): tallies
summed, never percentages averaged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from mandate.core.models import Period
from mandate.core.period_labels import label as period_label
from mandate.core.period_spans import PeriodLike
from mandate.indicators import calculations, selectors
from mandate.indicators.enums import Aggregation, IndicatorKind, SubmissionState
from mandate.indicators.hierarchy import Hierarchy, hierarchy_on
from mandate.indicators.models import Actual, Indicator, IndicatorSet, Target
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.people.scopes import read_scope


def readable_units(
    *, actor: User, indicator_set: IndicatorSet, hierarchy: Hierarchy, day: dt.date
) -> set[int]:
    """The units of the set's hierarchy (on ``day``, a period's last) whose figures the reader
    may read: those his scope covers, and those reporting to a level his scope covers on that
    day — the rule of ``selectors.figures_q``, answered for a whole hierarchy at once."""
    scope = read_scope(actor)
    if scope.everything:
        return {hierarchy.collecting_id, *hierarchy.parent_of}
    reach = {
        unit
        for (set_id, (start, end)), units in selectors._reach(scope).items()  # the one rule
        if set_id == indicator_set.pk and start <= day and (end is None or day <= end)
        for unit in units
    }
    return {pk for pk, path in hierarchy.path_of.items() if scope.covers(path) or pk in reach}


@dataclass(frozen=True)
class UnitFigure:
    unit: OrgUnit
    actual: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    state: str  # the submission's state ('' without values)
    rank: int | None = None

    @property
    def state_label(self) -> str:
        return str(SubmissionState(self.state).label) if self.state else ""


@dataclass(frozen=True)
class PointInTime:
    period: Period
    actual: Decimal | None
    target: Decimal | None
    achievement: Decimal | None

    @property
    def label(self) -> str:
        return period_label(self.period)


@dataclass(frozen=True)
class IndicatorFigures:
    indicator: Indicator
    indicator_set: IndicatorSet
    period: PeriodLike
    units: list[UnitFigure]  # in the order of the hierarchy
    league: list[UnitFigure]  # best first; unranked last
    total: calculations.Tally | None  # None: not summed (a score, or a ratio)
    total_achievement: Decimal | None
    # A ratio's roll-up: the units' numerators over their denominators × factor, never an
    # average of their percentages (ADR 0031); None for other kinds.
    rate: Decimal | None
    series: list[PointInTime]  # the set's periods with figures, oldest first
    previous: calculations.YearOnYear | None  # against the same period of the year before


def _targets_by_unit(targets: list[Target], period: PeriodLike) -> dict[int, Target]:
    """Each unit's target of the shortest period containing ``period`` (``measurement``'s rule)."""
    found: dict[int, Target] = {}
    for target in targets:
        if target.period.starts_on > period.starts_on or target.period.ends_on < period.ends_on:
            continue
        best = found.get(target.unit_id)
        if (
            best is None
            or target.period.starts_on > best.period.starts_on
            or (
                target.period.starts_on == best.period.starts_on
                and target.period.ends_on < best.period.ends_on
            )
        ):
            found[target.unit_id] = target
    return found


def _summed(indicator: Indicator, tallies: list[calculations.Tally]) -> calculations.Tally | None:
    """The units' values and targets added up: for a summed number only (a ratio's values are
    percentages, which are never added: its roll-up is ``_rate``)."""
    if indicator.aggregation != Aggregation.SUM or indicator.kind == IndicatorKind.RATIO:
        return None
    return calculations.rollup(tallies)


def _rate(indicator: Indicator, actuals: list[Actual]) -> Decimal | None:
    """A ratio's roll-up: Σ numerators / Σ denominators × factor, rounded half up to 2 places."""
    if indicator.kind != IndicatorKind.RATIO or indicator.aggregation != Aggregation.SUM:
        return None
    given = [a for a in actuals if a.numerator is not None and a.denominator is not None]
    if not given:
        return None
    tally = calculations.rollup(calculations.tally(a.numerator, a.denominator) for a in given)
    return calculations.ratio_value(
        numerator=tally.numerator, denominator=tally.denominator, factor=indicator.factor, places=2
    )


def indicator_figures(
    *, actor: User, indicator_set: IndicatorSet, indicator: Indicator, period: PeriodLike
) -> IndicatorFigures:
    """Target against actual for every unit reporting in the set that the reader may read, on
    the hierarchy of the period's last day; their roll-up and league table; the totals of the
    set's periods over time. A few queries, whatever the number of units."""
    hierarchy = hierarchy_on(indicator_set, period.ends_on)
    readable = readable_units(
        actor=actor, indicator_set=indicator_set, hierarchy=hierarchy, day=period.ends_on
    )
    reporting = [pk for pk in hierarchy.parent_of if pk in readable]
    actuals = list(
        Actual.objects.filter(
            indicator=indicator,
            submission__indicator_set=indicator_set,
            option__isnull=True,
            unit_id__in=reporting,
        ).select_related("period", "submission")
    )
    targets = list(Target.objects.filter(indicator=indicator, unit_id__in=reporting).select_related("period"))
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=reporting)}
    ordered = sorted(reporting, key=lambda pk: hierarchy.path_of.get(pk, ""))

    now = {a.unit_id: a for a in actuals if a.period.code == period.code}
    target_of = _targets_by_unit(targets, period)
    rows: list[UnitFigure] = []
    tallies: list[tuple[int, calculations.Tally]] = []
    for pk in ordered:
        actual = now.get(pk)
        target = target_of.get(pk)
        value = actual.value if actual else None
        goal = target.value if target else None
        tallies.append((pk, calculations.tally(value, goal)))
        rows.append(
            UnitFigure(
                unit=units[pk],
                actual=value,
                target=goal,
                achievement=calculations.achievement(
                    actual=value, target=goal, direction=indicator.direction
                ),
                state=actual.submission.state if actual else "",
            )
        )
    by_unit = {row.unit.pk: row for row in rows}
    league = [
        UnitFigure(
            unit=by_unit[entry.unit].unit,
            actual=by_unit[entry.unit].actual,
            target=by_unit[entry.unit].target,
            achievement=entry.achievement,
            state=by_unit[entry.unit].state,
            rank=entry.rank,
        )
        for entry in calculations.league_table(tallies, direction=indicator.direction)
    ]
    total = _summed(indicator, [t for _pk, t in tallies])
    series = _series(indicator, indicator_set, actuals, targets, period)
    previous = _year_before(series, period)
    return IndicatorFigures(
        indicator=indicator,
        indicator_set=indicator_set,
        period=period,
        units=rows,
        league=league,
        total=total,
        total_achievement=total.achievement(direction=indicator.direction) if total else None,
        rate=_rate(indicator, list(now.values())),
        series=series,
        previous=previous,
    )


def _series(
    indicator: Indicator,
    indicator_set: IndicatorSet,
    actuals: list[Actual],
    targets: list[Target],
    period: PeriodLike,
) -> list[PointInTime]:
    """The roll-up of each of the set's periods (of its period type) that has values, oldest
    first; empty for an indicator that is not summed."""
    if indicator.aggregation != Aggregation.SUM:
        return []
    periods: dict[str, Period] = {}
    values: dict[str, list[Actual]] = defaultdict(list)
    for actual in actuals:
        if actual.period.kind == indicator_set.period_kind:
            periods[actual.period.code] = actual.period
            values[actual.period.code].append(actual)
    points: list[PointInTime] = []
    for code, when in sorted(periods.items(), key=lambda item: item[1].starts_on):
        given = values[code]
        if indicator.kind == IndicatorKind.RATIO:
            points.append(
                PointInTime(period=when, actual=_rate(indicator, given), target=None, achievement=None)
            )
            continue
        goals = _targets_by_unit(targets, when)
        tally = calculations.rollup(
            calculations.tally(a.value, goals[a.unit_id].value if a.unit_id in goals else None) for a in given
        )
        points.append(
            PointInTime(
                period=when,
                actual=tally.numerator,
                target=tally.denominator,
                achievement=tally.achievement(direction=indicator.direction),
            )
        )
    return points


def _year_before(series: list[PointInTime], period: PeriodLike) -> calculations.YearOnYear | None:
    """This period's total against the same period a year before, when both are in the series."""
    by_start = {(p.period.starts_on, p.period.ends_on): p for p in series}
    now = by_start.get((period.starts_on, period.ends_on))
    before = by_start.get((_year_earlier(period.starts_on), _year_earlier(period.ends_on)))
    if now is None or before is None:
        return None
    return calculations.year_on_year(current=now.actual, previous=before.actual)


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
