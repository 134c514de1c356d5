"""Keeping ``ActualSum`` (each unit's running sums within the year) true to ``Actual`` (ADR 0049).

Every value is written by ``services.actuals.actuals_enter`` (the form, the API, the sheet import,
the demo, the factories): it calls ``record`` with what each total was and what it is now, in its
transaction, after writing the values. ``record`` carries the difference to the unit's later
periods of the year and writes the period's own row, in at most three statements whatever the
number of values (a unit's 60 values of a month, an import unit by unit). ``rebuild`` recomputes
the whole table from ``Actual`` in one set-based statement (the migration, the bench's generator,
which writes values in SQL); ``recomputed`` is the same sums in Python, the tests' reference.

Only the totals of a set's own kind of period are kept (a monthly set's months): those are the
periods a longer period is summed from (``figure_sums``). A cumulative value entered "as of" a day
is not one of them. Two writers of one unit's values in one set (two months entered at once) are
serialised by a transaction lock: each reads the sums the other wrote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

from mandate.core.locks import lock_for_transaction
from mandate.core.models import Period
from mandate.indicators.models import Actual, ActualSum, IndicatorSet
from mandate.organisations.models import OrgUnit

__all__ = ["REBUILD_SQL", "Figures", "SumChange", "rebuild", "recomputed", "record"]

ZERO = Decimal(0)
_TABLE = ActualSum._meta.db_table

# The whole table from the stored totals: each unit's values of a year in order, summed so far.
REBUILD_SQL = f"""
    INSERT INTO {_TABLE} (indicator_set_id, indicator_id, unit_id, period_id, basis, year, starts_on,
        value, numerator, denominator, value_to_date, numerator_to_date, denominator_to_date,
        months_to_date)
    SELECT s.indicator_set_id, a.indicator_id, a.unit_id, a.period_id, p.basis, p.year, p.starts_on,
        a.value, COALESCE(a.numerator, 0), COALESCE(a.denominator, 0),
        SUM(a.value) OVER w, SUM(COALESCE(a.numerator, 0)) OVER w, SUM(COALESCE(a.denominator, 0)) OVER w,
        COUNT(*) OVER w
    FROM indicators_actual a
    JOIN indicators_submission s ON s.id = a.submission_id
    JOIN indicators_indicatorset t ON t.id = s.indicator_set_id
    JOIN core_period p ON p.id = a.period_id
    WHERE a.option_id IS NULL AND p.kind = t.period_kind
    WINDOW w AS (PARTITION BY s.indicator_set_id, a.indicator_id, a.unit_id, p.basis, p.year
                 ORDER BY p.starts_on ROWS UNBOUNDED PRECEDING)
"""  # noqa: S608  (fixed text)

Figures = tuple[Decimal, Decimal, Decimal]  # value, numerator, denominator (0 for a number's)


@dataclass(frozen=True)
class SumChange:
    """One total written: ``before`` its figures until now (None: a new value), ``after`` now."""

    indicator_id: int
    before: Figures | None
    after: Figures


def figures_of(actual: Actual) -> Figures:
    return (actual.value, actual.numerator or ZERO, actual.denominator or ZERO)


def kept(indicator_set: IndicatorSet, period: Period) -> bool:
    """Whether the set's values of this period are kept in the table (its own kind of period)."""
    return bool(period.kind == indicator_set.period_kind)


_DELTA = "(%s, CAST(%s AS NUMERIC), CAST(%s AS NUMERIC), CAST(%s AS NUMERIC), CAST(%s AS NUMERIC), " \
    "CAST(%s AS NUMERIC), CAST(%s AS NUMERIC), %s)"  # fmt: skip


