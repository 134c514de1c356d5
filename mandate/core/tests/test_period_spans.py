"""The arithmetic of periods, without a database: partitions, the Decree 09 chain, codes, the
same period of the year before, labels that cannot be confused (ADR 0028, R17)."""

import calendar
import datetime as dt
import itertools

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from mandate.core import period_spans as spans
from mandate.core.enums import PeriodBasis, PeriodKind
from mandate.core.period_labels import label
from mandate.core.period_spans import PeriodCodeError, PeriodError
from mandate.core.tests.period_strategies import BASES, DAYS, YEARS, any_span

D = dt.date
ONE_DAY = dt.timedelta(days=1)


def _tiles(parts, first, last):
    """The parts cover first..last exactly: in order, each starting the day after the last ended."""
    assert parts[0].starts_on == first
    assert parts[-1].ends_on == last
    for before, after in itertools.pairwise(parts):
        assert after.starts_on == before.ends_on + ONE_DAY
    for part in parts:
        assert part.starts_on <= part.ends_on


@given(YEARS, BASES)
def test_months_quarters_halves_each_cover_their_year_exactly_without_overlap(year, basis):
    whole = spans.year_span(year, basis)
    for kind, count in ((PeriodKind.MONTH, 12), (PeriodKind.QUARTER, 4), (PeriodKind.HALF, 2)):
        parts = [spans.whole_months(kind, year, number, basis) for number in range(1, count + 1)]
        _tiles(parts, whole.starts_on, whole.ends_on)
        assert spans.subspans(whole, kind) == parts
    assert spans.subspans(whole, PeriodKind.YEAR) == [whole]


@given(st.integers(spans.FIRST_YEAR, spans.LAST_YEAR - 1), BASES)
def test_years_and_months_chain_without_gaps_across_the_turn_of_the_year(year, basis):
    _tiles([spans.year_span(year, basis), spans.year_span(year + 1, basis)], *_ends(year, year + 1, basis))
    december, january = spans.month_span(year, 12, basis), spans.month_span(year + 1, 1, basis)
    assert january.starts_on == december.ends_on + ONE_DAY


def _ends(first_year, last_year, basis):
    return spans.year_span(first_year, basis).starts_on, spans.year_span(last_year, basis).ends_on


@given(YEARS, st.integers(1, 12))
def test_decree09_months_run_from_the_15th_of_the_month_before_to_the_14th(year, number):
    month = spans.month_span(year, number, PeriodBasis.DECREE09)
    assert (month.starts_on.day, month.ends_on.day) == (15, 14)
    assert month.ends_on == D(year, number, 14)
    assert month.starts_on + dt.timedelta(days=31) > month.ends_on >= month.starts_on + dt.timedelta(days=27)


@given(YEARS, st.integers(1, 12), BASES)
def test_the_first_months_are_the_months_up_to_their_cut_off(year, months, basis):
    cumulative = spans.first_months_span(year, months, basis)
    parts = spans.subspans(cumulative, PeriodKind.MONTH)
    assert [part.number for part in parts] == list(range(1, months + 1))
    _tiles(parts, cumulative.starts_on, cumulative.ends_on)
    assert cumulative.as_of == cumulative.ends_on
    assert spans.year_span_of(cumulative) == spans.year_span(year, basis)


@given(any_span())
def test_a_code_names_its_period_and_nothing_else(span):
    assert spans.parse_code(span.code) == span
    assert span.starts_on <= span.ends_on
    assert (span.basis == PeriodBasis.DECREE09) == span.code.startswith("N09-")
    assert len(span.code) <= spans.CODE_MAX_LENGTH


@given(any_span(), any_span())
def test_two_codes_name_two_spans(one, other):
    """The database holds one row per (kind, basis, days): the code must be that key."""
    same_key = (one.kind, one.basis, one.starts_on, one.ends_on) == (
        other.kind,
        other.basis,
        other.starts_on,
        other.ends_on,
    )
    assert same_key == (one.code == other.code)


def _free_days(span):
    """The days a period to a given day or a range names itself (the others are named by numbers)."""
    if span.kind == PeriodKind.RANGE or (span.kind == PeriodKind.CUMULATIVE and span.number is None):
        return {span.starts_on, span.ends_on}
    return set()


def _leap_february_end(day):
    """28 or 29 February of a leap year: a year earlier both are 28 February, the end of the month."""
    return day.month == 2 and day.day >= 28 and calendar.isleap(day.year)


