"""Figures written the way a report in each language writes them: 8.051 and 82,07% in
Vietnamese, 8,051 and 82.07% in English; counts below ten with two digits in the Vietnamese
administrative style ("09/09", "05 nhiệm vụ", "02 đơn vị").

Why not Django's localisation: a report is made in a job, in the language it asks for, and must
print the same digits wherever it is made; these rules are few and a test reads them back with
``core.numbers.parse_number``. Pure Python.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from mandate.core.numbers import NumberStyle, style_for_language
from mandate.reports.content import Figure, FigureKind

NONE_TEXT = {"vi": "—", "en": "—"}


def grouped(value: Decimal | int, *, places: int, language: str) -> str:
    """``value`` rounded half up to ``places`` decimals, thousands grouped in the language's way."""
    style = style_for_language(language)
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _dot, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + style.thousands.join(groups)
    return f"{text}{style.decimal}{fraction}" if fraction else text


def count_text(value: int, *, language: str, two_digits: bool = True) -> str:
    """A count: "8.051"; in Vietnamese below ten with two digits ("09"), as the administrative
    style writes counts of tasks and units."""
    if two_digits and style_for_language(language) is NumberStyle.VI and 0 <= value < 10:
        return f"{value:02d}"
    return grouped(value, places=0, language=language)


def figure_text(figure: Figure, *, language: str) -> str:
    """How a figure is printed, in the page, the Word file and the narrative alike."""
    value = figure.value
    if value is None:
        return NONE_TEXT.get(language, "—")
    if figure.kind is FigureKind.COUNT:
        return count_text(int(value), language=language)
    if figure.kind is FigureKind.PERCENT:
        return grouped(value, places=figure.places, language=language) + "%"
    if figure.kind is FigureKind.AMOUNT:
        return grouped(value, places=figure.places, language=language)
    exponent = Decimal(value).as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    return grouped(value, places=max(0, places), language=language)
