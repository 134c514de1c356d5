"""The arithmetic of indicators, on plain values (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mandate.indicators.calculations import (
    ACHIEVEMENT_PLACES,
    Aggregation,
    AllocationStatus,
    Direction,
    NotSummableError,
    Tally,
    achievement,
    allocation_check,
    league_table,
    parts_check,
    ratio_value,
    rollup,
    tally,
    year_on_year,
)

D = Decimal


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        ("8051", "9810", "82.07"),  # Party members admitted, seed 004
        ("90", "69", "130.43"),  # Party organisations founded
        ("578", "454", "127.31"),  # members in them: the seed wrote 127,6%
        ("366", "480", "76.25"),  # socio-political organisations
        ("27409", "24320", "112.70"),  # union members (the seed's "24.3200" read as 24,320)
        ("67", "76", "88.16"),  # positions filled by examination
        ("27", "30", "90.00"),  # children's dance and song groups
        ("45.37", "36.0", "126.03"),  # historical sites' revenue against the derived annual plan
    ],
)
def test_achievement_of_the_seeds(actual: str, target: str, expected: str) -> None:
    result = achievement(actual=D(actual), target=D(target))
    assert result is not None and str(result) == expected


def test_achievement_is_undefined_without_a_target_never_a_division_error() -> None:
    assert achievement(actual=D(5), target=D(0)) is None
    assert achievement(actual=D(5), target=None) is None
    assert achievement(actual=None, target=D(5)) is None
    assert achievement(actual=D(0), target=D(5)) == D("0.00")


def test_lower_is_better_divides_the_target_by_the_actual() -> None:
    # a target of at most 40 complaints: 32 received is 125% achievement, 50 is 80%
    assert achievement(actual=D(32), target=D(40), direction=Direction.LOWER) == D("125.00")
    assert achievement(actual=D(50), target=D(40), direction="lower") == D("80.00")
    assert achievement(actual=D(0), target=D(40), direction="lower") is None


def _oracle(actual: Decimal, target: Decimal, places: int = ACHIEVEMENT_PLACES) -> Decimal:
    """Integer arithmetic only: both values scaled to integers by their common exponent."""
    scale = max(-int(actual.as_tuple().exponent), -int(target.as_tuple().exponent), 0)
    top, bottom = int(actual.scaleb(scale)), int(target.scaleb(scale))
    quotient, remainder = divmod(abs(top) * 100 * 10**places, abs(bottom))
    quotient += 2 * remainder >= abs(bottom)
    signed = -quotient if (top < 0) != (bottom < 0) else quotient
    return Decimal(signed).scaleb(-places)


measured = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)
positive = measured.filter(bool)


@given(actual=measured, target=positive)
@settings(max_examples=500, deadline=None)
def test_achievement_is_rounded_half_up_as_an_integer_oracle_says(actual: Decimal, target: Decimal) -> None:
    assert achievement(actual=actual, target=target) == _oracle(actual, target)
    assert achievement(actual=target, target=actual or None, direction=Direction.LOWER) == (
        _oracle(actual, target) if actual else None
    )


@given(units=st.integers(min_value=1, max_value=10**6), places=st.integers(min_value=0, max_value=3))
@settings(max_examples=200, deadline=None)
def test_an_exact_tie_goes_up(units: int, places: int) -> None:
    # actual / target × 100 = (units + 0.5) / 10**places exactly: a tie at the last place
    actual, target = D(2 * units + 1), D(2 * 100 * 10**places)
    result = achievement(actual=actual, target=target, places=places)
    assert result == D(units + 1).scaleb(-places)


figures = st.tuples(st.none() | measured, st.none() | measured)


@given(leaves=st.lists(figures, max_size=30), data=st.data())
@settings(max_examples=300, deadline=None)
def test_a_rollup_equals_the_calculation_over_the_union_of_its_leaves(
    leaves: list[tuple[Decimal | None, Decimal | None]], data: st.DataObject
) -> None:
    tallies = [tally(actual, target) for actual, target in leaves]
    # any partition of the leaves into parts (a district's communes, a province's districts …)
    groups = data.draw(
        st.lists(st.integers(min_value=0, max_value=4), min_size=len(leaves), max_size=len(leaves))
    )
    parts = [
        rollup(item for item, group in zip(tallies, groups, strict=True) if group == part)
        for part in range(5)
    ]
    whole = rollup(tallies)
    assert rollup(parts) == whole
    assert rollup(reversed(tallies)) == whole
    actuals = [actual for actual, _target in leaves if actual is not None]
    targets = [target for _actual, target in leaves if target is not None]
    assert whole.numerator == (sum(actuals, D(0)) if actuals else None)
    assert whole.denominator == (sum(targets, D(0)) if targets else None)
    assert (whole.units, whole.without_numerator, whole.without_denominator) == (
        len(leaves),
        len(leaves) - len(actuals),
        len(leaves) - len(targets),
    )
    total_actual, total_target = sum(actuals, D(0)), sum(targets, D(0))
    expected = _oracle(total_actual, total_target) if actuals and total_target else None
    assert whole.achievement() == expected


def test_a_rollup_sums_numerators_and_denominators_never_averages_percentages() -> None:
    # 90 of 69 and 578 of 454: the mean of 130.43% and 127.31% is 128.87%; the whole is 127.72%
    whole = rollup([tally(D(90), D(69)), tally(D(578), D(454))])
    assert whole.achievement() == D("127.72")
    assert rollup([]) == Tally()


def test_an_indicator_that_is_not_summed_is_never_rolled_up_or_allocated() -> None:
    with pytest.raises(NotSummableError) as caught:
        rollup([tally(D(7), D(8)), tally(D(9), D(8))], aggregation=Aggregation.NONE)
    assert caught.value.code == "not_summable"
    with pytest.raises(NotSummableError):
        rollup([], aggregation="none")
    with pytest.raises(NotSummableError):
        allocation_check(parent_target=D(8), children_targets=[D(8)], aggregation="none")


def test_a_measured_value_is_finite() -> None:
    with pytest.raises(ValueError, match="finite"):
        tally(D("NaN"), D(1))


def test_a_ratio_indicators_value_uses_its_factor() -> None:
    assert ratio_value(numerator=D(27), denominator=D(30), factor=100, places=1) == D("90.0")
    assert ratio_value(numerator=D(3), denominator=D(7000), factor=1000, places=3) == D("0.429")
    assert ratio_value(numerator=D(3), denominator=D(0), factor=100, places=2) is None


def test_parts_against_their_whole() -> None:
    by_sex = parts_check(whole=D(8051), parts={"female": D(4000), "male": D(4051)})
    assert by_sex.balanced and by_sex.difference == 0
    short = parts_check(whole=D(8051), parts={"female": D(4000), "male": D(4000), "other": None})
    assert not short.balanced
    assert (short.parts_total, short.difference, short.missing) == (D(8000), D(-51), ("other",))
    students = parts_check(whole=D(8051), parts={"high-school students": D(88)})
    assert students.over_whole == ()  # 88 ≤ 8,051
    over = parts_check(whole=D(80), parts={"high-school students": D(88)})
    assert over.over_whole == ("high-school students",) and over.difference == 8
    assert parts_check(whole=None, parts={"a": D(1)}).difference is None


def test_year_on_year_multiple_and_change_with_their_declared_rounding() -> None:
    # seed 000: 45.37 billion VND, "30-fold" the same period of 2022 (1.5 billion in the demo)
    revenue = year_on_year(current=D("45.37"), previous=D("1.5"))
    assert revenue.multiple == D("30.25")  # 30.2466… half up to two decimals
    assert revenue.change == D("2924.67")
    assert revenue.difference == D("43.87")
    fall = year_on_year(current=D(80), previous=D(100))
    assert (fall.multiple, fall.change) == (D("0.80"), D("-20.00"))
    assert year_on_year(current=D(5), previous=D(0)).change is None
    assert year_on_year(current=D(5), previous=D(0)).difference == 5
    assert year_on_year(current=None, previous=D(3)).difference is None
    assert year_on_year(current=D(1), previous=D(8), change_places=0).change == D(-88)  # -87.5: away from 0


def test_a_league_table_ranks_by_achievement_with_shared_ranks_and_the_unmeasured_last() -> None:
    rows = [
        ("Ba Vì", tally(D(50), D(100))),
        ("Hoàn Kiếm", tally(D(90), D(100))),
        ("Đống Đa", tally(D(80), D(100))),
        ("Sơn Tây", tally(D(40), None)),  # no target
        ("Tây Hồ", tally(D(160), D(200))),  # 80% too
        ("Long Biên", tally(D(10), D(100))),
    ]
    table = league_table(rows)
    assert [(row.unit, row.rank) for row in table] == [
        ("Hoàn Kiếm", 1),
        ("Đống Đa", 2),
        ("Tây Hồ", 2),
        ("Ba Vì", 4),
        ("Long Biên", 5),
        ("Sơn Tây", None),
    ]
    assert table[1].achievement == D("80.00")


def test_ties_are_judged_on_the_achievement_as_shown() -> None:
    table = league_table([("a", tally(D(82071), D(100000))), ("b", tally(D(82074), D(100000)))])
    assert [row.rank for row in table] == [1, 1]  # both show 82,07%
    finer = league_table([("a", tally(D(82071), D(100000))), ("b", tally(D(82074), D(100000)))], places=3)
    assert [(row.unit, row.rank) for row in finer] == [("b", 1), ("a", 2)]


def test_a_league_table_respects_a_lower_is_better_direction() -> None:
    rows = [("many", tally(D(50), D(40))), ("few", tally(D(20), D(40))), ("none yet", tally(D(0), D(40)))]
    table = league_table(rows, direction=Direction.LOWER)
    assert [(row.unit, row.rank) for row in table] == [("few", 1), ("many", 2), ("none yet", None)]


@given(rows=st.lists(st.tuples(measured, st.none() | measured), max_size=20))
@settings(max_examples=200, deadline=None)
def test_league_ranks_follow_the_achievements(rows: list[tuple[Decimal, Decimal | None]]) -> None:
    table = league_table([(index, tally(actual, target)) for index, (actual, target) in enumerate(rows)])
    assert sorted(row.unit for row in table) == list(range(len(rows)))
    ranked = [row for row in table if row.rank is not None]
    assert all(row.rank is None and row.achievement is None for row in table[len(ranked) :])
    shown = [row.achievement for row in ranked if row.achievement is not None]
    assert len(shown) == len(ranked)
    assert shown == sorted(shown, reverse=True)
    for row, value in zip(ranked, shown, strict=True):
        assert row.rank == 1 + len([other for other in shown if other > value])


def test_an_allocation_below_the_parents_target_is_a_shortfall() -> None:
    check = allocation_check(parent_target=D(9810), children_targets=[D(5000), D(4000), None])
    assert check.status is AllocationStatus.SHORTFALL
    assert (check.difference, check.shortfall, check.excess) == (D(-810), D(810), D(0))
    assert (check.children, check.children_without_target) == (3, 1)
    over = allocation_check(parent_target=D(100), children_targets=[D(60), D("40.5")])
    assert (over.status, over.excess, over.shortfall) == (AllocationStatus.EXCESS, D("0.5"), D(0))
    even = allocation_check(parent_target=D(100), children_targets=[D(60), D(40)])
    assert even.status is AllocationStatus.BALANCED and even.difference == 0
    unknown = allocation_check(parent_target=None, children_targets=[D(1)])
    assert unknown.status is AllocationStatus.UNKNOWN and unknown.difference is None
    nothing = allocation_check(parent_target=D(30), children_targets=[])
    assert (nothing.status, nothing.shortfall) == (AllocationStatus.SHORTFALL, D(30))


@given(parent=measured, children=st.lists(st.none() | measured, max_size=30))
@settings(max_examples=200, deadline=None)
def test_allocation_difference_is_the_childrens_total_less_the_parents_target(
    parent: Decimal, children: list[Decimal | None]
) -> None:
    check = allocation_check(parent_target=parent, children_targets=children)
    total = sum((child for child in children if child is not None), D(0))
    assert check.difference == total - parent
    assert check.shortfall - check.excess == parent - total
    assert min(check.shortfall, check.excess) == 0
