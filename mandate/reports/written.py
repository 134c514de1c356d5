"""Figures as the narrative writes them: as ``figure_format`` writes every figure of the report
(8.051 and 82,07% in Vietnamese, 8,051 and 82.07% in English), and, in Vietnamese sentences, counts
below ten with two digits as the administrative style does ("09/09", "05 nhiệm vụ", "02 đơn vị").

Why apart from ``figure_format``: the tables print a count as a number ("9"); the sentence's
two-digit form is the register of the text, and the test that reads the narrative's numbers back
(``core.numbers.parse_number``) knows it."""

from __future__ import annotations

from mandate.core.numbers import NumberStyle, style_for_language
from mandate.reports import figure_format
from mandate.reports.content import Figure, FigureKind


def figure_text(figure: Figure, *, language: str) -> str:
    """How a sentence writes the figure."""
    value = figure.value
    vietnamese = style_for_language(language) is NumberStyle.VI
    if figure.kind is FigureKind.COUNT and value is not None and vietnamese and 0 <= value < 10:
        return f"{int(value):02d}"
    return figure_format.figure_text(figure, language)
