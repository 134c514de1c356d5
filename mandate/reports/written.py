"""STAND-IN until helper reportsec's ``written.py`` lands: a figure as the report writes it."""

from __future__ import annotations

from mandate.reports.content import Figure, FigureKind


def figure_text(figure: Figure, *, language: str) -> str:
    if figure.value is None:
        return "—"
    text = f"{figure.value}"
    return text + "%" if figure.kind is FigureKind.PERCENT else text
