"""The indicator tables the API lists — values, targets, allocations — as Excel workbooks, written
by the shared table export (``core.sheet_export``, ADR 0032; ADR 0038).

The rows are the list's own (the same selectors, the same filters, the same order), so the
workbook gives the numbers the API and the pages show: figures are numbers with the indicator's
decimals (8.051 and 45,37 in a Vietnamese spreadsheet), an achievement is a percentage (82,07%),
moments are local. The title says what the table is, its filters in words, and who exported it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandate.core import period_labels
from mandate.core.exceptions import ApplicationError
from mandate.core.sheet_export import (
    DATE,
    DECIMAL,
    MOMENT,
    NUMBER,
    PERCENT,
    TEXT,
    ExportColumn,
    Figure,
    TitleBlock,
    write_table,
)
from mandate.core.templatetags.mandate_format import number
from mandate.indicators import measurement
from mandate.indicators.api_outputs import as_recorded, targets_of
from mandate.indicators.enums import AllocationStatus, IndicatorKind, SubmissionState
from mandate.indicators.models import Actual, Allocation, Target
from mandate.indicators.services.actuals import RATIO_PLACES
from mandate.indicators.sheet_template import local_name

MAX_ROWS = 100_000
CHUNK = 2000

ACTUAL_COLUMNS = (
    ExportColumn(gettext_lazy("Indicator code"), TEXT, 14),
    ExportColumn(gettext_lazy("Indicator name"), TEXT, 44),
    ExportColumn(gettext_lazy("Reporting unit"), TEXT, 32),
    ExportColumn(gettext_lazy("Period"), TEXT, 24),
    ExportColumn(gettext_lazy("Part"), TEXT, 14),
    ExportColumn(gettext_lazy("Value reported"), DECIMAL, 14),
    ExportColumn(gettext_lazy("Numerator reported"), DECIMAL, 14),
    ExportColumn(gettext_lazy("Denominator reported"), DECIMAL, 14),
    ExportColumn(gettext_lazy("Target for the period"), DECIMAL, 14),
    ExportColumn(gettext_lazy("Achievement (%)"), PERCENT, 12, places=2),
    ExportColumn(gettext_lazy("Explanation"), TEXT, 30),
    ExportColumn(gettext_lazy("Approval state"), TEXT, 18),
    ExportColumn(gettext_lazy("Entered by"), TEXT, 14),
    ExportColumn(gettext_lazy("Entered at"), MOMENT, 17),
    ExportColumn(gettext_lazy("Value id"), NUMBER, 9),
)
TARGET_COLUMNS = (
    ExportColumn(gettext_lazy("Indicator code"), TEXT, 14),
    ExportColumn(gettext_lazy("Indicator name"), TEXT, 44),
    ExportColumn(gettext_lazy("Unit"), TEXT, 32),
    ExportColumn(gettext_lazy("Period"), TEXT, 24),
    ExportColumn(gettext_lazy("Target for the period"), DECIMAL, 14),
    ExportColumn(gettext_lazy("Set by"), TEXT, 32),
    ExportColumn(gettext_lazy("Handed over on"), DATE, 12),
    ExportColumn(gettext_lazy("Target id"), NUMBER, 9),
)
ALLOCATION_COLUMNS = (
    ExportColumn(gettext_lazy("Indicator code"), TEXT, 14),
    ExportColumn(gettext_lazy("Allocating unit"), TEXT, 32),
    ExportColumn(gettext_lazy("Period"), TEXT, 24),
    ExportColumn(gettext_lazy("Own target"), DECIMAL, 14),
    ExportColumn(gettext_lazy("Children's total"), DECIMAL, 14),
    ExportColumn(gettext_lazy("Difference"), DECIMAL, 14),
    ExportColumn(gettext_lazy("Status"), TEXT, 36),
    ExportColumn(gettext_lazy("Flagged"), TEXT, 8),
    ExportColumn(gettext_lazy("Reason"), TEXT, 30),
    ExportColumn(gettext_lazy("Allocated by"), TEXT, 14),
    ExportColumn(gettext_lazy("Time"), MOMENT, 17),
    ExportColumn(gettext_lazy("Allocation id"), NUMBER, 9),
)


@dataclass(frozen=True)
class Export:
    """What the request asked for, in words, for the title block."""

    filters: list[str]
    by: str


def check_size(rows: QuerySet[Any]) -> None:
    """400 when the table is longer than an export holds, with the way to narrow it."""
    count = rows.count()
    if count > MAX_ROWS:
        message = _(
            "The table has %(count)s rows; an export holds at most %(limit)s. Narrow the filters (a "
            "set, an indicator, a period, a unit) and export again."
        ) % {"count": number(count), "limit": number(MAX_ROWS)}
        raise ApplicationError(message, code="too_many_rows")


def _chunks(rows: QuerySet[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _figure(value: Any, places: int) -> Figure | None:
    return Figure(value, places) if value is not None else None


def _actual_rows(rows: QuerySet[Actual], on: dt.date | None) -> Iterator[list[Any]]:
    for chunk in _chunks(rows):
        page = as_recorded(chunk, on=on) if on is not None else chunk
        targets = targets_of(page)
        for actual in page:
            indicator = actual.indicator
            places = indicator.decimals
            target = targets.get(actual.pk)
            achieved = measurement.achievement_of(actual, target) if actual.option_id is None else None
            value_places = RATIO_PLACES if indicator.kind == IndicatorKind.RATIO else places
            yield [
                indicator.code,
                local_name(indicator),
                local_name(actual.unit),
                period_labels.label(actual.period),
                local_name(actual.option) if actual.option is not None else _("Total"),
                _figure(actual.value, value_places),
                _figure(actual.numerator, places),
                _figure(actual.denominator, places),
                _figure(target.value if target is not None else None, places),
                achieved,
                actual.explanation or None,
                str(SubmissionState(actual.submission.state).label),
                actual.entered_by.get_username() if actual.entered_by else None,
                actual.entered_at,
                actual.pk,
            ]


def actuals_workbook(rows: QuerySet[Actual], *, export: Export, on: dt.date | None) -> IO[bytes]:
    notes = [_("Values as recorded by the end of %(day)s.") % {"day": on.strftime("%d/%m/%Y")}] if on else []
    title = TitleBlock(
        title=_("Indicator values"), filters=export.filters, exported_by=export.by, notes=notes
    )
    return write_table(columns=ACTUAL_COLUMNS, rows=_actual_rows(rows, on), title=title, sheet=_("Values"))


def _target_rows(rows: QuerySet[Target]) -> Iterator[list[Any]]:
    for target in rows.iterator(chunk_size=CHUNK):
        yield [
            target.indicator.code,
            local_name(target.indicator),
            local_name(target.unit),
            period_labels.label(target.period),
            _figure(target.value, target.indicator.decimals),
            local_name(target.set_by_unit),
            target.handed_over_on,
            target.pk,
        ]


def targets_workbook(rows: QuerySet[Target], *, export: Export) -> IO[bytes]:
    title = TitleBlock(title=_("Indicator targets"), filters=export.filters, exported_by=export.by)
    return write_table(columns=TARGET_COLUMNS, rows=_target_rows(rows), title=title, sheet=_("Targets"))


def _allocation_rows(rows: QuerySet[Allocation]) -> Iterator[list[Any]]:
    for allocation in rows.select_related("indicator", "unit", "period").iterator(chunk_size=CHUNK):
        places = allocation.indicator.decimals
        yield [
            allocation.indicator.code,
            local_name(allocation.unit),
            period_labels.label(allocation.period),
            _figure(allocation.parent_target, places),
            _figure(allocation.children_total, places),
            _figure(allocation.difference, places),
            str(AllocationStatus(allocation.status).label),
            _("Yes") if allocation.flagged else _("No"),
            allocation.reason or None,
            allocation.actor_label,
            allocation.at,
            allocation.pk,
        ]


def allocations_workbook(rows: QuerySet[Allocation], *, export: Export) -> IO[bytes]:
    title = TitleBlock(title=_("Target allocations"), filters=export.filters, exported_by=export.by)
    return write_table(
        columns=ALLOCATION_COLUMNS, rows=_allocation_rows(rows), title=title, sheet=_("Allocations")
    )
