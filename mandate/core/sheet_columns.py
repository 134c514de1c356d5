"""The columns a sheet import declares: the header people read, and how one cell becomes a value.

Why declarative: every import of the product (indicator values, figures, lists of units) reads
the same kinds of cell the same way — a real number and not a number typed as text, a date that
is a date, a code that names a known row — and says what is wrong with a cell, and how to mend
it, in the same words. An app declares its columns and never parses a cell itself
(docs/adr/0032-sheet-import-and-export.md).

What a cell holds is what the reader sees: a cell formatted as a percentage showing 82,07% is
82.07; a formula is read as its last computed value (``sheet_reader``). A number stored as text is
refused with the way to mend it, unless the column allows numbers written as text, which are then
read strictly in the reader's style (``core.numbers.parse_number``, ADR 0031: 8.051 and 82,07 in
Vietnamese, 8,051 and 82.07 in English).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from mandate.core.dates import WORK_DATES, DateRange
from mandate.core.numbers import (
    NumberError,
    NumberStyle,
    WrittenNumber,
    parse_number,
    readings,
    style_for_language,
)
from mandate.core.text import fold

# Excel keeps 15 significant digits; a float's last digits past them are arithmetic noise
# (45.370000000000005), not what the reader sees.
EXCEL_DIGITS = 15
_DATE_TEXT = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
LANGUAGES = ("vi", "en")


class CellProblem(ValueError):
    """What is wrong with a cell and how to mend it, in the active language."""

    def __init__(self, what: str, mend: str) -> None:
        super().__init__(what)
        self.what = what
        self.mend = mend


def shown(value: Any) -> str:
    """A cell's value as the report quotes it: dates dd/mm/yyyy, numbers the Vietnamese way."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        number = excel_decimal(value)
        return local_number(number) if number is not None else str(value)
    text = str(value)
    return text if len(text) <= 100 else text[:99] + "…"


def local_number(number: Decimal) -> str:
    """A number as the reader writes it, every decimal kept: 8.051 and 1,234 in Vietnamese, 8,051
    and 1.234 in English."""
    places = max(-int(number.as_tuple().exponent), 0)
    return formats.number_format(number, decimal_pos=places, use_l10n=True, force_grouping=True)


def excel_decimal(value: int | float | Decimal) -> Decimal | None:
    """The number a numeric cell shows, as a Decimal (None for infinities and NaN)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if not math.isfinite(value):
        return None
    return plain(Decimal(format(value, f".{EXCEL_DIGITS}g")))


def plain(number: Decimal) -> Decimal:
    """Without trailing zeros and without an exponent: 82.0700 is 82.07, 1E+3 is 1000."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def header_text(header: str | Promise, language: str) -> str:
    with translation.override(language):
        return str(header)


def header_key(text: str) -> str:
    """Headers compared without case, accents or repeated spaces: "Don vi" finds "Đơn vị"."""
    return fold(unicodedata.normalize("NFC", str(text)))


@dataclass(frozen=True, kw_only=True)
class Column:
    """One column: its key in the rows handed to the importer, its header (an English msgid,
    matched in Vietnamese and English), other headers accepted, and whether it must be filled."""

    key: str
    header: str | Promise
    aliases: Sequence[str] = ()
    required: bool = True
    width: int = 16

    @cached_property
    def header_keys(self) -> frozenset[str]:
        texts = [header_text(self.header, language) for language in LANGUAGES]
        return frozenset(header_key(text) for text in [*texts, *self.aliases])

    def title(self) -> str:
        return str(self.header)

    def read(self, value: Any, number_format: str) -> Any:
        """The value of a non-empty cell, or ``CellProblem``."""
        raise NotImplementedError


def _not_a_number(value: Any, column: Column) -> CellProblem:
    return CellProblem(
        _("“%(value)s” is not a number.") % {"value": shown(value)},
        _("Type a number in the column “%(header)s”, such as 8.051 or 82,07.") % {"header": column.title()},
    )


def _number_as_text(value: str) -> CellProblem | None:
    """The refusal of a number stored as text, when the text reads as a number at all."""
    plain = value.strip()
    readable = any(isinstance(reading, WrittenNumber) for reading in readings(plain).values())
    if not readable:
        return None
    return CellProblem(
        _("“%(value)s” is a number stored as text.") % {"value": shown(value)},
        _(
            "Type it again as a number, in a cell formatted as a number (in Excel: the green "
            "triangle, then “Convert to Number”)."
        ),
    )