@given(any_span())
def test_the_same_period_of_the_year_before_is_undone_by_the_year_after(span):
    before = spans.previous_year(span)

    assert before.year == span.year - 1
    assert before.basis == span.basis
    assert abs((before.ends_on - before.starts_on) - (span.ends_on - span.starts_on)) <= ONE_DAY
    if not any(_leap_february_end(day) for day in _free_days(span)):
        assert spans.next_year(before) == span
    if span.kind != PeriodKind.CUMULATIVE:  # a cut-off on 28/02 of a leap year may become "2 months"
        assert (before.kind, before.number) == (span.kind, span.number)


def test_29_february_becomes_28_february_and_the_whole_february_stays_whole():
    assert spans.previous_year(spans.range_span(D(2024, 2, 1), D(2024, 2, 29))) == spans.range_span(
        D(2023, 2, 1), D(2023, 2, 28)
    )
    assert spans.cumulative_span(D(2024, 2, 29)) == spans.first_months_span(2024, 2)
    assert spans.previous_year(spans.cumulative_span(D(2024, 2, 29))).ends_on == D(2023, 2, 28)
    assert spans.next_year(spans.first_months_span(2023, 2)).ends_on == D(2024, 2, 29)
    # 28/02/2024 is not the end of February; a year before it is, so it comes back as 29/02/2024.
    assert spans.previous_year(spans.cumulative_span(D(2024, 2, 28))).code == "2023-C02"
    assert spans.previous_year(spans.month_span(2024, 2)).ends_on == D(2023, 2, 28)


@given(DAYS)
def test_a_period_to_a_day_runs_from_the_first_of_january_and_is_stated_as_of_that_day(day):
    span = spans.cumulative_span(day)
    assert (span.starts_on, span.ends_on, span.as_of) == (D(day.year, 1, 1), day, day)
    assert spans.year_span_of(span) == spans.year_span(day.year)
    assert spans.contains(span, day) and not spans.contains(span, day + ONE_DAY)


@given(any_span(), any_span())
def test_one_label_means_one_span_on_one_basis(one, other):
    """Two periods labelled alike cover the same days on the same basis, in both languages."""
    for language in ("vi", "en"):
        with translation.override(language):
            if label(one) == label(other):
                assert (one.basis, one.starts_on, one.ends_on) == (
                    other.basis,
                    other.starts_on,
                    other.ends_on,
                )


def _all_spans_of(year):
    """Every period of a year that has a number, on both bases, every period to a day of it, and
    a date range over the days of each: the periods most likely to be taken for one another."""
    numbered = [
        spans.whole_months(kind, year, number, basis)
        for basis in PeriodBasis.values
        for kind, count in ((PeriodKind.MONTH, 12), (PeriodKind.QUARTER, 4), (PeriodKind.HALF, 2))
        for number in range(1, count + 1)
    ]
    numbered += [spans.year_span(year, basis) for basis in PeriodBasis.values]
    numbered += [
        spans.first_months_span(year, n, basis) for basis in PeriodBasis.values for n in range(1, 13)
    ]
    to_a_day = [spans.cumulative_span(D(year, 1, 1) + dt.timedelta(days=n)) for n in range(365)]
    ranges = [
        spans.range_span(span.starts_on, span.ends_on) for span in numbered if span.starts_on.year == year
    ]
    return numbered + to_a_day + ranges


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_two_periods_of_a_year_share_a_label_unless_they_share_their_days_and_basis(language):
    seen: dict[str, tuple[str, dt.date, dt.date]] = {}
    with translation.override(language):
        for span in _all_spans_of(2023) + _all_spans_of(2024):
            key = (span.basis, span.starts_on, span.ends_on)
            assert seen.setdefault(label(span), key) == key, label(span)
    assert len(seen) > 900


@given(any_span(), DAYS)
def test_containment_is_the_days_between_the_ends(span, day):
    assert spans.contains(span, day) == (span.starts_on <= day <= span.ends_on)


@given(any_span(), st.sampled_from(spans.WHOLE_MONTH_KINDS))
def test_subperiods_lie_inside_in_order_without_overlap(span, kind):
    parts = spans.subspans(span, kind)
    for part in parts:
        assert span.starts_on <= part.starts_on <= part.ends_on <= span.ends_on
        assert (part.kind, part.basis) == (kind, span.basis)
    for before, after in itertools.pairwise(parts):
        assert after.starts_on > before.ends_on


