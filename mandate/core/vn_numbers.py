"""Numbers written as Vietnamese write them, read strictly: 8.051 (a point between thousands),
82,07 (a comma before the decimals), 1.234.567,5.

Why strict: a number read wrongly is worse than a number refused. "1.5" is one and a half to an
English reader and a typo to a Vietnamese one; "24.3200" (seed 004) is neither 24,320 nor
243,200 — the thousands groups have three digits — so it is refused with the reason and the way
to write it, never guessed. Digits without any separator (8051) are accepted: nobody reads them
two ways. Pure functions, no ORM: tested exhaustively in ``core/tests/test_vn_numbers.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

# A sign, digits grouped by points in threes (or not grouped at all), a comma and decimals.
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+|0|[1-9]\d*")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


@dataclass(frozen=True)
class NumberProblem(ValueError):
    """Why a text is not a Vietnamese number (``what``) and how to write it (``mend``), both in
    the active language."""

    what: str
    mend: str

    def __str__(self) -> str:
        return f"{self.what} {self.mend}"


def _example(text: str) -> str:
    """How the text was probably meant, for the message: its digits as one Vietnamese number."""
    digits = re.sub(r"\D", "", text)
    if not digits:
        return "8.051"
    grouped = f"{int(digits):,}".replace(",", ".")
    return grouped


def parse_vietnamese_number(raw: str, *, percent: bool = False) -> Decimal:
    """The value of ``raw`` written the Vietnamese way, or ``NumberProblem``.

    ``percent``: a trailing "%" is allowed (and not required); the value is the number written
    (82,07% is 82.07). Spaces around the number are ignored; spaces inside it are not (a space is
    no separator here).
    """
    text = raw.strip().replace("\u2212", "-")
    shown = raw.strip()
    if percent and text.endswith("%"):
        text = text[:-1].rstrip()
    if not text:
        raise NumberProblem(
            _("“%(value)s” is not a number.") % {"value": shown},
            _("Write a number such as 8.051 or 82,07."),
        )
    sign = ""
    if text[0] in "+-":
        sign, text = text[0], text[1:]
    if _SPACES.search(text):
        raise NumberProblem(
            _("“%(value)s” has a space inside the number.") % {"value": shown},
            _("Write the thousands with points and no space: %(example)s.") % {"example": _example(text)},
        )
    whole, comma, decimals = text.partition(",")
    if comma and ("," in decimals or "." in decimals):
        raise NumberProblem(
            _("“%(value)s” is not a Vietnamese number: the comma comes once, before the decimals.")
            % {"value": shown},
            _("Write points between thousands and one comma before the decimals, as in 1.234,5."),
        )
    if comma and not decimals.isdigit():
        raise NumberProblem(
            _("“%(value)s” is not a number.") % {"value": shown},
            _("Write a number such as 8.051 or 82,07."),
        )
    if not whole or not all(part.isdigit() and part.isascii() for part in whole.split(".")):
        raise NumberProblem(
            _("“%(value)s” is not a number.") % {"value": shown},
            _("Write a number such as 8.051 or 82,07."),
        )
    if not _GROUPED.fullmatch(whole):
        if "." in whole:
            raise NumberProblem(
                _(
                    "“%(value)s” is not a valid Vietnamese number: the groups after a thousands "
                    "point have three digits."
                )
                % {"value": shown},
                _(
                    "Write %(whole)s if it is a whole number (a point between every three "
                    "digits), or %(decimal)s if the point was meant before the decimals."
                )
                % {"whole": _example(whole), "decimal": ",".join(whole.rsplit(".", 1))},
            )
        raise NumberProblem(
            _("“%(value)s” begins with a zero.") % {"value": shown},
            _("Write the number without leading zeros, or as text if it is a code."),
        )
    digits = whole.replace(".", "")
    value = Decimal(f"{sign}{digits}.{decimals}" if decimals else f"{sign}{digits}")
    return value if value else Decimal(0)


def format_vietnamese_number(value: Decimal, *, places: int | None = None) -> str:
    """``value`` as ``parse_vietnamese_number`` reads it back: 8.051, 82,07, -1.234,5."""
    amount = value if places is None else value.quantize(Decimal(1).scaleb(-places))
    sign = "-" if amount < 0 else ""
    whole, _point, decimals = f"{abs(amount):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"
