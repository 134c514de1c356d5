"""Reading an uploaded workbook against declared columns (``sheet_columns``): every problem of the
file in one pass, each with its sheet, row, column letter and header, the value as found, what is
wrong and how to mend it, in the reader's language.

Guard rails, so that no file makes a server error or eats the server (ADR 0032):

- the file is checked before openpyxl sees it: size (the project's upload limit), an .xlsx by
  name *and* content, a zip that inflates within the upload check's budget (``core.uploads``,
  which inflates every member and trusts no declared size), no macros (``vbaProject.bin`` or a
  macro-enabled content type, whatever the name says); .xls, .xlsm, .ods and CSV are refused with
  the way to save the file as .xlsx;
- openpyxl reads in read-only mode (row by row, never the whole sheet in memory) and only the
  columns up to the last declared header; the rows stop at the declared maximum;
- formulas are read as the values they showed when the file was last saved (``data_only``): what
  the person saw is what is imported. A formula that was never computed (a file written by a
  program that does not calculate) reads as empty, and an empty required cell is refused with a
  hint;
- anything openpyxl raises on a malformed file (it raises many kinds) is one refusal, "the file
  cannot be read", never a 500.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet._read_only import ReadOnlyWorksheet  # type: ignore[import-untyped]
from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG  # type: ignore[import-untyped]
from openpyxl.worksheet.dimensions import SheetDimension  # type: ignore[import-untyped]
from openpyxl.xml.functions import iterparse  # type: ignore[import-untyped]

from mandate.core.exceptions import ApplicationError, PayloadTooLargeError, UnsupportedFileTypeError
from mandate.core.sheet_columns import LANGUAGES, CellProblem, Column, header_key, header_text, shown
from mandate.core.templatetags.mandate_format import number as format_number
from mandate.core.upload_size import TOO_LARGE_FILE, megabytes
from mandate.core.uploads import clean_display_name, detect_kind

logger = logging.getLogger("mandate.sheets")

MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 30
MAX_PROBLEMS = 1000
PROGRESS_EVERY = 1000
# Empty rows allowed between and below the data rows before the sheet is refused.
BLANK_ROWS_ALLOWED = 10_000
_MACRO_CONTENT = b"macroEnabled"

Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _size_before_data(sheet: Any) -> None:
    """A read-only sheet's size from its ``<dimension>``, which comes before ``<sheetData>``.

    Why: openpyxl (3.1.5) looks for it on the elements' *end*, and ``<sheetData>`` ends with the
    sheet: a workbook written without a ``<dimension>`` (openpyxl's own write-only mode writes
    none: the template) was parsed in full once more just to find none — a seventh of an import
    of 100,000 rows (issue 11, item 14). Read on the elements' *start* through the same guarded
    parser (``openpyxl.xml.functions.iterparse``: defusedxml when installed), it stops at
    ``<sheetData>`` with the same answer: the size when the sheet declares it, else none."""
    source = sheet._get_source()
    try:
        for _event, element in iterparse(source, events=("start",)):
            if element.tag == DIMENSION_TAG:
                bounds = SheetDimension.from_tree(element).boundaries
                sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = bounds
                return
            if element.tag == DATA_TAG:
                return
    finally:
        source.close()


ReadOnlyWorksheet._get_size = _size_before_data


@dataclass(frozen=True)
class SheetSpec:
    """What a sheet must hold. ``sheet``: the sheet's name (an English msgid, matched in both
    languages), or None for the first sheet. ``key``: the columns that name a row; two rows with
    the same key are refused. ``max_rows``: more data rows than this are refused."""

    columns: Sequence[Column]
    sheet: str | Promise | None = None
    key: Sequence[str] = ()
    max_rows: int = 100_000

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: where (sheet, row, column letter and header), the value as
    found, what is wrong and how to mend it. ``row`` is None for the file or the sheet as a whole."""

    sheet: str
    row: int | None
    column: str
    header: str
    value: str
    what: str
    mend: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "value": self.value,
            "what": self.what,
            "mend": self.mend,
        }

    def __str__(self) -> str:
        where = self.sheet
        if self.row is not None:
            where += f"!{self.column}{self.row}" if self.column else f", {_('row')} {self.row}"
        return f"{where}: {self.what} {self.mend}"


