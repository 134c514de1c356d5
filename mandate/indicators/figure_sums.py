"""Figures of a longer period summed from a set's own periods (issue 11, item 14; ADR 0035,
"Longer periods").

A monthly set is asked for a quarter, "9 tháng đầu năm" (``2024-C09``) or a year: nobody entered
a value for exactly that period, but its months are there. When the set's periods of its own kind
tile the asked period exactly (every day covered, none sticking out) and no value was entered
for exactly the asked period, a figure is read from those months, by the indicator's rule:

* a **number summed** (``aggregation`` sum): the months' values summed;
* a **ratio** (numerator and denominator kept): the months' numerators and denominators summed,
  the ratio recomputed from them — never a sum, nor an average, of the monthly percentages;
* an indicator **not summed** (a score, a rank): no figure, and ``note`` says why
  (``not_summed_over_time``). The model declares no stock ("last value") aggregation, so none is
  guessed: a stock would have to be declared first.

A unit has a figure for the longer period only when it has a value for **every** month of it: a
sum over the months it happened to enter would understate the period without saying so. Its
state is the least advanced of its months' states (returned, draft, submitted, approved,
accepted): "accepted" only when every month is.

Why in SQL: a country's roll-up over 9 months reads about 30,000 values; they are summed by the
database, per unit then per part, in one statement (``part_sums``), never loaded into Python.
The values are those stored now, whatever their submission's state, as every figure of
``figures`` (``state`` and ``awaiting`` say how far each got).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection

from mandate.core.models import Period
from mandate.indicators.enums import Aggregation, IndicatorKind, SubmissionState
from mandate.indicators.models import Actual, IndicatorSetItem
from mandate.indicators.models.catalogue import AMOUNT

if TYPE_CHECKING:
    from mandate.indicators.figures import FigureScope

__all__ = ["NOT_SUMMED_OVER_TIME", "PartSum", "SumPlan", "UnitSum", "part_sums", "plan_for", "unit_sums"]

NOT_SUMMED_OVER_TIME = "not_summed_over_time"
# From the furthest from accepted to accepted: a summed figure is as far as its least advanced month.
_PROGRESS = (
    SubmissionState.RETURNED,
    SubmissionState.DRAFT,
    SubmissionState.SUBMITTED,
    SubmissionState.APPROVED,
    SubmissionState.ACCEPTED,
)
_PLACES = Decimal(1).scaleb(-int(AMOUNT["decimal_places"]))


@dataclass(frozen=True)
class SumPlan:
    """The set's periods whose values make the asked period's figure; ``note`` is set (and nothing
    is summed) when the indicator is not summed over time."""

    periods: tuple[Period, ...]
    note: str | None = None
    shared: bool = True  # the indicator is in another set too: its values are checked to be this set's

    @property
    def ids(self) -> list[int]:
        return [period.pk for period in self.periods]

    @property
    def codes(self) -> list[str]:
        return [period.code for period in self.periods]


@dataclass(frozen=True)
class UnitSum:
    """One unit's values over every month of the plan: ``value`` a number's sum, ``numerator`` and
    ``denominator`` a ratio's sums; ``state`` the least advanced of the months'."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    state: str


