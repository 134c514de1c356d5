"""What every section builder shares: the figures put in the book with their records, the
period's phrase in the report's language, and the requested period's neighbours.

Why here: the builders (tasks, indicators, inspections, the periodic report) write figures the
same way, so that every figure has its key scheme, its kind and its link; and the period a
sentence names is the same phrase in all of them."""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.utils import translation

from mandate.core import period_labels
from mandate.core.enums import PeriodKind
from mandate.core.numbers import divide_half_up
from mandate.core.period_spans import (
    PeriodLike,
    PeriodSpan,
    cumulative_span,
    half_span,
    month_span,
    quarter_span,
    range_span,
    year_span,
)
from mandate.reports.content import Figure, FigureKind, RecordsLink
from mandate.reports.narrative import word
from mandate.reports.sections import FigureBook, ReportRequest

PERCENT_PLACES = 2
ROMAN = ("I", "II", "III", "IV")


def put(
    book: FigureBook,
    key: str,
    value: Decimal | int | None,
    *,
    kind: FigureKind = FigureKind.COUNT,
    label: str = "",
    records: RecordsLink | None = None,
    places: int = PERCENT_PLACES,
) -> Figure:
    figure = Figure(key=key, value=value, kind=kind, label=label, places=places, records=records)
    book.add(figure)
    return figure


def percent(book: FigureBook, key: str, part: Figure, whole: Figure, *, label: str = "") -> Figure:
    """``part`` / ``whole`` in per cent, rounded half up to two places (None without a whole);
    registered with its parts so that ``flags`` checks it."""
    value = None
    if part.value is not None and whole.value:
        value = divide_half_up(Decimal(part.value), Decimal(whole.value), places=PERCENT_PLACES, factor=100)
    figure = put(book, key, value, kind=FigureKind.PERCENT, label=label)
    book.percent_of[key] = (part.key, whole.key)
    return figure


def period_phrase(period: PeriodLike, language: str, *, title: bool = False) -> str:
    """The period as a sentence names it: "7 tháng đầu năm 2023", "quý III năm 2023", "thời gian
    từ 01/01/2023 đến 15/09/2023" ("the first 7 months of 2023" in English); under Decree 09's
    cut-offs followed by its days."""
    start, end = period_labels.day_text(period.starts_on), period_labels.day_text(period.ends_on)
    if period.kind == PeriodKind.RANGE or (period.kind == PeriodKind.CUMULATIVE and period.number is None):
        return word("period.range_title" if title else "period.range", language, start=start, end=end)
    number, year = period.number or 0, period.year
    if period.kind == PeriodKind.CUMULATIVE:
        phrase = word("period.first_months", language, months=number, year=year)
    elif period.kind == PeriodKind.MONTH:
        name = calendar.month_name[number] if language == "en" else str(number)
        phrase = word("period.month", language, name=name, year=year)
    elif period.kind == PeriodKind.QUARTER:
        name = f"Q{number}" if language == "en" else ROMAN[number - 1]
        phrase = word("period.quarter", language, name=name, year=year)
    elif period.kind == PeriodKind.HALF:
        phrase = word(f"period.half{number}", language, year=year)
    else:
        phrase = word("period.year", language, year=year)
    if period.basis != "calendar":
        phrase += " " + word("period.decree09", language, start=start, end=end)
    return phrase


def period_label(period: PeriodLike, language: str) -> str:
    with translation.override(language):
        return period_labels.label(period)


def next_span(period: PeriodLike, cut_off: dt.date) -> PeriodSpan:
    """The period after the report's: the next month, quarter, half or year; after the first N
    months or a range, the rest of the year (the next year after December)."""
    number = period.number or 1
    year = period.ends_on.year
    if period.kind == PeriodKind.MONTH:
        return month_span(year + number // 12, number % 12 + 1)
    if period.kind == PeriodKind.QUARTER:
        return quarter_span(year + number // 4, number % 4 + 1)
    if period.kind == PeriodKind.HALF:
        return half_span(year + number // 2, number % 2 + 1)
    if period.kind == PeriodKind.YEAR:
        return year_span(year + 1)
    end = max(period.ends_on, cut_off)
    if (end.month, end.day) == (12, 31):
        return year_span(end.year + 1)
    return range_span(end + dt.timedelta(days=1), dt.date(end.year, 12, 31))


def indicator_code(request: ReportRequest) -> str:
    """The period the indicators' figures are read for: the report's, but a range from 1
    January is the cumulative period to its last day (seed 004's "2023-C0915"), under which the
    units report their figures."""
    period = request.period
    if period.kind == PeriodKind.RANGE and (period.starts_on.month, period.starts_on.day) == (1, 1):
        return cumulative_span(period.ends_on).code
    return period.code


def data_day(request: ReportRequest) -> dt.date:
    """The day the figures are read on: the cut-off, never after the period's end."""
    return min(request.cut_off, request.period.ends_on)
