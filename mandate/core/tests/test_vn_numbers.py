"""Numbers written the Vietnamese way, read strictly (``core.vn_numbers``): a table of what is
read and what is refused, and a property test that every number written is read back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mandate.core.vn_numbers import NumberProblem, format_vietnamese_number, parse_vietnamese_number

READ = [
    ("8.051", Decimal(8051)),
    ("8051", Decimal(8051)),
    ("9.810", Decimal(9810)),
    ("82,07", Decimal("82.07")),
    ("1.234.567,5", Decimal("1234567.5")),
    ("-1.234,5", Decimal("-1234.5")),
    ("0", Decimal(0)),
    ("0,5", Decimal("0.5")),
    (" 27.409 ", Decimal(27409)),
]
REFUSED = [
    ("24.3200", "243.200"),  # seed 004's malformed figure: the groups have three digits
    ("1.5", "1,5"),
    ("12.34", "1.234"),
    ("8,051.5", "1.234,5"),
    ("1 234", "1.234"),
    ("007", "0"),
    ("", "8.051"),
    ("abc", "8.051"),
    ("1,", "8.051"),
    (".5", "8.051"),
    ("1.234,5,6", "1.234,5"),
]


@pytest.mark.parametrize(("text", "value"), READ)
def test_a_vietnamese_number_is_read(text: str, value: Decimal) -> None:
    assert parse_vietnamese_number(text) == value


@pytest.mark.parametrize(("text", "hint"), REFUSED)
def test_a_malformed_number_is_refused_with_the_way_to_write_it(text: str, hint: str) -> None:
    with pytest.raises(NumberProblem) as refused:
        parse_vietnamese_number(text)
    assert refused.value.what and hint in refused.value.mend


def test_a_percentage_sign_is_allowed_only_where_asked() -> None:
    assert parse_vietnamese_number("82,07%", percent=True) == Decimal("82.07")
    assert parse_vietnamese_number("82,07 %", percent=True) == Decimal("82.07")
    with pytest.raises(NumberProblem):
        parse_vietnamese_number("82,07%")


def test_the_message_is_in_the_readers_language() -> None:
    from django.utils import translation

    with translation.override("en"), pytest.raises(NumberProblem) as refused:
        parse_vietnamese_number("24.3200")
    assert refused.value.what == (
        "“24.3200” is not a valid Vietnamese number: the groups after a thousands point have three digits."
    )


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False))
def test_every_number_written_is_read_back(value: Decimal) -> None:
    written = format_vietnamese_number(value)
    assert parse_vietnamese_number(written) == value
