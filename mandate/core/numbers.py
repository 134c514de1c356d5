"""Reads numbers as Vietnamese and English texts write them, strictly, and divides exactly.

Why strict: the figures of a report are checked against what they claim (``stated_figures``), and a
number read wrongly makes a right figure look wrong or the other way round. So a number that does
not follow its writing convention is refused with a reason that says how to write it, never
guessed. ADR 0031 records the rules; in short:

* **Vietnamese** (``NumberStyle.VI``): the dot separates thousands, the comma marks the decimals:
  ``8.051``, ``27.409``, ``1.234.567,5``, ``45,37``, ``82,07%``.
* **English** (``NumberStyle.EN``): the comma separates thousands, the point marks the decimals:
  ``8,051``, ``1,234,567.5``, ``45.37``, ``82.07%``.
* Grouping is optional (``8051``), but where it is used every group after a thousands separator has
  exactly three digits and the first group one to three. Hence ``24.3200`` is refused in Vietnamese
  (a group of four: a typo, not 243,200 and not 24.32), and ``45.37`` is refused in Vietnamese (a
  group of two; the reason says that a decimal takes a comma) while it is 45.37 in English.
* ``8.051`` is 8051 in Vietnamese and 8.051 in English: the style decides, never the digits. Where a
  text's style is not known (an English translation quoting Vietnamese figures, issue 16),
  ``readings`` gives the reading under each style and ``infer_style`` the style under which all of
  a statement's numbers are valid.
* A sign (``+``, ``-`` or ``−``) may lead; a percent sign may follow, with or without a space
  (``130,4 %``). Nothing else: no spaces inside, no letters, no other digits than 0-9, no zero
  leading a number (``05``, ``0.123`` in Vietnamese).

The value keeps the precision it was written with: ``130,4%`` is ``Decimal("130.4")`` with
``places == 1``, ``130,40%`` is ``Decimal("130.40")`` with ``places == 2``.

``divide_half_up`` divides exactly (through fractions) and rounds half up (ties away from zero),
so that no intermediate rounding can tip a figure over a boundary; ``exact_sum`` adds without the
28-digit context rounding.

Pure Python: no ORM, nothing from the other apps.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, Inexact, InvalidOperation, Rounded
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

__all__ = [
    "NumberError",
    "NumberStyle",
    "WrittenNumber",
    "divide_half_up",
    "dominant_style",
    "exact_difference",
    "exact_sum",
    "full_quotient",
    "infer_style",
    "parse_number",
    "readings",
    "style_evidence",
    "style_for_language",
]


class NumberStyle(StrEnum):
    """A writing convention for numbers, named by the language that uses it."""

    VI = "vi"
    EN = "en"

    @property
    def thousands(self) -> str:
        return "." if self is NumberStyle.VI else ","

    @property
    def decimal(self) -> str:
        return "," if self is NumberStyle.VI else "."


def style_for_language(language: str | None) -> NumberStyle:
    """The style of a language code ("en", "en-us", "vi"); Vietnamese, the product's first language,
    for anything else."""
    if language and language.lower().split("-")[0].split("_")[0] == "en":
        return NumberStyle.EN
    return NumberStyle.VI


@dataclass(frozen=True)
class WrittenNumber:
    """A number as it was written: its value with the exponent it was written with, its decimal
    places, whether a percent sign followed it, and the style it was read in."""

    value: Decimal
    places: int
    percent: bool
    style: NumberStyle
    text: str


class NumberError(ValueError):
    """The text is not a number in the style asked for. ``message`` is translated lazily (shown in
    the reader's language); ``code`` is stable for machines; ``value`` is the text given."""

    def __init__(self, message: str | Promise, *, value: str, code: str, style: NumberStyle) -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        self.code = code
        self.style = style

    def __str__(self) -> str:
        return str(self.message)


_EMPTY = _("Write a number.")
_CHARACTER = _("“{value}” is not a number: “{character}” is not a digit, a separator or a percent sign.")
_SPACE = _("“{value}” has a space inside it: write the number without spaces, as in {example}.")
_NO_DIGITS = _("“{value}” has no digits: write a number.")
_MISPLACED = _("“{value}” is not a number: each separator stands between two digits.")
_LEADING_ZERO = _("“{value}” starts with a zero that is not needed: write the number without it.")
_SEVERAL_DECIMALS = {
    NumberStyle.VI: _(
        "“{value}” is not a valid Vietnamese number: the comma marks the decimals and appears only "
        "once, as in 1.234.567,5."
    ),
    NumberStyle.EN: _(
        "“{value}” is not a valid English number: the point marks the decimals and appears only "
        "once, as in 1,234,567.5."
    ),
}
_ORDER = {
    NumberStyle.VI: _(
        "“{value}” is not a valid Vietnamese number: the dots that separate thousands come before "
        "the decimal comma, as in 1.234.567,5."
    ),
    NumberStyle.EN: _(
        "“{value}” is not a valid English number: the commas that separate thousands come before "
        "the decimal point, as in 1,234,567.5."
    ),
}
_GROUP = {
    NumberStyle.VI: _(
        "“{value}” is not a valid Vietnamese number: the dot separates thousands, so each group "
        "after a dot has three digits, and “{group}” has {count}."
    ),
    NumberStyle.EN: _(
        "“{value}” is not a valid English number: the comma separates thousands, so each group "
        "after a comma has three digits, and “{group}” has {count}."
    ),
}
_DECIMAL_HINT = {
    NumberStyle.VI: _(
        "“{value}” is not a valid Vietnamese number: the dot separates thousands, so each group "
        "after a dot has three digits. A decimal is written with a comma: {suggestion}."
    ),
    NumberStyle.EN: _(
        "“{value}” is not a valid English number: the comma separates thousands, so each group "
        "after a comma has three digits. A decimal is written with a point: {suggestion}."
    ),
}
_FIRST_GROUP = {
    NumberStyle.VI: _(
        "“{value}” is not a valid Vietnamese number: the digits before the first dot are one to "
        "three, and “{group}” has {count}."
    ),
    NumberStyle.EN: _(
        "“{value}” is not a valid English number: the digits before the first comma are one to "
        "three, and “{group}” has {count}."
    ),
}
_EXAMPLE = {NumberStyle.VI: "8.051", NumberStyle.EN: "8,051"}

_MAX_SHOWN = 40
_SIGNS = {"+": "", "-": "-", "\u2212": "-"}  # U+2212 MINUS SIGN, as typeset texts write it
_BODY = re.compile(r"[0-9.,]+")
_PERCENT = re.compile(r"\s*%\Z")


def _shown(text: str) -> str:
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def parse_number(text: str, *, style: NumberStyle | str) -> WrittenNumber:
    """Reads ``text`` as ``style`` writes numbers; raises ``NumberError`` with the reason otherwise."""
    style = NumberStyle(style)
    written = unicodedata.normalize("NFC", text).strip()
    shown = _shown(written)

    def refuse(message: str | _StrPromise, code: str, **values: object) -> NumberError:
        return NumberError(format_lazy(message, value=shown, **values), value=text, code=code, style=style)

    if not written:
        raise NumberError(_EMPTY, value=text, code="empty", style=style)
    body, percent = _PERCENT.sub("", written), False
    if body != written:
        percent = True
    sign = _SIGNS.get(body[:1])
    if sign is not None:
        body = body[1:]
    else:
        sign = ""
    if not body:
        raise refuse(_NO_DIGITS, "no_digits")
    if not _BODY.fullmatch(body):
        stray = next((ch for ch in body if not (ch.isascii() and (ch.isdigit() or ch in ".,"))), "")
        if stray.isspace():
            raise refuse(_SPACE, "space_inside", example=_EXAMPLE[style])
        raise refuse(_CHARACTER, "invalid_character", character=stray)
    if not (body[0].isdigit() and body[-1].isdigit()):
        raise refuse(_MISPLACED, "misplaced_separator")
    whole, separator, fraction = body.partition(style.decimal)
    if style.decimal in fraction:
        raise refuse(_SEVERAL_DECIMALS[style], "several_decimal_separators")
    if style.thousands in fraction:
        raise refuse(_ORDER[style], "separator_order")
    if not whole or (separator and not fraction):
        raise refuse(_MISPLACED, "misplaced_separator")
    groups = whole.split(style.thousands)
    if any(not group for group in groups):
        raise refuse(_MISPLACED, "misplaced_separator")
    if len(groups) == 2 and not fraction and len(groups[1]) < 3:
        # "45.37" or "1234.5" in Vietnamese: the other style's decimal, so say how to write one
        suggestion = f"{sign}{groups[0]}{style.decimal}{groups[1]}{'%' if percent else ''}"
        raise refuse(_DECIMAL_HINT[style], "decimal_separator", suggestion=suggestion)
    if len(groups) > 1 and len(groups[0]) > 3:
        raise refuse(_FIRST_GROUP[style], "group_size", group=groups[0], count=len(groups[0]))
    for group in groups[1:]:
        if len(group) != 3:
            raise refuse(_GROUP[style], "group_size", group=group, count=len(group))
    digits = "".join(groups)
    if len(digits) > 1 and digits[0] == "0":
        raise refuse(_LEADING_ZERO, "leading_zero")
    value = Decimal(f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}")
    return WrittenNumber(value=value, places=len(fraction), percent=percent, style=style, text=written)


def readings(text: str) -> dict[NumberStyle, WrittenNumber | NumberError]:
    """The reading of ``text`` under each style, or the reason it is not a number in that style:
    ``8.051`` is 8051 in Vietnamese and 8.051 in English; ``45,37`` is only Vietnamese."""
    result: dict[NumberStyle, WrittenNumber | NumberError] = {}
    for style in NumberStyle:
        try:
            result[style] = parse_number(text, style=style)
        except NumberError as error:
            result[style] = error
    return result


# Refusals that show the other style's way of writing: "82,07" in English (a comma before two
# digits), "1,234.5" or "1,234,567" in Vietnamese. A group of four digits ("24.3200") shows nothing.
_OTHER_STYLE_CODES = frozenset({"decimal_separator", "separator_order", "several_decimal_separators"})


def style_evidence(text: str) -> NumberStyle | None:
    """The style that ``text``'s own writing proves: valid in that style and refused in the other
    for using the separators that style's way. ``82,07%`` proves Vietnamese, ``45.37`` English;
    ``8.051`` (valid in both) and ``24.3200`` (malformed in Vietnamese, four decimals in English)
    prove nothing."""
    read = readings(text)
    for style in NumberStyle:
        other = read[_other(style)]
        if isinstance(read[style], WrittenNumber) and isinstance(other, NumberError):
            return style if other.code in _OTHER_STYLE_CODES else None
    return None


def _other(style: NumberStyle) -> NumberStyle:
    return NumberStyle.EN if style is NumberStyle.VI else NumberStyle.VI


def infer_style(texts: Iterable[str], *, prefer: NumberStyle | str = NumberStyle.VI) -> NumberStyle | None:
    """The style of one statement's numbers, which share it: ``prefer`` (the text's style) when all
    of them are valid in it; otherwise the other style when all are valid in it and one of them
    proves it (``style_evidence``); otherwise ``None`` (read in ``prefer`` and refuse). So "8.051 out
    of 9.810 (82,07%)" in an English text is Vietnamese ("82,07%" proves it), while "27.409 out of
    24.3200" in a Vietnamese text stays Vietnamese and is refused: the four-digit group proves no
    other style, and reading it as English decimals would be a guess."""
    prefer = NumberStyle(prefer)
    items = list(texts)
    read = [readings(text) for text in items]
    if all(isinstance(reading[prefer], WrittenNumber) for reading in read):
        return prefer
    other = _other(prefer)
    if all(isinstance(reading[other], WrittenNumber) for reading in read) and any(
        style_evidence(text) is other for text in items
    ):
        return other
    return None


def dominant_style(texts: Iterable[str], *, prefer: NumberStyle | str = NumberStyle.VI) -> NumberStyle:
    """The style most of a whole text's numbers prove (``style_evidence``), ``prefer`` (the text's
    language) on a tie or without evidence: the style its statements are then read in first. Seed
    004, an English translation, writes "8.051", "82,07%", "130,4%": Vietnamese."""
    prefer = NumberStyle(prefer)
    counts = dict.fromkeys(NumberStyle, 0)
    for text in texts:
        style = style_evidence(text)
        if style is not None:
            counts[style] += 1
    other = _other(prefer)
    return other if counts[other] > counts[prefer] else prefer


# Addition and subtraction in this context are exact: no finite operand can need more digits.
_EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, Inexact, Rounded])


