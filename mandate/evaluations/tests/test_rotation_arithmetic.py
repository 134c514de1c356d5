"""The time-in-post arithmetic (issue 14, item 5): calendar months, and the unbroken run of
positions that makes a tenure, tested over generated dates against what is counted by hand."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from mandate.evaluations.selectors_rotation import add_months, tenure_start, whole_months

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))


@given(day=days, months=st.integers(min_value=0, max_value=120))
def test_adding_months_moves_the_calendar_month_and_keeps_the_day_where_it_exists(
    day: dt.date, months: int
) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or (moved.day < day.day and (moved + dt.timedelta(days=1)).day == 1)


@given(start=days, months=st.integers(min_value=0, max_value=120))
def test_whole_months_counts_back_what_was_added(start: dt.date, months: int) -> None:
    if start.day <= 28:
        assert whole_months(start, add_months(start, months)) == months
    assert whole_months(start, add_months(start, months) - dt.timedelta(days=1)) in (months - 1, months, 0)


@given(start=days, extra=st.integers(min_value=0, max_value=2000))
def test_whole_months_is_never_more_than_the_days_allow(start: dt.date, extra: int) -> None:
    on = start + dt.timedelta(days=extra)
    months = whole_months(start, on)
    assert add_months(start, months) <= on
    assert add_months(start, months + 1) > on


@given(
    start=days,
    lengths=st.lists(st.integers(min_value=1, max_value=900), min_size=1, max_size=6),
    gap=st.integers(min_value=0, max_value=1),
    into=st.integers(min_value=0, max_value=900),
)
def test_a_tenure_starts_where_the_unbroken_run_holding_the_day_starts(
    start: dt.date, lengths: list[int], gap: int, into: int
) -> None:
    spans: list[tuple[dt.date, dt.date | None]] = []
    day = start
    for length in lengths:
        end = day + dt.timedelta(days=length - 1)
        spans.append((day, end))
        day = end + dt.timedelta(days=1 + gap)  # gap 0: the next starts the day after; 1: a day is missed
    last_start, last_end = spans[-1]
    on = min(last_start + dt.timedelta(days=into), last_end or last_start)
    expected = last_start if gap else start
    assert tenure_start(reversed(spans), on) == expected  # in any order


def test_a_day_held_by_no_span_has_no_tenure_and_later_spans_are_not_read() -> None:
    spans: list[tuple[dt.date, dt.date | None]] = [(dt.date(2020, 1, 1), dt.date(2020, 12, 31))]
    assert tenure_start(spans, dt.date(2021, 1, 2)) is None
    assert tenure_start([*spans, (dt.date(2022, 1, 1), None)], dt.date(2021, 6, 1)) is None
    assert tenure_start([(dt.date(2020, 1, 1), None)], dt.date(2025, 1, 1)) == dt.date(2020, 1, 1)
    assert add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert whole_months(dt.date(2020, 1, 1), dt.date(2023, 9, 15)) == 44
