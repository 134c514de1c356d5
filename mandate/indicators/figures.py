"""The figures of an indicator in a set for a period, scoped to the reader (issue 11, item 7):
one unit's achievement, the roll-up over a part of the set's reporting hierarchy, the same period
of the year before, and the league table of the units below a unit. ADR 0035.

These are the reads the API (``api_figures``) and the pages call; the arithmetic is
``calculations`` (pure, on Decimal), so every screen gives the same 82,07 %.

    scope = figure_scope(actor=user, set_id=s, indicator_id=i, code="2023-C0915", unit_id=None)
    one = unit_figure(scope)                 # the unit's own actual, target, achievement
    part = part_figure(scope)                # the unit and every unit below it in the set
    last_year = part_figure(scope.previous_year())
    table = league(scope)                    # the units reporting directly to the unit, ranked

Rules:

* **Who reads.** ``figure_scope`` raises 404 unless the reader sees the set, the indicator is in
  it, and the unit takes part in the set's hierarchy on the period's last day and is one whose
  figures the reader reads (his scope covers it, or a level above it in the set: ``selectors``).
  Reading a unit means reading every unit below it in the set (those are below a level he reads),
  so the roll-up and the league table never show a figure the reader may not see.
* **Which values.** A unit's value for a period is its actual for exactly that period (any code:
  a month, "2023-C0915" to a cut-off day, …) in this set's submission, whatever the submission's
  state (``state`` says it). Its target is the one of the shortest period containing the period
  (``measurement``: the annual target for a cumulative actual to 15/09/2023).
* **Longer periods.** When nobody entered a value for exactly the period and the set's own
  periods tile it (a monthly set asked for ``2024-C09``), the figure is read from those months
  by the indicator's rule, summed in SQL (``figure_sums``; ``sum_plan`` says which months).
* **Roll-up.** Over the part rooted at a unit: the actuals and the targets of the part's *leaves*
  (units with nobody reporting to them in the set) are summed, then divided once — never an
  average of percentages, and never a parent's target on top of the targets it allocated to its
  children. The root's own target is given beside it (``own_target``), with the achievement
  against it. A ratio indicator sums its numerators and denominators; one that is not summed
  (a score) is refused (``not_summable``) over more than one unit, and its league table ranks
  each unit's own figure.
* **Stated figures** (``statement_list_visible``): read by the people whose scope covers the
  unit they are about; ``flagged`` keeps the wrong and the malformed ones. Given a set the reader
  sees (the indicator page), also those about the set's indicators and the units he reads in it
  on the period's last day (``selectors.figures_q``'s rule): the collecting unit reads what was
  stated about the districts reporting to it.
* **Year on year.** ``FigureScope.previous_year()`` is the same period of the year before on the
  hierarchy in force then; ``calculations.year_on_year`` compares the two.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from mandate.core.exceptions import NotFoundError
from mandate.core.models import Period
from mandate.core.period_spans import PeriodSpan, parse_code, previous_year
from mandate.indicators import calculations, figure_sums, selectors
from mandate.indicators.enums import IndicatorKind, SubmissionState
from mandate.indicators.figures_statements import statement_get_visible, statement_list_visible
from mandate.indicators.hierarchy import Hierarchy, hierarchy_moved, hierarchy_on
from mandate.indicators.models import Actual, Indicator, IndicatorSet, Target
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

__all__ = [
    "FigureScope",
    "LeagueEntry",
    "PartFigure",
    "UnitFigure",
    "YearOnYear",
    "compare_years",
    "figure_scope",
    "league",
    "part_figure",
    "statement_get_visible",
    "statement_list_visible",
    "sum_plan",
    "unit_figure",
    "unit_figures",
]


@dataclass(frozen=True)
class FigureScope:
    """What a figure is about, checked against the reader: the set, the indicator, the period (a
    span; ``period`` is its row when one exists), the unit and the set's hierarchy on the
    period's last day."""

    indicator_set: IndicatorSet
    indicator: Indicator
    span: PeriodSpan
    period: Period | None
    unit: OrgUnit
    hierarchy: Hierarchy
    # ``sum_plan``'s answer, read once per scope: the roll-up API asks it for its header and its
    # figure. Not copied by ``replace`` (``init=False``): another period or unit plans anew.
    _plan: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)
    # What depends on the set and the indicator alone (whether another set holds it): carried by
    # ``replace`` to the scope's other periods and units, so asked once a request.
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def previous_year(self) -> FigureScope:
        """The same period one year earlier, on the hierarchy in force on its last day; the unit
        stays the same (it may have reported to another unit then)."""
        span = previous_year(self.span)
        return self.at(span, Period.objects.filter(code=span.code).first())

    def at(self, span: PeriodSpan, period: Period | None) -> FigureScope:
        """The same unit in another period, on the hierarchy in force on its last day (the
        indicator page's totals over time)."""
        return replace(
            self,
            span=span,
            period=period,
            hierarchy=hierarchy_moved(self.indicator_set, self.span.ends_on, span.ends_on, self.hierarchy),
        )