def exact_sum(values: Iterable[Decimal]) -> Decimal:
    """The exact sum (``sum`` rounds to 28 significant digits); ``Decimal(0)`` for no values."""
    total = Decimal(0)
    for value in values:
        total = _EXACT.add(total, value)
    return total


def exact_difference(minuend: Decimal, subtrahend: Decimal) -> Decimal:
    return _EXACT.subtract(minuend, subtrahend)


def divide_half_up(
    numerator: Decimal | int, denominator: Decimal | int, *, places: int, factor: Decimal | int = 1
) -> Decimal:
    """``numerator / denominator × factor`` rounded half up (ties away from zero) to ``places``
    decimals, computed exactly: 8051 / 9810 × 100 → 82.07, 90 / 69 × 100 → 130.43. Raises
    ``ZeroDivisionError`` for a zero denominator; callers decide what an undefined figure shows."""
    if places < 0:
        raise ValueError("places must be zero or more")
    quotient = Fraction(numerator) * Fraction(factor) / Fraction(denominator) * 10**places
    negative = quotient < 0
    size = abs(quotient)
    rounded = (2 * size.numerator + size.denominator) // (2 * size.denominator)
    digits = tuple(int(digit) for digit in str(rounded))
    return Decimal((1 if negative and rounded else 0, digits, -places))


def full_quotient(
    numerator: Decimal | int, denominator: Decimal | int, *, factor: Decimal | int = 1
) -> Decimal:
    """``numerator / denominator × factor`` to 28 significant digits, for showing only (never
    compared: ``divide_half_up`` is the figure)."""
    quotient = Fraction(numerator) * Fraction(factor) / Fraction(denominator)
    return Decimal(quotient.numerator) / Decimal(quotient.denominator)
