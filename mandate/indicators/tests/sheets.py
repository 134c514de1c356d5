"""Workbooks for the tests of the indicators' Excel in and out: a downloaded template filled in as
a person would (openpyxl, real numbers), a workbook made from scratch with the template's
headers (the write matrix), and the upload of either."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from mandate.indicators import sheet_values

# A row of a template: (unit id, indicator code, part code or None).
RowKey = tuple[int, str, str | None]


def header_row(sheet: Any) -> tuple[int, dict[str, int]]:
    """The template's header row and its columns (1-based) by the import's column key (headers
    in either language)."""
    wanted: dict[str, str] = {}
    for language in ("vi", "en"):
        with translation.override(language):
            wanted |= {column.title(): column.key for column in sheet_values.DECLARED}
    for row in sheet.iter_rows(min_row=1, max_row=30):
        found = {wanted[str(cell.value)]: cell.column for cell in row if str(cell.value) in wanted}
        if "value" in found:
            return row[0].row, found
    raise AssertionError("no header row")


def rows_of(content: bytes) -> dict[RowKey, dict[str, Any]]:
    """The template's data rows by key, each cell by column key (as openpyxl reads it)."""
    sheet = load_workbook(io.BytesIO(content)).active
    start, columns = header_row(sheet)
    found: dict[RowKey, dict[str, Any]] = {}
    for number in range(start + 1, sheet.max_row + 1):
        cells = {key: sheet.cell(row=number, column=index).value for key, index in columns.items()}
        if cells.get("unit") is None:
            continue
        found[(int(cells["unit"]), str(cells["indicator"]), cells.get("option"))] = {**cells, "_row": number}
    return found


def fill(content: bytes, values: Mapping[RowKey, Mapping[str, Any]]) -> bytes:
    """The template with these cells changed (by row key and column key), saved again."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    start, columns = header_row(sheet)
    left = dict(values)
    for number in range(start + 1, sheet.max_row + 1):
        unit = sheet.cell(row=number, column=columns["unit"]).value
        if unit is None:
            continue
        key = (
            int(unit),
            str(sheet.cell(row=number, column=columns["indicator"]).value),
            sheet.cell(row=number, column=columns["option"]).value,
        )
        for name, value in left.pop(key, {}).items():
            sheet.cell(row=number, column=columns[name]).value = value
    assert not left, f"rows not in the template: {left}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(rows: list[Mapping[str, Any]]) -> bytes:
    """A workbook of the import's columns (headers in the active language) and these rows."""
    columns = sheet_values.DECLARED
    book = Workbook()
    sheet = book.active
    sheet.append([column.title() for column in columns])
    for row in rows:
        sheet.append([row.get(column.key) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "so-lieu.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