@dataclass(frozen=True)
class Place:
    """Where a column's value was found: its letter and the header as written in the file."""

    letter: str
    header: str


@dataclass
class SheetRow:
    """One data row: its number in the sheet, its values by column key, and where each was.
    ``raw`` holds the cells' values as found, in the order of ``raw_keys`` (one tuple shared by
    every row): written out (``found``) only for a row a problem names — a file of 100,000 rows
    keeps 100,000 small tuples, not 100,000 dictionaries of formatted strings."""

    sheet: str
    number: int
    values: dict[str, Any]
    places: dict[str, Place]
    raw: tuple[Any, ...] = ()
    raw_keys: tuple[str, ...] = ()

    @property
    def found(self) -> dict[str, str]:
        """Each value as the report quotes it (``shown``)."""
        return {key: shown(value) for key, value in zip(self.raw_keys, self.raw, strict=True)}

    def problem(self, key: str, what: str, mend: str) -> Problem:
        """A problem with this row's value of column ``key`` (for an importer's own checks)."""
        place = self.places.get(key, Place("", key))
        return Problem(
            self.sheet, self.number, place.letter, place.header, self.found.get(key, ""), what, mend
        )


@dataclass
class SheetRead:
    """What a sheet gave: its rows (only when there is no problem at all) and every problem."""

    sheet: str = ""
    header_row: int | None = None
    rows: list[SheetRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more_problems += 1

    def refuse(
        self, row: int | None, place: Place | None, value: str, what: str, mend: str, *, sheet: str = ""
    ) -> None:
        place = place or Place("", "")
        self.add(Problem(sheet or self.sheet, row, place.letter, place.header, value, what, mend))


@dataclass(frozen=True)
class CheckedWorkbook:
    name: str
    size: int
    sha256: str


def _refuse_type(name: str, extension: str) -> UnsupportedFileTypeError:
    if extension in {".xlsm", ".xltm", ".xlsb"}:
        hint = _("It may contain macros. Save it in Excel as “Excel Workbook (.xlsx)” and send that.")
    elif extension == ".xls":
        hint = _("It is an old Excel file. Save it in Excel as “Excel Workbook (.xlsx)” and send that.")
    elif extension in {".csv", ".txt"}:
        hint = _("It is text, not a workbook. Open it in Excel and save it as “Excel Workbook (.xlsx)”.")
    elif extension == ".ods":
        hint = _("Save it in LibreOffice as “Excel 2007-365 (.xlsx)” and send that.")
    else:
        hint = _("Send the Excel workbook (.xlsx) made from the template.")
    message = _("“%(name)s” is not an Excel workbook (.xlsx).") % {"name": name} + " " + hint
    return UnsupportedFileTypeError(message, fields={"file": [message]})


def check_workbook(upload: UploadedFile[bytes]) -> CheckedWorkbook:
    """Refuse what is not a plain .xlsx within the limits, before openpyxl opens it; return its
    cleaned name, size and SHA-256 (the file's identity for "already imported")."""
    name = clean_display_name(upload.name or "file")
    size = upload.size or 0
    limit: int = settings.MANDATE_MAX_UPLOAD_BYTES
    if size > limit or getattr(upload, "oversized", False):
        message = _(TOO_LARGE_FILE) % {"name": name, "size": megabytes(size), "limit": megabytes(limit)}
        raise PayloadTooLargeError(message, fields={"file": [message]})
    if size == 0:
        raise ApplicationError(_("The file is empty."), fields={"file": [_("The file is empty.")]})
    extension = os.path.splitext(name)[1].lower()
    if extension != ".xlsx" or detect_kind(upload) != "xlsx":
        raise _refuse_type(name, extension)
    if _has_macros(upload):
        raise _refuse_type(name, ".xlsm")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedWorkbook(name=name, size=size, sha256=digest.hexdigest())


def _has_macros(upload: UploadedFile[bytes]) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = {info.filename.lower() for info in archive.infolist()}
            types = archive.read("[Content_Types].xml")[:200_000] if "[content_types].xml" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return True  # detect_kind read it; a member that now fails is not a plain workbook
    finally:
        upload.seek(0)
    return any(name.endswith("vbaproject.bin") for name in names) or _MACRO_CONTENT in types


def as_upload(source: IO[bytes], name: str) -> UploadedFile[bytes]:
    """A stored file (a job's) as the upload checks take it."""
    source.seek(0, io.SEEK_END)
    size = source.tell()
    source.seek(0)
    return UploadedFile(file=source, name=name, size=size)


def _unreadable(name: str) -> ApplicationError:
    message = _(
        "“%(name)s” cannot be read as a workbook: it may be damaged or cut short. Open it in Excel "
        "or LibreOffice, save it again as .xlsx and send it again."
    ) % {"name": name}
    return ApplicationError(message, code="unreadable_file", fields={"file": [message]})


def pick_sheet(workbook: Any, spec: SheetSpec) -> Any:
    """The worksheet ``spec`` names (in either language), or the first; None when there is none."""
    if spec.sheet is None:
        return workbook.worksheets[0] if workbook.worksheets else None
    wanted = {header_key(header_text(spec.sheet, language)) for language in LANGUAGES}
    return next((sheet for sheet in workbook.worksheets if header_key(sheet.title) in wanted), None)


def _header_row(
    rows: Iterator[tuple[Any, ...]], spec: SheetSpec
) -> tuple[int | None, dict[str, tuple[int, str]]]:
    """The first row (within ``HEADER_SEARCH_ROWS``) holding every required header, or else the
    row holding the most; with each found column's index and header as written."""
    best: tuple[int | None, dict[str, tuple[int, str]]] = (None, {})
    required = {column.key for column in spec.columns if column.required}
    for number, row in enumerate(rows, start=1):
        if number > HEADER_SEARCH_ROWS:
            break
        found: dict[str, tuple[int, str]] = {}
        for index, cell in enumerate(row):
            if not isinstance(cell.value, str):
                continue
            key = header_key(cell.value)
            for column in spec.columns:
                if key in column.header_keys and column.key not in found:
                    found[column.key] = (index, cell.value.strip())
        if required <= set(found):
            return number, found
        if len(found) > len(best[1]):
            best = (number, found)
    return best


def read_sheet(
    upload: UploadedFile[bytes], spec: SheetSpec, *, name: str, progress: Progress = _no_progress
) -> SheetRead:
    """Read the sheet of ``upload`` (already through ``check_workbook``) against ``spec``."""
    try:
        return _read(upload, spec, name=name, progress=progress)
    except ApplicationError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a malformed file: one refusal
        logger.info("Unreadable workbook %r: %s: %s", name, type(error).__name__, error)
        raise _unreadable(name) from None


def _read(upload: UploadedFile[bytes], spec: SheetSpec, *, name: str, progress: Progress) -> SheetRead:
    upload.seek(0)
    workbook = load_workbook(upload, read_only=True, data_only=True, keep_links=False)
    try:
        return _read_workbook(workbook, spec, name=name, progress=progress)
    finally:
        workbook.close()


def _read_workbook(workbook: Any, spec: SheetSpec, *, name: str, progress: Progress) -> SheetRead:
    result = SheetRead()
    sheet = pick_sheet(workbook, spec)
    if sheet is None:
        what = _("The workbook has no sheet “%(sheet)s”.") % {"sheet": str(spec.sheet or "")}
        result.refuse(None, None, "", what, _("Keep the sheets of the template and their names."), sheet=name)
        return result
    result.sheet = sheet.title
    header_number, found = _header_row(sheet.iter_rows(max_col=MAX_COLUMNS, max_row=HEADER_SEARCH_ROWS), spec)
    result.header_row = header_number
    missing = [column for column in spec.columns if column.required and column.key not in found]
    for column in missing:
        what = _("The column “%(header)s” is missing.") % {"header": column.title()}
        mend = _("Keep the header row of the template; the column may be anywhere in it.")
        result.refuse(header_number, Place("", column.title()), "", what, mend)
    if missing or header_number is None:
        return result
    _read_rows(sheet, spec, header_number, found, result, progress)
    if not result.problems:
        _check_keys(spec, result)
    if result.problems:
        result.rows = []
    return result


def _read_rows(
    sheet: Any,
    spec: SheetSpec,
    header_number: int,
    found: dict[str, tuple[int, str]],
    result: SheetRead,
    progress: Progress,
) -> None:
    columns = [(spec.column(key), index) for key, (index, _header) in found.items()]
    raw_keys = tuple(column.key for column, _index in columns)
    places = {key: Place(get_column_letter(index + 1), header) for key, (index, header) in found.items()}
    last = max(index for _column, index in columns) + 1
    total = max((sheet.max_row or 0) - header_number, 0)
    count = 0
    scan_limit = header_number + spec.max_rows + BLANK_ROWS_ALLOWED
    rows = sheet.iter_rows(min_row=header_number + 1, max_col=last)
    for number, row in enumerate(rows, start=header_number + 1):
        if number > scan_limit:  # openpyxl fills every gap row: a row numbered 10**9 is a loop
            what = _("The sheet goes on far below its data (to row %(row)s or further).") % {"row": number}
            mend = _("Delete the rows below the data, or copy the data into a new workbook.")
            result.refuse(number, None, "", what, mend)
            return
        cells = {column.key: (row[index] if index < len(row) else None) for column, index in columns}
        if all(_empty(cell) for cell in cells.values()):
            continue
        count += 1
        if count > spec.max_rows:
            what = _("The sheet has more than %(limit)s rows.") % {"limit": format_number(spec.max_rows)}
            result.refuse(number, None, "", what, _("Split it into several files."))
            return
        values: dict[str, Any] = dict.fromkeys(column.key for column in spec.columns)  # absent: None
        for column, _index in columns:
            values[column.key] = _cell_value(column, cells[column.key], number, places[column.key], result)
        raw = tuple(getattr(cells[key], "value", None) for key in raw_keys)
        result.rows.append(SheetRow(sheet.title, number, values, places, raw, raw_keys))
        if count % PROGRESS_EVERY == 0:
            progress("reading", count, max(total, count))
    progress("reading", count, count)


def _empty(cell: Any) -> bool:
    value = getattr(cell, "value", None)
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_value(column: Column, cell: Any, number: int, place: Place, result: SheetRead) -> Any:
    if _empty(cell):
        if column.required:
            mend = _(
                "Fill in “%(header)s”. If the cell holds a formula, open the file in Excel or LibreOffice "
                "and save it again, so that its value is saved with it."
            ) % {"header": place.header}
            result.refuse(number, place, "", _("The cell is empty."), mend)
        return None
    try:
        return column.read(cell.value, getattr(cell, "number_format", None) or "General")
    except CellProblem as problem:
        result.refuse(number, place, shown(cell.value), problem.what, problem.mend)
        return None


def _check_keys(spec: SheetSpec, result: SheetRead) -> None:
    if not spec.key:
        return
    seen: dict[tuple[Any, ...], int] = {}
    for row in result.rows:
        key = tuple(_identity(row.values.get(name)) for name in spec.key)
        first = seen.setdefault(key, row.number)
        if first != row.number:
            headers = ", ".join(f"“{row.places[name].header}”" for name in spec.key)
            what = _("The same %(headers)s is already in row %(row)s.") % {"headers": headers, "row": first}
            mend = _("Keep one row for each; delete or correct the other.")
            result.add(row.problem(spec.key[0], what, mend))


def _identity(value: Any) -> Any:
    return getattr(value, "pk", value)
