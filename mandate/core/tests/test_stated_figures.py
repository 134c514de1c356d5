"""Checking a figure stated with its percentage at the precision it was written with (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from mandate.core.numbers import NumberStyle
from mandate.core.stated_figures import Verdict, check_multiple, check_percentage, check_statement
from mandate.core.templatetags.mandate_format import number, percent

VI = NumberStyle.VI
EN = NumberStyle.EN


def test_seed_004_admissions_are_right() -> None:
    result = check_statement("8.051/9.810 (82,07%)")
    assert result.verdict is Verdict.OK
    assert result.computed == Decimal("82.07")
    assert result.numerator is not None and result.numerator.value == 8051
    assert result.denominator is not None and result.denominator.value == 9810


def test_seed_004_party_organisations_130_4_is_right_at_one_decimal() -> None:
    result = check_statement("90/69 = 130,4%")
    assert result.ok
    assert (result.computed, result.places) == (Decimal("130.4"), 1)
    assert result.computed_at(2) == Decimal("130.43")


def test_seed_004_members_127_6_is_wrong_and_says_what_it_should_be() -> None:
    result = check_statement("578 trên 454 đạt 127,6%")
    assert result.wrong
    assert result.computed == Decimal("127.3")  # at the precision it was written with
    assert result.computed_at(2) == Decimal("127.31")
    assert result.computed_full is not None and str(result.computed_full).startswith("127.3127")
    assert result.stated is not None and result.stated.value == Decimal("127.6")


def test_seed_004_union_members_typo_is_malformed_with_its_reason() -> None:
    result = check_statement("27.409 trên 24.3200")
    assert result.malformed
    assert result.code == "group_size"
    with translation.override("en"):
        assert "“3200” has 4" in str(result.reason)
    assert result.numerator is not None and result.numerator.value == 27409
    assert result.computed is None


def test_positions_filled_88_percent_is_right_at_no_decimals() -> None:
    result = check_percentage(numerator="67", denominator="76", stated="88%")
    assert result.ok and result.computed == 88 and result.places == 0


def test_a_ratio_alone_states_nothing_wrong_and_gets_its_percentage() -> None:
    result = check_statement("27/30")
    assert result.ok and result.stated is None
    assert str(result.computed) == "90.00"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("8,051 out of 9,810 (82.07%)", Verdict.OK),
        ("8.051 out of 9.810 (reaching 82,07%)", Verdict.OK),  # seed 004: an English text, Vietnamese figures
        ("90 out of 69 Party organisations", Verdict.MALFORMED),  # words between: not one statement
        ("578 out of 454 (reaching 127,6%)", Verdict.WRONG),
        ("578 of 454 = 127.3%", Verdict.OK),
        ("578/454: 127,31 %", Verdict.OK),
        ("578/454 - 127,31%.", Verdict.OK),
        ("90/69, tức là 130,43%", Verdict.OK),
        ("90/69 = 130,43", Verdict.MALFORMED),  # a percentage carries its sign
        ("5/0 = 10%", Verdict.MALFORMED),
        ("-5/200 = -2,5%", Verdict.OK),
        ("5/200 đạt -2,5%", Verdict.WRONG),  # a hyphen stuck to the digits is a sign
        ("5/200 - 2,5%", Verdict.OK),
        ("tám trên mười", Verdict.MALFORMED),
    ],
)
def test_statements_as_typed(text: str, verdict: Verdict) -> None:
    assert check_statement(text).verdict is verdict


def test_the_text_style_wins_when_both_readings_fit() -> None:
    # "1.234" is 1234 in Vietnamese and 1.234 in English; the quotient differs only by the scale.
    vietnamese = check_statement("1.234/5 = 24680%", prefer=VI)
    english = check_statement("1.234/5 = 24680%", prefer=EN)
    assert vietnamese.ok and english.wrong
    assert english.computed == Decimal("25")


def test_a_statement_in_a_forced_style_is_read_only_in_it() -> None:
    assert check_statement("8,051 out of 9,810 (82.07%)", style=VI).malformed


def test_a_zero_denominator_cannot_be_checked() -> None:
    result = check_percentage(numerator=5, denominator=0, stated=Decimal("10"))
    assert result.malformed and result.code == "zero_denominator" and result.computed is None
    assert result.computed_at(2) is None
    with translation.override("en"):
        assert str(result.reason) == "The denominator is zero, so no percentage can be computed from it."


def test_stated_values_carry_their_precision_in_their_exponent() -> None:
    assert check_percentage(numerator=90, denominator=69, stated=Decimal("130.4")).ok
    assert check_percentage(numerator=90, denominator=69, stated=Decimal("130.40")).wrong  # 130.43 at two


def test_a_stated_multiple_is_checked_at_its_precision() -> None:
    # seed 000: revenue 45.37 billion VND, "30-fold" the same period of the previous year
    assert check_multiple(current="45,37", previous="1,5", stated="30").ok  # 30.246…
    assert check_multiple(current="45,37", previous="1,5", stated="30,3").wrong  # 30.2 at one decimal
    assert check_multiple(current="45.37", previous="1.5", stated="30.2", style=EN).ok
    result = check_multiple(current="45,37", previous="0", stated="30")
    assert result.malformed and result.code == "zero_denominator"


def _oracle(numerator: int, denominator: int, places: int) -> int:
    """The percentage times 10**places, rounded half up away from zero, with integers only."""
    quotient, remainder = divmod(abs(numerator) * 100 * 10**places, abs(denominator))
    quotient += 2 * remainder >= abs(denominator)
    return -quotient if (numerator < 0) != (denominator < 0) else quotient


counts = st.integers(min_value=0, max_value=10**7)
positive = st.integers(min_value=1, max_value=10**7)
precisions = st.integers(min_value=0, max_value=3)


@given(numerator=counts, denominator=positive, places=precisions, language=st.sampled_from(["vi", "en"]))
@settings(max_examples=400, deadline=None)
def test_every_correctly_rounded_statement_is_accepted(
    numerator: int, denominator: int, places: int, language: str
) -> None:
    stated = Decimal(_oracle(numerator, denominator, places)).scaleb(-places)
    with translation.override(language):
        text = f"{number(numerator)}/{number(denominator)} = {percent(stated, places)}"
    result = check_statement(text, style=language)
    assert result.verdict is Verdict.OK, text
    assert result.computed == stated and result.places == places


@given(
    numerator=counts,
    denominator=positive,
    places=precisions,
    offset=st.integers(min_value=-(10**6), max_value=10**6).filter(bool),
    language=st.sampled_from(["vi", "en"]),
)
@settings(max_examples=400, deadline=None)
def test_every_other_statement_at_that_precision_is_flagged(
    numerator: int, denominator: int, places: int, offset: int, language: str
) -> None:
    right = _oracle(numerator, denominator, places)
    stated = Decimal(right + offset).scaleb(-places)
    with translation.override(language):
        text = f"{number(numerator)} trên {number(denominator)} đạt {percent(stated, places)}"
    result = check_statement(text, style=language)
    assert result.verdict is Verdict.WRONG, text
    assert result.computed == Decimal(right).scaleb(-places)


decimals = st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(
    numerator=decimals, denominator=decimals, delta=st.integers(min_value=-2, max_value=2), places=precisions
)
@settings(max_examples=400, deadline=None)
def test_the_verdict_is_ok_exactly_when_the_stated_value_is_the_half_up_rounding(
    numerator: Decimal, denominator: Decimal, delta: int, places: int
) -> None:
    if not denominator:
        assert check_percentage(numerator=numerator, denominator=denominator, stated=Decimal(1)).malformed
        return
    right = _oracle(int(numerator * 100), int(denominator * 100), places)
    stated = Decimal(right + delta).scaleb(-places)
    result = check_percentage(numerator=numerator, denominator=denominator, stated=stated)
    assert result.verdict is (Verdict.OK if delta == 0 else Verdict.WRONG)
