"""Reading numbers as Vietnamese and English texts write them (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from mandate.core.numbers import (
    NumberError,
    NumberStyle,
    WrittenNumber,
    divide_half_up,
    dominant_style,
    exact_sum,
    full_quotient,
    infer_style,
    parse_number,
    readings,
    style_evidence,
    style_for_language,
)
from mandate.core.templatetags.mandate_format import number, percent

VI = NumberStyle.VI
EN = NumberStyle.EN

# text, style -> (value, places, percent)
VALID: list[tuple[str, NumberStyle, tuple[str, int, bool]]] = [
    ("8.051", VI, ("8051", 0, False)),
    ("8051", VI, ("8051", 0, False)),
    ("27.409", VI, ("27409", 0, False)),
    ("24.320", VI, ("24320", 0, False)),
    ("45,37", VI, ("45.37", 2, False)),
    ("82,07%", VI, ("82.07", 2, True)),
    ("130,4 %", VI, ("130.4", 1, True)),
    ("130,4\u00a0%", VI, ("130.4", 1, True)),  # a no-break space, as word processors put it
    ("130,40%", VI, ("130.40", 2, True)),
    ("1.234.567,5", VI, ("1234567.5", 1, False)),
    ("0,5", VI, ("0.5", 1, False)),
    ("0", VI, ("0", 0, False)),
    ("  88 ", VI, ("88", 0, False)),
    ("-1.234,5", VI, ("-1234.5", 1, False)),
    ("+12,5%", VI, ("12.5", 1, True)),
    ("-3", VI, ("-3", 0, False)),
    ("\u22123,25", VI, ("-3.25", 2, False)),  # U+2212 MINUS SIGN
    ("8.051", EN, ("8.051", 3, False)),  # the style decides, never the digits
    ("8,051", EN, ("8051", 0, False)),
    ("45.37", EN, ("45.37", 2, False)),
    ("82.07%", EN, ("82.07", 2, True)),
    ("1,234,567.5", EN, ("1234567.5", 1, False)),
    ("0.123", EN, ("0.123", 3, False)),
    ("2,350", EN, ("2350", 0, False)),
]


@pytest.mark.parametrize(("text", "style", "expected"), VALID)
def test_a_number_is_read_with_the_precision_it_was_written_with(
    text: str, style: NumberStyle, expected: tuple[str, int, bool]
) -> None:
    value, places, is_percent = expected
    read = parse_number(text, style=style)
    assert (read.value, read.places, read.percent, read.style) == (Decimal(value), places, is_percent, style)
    assert str(read.value) == value  # the exponent as written: 130,40% stays 130.40


# text, style -> code
REFUSED: list[tuple[str, NumberStyle, str]] = [
    ("24.3200", VI, "group_size"),  # the seed's typo: a group of four
    ("24,3200", EN, "group_size"),
    ("45.37", VI, "decimal_separator"),  # a dot before two digits is not a Vietnamese decimal
    ("82.07%", VI, "decimal_separator"),
    ("45,37", EN, "decimal_separator"),
    ("1234.567", VI, "group_size"),  # four digits before the first dot
    ("1234.5", VI, "decimal_separator"),
    ("1.23.456", VI, "group_size"),
    ("1,234.5", VI, "separator_order"),
    ("1.234,5", EN, "separator_order"),
    ("1,234,567", VI, "several_decimal_separators"),
    ("1.234,5,6", VI, "several_decimal_separators"),
    ("1.5", VI, "decimal_separator"),
    ("1.234.567", EN, "several_decimal_separators"),
    ("1..234", VI, "misplaced_separator"),
    (".5", VI, "misplaced_separator"),
    ("5,", VI, "misplaced_separator"),
    ("8.051.", VI, "misplaced_separator"),
    ("05", VI, "leading_zero"),
    ("0.123", VI, "leading_zero"),  # 0 thousands and 123
    ("00,5", VI, "leading_zero"),
    ("8 051", VI, "space_inside"),
    ("8\u00a0051", VI, "space_inside"),
    ("1e5", EN, "invalid_character"),
    ("NaN", EN, "invalid_character"),
    ("Infinity", VI, "invalid_character"),
    ("\uff18\uff10", VI, "invalid_character"),  # full-width digits
    ("\u0663", VI, "invalid_character"),  # an Arabic-Indic digit
    ("12 người", VI, "space_inside"),
    ("%", VI, "no_digits"),
    ("-", VI, "no_digits"),
    ("", VI, "empty"),
    ("   ", EN, "empty"),
    ("--5", VI, "invalid_character"),
]


@pytest.mark.parametrize(("text", "style", "code"), REFUSED)
def test_a_malformed_number_is_refused_with_its_reason_never_guessed(
    text: str, style: NumberStyle, code: str
) -> None:
    with pytest.raises(NumberError) as caught:
        parse_number(text, style=style)
    assert caught.value.code == code
    assert caught.value.value == text
    assert caught.value.style is style
    assert str(caught.value)  # a sentence for a person


def test_the_seeds_typo_is_refused_because_thousands_groups_have_three_digits() -> None:
    with pytest.raises(NumberError) as caught:
        parse_number("24.3200", style="vi")
    with translation.override("en"):
        assert str(caught.value) == (
            "“24.3200” is not a valid Vietnamese number: the dot separates thousands, so each group after "
            "a dot has three digits, and “3200” has 4."
        )
    with translation.override("vi"):
        vietnamese = str(caught.value)  # lazily translated: the reader's language when shown
    assert "24.3200" in vietnamese and "3200" in vietnamese and "ba chữ số" in vietnamese


def test_a_dot_decimal_in_vietnamese_is_refused_with_the_comma_it_needs() -> None:
    with pytest.raises(NumberError) as caught:
        parse_number("45.37", style=VI)
    with translation.override("en"):
        assert "A decimal is written with a comma: 45,37." in str(caught.value)
    with pytest.raises(NumberError) as caught:
        parse_number("-130.4%", style=VI)
    with translation.override("en"):
        assert str(caught.value).endswith("-130,4%.")


def test_readings_give_each_styles_reading_or_its_reason() -> None:
    both = readings("8.051")
    assert isinstance(both[VI], WrittenNumber) and both[VI].value == 8051
    assert isinstance(both[EN], WrittenNumber) and both[EN].value == Decimal("8.051")
    only_vi = readings("82,07%")
    assert isinstance(only_vi[VI], WrittenNumber) and isinstance(only_vi[EN], NumberError)
    neither = readings("8 051")
    assert all(isinstance(reading, NumberError) for reading in neither.values())


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("82,07%", VI),
        ("130,4%", VI),
        ("0,5", VI),
        ("1.234.567", VI),
        ("1.234,5", VI),
        ("45.37", EN),
        ("82.07%", EN),
        ("1,234,567", EN),
        ("1,234.5", EN),
        ("8.051", None),  # valid in both
        ("8051", None),
        ("24.3200", None),  # malformed in Vietnamese, four decimals in English: proves nothing
        ("24,3200", None),
        ("8 051", None),
    ],
)
def test_a_number_proves_a_style_only_by_using_its_separators(text: str, style: NumberStyle | None) -> None:
    assert style_evidence(text) is style


def test_a_statements_numbers_share_a_style_and_switch_only_on_evidence() -> None:
    assert infer_style(["8.051", "9.810", "82,07%"], prefer=EN) is VI  # seed 004, an English text
    assert infer_style(["8,051", "9,810", "82.07%"], prefer=VI) is EN
    assert infer_style(["8.051", "9.810"], prefer=EN) is EN  # valid in the preferred style: kept
    assert infer_style(["27.409", "24.3200"], prefer=VI) is None  # no guess: refused in Vietnamese
    assert infer_style(["82,07%", "45.37"], prefer=VI) is None


def test_a_text_is_read_in_the_style_most_of_its_numbers_prove() -> None:
    seed_004 = [
        "8.051",
        "9.810",
        "82,07%",
        "88",
        "90",
        "69",
        "130,4%",
        "578",
        "454",
        "127,6%",
        "27.409",
        "24.3200",
    ]
    assert dominant_style(seed_004, prefer=EN) is VI
    seed_000 = ["2", "45.37", "126%", "30", "15"]
    assert dominant_style(seed_000, prefer=VI) is EN
    assert dominant_style(["8.051", "30"], prefer=EN) is EN  # no evidence: the text's language


def test_the_style_of_a_language() -> None:
    assert style_for_language("en") is EN
    assert style_for_language("en-us") is EN
    assert style_for_language("vi") is VI
    assert style_for_language(None) is VI


def test_exact_division_rounds_half_up_away_from_zero() -> None:
    assert divide_half_up(8051, 9810, places=2, factor=100) == Decimal("82.07")
    assert divide_half_up(90, 69, places=2, factor=100) == Decimal("130.43")
    assert divide_half_up(1, 8, places=2) == Decimal("0.13")  # 0.125: the tie goes up
    assert divide_half_up(-1, 8, places=2) == Decimal("-0.13")  # and away from zero below it
    assert str(divide_half_up(27, 30, places=2, factor=100)) == "90.00"
    assert str(divide_half_up(0, 7, places=1)) == "0.0"
    assert str(divide_half_up(-1, 1000, places=2)) == "0.00"  # never "-0.00"
    with pytest.raises(ZeroDivisionError):
        divide_half_up(1, 0, places=2)
    assert str(full_quotient(578, 454, factor=100)).startswith("127.3127")


def test_exact_sum_does_not_round_to_28_digits() -> None:
    big = Decimal("1234567890123456789012345678.9")
    assert exact_sum([big, Decimal("0.01")]) == Decimal("1234567890123456789012345678.91")
    assert sum([big, Decimal("0.01")]) != Decimal("1234567890123456789012345678.91")
    assert exact_sum([]) == 0


def _oracle(numerator: int, denominator: int, places: int, factor: int) -> tuple[int, int]:
    """Integer arithmetic only: the rounded quotient as (digits, places)."""
    scaled = abs(numerator) * factor * 10**places
    quotient, remainder = divmod(scaled, abs(denominator))
    if 2 * remainder >= abs(denominator):
        quotient += 1
    negative = (numerator < 0) != (denominator < 0)
    return (-quotient if negative else quotient), places


@given(
    numerator=st.integers(min_value=-(10**12), max_value=10**12),
    denominator=st.integers(min_value=-(10**9), max_value=10**9).filter(bool),
    places=st.integers(min_value=0, max_value=4),
    factor=st.sampled_from([1, 100, 1000]),
    tie=st.booleans(),
)
@settings(max_examples=400, deadline=None)
def test_divide_half_up_agrees_with_an_integer_oracle(
    numerator: int, denominator: int, places: int, factor: int, tie: bool
) -> None:
    if tie:  # an odd number over twice the scale: the quotient ends in exactly one half
        numerator, denominator = 2 * numerator + 1, 2 * factor * 10**places * (1 if denominator > 0 else -1)
    digits, exponent = _oracle(numerator, denominator, places, factor)
    result = divide_half_up(numerator, denominator, places=places, factor=factor)
    assert result == Decimal(digits).scaleb(-exponent)
    assert result.as_tuple().exponent == -places


amounts = st.decimals(
    min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=4, allow_nan=False, allow_infinity=False
)


@given(amount=amounts, places=st.integers(min_value=0, max_value=4), language=st.sampled_from(["vi", "en"]))
@settings(max_examples=300, deadline=None)
def test_a_number_formatted_by_the_product_reads_back_the_same(
    amount: Decimal, places: int, language: str
) -> None:
    expected = amount.quantize(Decimal(1).scaleb(-places))
    with translation.override(language):
        shown, shown_percent = number(expected, places), percent(expected, places)
    read = parse_number(shown, style=language)
    assert (read.value, read.places, read.percent) == (expected, places, False)
    read_percent = parse_number(shown_percent, style=language)
    assert (read_percent.value, read_percent.places, read_percent.percent) == (expected, places, True)


def test_the_products_own_figures_read_back() -> None:
    with translation.override("vi"):
        assert number(8051) == "8.051"
        assert parse_number(number(8051), style=VI).value == 8051
        assert parse_number(percent(Decimal("82.07")), style=VI).value == Decimal("82.07")
    with translation.override("en"):
        assert percent(Decimal("82.07")) == "82.07%"
        assert parse_number(number(Decimal("1234567.5"), 1), style=EN).value == Decimal("1234567.5")


@given(
    first=st.integers(min_value=1, max_value=999),
    groups=st.lists(st.integers(min_value=0, max_value=99999), min_size=1, max_size=4),
    widths=st.lists(st.integers(min_value=1, max_value=5), min_size=4, max_size=4),
    style=st.sampled_from(list(NumberStyle)),
)
@settings(max_examples=300, deadline=None)
def test_a_grouped_number_is_valid_exactly_when_every_later_group_has_three_digits(
    first: int, groups: list[int], widths: list[int], style: NumberStyle
) -> None:
    written = [str(group).zfill(width)[-width:] for group, width in zip(groups, widths, strict=False)]
    text = style.thousands.join([str(first), *written])
    if all(len(group) == 3 for group in written):
        assert parse_number(text, style=style).value == int(str(first) + "".join(written))
    else:
        with pytest.raises(NumberError):
            parse_number(text, style=style)


@given(
    text=st.text(alphabet="0123456789.,%-+ \u2212\u00a0x", max_size=14),
    style=st.sampled_from(list(NumberStyle)),
)
@settings(max_examples=500, deadline=None)
def test_any_text_is_read_or_refused_with_a_reason_and_nothing_else(text: str, style: NumberStyle) -> None:
    result = readings(text)[style]
    if isinstance(result, NumberError):
        assert result.code and str(result)
        return
    read = result
    assert read.value.is_finite()
    # what was read shows again as the same digits in the same style
    with translation.override(style.value):
        shown = number(abs(read.value), read.places)
    assert shown.replace(style.thousands, "") == read.text.lstrip("+-\u2212").rstrip("% \u00a0").replace(
        style.thousands, ""
    )


def test_shown_figures_are_rounded_half_up_not_cut() -> None:
    """Seed 004's 578/454 is 127,3127…%: shown with two places it is 127,31%, and a third
    decimal of 5 goes up (127,305 → 127,31), as a person rounds; a cut would print 127,30%."""
    with translation.override("vi"):
        assert percent(Decimal("127.305")) == "127,31%"
        assert percent(Decimal("82.0693")) == "82,07%"
        assert number(Decimal("8050.5")) == "8.051"
        assert number(Decimal("0.004"), 2) == "0,00"
    with translation.override("en"):
        assert percent(Decimal("127.305")) == "127.31%"
        assert number(Decimal("1234.5"), 0) == "1,235"