# Examples from R17 and the seeds.


@pytest.mark.parametrize(
    ("span", "starts_on", "ends_on"),
    [
        (spans.month_span(2023, 9, PeriodBasis.DECREE09), D(2023, 8, 15), D(2023, 9, 14)),
        (spans.month_span(2023, 1, PeriodBasis.DECREE09), D(2022, 12, 15), D(2023, 1, 14)),
        (spans.quarter_span(2023, 3, PeriodBasis.DECREE09), D(2023, 6, 15), D(2023, 9, 14)),
        (spans.half_span(2023, 1, PeriodBasis.DECREE09), D(2022, 12, 15), D(2023, 6, 14)),
        (spans.year_span(2023, PeriodBasis.DECREE09), D(2022, 12, 15), D(2023, 12, 14)),
        (spans.first_months_span(2023, 9, PeriodBasis.DECREE09), D(2022, 12, 15), D(2023, 9, 14)),
        (spans.first_months_span(2023, 9), D(2023, 1, 1), D(2023, 9, 30)),
        (spans.quarter_span(2023, 3), D(2023, 7, 1), D(2023, 9, 30)),
        (spans.cumulative_span(D(2023, 9, 15)), D(2023, 1, 1), D(2023, 9, 15)),
        (spans.month_span(2024, 2), D(2024, 2, 1), D(2024, 2, 29)),
    ],
    ids=lambda value: getattr(value, "code", None),
)
def test_r17_cut_offs(span, starts_on, ends_on):
    assert (span.starts_on, span.ends_on) == (starts_on, ends_on)


def test_codes_as_written():
    assert [
        s.code for s in (spans.month_span(2023, 9), spans.quarter_span(2023, 3), spans.half_span(2023, 1))
    ] == [
        "2023-M09",
        "2023-Q3",
        "2023-H1",
    ]
    assert spans.year_span(2023).code == "2023"
    assert spans.first_months_span(2023, 9).code == "2023-C09"
    assert spans.first_months_span(2023, 9, PeriodBasis.DECREE09).code == "N09-2023-C09"
    assert spans.cumulative_span(D(2023, 9, 15)).code == "2023-C0915"
    assert spans.range_span(D(2023, 1, 1), D(2023, 9, 15)).code == "R20230101-20230915"


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("2023-m09", "invalid_period_code"),  # capitals only
        ("2023-M9", "invalid_period_code"),  # two digits for a month
        ("2023-Q03", "invalid_period_code"),
        (" 2023", "invalid_period_code"),
        ("2023-M13", "invalid_period"),
        ("2023-Q5", "invalid_period"),
        ("2023-H0", "invalid_period"),
        ("2023-C13", "invalid_period"),
        ("2023-C0230", "invalid_period_code"),  # no 30 February
        ("2023-C0930", "invalid_period_code"),  # that is 2023-C09
        ("2023-C1231", "invalid_period_code"),  # that is 2023-C12
        ("N09-2023-C0915", "invalid_period_code"),  # a day's cut-off is on calendar days
        ("N09-R20230101-20230915", "invalid_period_code"),
        ("R20230915-20230101", "invalid_period"),
        ("1999-M01", "invalid_period"),
        ("2101", "invalid_period"),
        ("R19991231-20000101", "invalid_period"),
        ("٢٠٢٣", "invalid_period_code"),  # digits of another script
        ("2023-M09" * 10, "invalid_period_code"),
        ("", "invalid_period_code"),
    ],
)
def test_a_bad_code_is_refused_with_its_reason(code, error_code):
    with pytest.raises(PeriodError) as refused:
        spans.parse_code(code)
    assert refused.value.code == error_code
    assert str(refused.value.message)


def test_the_written_form_is_named_when_a_code_is_not_the_canonical_one():
    with translation.override("vi"), pytest.raises(PeriodCodeError, match="2023-C09"):
        spans.parse_code("2023-C0930")


def test_a_range_across_the_new_year_belongs_to_no_year():
    with pytest.raises(PeriodError):
        spans.year_span_of(spans.range_span(D(2023, 12, 1), D(2024, 1, 31)))
    assert spans.year_span_of(spans.range_span(D(2023, 2, 1), D(2023, 3, 31))).code == "2023"


def test_days_after_the_end_count_calendar_days():
    assert spans.days_after_end(spans.month_span(2023, 9, PeriodBasis.DECREE09), 5) == D(2023, 9, 19)
