"""The running sums of each unit's values within the year (ADR 0049): after any sequence of
entries, corrections, refused writes and approval steps through the services, the table equals its
recomputation from ``Actual``, and every summed figure read from it equals the one summed from the
values (``from_actuals=True``, the computation before the table, kept as the reference)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.core import periods
from mandate.core.enums import PeriodKind
from mandate.core.exceptions import ApplicationError
from mandate.indicators import actual_sums, figure_sums, figures
from mandate.indicators.enums import Measure
from mandate.indicators.models import ActualSum
from mandate.indicators.tests.factories import enter, make_indicator, make_set, move, submission_of

pytestmark = pytest.mark.django_db

PLACES = Decimal("0.0001")
# Whole years, a quarter and a half within one (the second read from two rows), nine months, a
# month (no plan: its own values) and a range across two years (read from the values: ADR 0049).
CODES = ("2024-C09", "2024-Q1", "2024-Q2", "2024-H2", "2024", "2023-Q4", "2024-M05", "R20231101-20240229")
MONTHS = [(2023, 11), (2023, 12), *((2024, number) for number in range(1, 13))]


@pytest.fixture
def sets(cast: Any) -> SimpleNamespace:
    """Two monthly sets collected by culture sharing a number (``shows``; a value is one set's),
    the first with a ratio too: district_state and info report to culture in the first,
    district_state in the second."""
    w = SimpleNamespace()
    monthly: dict[str, Any] = {"period_kind": PeriodKind.MONTH}
    w.shows = make_indicator(
        cast.culture, "RS-CHIEU", name="Số buổi chiếu", measure=Measure.SHOWS, decimals=2, **monthly
    )
    w.share = make_indicator(
        cast.culture,
        "RS-TL",
        name="Tỷ lệ hồ sơ đúng hạn",
        measure=Measure.PERCENT,
        kind="ratio",
        factor=Decimal(100),
        numerator_label="Hồ sơ đúng hạn",
        denominator_label="Tổng số hồ sơ",
        **monthly,
    )
    lines = [(cast.district_state, cast.culture), (cast.info, cast.culture)]
    start = dt.date(2023, 1, 1)
    w.first = make_set(
        cast.culture, [w.shows, w.share], code="RS-A", valid_from=start, lines=lines, **monthly
    )
    w.second = make_set(cast.culture, [w.shows], code="RS-B", valid_from=start, lines=lines[:1], **monthly)
    w.units = [cast.district_state, cast.info]
    w.months = [periods.month(y, m) for y, m in MONTHS]
    return w


amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
entries = st.tuples(
    st.just("enter"),
    st.sampled_from(["first", "second"]),
    st.integers(0, 1),  # the unit
    st.integers(0, len(MONTHS) - 1),
    st.booleans(),  # the ratio (first set only) or the number
    amounts,
    st.integers(0, 10**5),
    st.integers(1, 10**5),
)
steps = st.tuples(
    st.just("move"),
    st.integers(0, 1),
    st.integers(0, len(MONTHS) - 1),
    st.sampled_from(["submit", "accept", "return", "unlock"]),
)


def _apply(cast: Any, w: SimpleNamespace, op: tuple[Any, ...]) -> None:
    """One write through the services; a refused one (locked, awaiting approval, not in the set)
    is caught: it must leave the table as it was, which the recomputation checks."""
    try:
        with transaction.atomic():
            if op[0] == "enter":
                _, which, unit, month, ratio, value, numerator, denominator = op
                indicator_set = getattr(w, which)
                if ratio and which == "first":
                    enter(
                        indicator_set,
                        w.units[unit],
                        w.months[month],
                        {w.share: (str(numerator), str(denominator))},
                    )
                else:
                    enter(indicator_set, w.units[unit], w.months[month], {w.shows: value})
            else:
                _, unit, month, action = op
                submission = submission_of(w.first, w.units[unit], w.months[month])
                move(
                    submission,
                    action,
                    reason="Kiểm tra lại số liệu." if action in ("return", "unlock") else "",
                )
    except ApplicationError:
        pass
    except Exception as error:  # a submission not there yet (a step before any entry)
        if type(error).__name__ != "DoesNotExist":
            raise


def _table() -> dict[tuple[int, int, int, int], tuple[Decimal | int, ...]]:
    return {
        (row.indicator_set_id, row.indicator_id, row.unit_id, row.period_id): (
            *(Decimal(value).quantize(PLACES) for value in (row.value, row.numerator, row.denominator)),
            *(
                Decimal(v).quantize(PLACES)
                for v in (row.value_to_date, row.numerator_to_date, row.denominator_to_date)
            ),
            row.months_to_date,
        )
        for row in ActualSum.objects.all()
    }


def _reference() -> dict[tuple[int, int, int, int], tuple[Decimal | int, ...]]:
    return {
        key: (*(Decimal(value).quantize(PLACES) for value in found[:6]), found[6])
        for key, found in actual_sums.recomputed().items()
    }


def _check_figures(cast: Any, w: SimpleNamespace) -> int:
    """Every summed figure of both sets from the table and from the values; how many were read."""
    read = 0
    for indicator_set, indicators in ((w.first, [w.shows, w.share]), (w.second, [w.shows])):
        for indicator in indicators:
            for code in CODES:
                scope = figures.figure_scope(
                    actor=cast.dung, set_id=indicator_set.pk, indicator_id=indicator.pk, code=code
                )
                plan = figures.sum_plan(scope)
                if plan is None:
                    continue
                leaves = {cast.culture.pk: [unit.pk for unit in w.units], cast.info.pk: [cast.info.pk]}
                ids = [cast.culture.pk, *(unit.pk for unit in w.units)]
                assert figure_sums.part_sums(scope, plan, leaves) == figure_sums.part_sums(
                    scope, plan, leaves, from_actuals=True
                ), (indicator_set.code, indicator.code, code)
                assert figure_sums.unit_sums(scope, plan, ids) == figure_sums.unit_sums(
                    scope, plan, ids, from_actuals=True
                ), (indicator_set.code, indicator.code, code)
                read += 1
    return read


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.one_of(entries, entries, steps), min_size=1, max_size=30))
def test_the_running_sums_equal_their_recomputation_and_the_figures_are_unchanged(
    cast: Any, sets: SimpleNamespace, ops: list[tuple[Any, ...]]
):
    with transaction.atomic():
        for op in ops:
            _apply(cast, sets, op)
        table, reference = _table(), _reference()
        read = _check_figures(cast, sets)
        transaction.set_rollback(True)
    assert table == reference
    assert read > 0


def test_a_correction_before_later_months_carries_to_them_and_a_range_across_years_reads_the_values(
    cast: Any, sets: SimpleNamespace
):
    """Worked example: months 1, 2 and 3 of 2024 entered, then month 1 corrected: the rows of
    months 2 and 3 carry the difference; the first quarter is read from one row of the table, the
    range from November 2023 to February 2024 from the values, both equal to the values' sums."""
    jan, feb, mar = (periods.month(2024, number) for number in (1, 2, 3))
    for month, value in ((feb, "20"), (mar, "30"), (jan, "10")):  # January entered last
        enter(sets.first, cast.info, month, {sets.shows: value})
    enter(sets.first, cast.info, jan, {sets.shows: "15"})
    rows = {row.period_id: row for row in ActualSum.objects.filter(unit=cast.info, indicator=sets.shows)}
    assert [
        (rows[p.pk].value, rows[p.pk].value_to_date, rows[p.pk].months_to_date) for p in (jan, feb, mar)
    ] == [
        (Decimal("15"), Decimal("15"), 1),
        (Decimal("20"), Decimal("35"), 2),
        (Decimal("30"), Decimal("65"), 3),
    ]
    quarter = figures.figure_scope(
        actor=cast.dung, set_id=sets.first.pk, indicator_id=sets.shows.pk, code="2024-Q1"
    )
    plan = figures.sum_plan(quarter)
    assert plan is not None and figure_sums.answered_by_sums(plan)
    assert figure_sums.unit_sums(quarter, plan, [cast.info.pk])[cast.info.pk].value == Decimal("65")
    across = figures.figure_scope(
        actor=cast.dung, set_id=sets.first.pk, indicator_id=sets.shows.pk, code="R20231101-20240229"
    )
    plan = figures.sum_plan(across)
    assert plan is not None and not figure_sums.answered_by_sums(plan)


def test_rebuild_gives_what_the_writes_kept(cast: Any, sets: SimpleNamespace):
    """The migration's and the bench's set-based fill equals what the services wrote."""
    for number, value in ((3, "7.5"), (1, "2"), (2, "4.25")):
        enter(
            sets.first,
            cast.district_state,
            periods.month(2024, number),
            {sets.shows: value, sets.share: ("3", "4")},
        )
    enter(sets.second, cast.district_state, periods.month(2024, 4), {sets.shows: "9"})
    kept = _table()
    actual_sums.rebuild()
    assert _table() == kept == _reference()
    assert len(kept) == 7
