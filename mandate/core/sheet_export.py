"""Any table on screen as an .xlsx workbook: a title block that says what it is (the table, its
period, its filters in words, when it was exported), the headers in the reader's language, and
the rows with their types kept (ADR 0032).

Why typed cells: a figure must stay a figure in Excel and LibreOffice. A Decimal is a number
with a number format ("#,##0", "#,##0.00", "0.00%"), so that a spreadsheet in Vietnamese shows
8.051 and 82,07% and one in English 8,051 and 82.07% — the separators are the reader's, the
value is one. A date is a date shown dd/mm/yyyy. Text is always text: a cell that starts with
"=" is never run as a formula. openpyxl's write-only mode streams the rows into a temporary
file, so memory stays flat however long the table; the caller bounds the number of rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, Protection  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]

from mandate.core.sheet_columns import Column, DateColumn, DecimalColumn, IntegerColumn, plain

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
MOMENT_FORMAT = "DD/MM/YYYY HH:MM"

TEXT, INTEGER, DECIMAL, PERCENT, DATE, MOMENT = "text", "integer", "decimal", "percent", "date", "moment"
NUMBER = "number"  # a number shown as it is, without grouping: an id, a row's place
KINDS = frozenset({TEXT, NUMBER, INTEGER, DECIMAL, PERCENT, DATE, MOMENT})
_SHEET_TITLE_BANNED = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class ExportColumn:
    """A column of the table: its header (an English msgid, written in the reader's language),
    its kind, its width in characters and, for decimals and percentages, the decimals shown.

    Values by kind: TEXT anything (written as text); NUMBER, INTEGER and DECIMAL a number (NUMBER
    ungrouped, for ids); PERCENT the
    percentage as shown on screen (82.07 for 82,07%), stored as 0.8207 with a percent format;
    DATE a date; MOMENT an aware datetime, written in local time. None is an empty cell.

    For a template (``write_table(protect=True)``): ``editable`` cells stay unlocked in the
    protected sheet (the figures to fill in), the others are locked (the keys the upload is matched
    by, the figures shown for reference); a ``hidden`` column is there for the upload only (ids,
    versions)."""

    header: str | Promise
    kind: str = TEXT
    width: int = 16
    places: int = 0
    editable: bool = False
    hidden: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown column kind {self.kind!r}.")

    def number_format(self) -> str:
        decimals = "." + "0" * self.places if self.places else ""
        if self.kind == PERCENT:
            return f"0{decimals}%"
        if self.kind in (INTEGER, DECIMAL):
            return f"#,##0{decimals}"
        if self.kind == DATE:
            return DATE_FORMAT
        if self.kind == MOMENT:
            return MOMENT_FORMAT
        if self.kind == NUMBER:
            return "General"
        return "@"


@dataclass(frozen=True)
class Figure:
    """A number with the decimals to show, for a column whose rows differ (the values of several
    indicators, each with its own decimals): 8.051 beside 45,37. ``value`` None: an empty cell
    with that format, for a template's cell to fill in."""

    value: Decimal | int | None
    places: int


@dataclass(frozen=True)
class TitleBlock:
    """The rows above the headers: what the table is, its period, its filters in words (none
    said as such), and when (and by whom) it was exported."""

    title: str
    period: str = ""
    filters: Sequence[str] = ()
    exported_at: dt.datetime | None = None
    exported_by: str = ""
    notes: Sequence[str] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        lines = [self.title]
        if self.period:
            lines.append(_("Period: %(period)s") % {"period": self.period})
        if self.filters:
            lines.append(_("Filters: %(filters)s.") % {"filters": "; ".join(self.filters)})
        else:
            lines.append(_("No filter."))
        moment = timezone.localtime(self.exported_at or timezone.now()).strftime("%H:%M %d/%m/%Y")
        if self.exported_by:
            by = {"moment": moment, "who": self.exported_by}
            lines.append(_("Exported at %(moment)s by %(who)s.") % by)
        else:
            lines.append(_("Exported at %(moment)s.") % {"moment": moment})
        lines.extend(self.notes)
        return lines


def text_cell(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    """Text that stays text: characters XML refuses removed, never a formula."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value)) if value is not None else None
    cell = WriteOnlyCell(sheet, value=text)
    if text is not None:
        cell.data_type = "s"
    return cell


def _number(value: Any) -> Decimal | int | float:
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    raise TypeError(f"A number column was given {value!r}.")


def value_cell(sheet: WriteOnlyWorksheet, column: ExportColumn, value: Any) -> WriteOnlyCell:
    """One cell of ``column`` holding ``value``, typed and formatted (an editable cell unlocked,
    formatted even when empty, so that what is typed into it is a number of the column's kind)."""
    if isinstance(value, Figure):
        cell = _value_cell(sheet, column, value.value)
        if column.kind in (INTEGER, DECIMAL):
            cell.number_format = "#,##0" + ("." + "0" * value.places if value.places > 0 else "")
    else:
        cell = _value_cell(sheet, column, value)
    if column.editable:
        cell.protection = UNLOCKED
        if value is None and column.kind != TEXT:
            cell.number_format = column.number_format()
    return cell


UNLOCKED = Protection(locked=False)


def _value_cell(sheet: WriteOnlyWorksheet, column: ExportColumn, value: Any) -> WriteOnlyCell:
    if value is None:
        return WriteOnlyCell(sheet, value=None)
    if column.kind == TEXT:
        return text_cell(sheet, value)
    if column.kind == PERCENT:
        stored: Any = plain(Decimal(str(_number(value))) / 100)
    elif column.kind in (NUMBER, INTEGER, DECIMAL):
        stored = _number(value)
    elif column.kind == MOMENT:
        if not isinstance(value, dt.datetime):
            raise TypeError(f"A moment column was given {value!r}.")
        # Excel has no time zones: the local time (Asia/Ho_Chi_Minh) as people read it.
        stored = timezone.localtime(value).replace(tzinfo=None)
    else:
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise TypeError(f"A date column was given {value!r}.")
        stored = value
    cell = WriteOnlyCell(sheet, value=stored)
    cell.number_format = column.number_format()
    return cell


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    cleaned = _SHEET_TITLE_BANNED.sub(" ", ILLEGAL_CHARACTERS_RE.sub("", title)).strip().strip("'")
    return cleaned[:31] or "Sheet1"


def write_table(
    *,
    columns: Sequence[ExportColumn],
    rows: Iterable[Sequence[Any]],
    title: TitleBlock | Sequence[str],
    sheet: str,
    protect: bool = False,
) -> IO[bytes]:
    """The table as a workbook in a temporary file, rewound and ready to send (``xlsx_response``).

    ``rows`` is consumed once, in order, each a sequence of values in the columns' order.
    ``title`` is a ``TitleBlock`` or the lines themselves (the task list keeps its own two).
    ``protect``: a template — the sheet is protected (without a password: against slips, not
    people) except the ``editable`` columns' cells; columns may still be widened."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet_title(sheet))
    for index, column in enumerate(columns, start=1):
        dimension = worksheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        dimension.hidden = column.hidden
    if protect:
        worksheet.protection.sheet = True
        worksheet.protection.formatColumns = False
        worksheet.protection.formatRows = False
    lines = title.lines() if isinstance(title, TitleBlock) else list(title)
    worksheet.freeze_panes = f"A{len(lines) + 2}"
    for number, line in enumerate(lines):
        cell = text_cell(worksheet, line)
        if number == 0:
            cell.font = Font(bold=True, size=12)
        worksheet.append([cell])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    headers = []
    for column in columns:
        cell = text_cell(worksheet, str(column.header))
        cell.font, cell.alignment = bold, wrap
        headers.append(cell)
    worksheet.append(headers)
    try:
        for row in rows:
            cells = [value_cell(worksheet, column, value) for column, value in zip(columns, row, strict=True)]
            worksheet.append(cells)
    except BaseException:
        # Close openpyxl's half-written sheet here, not when the garbage collector finds it.
        with contextlib.suppress(Exception):
            worksheet.close()
        raise
    target: IO[bytes] = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - handed to the response
    workbook.save(target)
    target.seek(0)
    return target


def xlsx_response(workbook: IO[bytes], *, filename: str) -> FileResponse:
    """The workbook as a download (the file is closed when the response is)."""
    return FileResponse(workbook, as_attachment=True, filename=filename, content_type=CONTENT_TYPE)


def export_column(column: Column) -> ExportColumn:
    """The export column for an import's declared column, so that a template or an export of
    the same table reads back through the same declaration (round trip)."""
    if isinstance(column, IntegerColumn):
        return ExportColumn(column.header, INTEGER, column.width)
    if isinstance(column, DecimalColumn):
        kind = PERCENT if column.percent else DECIMAL
        places = column.places if column.places is not None else 2
        return ExportColumn(column.header, kind, column.width, places)
    if isinstance(column, DateColumn):
        return ExportColumn(column.header, DATE, column.width)
    return ExportColumn(column.header, TEXT, column.width)