def record(
    *, indicator_set: IndicatorSet, unit: OrgUnit, period: Period, changes: Sequence[SumChange]
) -> None:
    """Carry the unit's changed totals of ``period`` into the table, in the caller's transaction."""
    changes = [change for change in changes if change.before != change.after]
    if not changes or not kept(indicator_set, period):
        return
    lock_for_transaction(f"indicators.actual_sums:{indicator_set.pk}:{unit.pk}")
    group = [indicator_set.pk, unit.pk, period.basis, period.year]
    params: list[Any] = []
    for change in changes:
        before = change.before or (ZERO, ZERO, ZERO)
        params += [change.indicator_id, *change.after]
        params += [after - was for after, was in zip(change.after, before, strict=True)]
        params.append(0 if change.before is not None else 1)
    rows = ", ".join([_DELTA] * len(changes))
    # The period's own row (a changed value's) takes the new figures; it and every later period of
    # the year take the difference. A new value's own row is inserted below, from the one before.
    update = f"""
        WITH d(indicator_id, v, n, q, dv, dn, dq, dk) AS (VALUES {rows})
        UPDATE {_TABLE} SET
            value = CASE WHEN {_TABLE}.period_id = %s THEN d.v ELSE {_TABLE}.value END,
            numerator = CASE WHEN {_TABLE}.period_id = %s THEN d.n ELSE {_TABLE}.numerator END,
            denominator = CASE WHEN {_TABLE}.period_id = %s THEN d.q ELSE {_TABLE}.denominator END,
            value_to_date = {_TABLE}.value_to_date + d.dv,
            numerator_to_date = {_TABLE}.numerator_to_date + d.dn,
            denominator_to_date = {_TABLE}.denominator_to_date + d.dq,
            months_to_date = {_TABLE}.months_to_date + d.dk
        FROM d
        WHERE {_TABLE}.indicator_set_id = %s AND {_TABLE}.unit_id = %s AND {_TABLE}.basis = %s
            AND {_TABLE}.year = %s AND {_TABLE}.indicator_id = d.indicator_id
            AND {_TABLE}.starts_on >= %s
    """  # noqa: S608  (the table's name and placeholders only; every value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(update, [*params, period.pk, period.pk, period.pk, *group, period.starts_on])
    new = [change for change in changes if change.before is None]
    if new:
        _insert(indicator_set, unit, period, new)


def _insert(indicator_set: IndicatorSet, unit: OrgUnit, period: Period, new: list[SumChange]) -> None:
    """The new values' own rows: each one's sums are the last earlier row's of its year, plus it."""
    earlier = ActualSum.objects.filter(
        indicator_set=indicator_set,
        unit=unit,
        basis=period.basis,
        year=period.year,
        indicator_id__in=[change.indicator_id for change in new],
        starts_on__lt=period.starts_on,
    ).order_by("starts_on")
    last = {row.indicator_id: row for row in earlier}
    rows: list[ActualSum] = []
    for change in new:
        value, numerator, denominator = change.after
        before = last.get(change.indicator_id)
        rows.append(
            ActualSum(
                indicator_set=indicator_set,
                indicator_id=change.indicator_id,
                unit=unit,
                period=period,
                basis=period.basis,
                year=period.year,
                starts_on=period.starts_on,
                value=value,
                numerator=numerator,
                denominator=denominator,
                value_to_date=value + (before.value_to_date if before else ZERO),
                numerator_to_date=numerator + (before.numerator_to_date if before else ZERO),
                denominator_to_date=denominator + (before.denominator_to_date if before else ZERO),
                months_to_date=1 + (before.months_to_date if before else 0),
            )
        )
    ActualSum.objects.bulk_create(rows)


def rebuild() -> None:
    """The table recomputed from every stored total (it is emptied first: derived data only)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_TABLE}")  # noqa: S608  (fixed text)
        cursor.execute(REBUILD_SQL)


def recomputed() -> dict[tuple[int, int, int, int], tuple[Any, ...]]:
    """What the table must hold, from ``Actual`` in Python (the tests' reference): per (set,
    indicator, unit, period) the own figures, the sums to date and the months counted."""
    totals = (
        Actual.objects.filter(option__isnull=True)
        .select_related("submission__indicator_set", "period")
        .order_by("period__starts_on")
    )
    running: dict[tuple[Any, ...], tuple[Decimal, Decimal, Decimal, int]] = {}
    found: dict[tuple[int, int, int, int], tuple[Any, ...]] = {}
    for actual in totals:
        indicator_set, period = actual.submission.indicator_set, actual.period
        if not kept(indicator_set, period):
            continue
        own = figures_of(actual)
        group = (indicator_set.pk, actual.indicator_id, actual.unit_id, period.basis, period.year)
        value, numerator, denominator, months = running.get(group, (ZERO, ZERO, ZERO, 0))
        total = (value + own[0], numerator + own[1], denominator + own[2], months + 1)
        running[group] = total
        found[(indicator_set.pk, actual.indicator_id, actual.unit_id, period.pk)] = (*own, *total)
    return found