@dataclass(frozen=True)
class PartSum:
    """A part's leaves summed: ``value``, ``numerator`` and ``denominator`` over the leaves with a
    value for every month (``with_value`` of them), ``target`` over those with a target
    (``with_target``); ``awaiting`` leaves with a month not accepted; ``leaves`` in all;
    ``own_target`` the part's root's own target (of the same period as the leaves')."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    with_value: int
    awaiting: int
    target: Decimal | None
    with_target: int
    leaves: int
    own_target: Decimal | None = None


def _tiles(periods: Sequence[Period], starts_on: dt.date, ends_on: dt.date) -> bool:
    day = starts_on
    for period in periods:
        if period.starts_on != day:
            return False
        day = period.ends_on + dt.timedelta(days=1)
    return bool(periods) and day == ends_on + dt.timedelta(days=1)


def plan_for(scope: FigureScope) -> SumPlan | None:
    """The periods to sum for the scope's period, or None: the period is one of the set's own, a
    value was entered for exactly it, or the set's periods do not tile it (then nothing is read
    but the exact period's values, as before)."""
    indicator_set, span = scope.indicator_set, scope.span
    if span.kind == indicator_set.period_kind:
        return None
    if (
        scope.period is not None
        and Actual.objects.filter(
            indicator=scope.indicator,
            period=scope.period,
            option__isnull=True,
            submission__indicator_set=indicator_set,
        ).exists()
    ):
        return None
    periods = tuple(
        Period.objects.filter(
            kind=indicator_set.period_kind,
            basis=span.basis,
            starts_on__gte=span.starts_on,
            ends_on__lte=span.ends_on,
        ).order_by("starts_on", "ends_on")
    )
    if not _tiles(periods, span.starts_on, span.ends_on):
        return None
    if scope.indicator.aggregation == Aggregation.NONE:
        return SumPlan(periods, note=NOT_SUMMED_OVER_TIME)
    # Whether another set holds the indicator: the same for the year before (``memo`` is carried
    # to the scope's other periods), so asked once a request.
    if "shared" not in scope.memo:
        scope.memo["shared"] = (
            IndicatorSetItem.objects.filter(indicator=scope.indicator)
            .exclude(indicator_set=indicator_set)
            .exists()
        )
    return SumPlan(periods, shared=bool(scope.memo["shared"]))


def _decimal(value: Any) -> Decimal | None:
    """A sum as the database gives it: exact from PostgreSQL; SQLite (the tests) sums in floating
    point, so its sum is brought back to the amounts' four decimals."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(_PLACES)


def _array(ids: Sequence[int]) -> str:
    """An array of ids as PostgreSQL's text form ("{1,2,3}"), cast in the SQL: written by
    ``str.join`` it costs nothing, where the driver's own list adaptation costs ~3 ms per 3,000."""
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


def _ids(column: str, ids: Iterable[int]) -> tuple[str, list[Any]]:
    """``column`` among ``ids``: one array parameter on PostgreSQL (one plan whatever the count),
    a list of parameters elsewhere."""
    found = list(ids)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [_array(found)]
    if not found:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(found))})", found


def _values_from_actuals(
    scope: FigureScope, plan: SumPlan, unit_ids: Sequence[int] | None
) -> tuple[str, list[Any]]:
    """Each unit's sums over the plan's months, as a query ``(unit_id, v, n, d, k, open)``: from
    ``actual_total_sums_idx`` alone, grouped by unit. ``open`` counts the months whose submission
    is not accepted, joined only to those (``submission_open_idx``: few, most values end accepted).
    An actual's indicator is in its submission's set (``actuals_enter`` checks it, and a set never
    loses an indicator), so when no other set has the indicator every value of it is this set's
    and the set is not checked row by row; otherwise it is. The reference the running sums are
    checked against (ADR 0049), and the path of a plan they cannot answer. ``unit_ids`` None:
    every unit."""
    units, unit_params = ("TRUE", list[Any]()) if unit_ids is None else _ids("a.unit_id", unit_ids)
    months, month_params = _ids("a.period_id", plan.ids)
    open_months, open_params = _ids("o.period_id", plan.ids)
    ratio = scope.indicator.kind == IndicatorKind.RATIO
    sums = (
        "CAST(NULL AS NUMERIC), SUM(a.numerator), SUM(a.denominator)"
        if ratio
        else "SUM(a.value), CAST(NULL AS NUMERIC), CAST(NULL AS NUMERIC)"
    )
    in_set, set_params = "", list[Any]()
    if plan.shared:
        set_months, set_params = _ids("s.period_id", plan.ids)
        in_set = "AND a.submission_id IN (SELECT s.id FROM indicators_submission s "
        in_set += f"WHERE s.indicator_set_id = %s AND {set_months})"
        set_params = [scope.indicator_set.pk, *set_params]
    query = f"""
        SELECT a.unit_id, {sums}, COUNT(*), COUNT(o.id)
        FROM indicators_actual a
        LEFT JOIN indicators_submission o ON o.id = a.submission_id AND o.indicator_set_id = %s
             AND {open_months} AND o.state <> %s
        WHERE a.indicator_id = %s AND a.option_id IS NULL AND {months} AND {units} {in_set}
        GROUP BY a.unit_id
    """  # noqa: S608  (the fragments are fixed text; every value is a parameter)
    params = [
        scope.indicator_set.pk,
        *open_params,
        SubmissionState.ACCEPTED.value,
        scope.indicator.pk,
        *month_params,
        *unit_params,
        *set_params,
    ]
    return query, params


