"""The figures the indicator pages show, read for one reader: which units of a set he may read,
target against actual by unit for a period, the roll-up, the league table and the totals over
time (issue 11, item 12; ADR 0039).

Why a module of its own: it only arranges, for one page, the answers of ``indicators.figures``
(the figure selectors the API calls, ADR 0035): the reader's top units, their roll-up
(``part_figure``), the league table (``league``/``ranked``), each unit's own figure
(``unit_figures``), the same period a year before (``compare_years``). No arithmetic is done
here, so the page and the API give the same 82,07 % through one code path.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from mandate.core.models import Period
from mandate.core.period_labels import label as period_label
from mandate.core.period_spans import PeriodLike, span_of
from mandate.indicators import calculations, figures, selectors
from mandate.indicators.enums import Aggregation, IndicatorKind
from mandate.indicators.hierarchy import Hierarchy, hierarchy_on
from mandate.indicators.models import Actual, Indicator, IndicatorSet
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.people.scopes import read_scope

UnitFigure = figures.UnitFigure


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
class LeagueRow:
    """A league entry as the page's table reads it: a part's roll-up with its rank."""

    rank: int | None
    unit: OrgUnit
    actual: Decimal | None
    target: Decimal | None
    achievement: Decimal | None


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
    units: list[figures.UnitFigure]  # the reporting units the reader reads, in the tree's order
    league: list[LeagueRow]  # best first; unranked last
    total: calculations.Tally | None  # None: not summed (a score, a ratio, or several parts)
    total_achievement: Decimal | None
    # A ratio's roll-up: the leaves' numerators over their denominators × factor, never an
    # average of their percentages (ADR 0031); None for other kinds.
    rate: Decimal | None
    series: list[PointInTime]  # the set's periods with figures, oldest first
    previous: calculations.YearOnYear | None  # against the same period of the year before
    # The reader's units are in separate parts of the set (no one unit above them he reads):
    # each part is ranked in the league table, and there is no single roll-up.
    split: bool = False


def _is_ratio(indicator: Indicator) -> bool:
    return indicator.kind == IndicatorKind.RATIO


def _league_row(indicator: Indicator, entry: figures.LeagueEntry) -> LeagueRow:
    part = entry.figure
    return LeagueRow(
        rank=entry.rank,
        unit=part.unit,
        actual=part.value,
        target=part.own_target if _is_ratio(indicator) else part.tally.denominator,
        achievement=part.achievement,
    )


def _part(scope: figures.FigureScope) -> figures.PartFigure | None:
    """The part's roll-up; None for an indicator not summed over more than one unit."""
    try:
        return figures.part_figure(scope)
    except calculations.NotSummableError:
        return None


def indicator_figures(
    *, actor: User, indicator_set: IndicatorSet, indicator: Indicator, period: PeriodLike
) -> IndicatorFigures:
    """Target against actual for every unit reporting in the set that the reader may read, on
    the hierarchy of the period's last day; the roll-up of the reader's part and its league
    table; the roll-ups of the set's periods over time. A few queries, whatever the number of
    units (a few more per period of the series)."""
    hierarchy = hierarchy_on(indicator_set, period.ends_on)
    readable = readable_units(
        actor=actor, indicator_set=indicator_set, hierarchy=hierarchy, day=period.ends_on
    )
    inside = sorted(
        (pk for pk in readable if hierarchy.includes(pk)), key=lambda pk: hierarchy.path_of.get(pk, "")
    )
    tops = [pk for pk in inside if hierarchy.parent_of.get(pk) not in readable]
    units = {unit.pk: unit for unit in OrgUnit.objects.filter(pk__in=inside)}
    row = period if isinstance(period, Period) else Period.objects.filter(code=period.code).first()
    empty = IndicatorFigures(
        indicator=indicator,
        indicator_set=indicator_set,
        period=period,
        units=[],
        league=[],
        total=None,
        total_achievement=None,
        rate=None,
        series=[],
        previous=None,
    )
    if not tops:
        return empty
    scope = figures.FigureScope(
        indicator_set=indicator_set,
        indicator=indicator,
        span=span_of(period),
        period=row,
        unit=units[tops[0]],
        hierarchy=hierarchy,
    )
    reporting = [units[pk] for pk in inside if hierarchy.reports(pk)]
    if len(tops) > 1:
        return replace(
            empty,
            units=figures.unit_figures(scope, reporting),
            league=[_league_row(indicator, entry) for entry in figures.ranked(scope, tops)],
            split=True,
        )
    part = _part(scope)
    series = _series(scope)
    previous = None
    if part is not None and part.value is not None:
        before = _part(scope.previous_year())
        if before is not None and before.value is not None:
            previous = figures.compare_years(scope, part.value, before.value).comparison
    ratio = _is_ratio(indicator)
    return IndicatorFigures(
        indicator=indicator,
        indicator_set=indicator_set,
        period=period,
        units=figures.unit_figures(scope, reporting),
        league=[_league_row(indicator, entry) for entry in figures.league(scope)],
        total=part.tally if part is not None and not ratio else None,
        total_achievement=part.achievement if part is not None and not ratio else None,
        rate=part.value if part is not None and ratio else None,
        series=series,
        previous=previous,
    )


def _series(scope: figures.FigureScope) -> list[PointInTime]:
    """The roll-up of the part, for each of the set's periods of its period type that has
    values, oldest first; empty for an indicator that is not summed."""
    if scope.indicator.aggregation != Aggregation.SUM:
        return []
    with_values = Actual.objects.filter(
        indicator=scope.indicator, submission__indicator_set=scope.indicator_set, option__isnull=True
    ).values("period_id")
    named = Period.objects.filter(kind=scope.indicator_set.period_kind, pk__in=with_values).order_by(
        "starts_on"
    )
    points: list[PointInTime] = []
    for when in named:
        then = scope.at(span_of(when), when)
        if not then.hierarchy.includes(scope.unit.pk):
            continue
        part = _part(then)
        if part is None or part.value is None:
            continue
        points.append(
            PointInTime(
                period=when,
                actual=part.value,
                target=part.own_target if _is_ratio(scope.indicator) else part.tally.denominator,
                achievement=part.achievement,
            )
        )
    return points
