"""A report's tables as an Excel workbook (.xlsx, openpyxl), with the records behind its figures
(issue 13 item 4; ADR 0046).

Sheets, in order: one per table of the report (in the order the document prints them), then
"Số liệu" / "Figures" (every figure of the report: its key, what it counts, its value and the
sheet of its records), then "Cảnh báo" / "Flags" when figures disagree, then one sheet per figure
whose records the caller hands over (``records``: figure key → header and rows), so that a reader
can count them again.

Every figure is a number with a number format, never text, through the project's one way of
writing a cell (``core.sheet_export``, ADR 0032): a count "#,##0", an amount "#,##0.00", a
percentage stored as its fraction (0.8207) with the format "0.00%". So a spreadsheet shows the
number as the page does, in the reader's separators (LibreOffice in Vietnamese: 8.051 and
82,07%; in English: 8,051 and 82.07%), a CSV export writes it that way, and a formula can still
add it up. The workbook is written in write-only mode, so a figure with a hundred thousand
records behind it streams through without holding them in memory; the column widths and frozen
header rows are set before the rows.

Sheet names: at most 31 characters, none of []:*?/\\, unique (Excel compares them ignoring case),
Vietnamese kept.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]

from mandate.core import sheet_export as sheet
from mandate.reports.content import Figure, FigureKind, ReportContent, Section, Table
from mandate.reports.figure_format import figure_text

CONTENT_TYPE = sheet.CONTENT_TYPE
Records = Mapping[str, tuple[Sequence[str], Iterable[Sequence[object]]]]
_BOLD, _TITLE, _WRAP = Font(bold=True), Font(bold=True, size=12), Alignment(wrap_text=True, vertical="top")
_KINDS = {
    FigureKind.COUNT: sheet.INTEGER,
    FigureKind.PERCENT: sheet.PERCENT,
    FigureKind.AMOUNT: sheet.DECIMAL,
    FigureKind.NUMBER: sheet.DECIMAL,
}


class SheetNames:
    """Unique sheet names: a name already taken (ignoring case) gets " (2)", " (3)" … within 31
    characters."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def __call__(self, wanted: str) -> str:
        base = sheet.sheet_title(wanted).rstrip() or "Sheet"
        name, number = base, 1
        while name.casefold() in self._taken:
            number += 1
            suffix = f" ({number})"
            name = base[: 31 - len(suffix)].rstrip() + suffix
        self._taken.add(name.casefold())
        return name


def figure_cell(worksheet: WriteOnlyWorksheet, figure: Figure) -> WriteOnlyCell:
    """The figure as a number with its kind's format and decimals; no figure, an empty cell."""
    kind = _KINDS[figure.kind]
    places = 0 if figure.kind == FigureKind.COUNT else figure.places
    if figure.kind == FigureKind.NUMBER and isinstance(figure.value, int):
        places = 0
    column = sheet.ExportColumn(header="", kind=kind, places=places)
    return sheet.value_cell(worksheet, column, figure.value)