def answered_by_sums(plan: SumPlan) -> bool:
    """Whether the running sums (``ActualSum``, ADR 0049) give the plan's figure exactly: its
    periods lie in one year (a sum across two years is read from the values, as before)."""
    periods = plan.periods
    return bool(periods) and periods[0].year == periods[-1].year


def _values_from_sums(
    scope: FigureScope, plan: SumPlan, unit_ids: Sequence[int] | None
) -> tuple[str, list[Any]]:
    """As ``_values_from_actuals``, from the running sums: the plan's last period's row of each
    unit, less what its year held before the plan's first period (that period's row, when it is
    not the first of its year). A unit has every month when it has both rows and the months
    counted between them are the plan's. ``open`` counts the months of a value whose submission
    is not accepted (few: ``submission_open_idx``), counted per unit apart and joined (full: a
    unit with an open month but not every month is still awaited). One row a unit from the
    unique index: not regrouped (a ``UNION ALL`` grouped again cost ~3 ms a year for the
    country's 3,476 units, a third of the statement; ``docs/performance.md``)."""
    first, last = plan.periods[0], plan.periods[-1]
    ratio = scope.indicator.kind == IndicatorKind.RATIO
    starts_year = first.number in (None, 1)
    units, unit_params = ("TRUE", list[Any]()) if unit_ids is None else _ids("x.unit_id", unit_ids)
    open_units, open_params = ("TRUE", list[Any]()) if unit_ids is None else _ids("y.unit_id", unit_ids)
    months, month_params = _ids("o.period_id", plan.ids)
    if starts_year:
        before, join, join_params = "0", "", list[Any]()
        less = dict.fromkeys(("value", "numerator", "denominator"), "")
    else:
        before = "(f.months_to_date - 1)"
        join = "JOIN indicators_actualsum f ON f.indicator_set_id = x.indicator_set_id "
        join += "AND f.indicator_id = x.indicator_id AND f.period_id = %s AND f.unit_id = x.unit_id"
        join_params = [first.pk]
        less = {
            column: f" - (f.{column}_to_date - f.{column})"
            for column in ("value", "numerator", "denominator")
        }
    if ratio:
        sums = f"CAST(NULL AS NUMERIC) AS v, x.numerator_to_date{less['numerator']} AS n, "
        sums += f"x.denominator_to_date{less['denominator']} AS d"
    else:
        sums = f"x.value_to_date{less['value']} AS v, CAST(NULL AS NUMERIC) AS n, CAST(NULL AS NUMERIC) AS d"
    query = f"""
        SELECT COALESCE(s.unit_id, w.unit_id), s.v, s.n, s.d, COALESCE(s.k, 0), COALESCE(w.c, 0) FROM (
            SELECT x.unit_id AS unit_id, {sums}, x.months_to_date - {before} AS k
            FROM indicators_actualsum x {join}
            WHERE x.indicator_set_id = %s AND x.indicator_id = %s AND x.period_id = %s AND {units}
        ) s FULL JOIN (
            SELECT y.unit_id AS unit_id, COUNT(*) AS c
            FROM indicators_submission o JOIN indicators_actualsum y
                ON y.indicator_set_id = o.indicator_set_id AND y.indicator_id = %s
                AND y.period_id = o.period_id AND y.unit_id = o.unit_id
            WHERE o.indicator_set_id = %s AND {months} AND o.state <> %s AND {open_units}
            GROUP BY y.unit_id
        ) w ON w.unit_id = s.unit_id
    """  # noqa: S608  (the fragments are fixed text; every value is a parameter)
    params = [
        *join_params,
        scope.indicator_set.pk,
        scope.indicator.pk,
        last.pk,
        *unit_params,
        scope.indicator.pk,
        scope.indicator_set.pk,
        *month_params,
        SubmissionState.ACCEPTED.value,
        *open_params,
    ]
    return query, params


