"""A report's figures written as its language writes them: 8.051 and 82,07% in a Vietnamese
report, 8,051 and 82.07% in an English one, whatever language the person who asked for it reads.

Why here and not in each renderer: the Word file, the chart labels and the page must write one
figure one way. The separators come from the project's format modules (``mandate/formats/``)
through the same filters the pages use (``core.templatetags.mandate_format``); this module only
chooses the filter by the figure's kind and activates the report's language while it writes.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import translation

from mandate.core.templatetags.mandate_format import number, percent
from mandate.reports.content import Figure, FigureKind

MISSING = "—"  # no figure: nothing reported, no denominator


def value_text(value: Decimal | int | float | None, kind: FigureKind, places: int, language: str) -> str:
    """``value`` of ``kind`` written in ``language``: counts without decimals, percentages and
    amounts with ``places`` decimals, a plain number with ``places`` decimals when it has a
    fraction."""
    if value is None:
        return MISSING
    if kind != FigureKind.COUNT and not (kind == FigureKind.NUMBER and isinstance(value, int)):
        # Half up to the places shown: Django's number_format cuts the digits off (127.305 would
        # be written 127,30%), and a figure must read as the records give it (127,31%).
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    with translation.override(language):
        if kind == FigureKind.PERCENT:
            return percent(value, places)
        if kind == FigureKind.COUNT:
            return number(value, 0)
        if kind == FigureKind.NUMBER and isinstance(value, int):
            return number(value, 0)
        return number(value, places)


def figure_text(figure: Figure, language: str) -> str:
    """The figure as the report prints it."""
    return value_text(figure.value, figure.kind, figure.places, language)