def record_cell(worksheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    """A value of a record, typed by what it is: a whole number as it is (ids and counts
    alike, never grouped), a Decimal with its own decimals, a date dd/mm/yyyy, anything else
    text."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return sheet.text_cell(worksheet, None if value is None else str(value))
    if isinstance(value, int):
        return sheet.value_cell(worksheet, sheet.ExportColumn(header="", kind=sheet.NUMBER), value)
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        return sheet.value_cell(
            worksheet, sheet.ExportColumn(header="", kind=sheet.DECIMAL, places=places), value
        )
    if isinstance(value, float):
        return sheet.value_cell(worksheet, sheet.ExportColumn(header="", kind=sheet.DECIMAL, places=2), value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return sheet.value_cell(worksheet, sheet.ExportColumn(header="", kind=sheet.MOMENT), value)
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = sheet.MOMENT_FORMAT
        return cell
    if isinstance(value, dt.date):
        return sheet.value_cell(worksheet, sheet.ExportColumn(header="", kind=sheet.DATE), value)
    return sheet.text_cell(worksheet, str(value))


def _heading_cells(worksheet: WriteOnlyWorksheet, labels: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for label in labels:
        cell = sheet.text_cell(worksheet, label)
        cell.font, cell.alignment = _BOLD, _WRAP
        cells.append(cell)
    return cells


def _start(
    worksheet: WriteOnlyWorksheet, widths: Sequence[int], lines: Sequence[str], header: Sequence[str]
) -> None:
    """Column widths, the title lines, the header row, and the panes frozen under it (all before
    the first row: a write-only sheet cannot go back)."""
    for index, width in enumerate(widths, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = width
    worksheet.freeze_panes = f"A{len(lines) + 2}"
    for number, line in enumerate(lines):
        cell = sheet.text_cell(worksheet, line)
        if number == 0:
            cell.font = _TITLE
        worksheet.append([cell])
    worksheet.append(_heading_cells(worksheet, header))


def _tables(sections: Sequence[Section]) -> Iterable[Table]:
    for section in sections:
        yield from section.tables
        yield from _tables(section.children)


def _subtitle(content: ReportContent) -> str:
    return _("%(unit)s — %(period)s; figures as recorded by the end of %(cut_off)s.") % {
        "unit": content.unit_name,
        "period": content.period_label,
        "cut_off": content.cut_off.strftime("%d/%m/%Y"),
    }


def _table_sheet(workbook: Workbook, names: SheetNames, content: ReportContent, table: Table) -> None:
    worksheet = workbook.create_sheet(title=names(table.title or table.key))
    widths = [40 if column.kind is None else 16 for column in table.columns]
    _start(worksheet, widths, [table.title, _subtitle(content)], [column.label for column in table.columns])
    for number, row in enumerate(table.rows, start=1):
        total = table.total_row and number == len(table.rows)
        cells = []
        for value in row:
            if isinstance(value, dict):
                cell = figure_cell(worksheet, content.figure(value["figure"]))
            else:
                cell = sheet.text_cell(worksheet, value)
            if total:
                cell.font = _BOLD
            cells.append(cell)
        worksheet.append(cells)


def _figures_sheet(
    workbook: Workbook, names: SheetNames, content: ReportContent, record_sheets: Mapping[str, str]
) -> None:
    worksheet = workbook.create_sheet(title=names(_("Figures")))
    header = [_("Figure"), _("Value"), _("Key"), _("Records")]
    _start(worksheet, [50, 16, 30, 31], [content.title.replace("\n", " "), _subtitle(content)], header)
    for key, figure in content.figures.items():
        worksheet.append([
            sheet.text_cell(worksheet, figure.label or key),
            figure_cell(worksheet, figure),
            sheet.text_cell(worksheet, key),
            sheet.text_cell(worksheet, record_sheets.get(key)),
        ])  # fmt: skip


def _flags_sheet(workbook: Workbook, names: SheetNames, content: ReportContent) -> None:
    worksheet = workbook.create_sheet(title=names(_("Flags")))
    header = [_("Figures that disagree"), _("Stated"), _("From the records"), _("Figures")]
    _start(worksheet, [70, 16, 16, 30], [_("Figures to check before the report is issued")], header)
    for flag in content.flags:
        worksheet.append([
            sheet.text_cell(worksheet, flag.message),
            sheet.text_cell(worksheet, flag.stated),  # as written in the statement: text
            sheet.text_cell(worksheet, flag.computed),
            sheet.text_cell(worksheet, ", ".join(flag.figure_keys)),
        ])  # fmt: skip


def _records_sheet(
    workbook: Workbook,
    name: str,
    content: ReportContent,
    key: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
) -> None:
    worksheet = workbook.create_sheet(title=name)
    figure = content.figures.get(key)
    label = figure.label if figure and figure.label else key
    value = "" if figure is None else figure_text(figure, content.language)
    title = _("Records counted by the figure “%(figure)s” (%(key)s): %(value)s") % {
        "figure": label,
        "key": key,
        "value": value,
    }
    widths = [min(max(len(str(column)) + 4, 12), 50) for column in header]
    _start(worksheet, widths, [title], [str(column) for column in header])
    for row in rows:
        worksheet.append([record_cell(worksheet, value) for value in row])


def render_xlsx(content: ReportContent, records: Records | None = None) -> bytes:
    """The report's tables, figures, flags and the records behind its figures as the bytes of an
    .xlsx file, its words in the report's language. ``records`` rows are consumed once."""
    records = records or {}
    with translation.override(content.language):
        workbook = Workbook(write_only=True)
        names = SheetNames()
        for table in _tables(content.sections):
            _table_sheet(workbook, names, content, table)
        record_sheets: dict[str, str] = {}
        for key in records:
            figure = content.figures.get(key)
            record_sheets[key] = names(figure.label if figure and figure.label else key)
        # The figures' sheet before the records' sheets, though their names are taken first.
        _figures_sheet(workbook, names, content, record_sheets)
        if content.flags:
            _flags_sheet(workbook, names, content)
        for key, (header, rows) in records.items():
            _records_sheet(workbook, record_sheets[key], content, key, header, rows)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()