def _values(
    scope: FigureScope, plan: SumPlan, unit_ids: Sequence[int] | None, *, from_actuals: bool
) -> tuple[str, list[Any]]:
    """Each unit's sums over the plan's months as ``(unit_id, v, n, d, k, open)``: from the
    running sums when they answer the plan, else (or asked: the tests' reference) the values."""
    if from_actuals or not answered_by_sums(plan):
        return _values_from_actuals(scope, plan, unit_ids)
    return _values_from_sums(scope, plan, unit_ids)


def unit_sums(
    scope: FigureScope, plan: SumPlan, unit_ids: Sequence[int], *, from_actuals: bool = False
) -> dict[int, UnitSum]:
    """Each unit's sums over the plan's months, for the units that have a value for every one of
    them, in one grouped query; the state of the months not accepted in a second (a few rows)."""
    if plan.note is not None or not unit_ids:
        return {}
    query, params = _values(scope, plan, unit_ids, from_actuals=from_actuals)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        complete = {row[0]: row for row in cursor.fetchall() if row[4] == len(plan.periods)}
        states: dict[int, set[str]] = {}
        if any(row[5] for row in complete.values()):
            submissions, submission_params = _ids("unit_id", list(complete))
            months, month_params = _ids("period_id", plan.ids)
            cursor.execute(
                f"SELECT unit_id, state FROM indicators_submission WHERE indicator_set_id = %s AND {months} "  # noqa: S608
                f"AND {submissions}",
                [scope.indicator_set.pk, *month_params, *submission_params],
            )
            for unit_id, state in cursor.fetchall():
                states.setdefault(unit_id, set()).add(state)
    found: dict[int, UnitSum] = {}
    for unit_id, (_unit, value, numerator, denominator, _count, still_open) in complete.items():
        months_states = states.get(unit_id, set()) if still_open else {SubmissionState.ACCEPTED.value}
        found[unit_id] = UnitSum(
            value=_decimal(value),
            numerator=_decimal(numerator),
            denominator=_decimal(denominator),
            state=next(str(s) for s in _PROGRESS if s in months_states),
        )
    return found


def _pairs(scope: FigureScope, leaves: dict[int, list[int]]) -> tuple[str, list[Any]]:
    """The (leaf, part) pairs as a relation ``m(unit_id, root_id)``; one part's leaves as one array
    beside its root (the country's 3,440 leaves sent once, not with as many copies of the root),
    its text written once per hierarchy (shared by a process's requests: ``hierarchy``)."""
    if connection.vendor == "postgresql" and len(leaves) == 1:
        [(root, found)] = leaves.items()
        text = scope.hierarchy.remembered(("ids", tuple(found)), lambda: _array(found))
        return "SELECT unnest(%s::bigint[]) AS unit_id, CAST(%s AS bigint) AS root_id", [text, root]
    units = [leaf for root in leaves for leaf in leaves[root]]
    roots = [root for root in leaves for _leaf in leaves[root]]
    if connection.vendor == "postgresql":
        return "SELECT * FROM unnest(%s::bigint[], %s::bigint[]) AS p(unit_id, root_id)", [
            _array(units),
            _array(roots),
        ]
    values = ", ".join(["(%s, %s)"] * len(units))
    pairs = [value for pair in zip(units, roots, strict=True) for value in pair]
    return f"SELECT column1 AS unit_id, column2 AS root_id FROM (VALUES {values})", pairs  # noqa: S608


