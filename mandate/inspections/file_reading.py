"""Reading an administrator's data file (YAML, CSV or Excel) into records that remember where each
value is written, and typing those values, so that every refusal names its place: the line, and
for Excel the sheet, row and column.

Why not ``yaml.safe_load``: it forgets lines and guesses types (``no`` is False, ``2023-08-07`` a
date, ``01`` the number 1). Here YAML is only *composed*, each scalar kept as the text written
(the fields' types decide), and anchors and aliases are refused (an alias bomb stays small in
the file and enormous in memory). An Excel file is opened only after ``core.uploads`` has judged it
by content and bounded what it inflates to. No ORM here: the services resolve references.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext as _
from openpyxl import load_workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from mandate.core.uploads import detect_kind

MAX_RECORDS = 5000
MAX_NODES = 100_000
_EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".xlsx": "xlsx"}


@dataclass(frozen=True)
class Place:
    """Where a value is written: a line (YAML, CSV) or a sheet's row (Excel), and its column."""

    line: int = 0
    column: str = ""
    sheet: str = ""
    letter: str = ""

    def __str__(self) -> str:
        if self.sheet:
            if self.letter:
                return _("sheet “%(sheet)s”, row %(row)s, column %(letter)s (%(column)s)") % {
                    "sheet": self.sheet,
                    "row": self.line,
                    "letter": self.letter,
                    "column": self.column,
                }
            return _("sheet “%(sheet)s”, row %(row)s") % {"sheet": self.sheet, "row": self.line}
        if self.column:
            return _("line %(line)s, column “%(column)s”") % {"line": self.line, "column": self.column}
        return _("line %(line)s") % {"line": self.line}


class FileRefused(Exception):
    """Every problem found, each with its place; nothing was written."""

    def __init__(self, problems: list[tuple[Place, str]]) -> None:
        self.problems = sorted(problems, key=lambda p: (p[0].sheet, p[0].line, p[0].letter, p[0].column))
        super().__init__("; ".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{place}: {message}" for place, message in self.problems]


@dataclass
class Problems:
    items: list[tuple[Place, str]] = field(default_factory=list)

    def add(self, place: Place, message: str) -> None:
        self.items.append((place, message))

    def raise_any(self) -> None:
        if self.items:
            raise FileRefused(self.items)


@dataclass(frozen=True)
class Cell:
    """One value as written (text for YAML and CSV; Excel's own types) and its place."""

    value: Any
    place: Place


@dataclass
class Record:
    """One mapping of a YAML list, one CSV row, one Excel row: its kind and its cells."""

    kind: str
    place: Place
    cells: dict[str, Cell]


# --- Formats -----------------------------------------------------------------------------------


def file_format(name: str, data: bytes) -> str | None:
    """The format by the name's extension, checked against the content for Excel."""
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = _EXTENSIONS.get(extension)
    if kind == "xlsx" and detect_kind(SimpleUploadedFile(name, data)) != "xlsx":
        return None
    if kind in ("yaml", "csv") and data.startswith(b"PK\x03\x04"):
        return None
    return kind


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark, as Excel writes CSV), or a refusal."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise FileRefused([(Place(line=line), _("The file is not UTF-8 text: save it as UTF-8."))]) from err


# --- YAML --------------------------------------------------------------------------------------


@dataclass
class Node:
    """A composed YAML value: text (None for an empty value), a list or a mapping, with its line."""

    value: Any
    line: int


MAX_DEPTH = 20


def yaml_tree(text: str) -> Node:
    _refuse_deep_nesting(text)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(err, "problem", None) or str(err)
        raise FileRefused(
            [(Place(line=line), _("This is not valid YAML: %(problem)s.") % {"problem": problem})]
        ) from err
    if root is None:
        raise FileRefused([(Place(line=1), _("The file is empty."))])
    seen: set[int] = set()
    return _convert(root, seen)