# Refusals where the text is a number written with the other style's separators, or with a
# group of the wrong size: the way to write it is shown both as a whole number and as a decimal.
_REGROUPED = frozenset({"group_size", "decimal_separator", "separator_order", "several_decimal_separators"})


def _grouped(digits: str, style: NumberStyle) -> str:
    return f"{int(digits):,}".replace(",", style.thousands) if digits else ""


def _text_number_problem(error: NumberError, text: str, style: NumberStyle) -> CellProblem:
    """A number typed as text that ``parse_number`` refused: its reason, and how to write it in
    the reader's style ("24.3200": 243.200 if whole, 24,3200 if the point meant the decimals)."""
    body = text.strip().rstrip("%").strip()
    digits = "".join(ch for ch in body if ch.isascii() and ch.isdigit()).lstrip("0")
    if error.code in _REGROUPED and digits and style.decimal not in body and style.thousands in body:
        decimal = style.decimal.join(body.rsplit(style.thousands, 1))
        mend = _(
            "Write %(whole)s if it is a whole number (a separator between every three digits), or "
            "%(decimal)s if the separator was meant before the decimals."
        ) % {"whole": _grouped(digits, style), "decimal": decimal}
    else:
        example = "8.051 / 82,07" if style is NumberStyle.VI else "8,051 / 82.07"
        mend = _("Write a number such as %(example)s.") % {"example": example}
    return CellProblem(str(error.message), mend)


