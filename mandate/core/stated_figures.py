"""Checks a figure stated with its percentage against its own numerator and denominator.

Reports state figures as "8.051/9.810 (82,07%)", "90/69 = 130,4%", "578 trên 454 đạt 127,6%". The
percentage is recomputed and compared **at the precision it was written with**: the exact
quotient is rounded half up to the stated number of decimals, so "130,4%" for 90/69 (130.434…)
is right, "88%" for 67/76 (88.157…) is right, and "127,6%" for 578/454 (127.312…) is wrong. A
statement whose numbers do not follow their writing convention ("24.3200") is *malformed*: it is
refused with the reason, never guessed (``core.numbers``). ADR 0031.

A ratio stated alone ("27/30 đơn vị") claims no percentage, so it cannot be wrong: it is *ok*, and
its percentage is computed at the product's two decimals. The same check serves a stated multiple
("gấp 30 lần": current / previous, factor 1) through ``check_multiple``.

The statements this module reads are the ones typed in or imported one per cell; finding them in
running text is the ingestion's work (issue 16), which hands each one's numbers to
``check_percentage`` or its text to ``check_statement``.

Pure Python: no ORM, nothing from the other apps.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from mandate.core.numbers import (
    NumberError,
    NumberStyle,
    WrittenNumber,
    divide_half_up,
    full_quotient,
    infer_style,
    parse_number,
)

__all__ = [
    "PERCENT_PLACES",
    "FigureCheck",
    "NumberInput",
    "Verdict",
    "check_multiple",
    "check_percentage",
    "check_statement",
]

PERCENT_PLACES = 2
"""Decimals of a percentage the product computes where none is stated (82,07%)."""

NumberInput = str | Decimal | int | WrittenNumber
"""A number as typed (read in the given style), or a value whose exponent gives its precision
(``Decimal("130.4")`` was written with one decimal)."""


class Verdict(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class FigureCheck:
    """The verdict on one statement.

    ``computed`` is the quotient rounded half up at the stated precision (or at ``PERCENT_PLACES``
    when nothing was stated); ``computed_full`` is the quotient to 28 significant digits, to show;
    ``places`` is the precision compared at. A malformed statement has ``code`` (stable: a
    ``NumberError`` code, ``zero_denominator`` or ``not_a_statement``) and ``reason`` (translated
    lazily), and whatever numbers could be read."""

    verdict: Verdict
    numerator: WrittenNumber | None = None
    denominator: WrittenNumber | None = None
    stated: WrittenNumber | None = None
    computed: Decimal | None = None
    computed_full: Decimal | None = None
    places: int | None = None
    factor: int = 100
    code: str | None = None
    reason: str | Promise | None = None

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.OK

    @property
    def wrong(self) -> bool:
        return self.verdict is Verdict.WRONG

    @property
    def malformed(self) -> bool:
        return self.verdict is Verdict.MALFORMED

    def computed_at(self, places: int) -> Decimal | None:
        """The quotient rounded half up at another precision (the product shows two decimals)."""
        if self.numerator is None or self.denominator is None or not self.denominator.value:
            return None
        return divide_half_up(self.numerator.value, self.denominator.value, places=places, factor=self.factor)


_ZERO_DENOMINATOR = _("The denominator is zero, so no percentage can be computed from it.")
_ZERO_PREVIOUS = _("The earlier value is zero, so no multiple can be computed from it.")
_NOT_A_STATEMENT = _(
    "“{value}” is not a figure with its percentage. Write it as 90/69 = 130,4%, as 578 trên 454 đạt "
    "127,6%, or as a ratio alone, 27/30."
)
_MAX_SHOWN = 80


def _written(value: NumberInput, style: NumberStyle) -> WrittenNumber:
    if isinstance(value, WrittenNumber):
        return value
    if isinstance(value, str):
        return parse_number(value, style=style)
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError("a stated figure is a finite number")
    exponent = amount.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return WrittenNumber(value=amount, places=places, percent=False, style=style, text=str(amount))


def _check(
    numerator: NumberInput,
    denominator: NumberInput,
    stated: NumberInput | None,
    *,
    style: NumberStyle | str,
    factor: int,
) -> FigureCheck:
    style = NumberStyle(style)
    read: dict[str, WrittenNumber] = {}
    for name, value in (("numerator", numerator), ("denominator", denominator), ("stated", stated)):
        if value is None:
            continue
        try:
            read[name] = _written(value, style)
        except NumberError as error:
            return FigureCheck(
                verdict=Verdict.MALFORMED,
                numerator=read.get("numerator"),
                denominator=read.get("denominator"),
                factor=factor,
                code=error.code,
                reason=error.message,
            )
    top, bottom, claim = read["numerator"], read["denominator"], read.get("stated")
    if not bottom.value:
        return FigureCheck(
            verdict=Verdict.MALFORMED,
            numerator=top,
            denominator=bottom,
            stated=claim,
            factor=factor,
            code="zero_denominator",
            reason=_ZERO_DENOMINATOR if factor == 100 else _ZERO_PREVIOUS,
        )
    places = claim.places if claim is not None else PERCENT_PLACES
    computed = divide_half_up(top.value, bottom.value, places=places, factor=factor)
    verdict = Verdict.OK if claim is None or claim.value == computed else Verdict.WRONG
    return FigureCheck(
        verdict=verdict,
        numerator=top,
        denominator=bottom,
        stated=claim,
        computed=computed,
        computed_full=full_quotient(top.value, bottom.value, factor=factor),
        places=places,
        factor=factor,
    )


def check_percentage(
    *,
    numerator: NumberInput,
    denominator: NumberInput,
    stated: NumberInput | None,
    style: NumberStyle | str = NumberStyle.VI,
) -> FigureCheck:
    """``stated`` against ``numerator / denominator × 100`` at the stated precision. Texts are read
    in ``style``; ``stated=None`` checks a ratio alone (always ok, computed at two decimals)."""
    return _check(numerator, denominator, stated, style=style, factor=100)


def check_multiple(
    *,
    current: NumberInput,
    previous: NumberInput,
    stated: NumberInput,
    style: NumberStyle | str = NumberStyle.VI,
) -> FigureCheck:
    """A stated multiple ("gấp 30 lần") against ``current / previous`` at the stated precision."""
    return _check(current, previous, stated, style=style, factor=1)


_NUMBER = r"[+\-\u2212]?[0-9](?:[0-9.,]*[0-9])?"
_BETWEEN = r"(?:/|trên|out\s+of|of)"
# A hyphen followed by a space leads in ("90/69 - 130,4%"); stuck to the digits it is a sign ("-3%").
_LEAD_IN = (
    r"(?:=|:|,|\(|-(?=\s)|–|—|đạt|bằng|là|tỷ\s+lệ|tức|reaching|reached|achieving|equals|equal\s+to|is|i\.e\.)"
)
_STATEMENT = re.compile(
    rf"(?P<numerator>{_NUMBER})\s*{_BETWEEN}\s*(?P<denominator>{_NUMBER})"
    rf"(?:(?:\s*{_LEAD_IN})*\s*(?P<stated>{_NUMBER}\s*%)\s*\)?)?",
    re.IGNORECASE,
)


def check_statement(
    text: str, *, style: NumberStyle | str | None = None, prefer: NumberStyle | str = NumberStyle.VI
) -> FigureCheck:
    """Reads and checks one statement: "90/69 = 130,4%", "578 trên 454 đạt 127,6%", "8.051/9.810
    (82,07%)", "8,051 out of 9,810 (82.07%)", "27/30".

    With ``style=None`` the statement's numbers decide their style (``numbers.infer_style``), the
    text's language ``prefer`` winning when both fit; when neither fits, the reasons are given in
    ``prefer``'s style. A final full stop or semicolon is not part of the statement."""
    written = " ".join(unicodedata.normalize("NFC", text).split())
    written = written[:-1].rstrip() if written.endswith((".", ";")) else written
    match = _STATEMENT.fullmatch(written)
    if match is None:
        shown = written if len(written) <= _MAX_SHOWN else written[: _MAX_SHOWN - 1] + "…"
        return FigureCheck(
            verdict=Verdict.MALFORMED,
            code="not_a_statement",
            reason=format_lazy(_NOT_A_STATEMENT, value=shown),
        )
    numbers = {name: value for name, value in match.groupdict().items() if value is not None}
    if style is None:
        style = infer_style(numbers.values(), prefer=prefer) or NumberStyle(prefer)
    return check_percentage(
        numerator=numbers["numerator"],
        denominator=numbers["denominator"],
        stated=numbers.get("stated"),
        style=style,
    )