def _refuse_deep_nesting(text: str) -> None:
    """The composer recurses once per level: a file of ten thousand "[" would exhaust the stack. A
    catalogue or a rules file is four levels deep; brackets and indentation are bounded apart."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    indents = {len(line) - len(line.lstrip(" -")) for line in text.splitlines() if line.strip()}
    if deepest > MAX_DEPTH or len(indents) > MAX_DEPTH:
        raise FileRefused(
            [(Place(line=1), _("The file is nested too deeply to be a catalogue or a set of rules."))]
        )


def _convert(node: yaml.Node, seen: set[int]) -> Node:
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise FileRefused(
            [(Place(line=line), _("Anchors and aliases (& and *) are not accepted: write each value out."))]
        )
    seen.add(id(node))
    if len(seen) > MAX_NODES:
        raise FileRefused(
            [(Place(line=line), _("The file is too large to be a catalogue or a set of rules."))]
        )
    if isinstance(node, yaml.ScalarNode):
        empty = (
            node.tag == "tag:yaml.org,2002:null"
            and node.style is None
            and node.value in ("", "~", "null", "Null", "NULL")
        )
        return Node(None if empty else str(node.value), line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, seen) for item in node.value], line)
    mapping: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise FileRefused([(Place(line=key_node.start_mark.line + 1), _("A key must be a plain word."))])
        key = str(key_node.value)
        if key in mapping:
            raise FileRefused(
                [
                    (
                        Place(line=key_node.start_mark.line + 1),
                        _("“%(key)s” is written twice here.") % {"key": key},
                    )
                ]
            )
        mapping[key] = _convert(value_node, seen)
    return Node(mapping, line)


def yaml_records(node: Node, kind: str, problems: Problems) -> list[Record]:
    """A YAML list of mappings as records; anything else is a problem at its line."""
    if node.value is None:
        return []
    if not isinstance(node.value, list):
        problems.add(Place(line=node.line), _("A list is expected here."))
        return []
    records = []
    for item in node.value:
        record = yaml_record(item, kind, problems)
        if record is not None:
            records.append(record)
    return records


def yaml_record(node: Node, kind: str, problems: Problems) -> Record | None:
    if not isinstance(node.value, dict):
        problems.add(Place(line=node.line), _("A mapping of fields (name: value) is expected here."))
        return None
    cells = {}
    for key, value in node.value.items():
        if isinstance(value.value, list | dict):
            problems.add(
                Place(line=value.line), _("“%(field)s” takes one value, not a list.") % {"field": key}
            )
            continue
        cells[key] = Cell(value.value, Place(line=value.line))
    return Record(kind, Place(line=node.line), cells)


# --- CSV ---------------------------------------------------------------------------------------


def csv_records(text: str, problems: Problems, kinds: tuple[str, ...]) -> list[Record]:
    """One table; its column ``record`` says what each row is (``kinds``)."""
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise FileRefused([(Place(line=1), _("The file is empty."))]) from None
    except csv.Error as err:
        raise FileRefused(
            [(Place(line=1), _("This is not valid CSV: %(problem)s.") % {"problem": err})]
        ) from err
    if "record" not in header:
        raise FileRefused([(Place(line=1), _("The first line names the columns, one of them “record”."))])
    records = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                problems.add(Place(line=line), _("This line has more cells than the first line has columns."))
                continue
            cells = {
                name: Cell(value.strip() or None, Place(line=line, column=name))
                for name, value in zip(header, row, strict=False)
                if name
            }
            kind_cell = cells.pop("record", None)
            kind = str(kind_cell.value or "").strip().lower() if kind_cell else ""
            if kind not in kinds:
                problems.add(
                    Place(line=line, column="record"),
                    _("“record” is one of: %(kinds)s.") % {"kinds": ", ".join(kinds)},
                )
                continue
            records.append(Record(kind, Place(line=line), cells))
            if len(records) > MAX_RECORDS:
                raise FileRefused(
                    [(Place(line=line), _("The file is too large to be a catalogue or a set of rules."))]
                )
    except csv.Error as err:
        raise FileRefused(
            [(Place(line=reader.line_num), _("This is not valid CSV: %(problem)s.") % {"problem": err})]
        ) from err
    return records


# --- Excel -------------------------------------------------------------------------------------


def xlsx_records(data: bytes, problems: Problems, sheets: dict[str, str]) -> list[Record]:
    """The sheets named in ``sheets`` (sheet name -> record kind), each a table whose first row
    names the columns. Formulas count by the value Excel last computed."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(
            [(Place(line=1), _("The Excel file cannot be read: %(problem)s.") % {"problem": err})]
        ) from err
    try:
        by_name = {name.strip().lower(): name for name in workbook.sheetnames}
        missing = [name for name in sheets if name not in by_name]
        if missing:
            raise FileRefused(
                [
                    (
                        Place(line=1, sheet=name),
                        _("The workbook needs the sheets %(sheets)s.") % {"sheets": ", ".join(sheets)},
                    )
                    for name in missing
                ]
            )
        records: list[Record] = []
        for wanted, kind in sheets.items():
            sheet_name = by_name[wanted]
            rows: Iterator[tuple[Any, ...]] = workbook[sheet_name].iter_rows(values_only=True)
            header_row = next(rows, None)
            if header_row is None:
                continue
            header = [str(value).strip() if value is not None else "" for value in header_row]
            for number, row in enumerate(rows, start=2):
                if all(value is None or (isinstance(value, str) and not value.strip()) for value in row):
                    continue
                cells = {}
                for index, value in enumerate(row):
                    name = header[index] if index < len(header) else ""
                    place = Place(
                        line=number, column=name, sheet=sheet_name, letter=get_column_letter(index + 1)
                    )
                    if not name:
                        if value is not None:
                            problems.add(place, _("This cell has no column name in the first row."))
                        continue
                    cells[name] = Cell(value.strip() or None if isinstance(value, str) else value, place)
                records.append(Record(kind, Place(line=number, sheet=sheet_name), cells))
                if len(records) > MAX_RECORDS:
                    raise FileRefused(
                        [
                            (
                                Place(line=number, sheet=sheet_name),
                                _("The file is too large to be a catalogue or a set of rules."),
                            )
                        ]
                    )
        return records
    finally:
        workbook.close()