def _targets(scope: FigureScope, in_part: str) -> tuple[str, list[Any], str, list[Any]]:
    """Each unit's target of the shortest period containing the span (``figures._targets``) as a
    query ``(unit_id, value)``, and a part's root's own as an expression of ``m.root_id``. Mostly
    one period contains the span (the year): a unit has at most one target of it
    (``target_one_per_unit_period``), so nothing is ranked and the root's own is read from that
    index; the query, named once, is then planned into the join rather than materialised. Ranking
    the country's 3,476 targets (sorted, in a window) and materialising them for the root's own
    cost ~3 ms a year (``docs/performance.md``, "The running sums")."""
    span = scope.span
    with connection.cursor() as cursor:  # a lookup of a few rows: not worth the ORM's ~0.5 ms
        query = "SELECT id FROM core_period WHERE starts_on <= %s AND ends_on >= %s"
        cursor.execute(query, [span.starts_on, span.ends_on])
        containing = [row[0] for row in cursor.fetchall()]
    if len(containing) == 1:
        query = "SELECT t.unit_id, t.value FROM indicators_target t "
        query += f"WHERE t.indicator_id = %s AND t.period_id = %s AND {in_part}"
        own = "(SELECT own.value FROM indicators_target own WHERE own.indicator_id = %s "
        own += "AND own.period_id = %s AND own.unit_id = m.root_id)"
        pair = [scope.indicator.pk, containing[0]]
        return query, pair, own, pair
    query = f"""
        SELECT unit_id, value FROM (
            SELECT t.unit_id, t.value, ROW_NUMBER() OVER (
                PARTITION BY t.unit_id ORDER BY p.starts_on DESC, p.ends_on, t.id) AS r
            FROM indicators_target t JOIN core_period p ON p.id = t.period_id
            WHERE t.indicator_id = %s AND p.starts_on <= %s AND p.ends_on >= %s AND {in_part}
        ) ranked WHERE r = 1
    """  # noqa: S608  (the fragments are fixed text; every value is a parameter)
    own = "(SELECT own.value FROM t own WHERE own.unit_id = m.root_id)"
    return query, [scope.indicator.pk, span.starts_on, span.ends_on], own, []


def part_sums(
    scope: FigureScope, plan: SumPlan, leaves: dict[int, list[int]], *, from_actuals: bool = False
) -> dict[int, PartSum]:
    """For each part (its root: its leaves), the leaves' sums over the plan's months and their
    targets (each leaf's of the shortest period containing the span, as ``figures._targets``):
    one statement for every part, summed per leaf then per part by the database. Each root's own
    target is read by the same statement (the roll-up API asked it apart, twice a request)."""
    if plan.note is not None or not any(leaves.values()):
        return {}
    pairs, pair_params = _pairs(scope, leaves)
    # A part of most of the hierarchy (the country) is summed over every unit, then its leaves
    # kept: cheaper than checking each of ~31,000 values against ~3,400 leaves. A small part is
    # read through the index by its leaves.
    unit_ids: list[int] | None
    if sum(len(found) for found in leaves.values()) * 4 > len(scope.hierarchy.parent_of):
        unit_ids, in_part, root_params = None, "TRUE", list[Any]()
    else:
        unit_ids = [leaf for found in leaves.values() for leaf in found]
        roots, root_params = _ids("t.unit_id", list(leaves))
        in_part = f"(t.unit_id IN (SELECT unit_id FROM m) OR {roots})"  # noqa: S608  (fixed text)
    values, value_params = _values(scope, plan, unit_ids, from_actuals=from_actuals)
    targets, target_params, own, own_params = _targets(scope, in_part)
    query = f"""
        WITH m AS ({pairs}),
        a(unit_id, v, n, d, k, open) AS ({values}),
        t AS ({targets})
        SELECT m.root_id,
               SUM(CASE WHEN a.k = %s THEN a.v END), SUM(CASE WHEN a.k = %s THEN a.n END),
               SUM(CASE WHEN a.k = %s THEN a.d END), COUNT(CASE WHEN a.k = %s THEN 1 END),
               COUNT(CASE WHEN a.open > 0 THEN 1 END), SUM(t.value), COUNT(t.value), COUNT(*),
               {own}
        FROM m LEFT JOIN a ON a.unit_id = m.unit_id LEFT JOIN t ON t.unit_id = m.unit_id
        GROUP BY m.root_id
    """  # noqa: S608  (the fragments are fixed text; every value is a parameter)
    complete = len(plan.periods)
    params = [
        *pair_params,
        *value_params,
        *target_params,
        *root_params,
        complete,
        complete,
        complete,
        complete,
        *own_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    ratio = scope.indicator.kind == IndicatorKind.RATIO
    found: dict[int, PartSum] = {}
    for root, value, numerator, denominator, with_value, awaiting, target, with_target, count, own in rows:
        found[int(root)] = PartSum(
            value=None if ratio else _decimal(value),
            numerator=_decimal(numerator) if ratio else None,
            denominator=_decimal(denominator) if ratio else None,
            with_value=int(with_value),
            awaiting=int(awaiting),
            target=_decimal(target),
            with_target=int(with_target),
            leaves=int(count),
            own_target=_decimal(own),
        )
    return found
