"""Figures that disagree (issue 13, item 6), listed for the author before the report is issued:
a percentage that does not match its parts, a total that is not the sum of its rows, a figure a
unit stated (issue 7's statements) that the records contradict, and — once issue 16's extractor
exists — a number typed into the report's free text (``free_text_flags``, a hook that finds
nothing yet).

Why recompute what the sections computed: the checks are what a reviewer would do with a pencil,
and they guard the content whatever builder made it (a later section, a bug): a report whose own
figures disagree is flagged, never issued silently."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from mandate.core.numbers import divide_half_up, exact_sum
from mandate.indicators.enums import StatementVerdict
from mandate.indicators.models import StatedFigure
from mandate.reports.content import Figure, FigureKind, Flag, FlagKind, ReportContent
from mandate.reports.narrative import word
from mandate.reports.sections import FigureBook
from mandate.reports.written import figure_text


def percent_flags(book: FigureBook, *, language: str) -> list[Flag]:
    """Each registered percentage against its part / whole at its own places."""
    found = []
    for key, (part_key, whole_key) in book.percent_of.items():
        figure, part, whole = book.figures[key], book.figures[part_key], book.figures[whole_key]
        if figure.value is None or part.value is None or not whole.value:
            continue
        computed = divide_half_up(Decimal(part.value), Decimal(whole.value), places=figure.places, factor=100)
        if computed != Decimal(figure.value):
            right = Figure(key=key, value=computed, kind=FigureKind.PERCENT, places=figure.places)
            stated, computed_text = (
                figure_text(figure, language=language),
                figure_text(right, language=language),
            )
            message = word(
                "flags.percent",
                language,
                figure=figure.label or key,
                stated=stated,
                part=figure_text(part, language=language),
                whole=figure_text(whole, language=language),
                computed=computed_text,
            )
            found.append(
                Flag(FlagKind.PERCENT_MISMATCH, message, (key, part_key, whole_key), stated, computed_text)
            )
    return found


def total_flags(book: FigureBook, *, language: str) -> list[Flag]:
    """Each table with a total row: every figure column's rows summed against the total."""
    found = []
    for table in book.totals:
        *rows, total = table.rows
        for index, column in enumerate(table.columns):
            if column.kind not in (FigureKind.COUNT, FigureKind.AMOUNT, FigureKind.NUMBER):
                continue
            keys = [cell["figure"] for row in rows if isinstance(cell := row[index], dict)]
            total_cell = total[index]
            if not isinstance(total_cell, dict):
                continue
            values = [book.figures[k].value for k in keys]
            stated = book.figures[total_cell["figure"]]
            if stated.value is None or any(v is None for v in values):
                continue
            computed = exact_sum(Decimal(v) for v in values if v is not None)
            if computed != Decimal(stated.value):
                right = Figure(key=stated.key, value=computed, kind=stated.kind, places=stated.places)
                stated_text, computed_text = (
                    figure_text(stated, language=language),
                    figure_text(right, language=language),
                )
                message = word(
                    "flags.total",
                    language,
                    table=table.title,
                    column=column.label,
                    stated=stated_text,
                    computed=computed_text,
                )
                found.append(
                    Flag(FlagKind.TOTAL_MISMATCH, message, (stated.key, *keys), stated_text, computed_text)
                )
    return found


def _stated_text(statement: StatedFigure) -> str:
    return (
        statement.stated_text or statement.text or f"{statement.numerator_text}/{statement.denominator_text}"
    )


def statement_flags(
    statements: Iterable[StatedFigure], by_indicator: Mapping[int, Mapping[str, Figure]], *, language: str
) -> list[Flag]:
    """Each figure a unit stated about an indicator of the report, against the report's figures
    of it: its numbers are not the records' actual and target, or its percentage is not the
    achievement at the precision it was written with (seed 004's "578/454 = 127,6%" is 127,31%),
    or it cannot be read as written ("27.409/24.3200")."""
    found = []
    for statement in statements:
        figures = by_indicator.get(statement.indicator_id or 0)
        if figures is None:
            continue
        actual, target, achievement = figures["actual"], figures["target"], figures["achievement"]
        unit = (statement.unit.name_en or statement.unit.name) if language == "en" else statement.unit.name
        indicator = statement.indicator
        name = (
            ((indicator.name_en or indicator.name) if language == "en" else indicator.name)
            if indicator
            else ""
        )
        computed = figure_text(achievement, language=language)
        keys = (actual.key, target.key, achievement.key)
        if statement.verdict == StatementVerdict.MALFORMED:
            message = word(
                "flags.unreadable",
                language,
                unit=unit,
                stated=statement.text or _stated_text(statement),
                indicator=name,
                computed=computed,
            )
            found.append(Flag(FlagKind.STATEMENT_CONTRADICTED, message, keys, statement.text, computed))
            continue
        wrong = statement.verdict == StatementVerdict.WRONG
        if statement.numerator is not None and actual.value is not None:
            wrong |= Decimal(statement.numerator) != Decimal(actual.value)
        if statement.denominator is not None and target.value is not None:
            wrong |= Decimal(statement.denominator) != Decimal(target.value)
        if statement.stated is not None and achievement.value is not None and statement.places is not None:
            wrong |= Decimal(statement.stated) != Decimal(achievement.value).quantize(
                Decimal(1).scaleb(-statement.places), rounding=ROUND_HALF_UP
            )
        if wrong:
            stated = _stated_text(statement)
            message = word(
                "flags.statement", language, unit=unit, stated=stated, indicator=name, computed=computed
            )
            found.append(Flag(FlagKind.STATEMENT_CONTRADICTED, message, keys, stated, computed))
    return found


def free_text_flags(text: str, content: ReportContent) -> list[Flag]:
    """The numbers typed into a report's free text that its figures do not support. A hook for
    issue 16's extractor, which finds the statements in running text: until then, nothing."""
    return []


def check(book: FigureBook, *, language: str) -> list[Flag]:
    """Every internal check of the book (the statement checks run in the indicator section)."""
    return [*percent_flags(book, language=language), *total_flags(book, language=language)]