@dataclass(frozen=True)
class UnitFigure:
    """One unit's own figure. ``actual`` is the value (a ratio's numerator / denominator ×
    factor); ``numerator`` and ``denominator`` are a ratio's parts; ``target_period`` is the
    period of the target measured against; ``state`` that of the unit's submission (None: no
    value)."""

    unit: OrgUnit
    actual: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    target: Decimal | None
    target_period: Period | None
    achievement: Decimal | None
    state: str | None

    @property
    def state_label(self) -> str:
        return str(SubmissionState(self.state).label) if self.state else ""


@dataclass(frozen=True)
class PartFigure:
    """The roll-up over the part of the hierarchy rooted at ``unit``: ``tally`` sums the leaves'
    actuals (numerator) and targets (denominator) — for a ratio indicator, the leaves' numerators
    and denominators, and ``value`` is their ratio × factor. ``leaves`` are the units summed,
    ``awaiting`` those whose values are not accepted yet (their ids)."""

    unit: OrgUnit
    tally: calculations.Tally
    value: Decimal | None
    achievement: Decimal | None
    own_target: Decimal | None
    achievement_of_own_target: Decimal | None
    leaves: list[int]
    awaiting: int


@dataclass(frozen=True)
class LeagueEntry:
    rank: int | None
    figure: PartFigure


@dataclass(frozen=True)
class YearOnYear:
    previous: PeriodSpan
    comparison: calculations.YearOnYear


# --- the scope --------------------------------------------------------------------------------


def figure_scope(
    *, actor: User, set_id: int, indicator_id: int, code: str, unit_id: int | None = None
) -> FigureScope:
    """The set, indicator, period and unit of a figure, or 404 (``NotFoundError``) when the
    reader may not see them; a malformed period code is a 400 saying what a code looks like.
    ``unit_id`` None: the set's collecting unit."""
    indicator_set = selectors.set_get_visible(actor=actor, set_id=set_id)
    indicator = indicator_set.indicators.filter(pk=indicator_id).select_related("owner_unit").first()
    if indicator is None:
        raise NotFoundError()
    span = parse_code(code)
    hierarchy = hierarchy_on(indicator_set, span.ends_on)
    wanted = unit_id if unit_id is not None else indicator_set.collecting_unit_id
    unit = OrgUnit.objects.filter(pk=wanted).first()
    if unit is None or not hierarchy.includes(unit.pk):
        raise NotFoundError()
    if not selectors.reads_unit_in_set(actor, indicator_set, unit, span.ends_on):
        raise NotFoundError()
    return FigureScope(
        indicator_set=indicator_set,
        indicator=indicator,
        span=span,
        period=Period.objects.filter(code=span.code).first(),
        unit=unit,
        hierarchy=hierarchy,
    )


# --- values and targets of many units in two queries -------------------------------------------


def _actuals(scope: FigureScope, unit_ids: list[int]) -> dict[int, Actual]:
    if scope.period is None or not unit_ids:
        return {}
    rows = Actual.objects.filter(
        indicator=scope.indicator,
        period=scope.period,
        option__isnull=True,
        unit_id__in=unit_ids,
        submission__indicator_set=scope.indicator_set,
    ).select_related("submission")
    return {row.unit_id: row for row in rows}


def _targets(scope: FigureScope, unit_ids: list[int]) -> dict[int, Target]:
    """Each unit's target of the shortest period containing the span (``measurement``)."""
    rows = (
        Target.objects.filter(
            indicator=scope.indicator,
            unit_id__in=unit_ids,
            period__starts_on__lte=scope.span.starts_on,
            period__ends_on__gte=scope.span.ends_on,
        )
        .select_related("period")
        .order_by("unit_id", "-period__starts_on", "period__ends_on", "id")
    )
    found: dict[int, Target] = {}
    for row in rows:
        found.setdefault(row.unit_id, row)
    return found


def _achievement(scope: FigureScope, actual: Decimal | None, target: Decimal | None) -> Decimal | None:
    return calculations.achievement(actual=actual, target=target, direction=scope.indicator.direction)


def _is_ratio(indicator: Indicator) -> bool:
    return indicator.kind == IndicatorKind.RATIO


# --- the figures ------------------------------------------------------------------------------


def unit_figure(scope: FigureScope) -> UnitFigure:
    """The unit's own actual against its own target."""
    return unit_figures(scope, [scope.unit])[0]