@dataclass(frozen=True, kw_only=True)
class NumberColumn(Column):
    """What numeric columns share. ``percent``: a cell formatted as a percentage (showing 82,07%)
    is 82.07, as is a plain 82,07. ``text_numbers``: a number typed as text is read strictly
    in the reader's style (``core.numbers``) instead of refused. ``minimum``, ``maximum``: the
    range accepted."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    percent: bool = False
    text_numbers: bool = False

    def _from_text(self, value: str) -> Decimal:
        if not self.text_numbers:
            raise _number_as_text(value) or _not_a_number(value, self)
        style = style_for_language(translation.get_language())
        try:
            written = parse_number(value, style=style)
        except NumberError as error:
            raise _text_number_problem(error, value, style) from None
        if written.percent and not self.percent:
            raise CellProblem(
                _("“%(value)s” is a percentage; this column takes a plain number.") % {"value": shown(value)},
                _("Write the number without the percent sign."),
            )
        return written.value

    def _number(self, value: Any, number_format: str) -> Decimal:
        if _is_text(value):
            return self._from_text(value)
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise _not_a_number(value, self)
        number = excel_decimal(value)
        if number is None:
            raise _not_a_number(value, self)
        if self.percent and "%" in number_format:
            number = plain(number * 100)
        return number

    def _check_range(self, number: Decimal, value: Any) -> None:
        low, high = self.minimum, self.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            bounds = {
                "value": shown(value),
                "low": local_number(low) if low is not None else "",
                "high": local_number(high) if high is not None else "",
            }
            if low is not None and high is not None:
                what = _("“%(value)s” is outside %(low)s to %(high)s.") % bounds
            elif low is not None:
                what = _("“%(value)s” is less than %(low)s.") % bounds
            else:
                what = _("“%(value)s” is more than %(high)s.") % bounds
            raise CellProblem(what, _("Check the figure and type it again."))


@dataclass(frozen=True, kw_only=True)
class DecimalColumn(NumberColumn):
    """A measured value (Decimal); ``places``: the decimals allowed (None: any)."""

    places: int | None = None

    def read(self, value: Any, number_format: str) -> Decimal:
        number = self._number(value, number_format)
        if self.places is not None and -int(number.as_tuple().exponent) > self.places:
            raise CellProblem(
                _("“%(value)s” has more than %(places)s decimals.")
                % {"value": shown(value), "places": self.places},
                _("Round it to %(places)s decimals.") % {"places": self.places}
                if self.places
                else _("Write a whole number."),
            )
        self._check_range(number, value)
        return number


@dataclass(frozen=True, kw_only=True)
class IntegerColumn(NumberColumn):
    """A count: a whole number (8.051), as a real number in its cell."""

    def read(self, value: Any, number_format: str) -> int:
        number = self._number(value, number_format)
        if number != number.to_integral_value():
            raise CellProblem(
                _("“%(value)s” is not a whole number.") % {"value": shown(value)},
                _("Write a whole number."),
            )
        self._check_range(number, value)
        return int(number)


@dataclass(frozen=True, kw_only=True)
class DateColumn(Column):
    """A day: an Excel date (any date format), or text written dd/mm/yyyy."""

    dates: DateRange = WORK_DATES

    def read(self, value: Any, number_format: str) -> dt.date:
        mend = _("Type the date as dd/mm/yyyy, for example 15/09/2023.")
        if isinstance(value, dt.datetime):
            if value.time() != dt.time(0):
                raise CellProblem(_("“%(value)s” has a time of day.") % {"value": shown(value)}, mend)
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        elif _is_text(value):
            match = _DATE_TEXT.fullmatch(value.strip())
            try:
                if match is None:
                    raise ValueError(value)
                day = dt.date(int(match[3]), int(match[2]), int(match[1]))
            except ValueError:
                raise CellProblem(_("“%(value)s” is not a date.") % {"value": shown(value)}, mend) from None
        elif isinstance(value, int | float) and not isinstance(value, bool):
            raise CellProblem(
                _("“%(value)s” is a number, not a date.") % {"value": shown(value)},
                _("Format the cell as a date (dd/mm/yyyy), or type the date as 15/09/2023."),
            )
        else:
            raise CellProblem(_("“%(value)s” is not a date.") % {"value": shown(value)}, mend)
        if day not in self.dates:
            raise CellProblem(
                _("“%(value)s” is outside the dates accepted.") % {"value": shown(value)},
                self.dates.message(),
            )
        return day


@dataclass(frozen=True, kw_only=True)
class TextColumn(Column):
    """Text, trimmed. A number in the cell is taken as the digits it shows (a code such as 1001)."""

    max_length: int = 500

    def read(self, value: Any, number_format: str) -> str:
        if isinstance(value, dt.date):
            text = shown(value)
        elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            number = excel_decimal(value)
            text = f"{number:f}" if number is not None else str(value)
        else:
            text = str(value)
        text = unicodedata.normalize("NFC", text).strip()
        if len(text) > self.max_length:
            raise CellProblem(
                _("The text is %(length)s characters long; at most %(limit)s are accepted.")
                % {"length": len(text), "limit": self.max_length},
                _("Shorten it."),
            )
        return text


@dataclass(frozen=True, kw_only=True)
class ChoiceColumn(Column):
    """One of a few values, written as its label in Vietnamese or English (or as the value)."""

    choices: Sequence[tuple[Any, str | Promise]] = field(default_factory=tuple)

    @cached_property
    def _labels(self) -> dict[str, Any]:
        labels: dict[str, Any] = {}
        for value, label in self.choices:
            labels[header_key(str(value))] = value
            for language in LANGUAGES:
                labels[header_key(header_text(label, language))] = value
        return labels

    def read(self, value: Any, number_format: str) -> Any:
        text = shown(value) if not _is_text(value) else value
        found = self._labels.get(header_key(text), _MISSING)
        if found is _MISSING:
            listed = ", ".join(f"“{label}”" for _value, label in self.choices)
            raise CellProblem(
                _("“%(value)s” is not one of the choices.") % {"value": shown(value)},
                _("Write one of: %(choices)s.") % {"choices": listed},
            )
        return found


_MISSING = object()


@dataclass(frozen=True, kw_only=True)
class ReferenceColumn(Column):
    """A row of the database named by its code (a unit's code, an indicator's code). ``codes``
    maps each code the importer accepts to its row — only rows the actor may use, so an unknown
    code and a code outside his scope read the same — or is a function from code to row or None.
    ``noun`` names what the code is of, for the message ("unit")."""

    codes: Mapping[str, Any] | Callable[[str], Any] = field(default_factory=dict)
    noun: str | Promise = ""
    case_sensitive: bool = False

    @cached_property
    def _codes(self) -> Mapping[str, Any]:
        assert not callable(self.codes)
        if self.case_sensitive:
            return self.codes
        return {str(code).upper(): row for code, row in self.codes.items()}

    def read(self, value: Any, number_format: str) -> Any:
        code = TextColumn(key=self.key, header=self.header).read(value, number_format)
        lookup = code if self.case_sensitive else code.upper()
        found = self.codes(lookup) if callable(self.codes) else self._codes.get(lookup)
        if found is None:
            raise CellProblem(
                _("No %(noun)s has the code “%(value)s”.") % {"noun": self.noun or _("row"), "value": code},
                _("Use a code from the template, or ask who sent it for the list of codes."),
            )
        return found