def sum_plan(scope: FigureScope) -> figure_sums.SumPlan | None:
    """The set's periods whose values make the scope's figure (None: its own period's values);
    asked once per scope."""
    if "plan" not in scope._plan:
        scope._plan["plan"] = figure_sums.plan_for(scope)
    plan: figure_sums.SumPlan | None = scope._plan["plan"]
    return plan


def unit_figures(scope: FigureScope, units: list[OrgUnit]) -> list[UnitFigure]:
    """Each unit's own actual against its own target, in the order given, in two queries (the
    indicator page's table by unit). The caller has checked the reader reads each unit."""
    ids = [unit.pk for unit in units]
    plan = sum_plan(scope)
    if plan is not None:
        return _summed_units(scope, plan, units)
    actuals, targets = _actuals(scope, ids), _targets(scope, ids)
    found: list[UnitFigure] = []
    for unit in units:
        actual, target = actuals.get(unit.pk), targets.get(unit.pk)
        value = actual.value if actual is not None else None
        found.append(
            UnitFigure(
                unit=unit,
                actual=value,
                numerator=actual.numerator if actual is not None else None,
                denominator=actual.denominator if actual is not None else None,
                target=target.value if target is not None else None,
                target_period=target.period if target is not None else None,
                achievement=_achievement(scope, value, target.value if target is not None else None),
                state=actual.submission.state if actual is not None else None,
            )
        )
    return found


def _summed_units(scope: FigureScope, plan: figure_sums.SumPlan, units: list[OrgUnit]) -> list[UnitFigure]:
    ids = [unit.pk for unit in units]
    sums, targets = figure_sums.unit_sums(scope, plan, ids), _targets(scope, ids)
    indicator = scope.indicator
    found: list[UnitFigure] = []
    for unit in units:
        summed, target = sums.get(unit.pk), targets.get(unit.pk)
        value = summed.value if summed is not None else None
        if summed is not None and _is_ratio(indicator):
            value = calculations.ratio_value(
                numerator=summed.numerator,
                denominator=summed.denominator,
                factor=indicator.factor,
                places=max(indicator.decimals, 2),
            )
        found.append(
            UnitFigure(
                unit=unit,
                actual=value,
                numerator=summed.numerator if summed is not None else None,
                denominator=summed.denominator if summed is not None else None,
                target=target.value if target is not None else None,
                target_period=target.period if target is not None else None,
                achievement=_achievement(scope, value, target.value if target is not None else None),
                state=summed.state if summed is not None else None,
            )
        )
    return found


def _summed_parts(
    scope: FigureScope, plan: figure_sums.SumPlan, roots: list[OrgUnit]
) -> dict[int, PartFigure]:
    """The parts rooted at ``roots`` over the plan's months: every part's leaves summed in one
    statement (``figure_sums.part_sums``), each root's own target read beside it."""
    indicator = scope.indicator
    leaves = {root.pk: _leaves(scope.hierarchy, root.pk) for root in roots}
    sums = figure_sums.part_sums(scope, plan, leaves)
    # Each root's own target comes with its sums; read apart only for a part without them.
    without = [root.pk for root in roots if root.pk not in sums]
    apart = _targets(scope, without) if without else {}
    found: dict[int, PartFigure] = {}
    for root in roots:
        count = len(leaves[root.pk])
        summed = sums.get(root.pk)
        own = apart.get(root.pk)
        own_target = summed.own_target if summed is not None else own.value if own is not None else None
        with_value = summed.with_value if summed is not None else 0
        if _is_ratio(indicator):
            numerator = summed.numerator if summed is not None else None
            denominator = summed.denominator if summed is not None else None
            tally = calculations.Tally(numerator, denominator, count, count - with_value, count - with_value)
            value = calculations.ratio_value(
                numerator=numerator,
                denominator=denominator,
                factor=indicator.factor,
                places=max(indicator.decimals, 2),
            )
            achievement = _achievement(scope, value, own_target)
        else:
            with_target = summed.with_target if summed is not None else 0
            tally = calculations.Tally(
                summed.value if summed is not None else None,
                summed.target if summed is not None else None,
                count,
                count - with_value,
                count - with_target,
            )
            value = tally.numerator
            achievement = tally.achievement(direction=indicator.direction)
        found[root.pk] = PartFigure(
            unit=root,
            tally=tally,
            value=value,
            achievement=achievement,
            own_target=own_target,
            achievement_of_own_target=_achievement(scope, value, own_target),
            leaves=leaves[root.pk],
            awaiting=summed.awaiting if summed is not None else 0,
        )
    return found


def _leaves(hierarchy: Hierarchy, unit_id: int) -> list[int]:
    return hierarchy.leaves(unit_id)


def _sum(indicator: Indicator, tallies: list[calculations.Tally]) -> calculations.Tally:
    """The leaves' sum; one unit's figure is no sum, so a score of one unit is read as it is."""
    if len(tallies) == 1:
        return tallies[0]
    return calculations.rollup(tallies, aggregation=indicator.aggregation)


def _part(
    scope: FigureScope,
    root: OrgUnit,
    units: dict[int, OrgUnit],
    actuals: dict[int, Actual],
    targets: dict[int, Target],
) -> PartFigure:
    indicator = scope.indicator
    leaves = _leaves(scope.hierarchy, root.pk)
    own = targets.get(root.pk)
    own_target = own.value if own is not None else None
    if _is_ratio(indicator):
        tally = _sum(
            indicator,
            [
                calculations.tally(
                    actuals[pk].numerator if pk in actuals else None,
                    actuals[pk].denominator if pk in actuals else None,
                )
                for pk in leaves
            ],
        )
        value = calculations.ratio_value(
            numerator=tally.numerator,
            denominator=tally.denominator,
            factor=indicator.factor,
            places=max(indicator.decimals, 2),
        )
        achievement = _achievement(scope, value, own_target)
    else:
        tally = _sum(
            indicator,
            [
                calculations.tally(
                    actuals[pk].value if pk in actuals else None,
                    targets[pk].value if pk in targets else None,
                )
                for pk in leaves
            ],
        )
        value = tally.numerator
        achievement = tally.achievement(direction=indicator.direction)
    return PartFigure(
        unit=root,
        tally=tally,
        value=value,
        achievement=achievement,
        own_target=own_target,
        achievement_of_own_target=_achievement(scope, value, own_target),
        leaves=leaves,
        awaiting=sum(1 for pk in leaves if pk in actuals and not actuals[pk].submission.locked),
    )


def _units(ids: list[int]) -> dict[int, OrgUnit]:
    return {unit.pk: unit for unit in OrgUnit.objects.filter(pk__in=ids)}


def part_figure(scope: FigureScope) -> PartFigure:
    """The roll-up over the unit and every unit below it in the set (``NotSummableError`` for an
    indicator that is not summed)."""
    plan = sum_plan(scope)
    if plan is not None:
        return _summed_parts(scope, plan, [scope.unit])[scope.unit.pk]
    ids = [scope.unit.pk, *scope.hierarchy.descendants(scope.unit.pk)]
    units = _units(ids)
    units[scope.unit.pk] = scope.unit
    return _part(scope, scope.unit, units, _actuals(scope, ids), _targets(scope, ids))


def league(scope: FigureScope) -> list[LeagueEntry]:
    """The units reporting directly to the unit, each with the roll-up of its own part, ranked
    by achievement (best first; ties share a rank; units without an achievement last, unranked;
    equal units in the order of the tree). An indicator that is not summed ranks each unit's own
    figure."""
    return ranked(scope, scope.hierarchy.children(scope.unit.pk))


def ranked(scope: FigureScope, roots: list[int]) -> list[LeagueEntry]:
    """``league``'s ranking of the parts rooted at ``roots`` (units of the scope's hierarchy the
    reader reads): the indicator page ranks a reader's own units with it when they are not below
    one unit. Over a longer period summed from the set's own (``sum_plan``), every part in one
    statement."""
    plan = sum_plan(scope)
    if plan is not None:
        tops = _units(roots)
        summed = _summed_parts(scope, plan, [tops[pk] for pk in roots])
        return _ranking([(pk, summed[pk]) for pk in roots])
    ids = [pk for root in roots for pk in (root, *scope.hierarchy.descendants(root))]
    units, actuals, targets = _units(ids), _actuals(scope, ids), _targets(scope, ids)
    parts: list[tuple[int, PartFigure]] = []
    for child in roots:
        child_scope = replace(scope, unit=units[child])
        if scope.indicator.aggregation == calculations.Aggregation.SUM:
            part = _part(child_scope, units[child], units, actuals, targets)
        else:
            own_hierarchy = Hierarchy(scope.hierarchy.set_id, child, {}, {child: units[child].path})
            part = _part(replace(child_scope, hierarchy=own_hierarchy), units[child], units, actuals, targets)
        parts.append((child, part))
    return _ranking(parts)


def _ranking(parts: list[tuple[int, PartFigure]]) -> list[LeagueEntry]:
    by_unit = dict(parts)
    # Each part's achievement is already direction-aware (target / actual when lower is better):
    # ranked as achievement / 100, so larger is better for every indicator.
    scored = [(pk, calculations.tally(part.achievement, Decimal(100))) for pk, part in parts]
    table = calculations.league_table(scored)
    return [LeagueEntry(rank=row.rank, figure=by_unit[row.unit]) for row in table]


def compare_years(scope: FigureScope, current: Decimal | None, previous: Decimal | None) -> YearOnYear:
    """This period's value against the same period of the year before."""
    return YearOnYear(
        previous=previous_year(scope.span),
        comparison=calculations.year_on_year(current=current, previous=previous),
    )
