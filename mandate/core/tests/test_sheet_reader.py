"""Reading a workbook against declared columns (``core.sheet_reader``, ``core.sheet_columns``):
the round trip with the export, and each kind of problem with its sheet, row, column, value,
what is wrong and how to mend it. No database: files are made here."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from mandate.core import sheet_reader
from mandate.core.sheet_columns import (
    ChoiceColumn,
    DateColumn,
    DecimalColumn,
    IntegerColumn,
    ReferenceColumn,
    TextColumn,
)
from mandate.core.sheet_export import TitleBlock, export_column, write_table
from mandate.core.sheet_reader import Problem, SheetRead, SheetSpec, check_workbook, read_sheet

UNITS = {"HN01": "unit-1", "hn02": "unit-2"}
COLUMNS = (
    ReferenceColumn(key="unit", header="Unit code", codes=UNITS, noun="unit"),
    IntegerColumn(key="admitted", header="Members admitted"),
    IntegerColumn(key="target", header="Target"),
    DecimalColumn(key="revenue", header="Revenue (billion VND)", places=2),
    DecimalColumn(key="rate", header="Achievement (%)", percent=True, places=2),
    DateColumn(key="as_of", header="As of"),
    ChoiceColumn(key="sex", header="Sex", choices=(("f", "Female"), ("m", "Male")), required=False),
    TextColumn(key="note", header="Note", required=False),
)
SPEC = SheetSpec(columns=COLUMNS, key=("unit",))
ROWS: list[tuple[Any, ...]] = [
    ("HN01", 8051, 9810, Decimal("45.37"), Decimal("82.07"), dt.date(2023, 9, 15), "Female", "=SUM(A1)"),
    ("HN02", 90, 69, Decimal("1234567.5"), Decimal("130.43"), dt.date(2023, 9, 15), None, None),
]


def exported(rows: list[tuple[Any, ...]] = ROWS, title: str = "Chỉ tiêu") -> bytes:
    table = write_table(
        columns=[export_column(column) for column in COLUMNS],
        rows=rows,
        title=TitleBlock(title=title, period="01/01/2023 – 15/09/2023", filters=["Hà Nội"]),
        sheet=title,
    )
    with table:
        return table.read()


def workbook(rows: list[list[Any]], *, formats: dict[str, str] | None = None) -> bytes:
    """A plain workbook: the header row of ``COLUMNS``, then ``rows`` as given (any cell values)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Dữ liệu"
    sheet.append([str(column.header) for column in COLUMNS])
    for row in rows:
        sheet.append(row)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_row(**changes: Any) -> list[Any]:
    values = {
        "unit": "HN01",
        "admitted": 8051,
        "target": 9810,
        "revenue": 45.37,
        "rate": 82.07,
        "as_of": dt.datetime(2023, 9, 15),
        "sex": None,
        "note": None,
    }
    values.update(changes)
    return list(values.values())


def read(content: bytes, spec: SheetSpec = SPEC, name: str = "file.xlsx") -> SheetRead:
    upload = SimpleUploadedFile(name, content)
    checked = check_workbook(upload)
    return read_sheet(upload, spec, name=checked.name)


def only(result: SheetRead) -> Problem:
    assert result.rows == []
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


# --- the round trip ---------------------------------------------------------------------------


def test_an_exported_table_read_back_by_openpyxl_holds_real_numbers_dates_and_text():
    sheet = load_workbook(io.BytesIO(exported())).active
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Unit code")
    first = list(sheet[header + 1])
    assert [cell.value for cell in first[:3]] == ["HN01", 8051, 9810]
    assert first[1].number_format == "#,##0"  # 8.051 in Vietnamese, 8,051 in English
    assert first[3].value == pytest.approx(45.37) and first[3].number_format == "#,##0.00"
    assert first[4].value == pytest.approx(0.8207) and first[4].number_format == "0.00%"
    assert first[5].value == dt.datetime(2023, 9, 15) and first[5].number_format == "DD/MM/YYYY"
    assert first[7].value == "=SUM(A1)" and first[7].data_type == "s"  # text, never a formula
    lines = [sheet.cell(row=number, column=1).value for number in range(1, header)]
    assert lines[0] == "Chỉ tiêu"
    assert any("01/01/2023 – 15/09/2023" in line for line in lines)
    assert any("Hà Nội" in line for line in lines)


def test_an_exported_table_reads_back_through_the_same_columns_to_the_same_values():
    result = read(exported())
    assert result.problems == []
    assert [row.values for row in result.rows] == [
        {
            "unit": "unit-1",
            "admitted": 8051,
            "target": 9810,
            "revenue": Decimal("45.37"),
            "rate": Decimal("82.07"),
            "as_of": dt.date(2023, 9, 15),
            "sex": "f",
            "note": "=SUM(A1)",
        },
        {
            "unit": "unit-2",
            "admitted": 90,
            "target": 69,
            "revenue": Decimal("1234567.5"),
            "rate": Decimal("130.43"),
            "as_of": dt.date(2023, 9, 15),
            "sex": None,
            "note": None,
        },
    ]
    assert result.sheet == "Chỉ tiêu"
    assert result.header_row is not None and result.rows[0].number == result.header_row + 1


def test_an_english_export_reads_under_vietnamese_and_the_columns_may_move():
    with translation.override("en"):
        content = exported()
    book = load_workbook(io.BytesIO(content))
    book.active.move_range("A1:A20", cols=20)  # the unit code column moves to the far right
    buffer = io.BytesIO()
    book.save(buffer)
    result = read(buffer.getvalue())
    assert result.problems == []
    assert result.rows[1].values["unit"] == "unit-2"
    assert result.rows[1].places["unit"].letter == "U"


# --- what is wrong, where, and how to mend it ---------------------------------------------------


def test_a_number_stored_as_text_is_refused_with_its_place_and_the_way_to_mend_it():
    problem = only(read(workbook([good_row(admitted="8.051")])))
    assert (problem.sheet, problem.row, problem.column, problem.header) == (
        "Dữ liệu",
        2,
        "B",
        "Members admitted",
    )
    assert problem.value == "8.051"
    assert "lưu dưới dạng văn bản" in problem.what or "stored as text" in problem.what
    assert problem.mend


def test_a_column_that_allows_numbers_as_text_reads_them_strictly_in_the_readers_style():
    columns = (
        TextColumn(key="unit", header="Unit code"),
        IntegerColumn(key="admitted", header="Members admitted", text_numbers=True),
        DecimalColumn(key="rate", header="Achievement (%)", percent=True, places=2, text_numbers=True),
    )
    spec = SheetSpec(columns=columns)
    # The rows are written under the header row of COLUMNS: "Achievement (%)" is column E.
    read_back = read(workbook([["HN01", "8.051", None, None, "82,07%"]]), spec).rows[0].values
    assert (read_back["admitted"], read_back["rate"]) == (8051, Decimal("82.07"))
    with translation.override("en"):
        read_back = read(workbook([["HN01", "8,051", None, None, "82.07"]]), spec).rows[0].values
    assert (read_back["admitted"], read_back["rate"]) == (8051, Decimal("82.07"))
    problem = only(read(workbook([["HN01", "24.3200", None, None, "1"]]), spec))
    assert problem.value == "24.3200" and problem.column == "B"
    assert "24.3200" in problem.what and "243.200" in problem.mend and "24,3200" in problem.mend
    with translation.override("en"):
        problem = only(read(workbook([["HN01", "45,37", None, None, "1"]]), spec))
    assert problem.what.startswith("“45,37” is not a valid English number") and "4,537" in problem.mend
    problem = only(read(workbook([["HN01", "8.051%", None, None, "1"]]), spec))  # a percent in a count
    assert problem.column == "B" and problem.what.startswith("“8.051%”") and problem.mend


def test_every_problem_of_the_file_is_listed_and_no_row_is_returned():
    rows = [
        good_row(unit="HN99"),
        good_row(unit="HN02", revenue=1.234, as_of=45184),
        good_row(unit="HN02", sex="Both", target=None),
    ]
    result = read(workbook(rows))
    assert result.rows == []
    found = {(problem.row, problem.column) for problem in result.problems}
    assert found == {(2, "A"), (3, "D"), (3, "F"), (4, "G"), (4, "C")}
    by_place = {(problem.row, problem.column): problem for problem in result.problems}
    with translation.override("en"):
        result = read(workbook(rows))
    english = {(problem.row, problem.column): problem for problem in result.problems}
    assert english[(2, "A")].what == "No unit has the code “HN99”."
    assert english[(3, "D")].what == "“1.234” has more than 2 decimals."  # the reader's numbers
    assert english[(3, "F")].what == "“45,184” is a number, not a date."
    assert by_place[(3, "D")].value == "1,234" and english[(3, "D")].value == "1.234"
    assert english[(4, "G")].mend == "Write one of: “Female”, “Male”."
    assert english[(4, "C")].what == "The cell is empty."
    assert by_place[(2, "A")].what != english[(2, "A")].what  # the reader's language


def test_the_same_key_twice_is_refused_on_the_second_row():
    problem = only(read(workbook([good_row(), good_row(unit="hn01")])))
    assert (problem.row, problem.column) == (3, "A")
    assert "2" in problem.what


def test_a_missing_column_is_named():
    content = workbook([good_row()])
    book = load_workbook(io.BytesIO(content))
    book.active["B1"] = "Something else"
    buffer = io.BytesIO()
    book.save(buffer)
    problem = only(read(buffer.getvalue()))
    assert problem.header == "Members admitted" and problem.row == 1


def test_a_percentage_is_what_the_cell_shows():
    rows = [good_row(rate=0.8207), good_row(unit="HN02", rate=82.07)]
    result = read(workbook(rows, formats={"E2": "0.00%"}))
    assert [row.values["rate"] for row in result.rows] == [Decimal("82.07"), Decimal("82.07")]


def test_dates_are_excel_dates_or_text_written_dd_mm_yyyy():
    ok = read(workbook([good_row(as_of="15/09/2023"), good_row(unit="HN02", as_of=dt.datetime(2023, 9, 15))]))
    assert {row.values["as_of"] for row in ok.rows} == {dt.date(2023, 9, 15)}
    problem = only(read(workbook([good_row(as_of="31/02/2023")])))
    assert problem.column == "F" and problem.value == "31/02/2023"


def test_float_noise_is_not_a_decimal_of_its_own():
    result = read(workbook([good_row(revenue=45.370000000000005)]))
    assert result.rows[0].values["revenue"] == Decimal("45.37")


def test_a_formula_is_read_as_its_saved_value_and_one_never_computed_as_empty():
    content = workbook([good_row(admitted="=8000+51"), good_row(unit="HN02", admitted="=1+1")])
    with_value = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(with_value, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<f>8000+51</f><v></v>", b"<f>8000+51</f><v>8051</v>")
            target.writestr(info, data)
    problem = only(read(with_value.getvalue()))
    assert (problem.row, problem.column, problem.what) == (3, "B", translation.gettext("The cell is empty."))
    assert "LibreOffice" in problem.mend


def test_more_rows_than_declared_are_refused_without_reading_on():
    spec = SheetSpec(columns=(TextColumn(key="unit", header="Unit code"),), max_rows=2)
    problem = only(read(workbook([good_row(unit=f"X{n}") for n in range(5)]), spec))
    assert problem.row == 4 and "2" in problem.what


def test_problems_past_the_cap_are_counted(monkeypatch):
    monkeypatch.setattr(sheet_reader, "MAX_PROBLEMS", 3)
    result = read(workbook([good_row(unit=f"X{n}") for n in range(5)]))
    assert len(result.problems) == 3 and result.more_problems == 2


def test_a_sheet_named_by_the_spec_is_found_in_either_language():
    spec = SheetSpec(columns=COLUMNS, sheet="Data")
    problem = only(read(workbook([good_row()]), spec))
    assert problem.row is None and "Data" in problem.what
    spec = SheetSpec(columns=COLUMNS, sheet="dữ liệu")
    assert read(workbook([good_row()]), spec).problems == []


def test_an_optional_column_left_out_of_the_file_reads_as_empty():
    unit, note = (
        TextColumn(key="unit", header="Unit code"),
        TextColumn(key="note", header="Note", required=False),
    )
    columns = (unit, note)
    book = Workbook()
    book.active.append(["Unit code"])
    book.active.append(["HN01"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = read(buffer.getvalue(), SheetSpec(columns=columns))
    assert [row.values for row in result.rows] == [{"unit": "HN01", "note": None}]


def _sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_a_sheet_s_size_is_read_from_its_dimension_and_none_is_read_when_it_declares_none() -> None:
    # The read-only sheet's size stops at <sheetData> (``_size_before_data``): a declared size is
    # read as before, a sheet without one (openpyxl's write-only mode, the template) has none.
    declared = Workbook()
    for row in range(1, 8):
        declared.active.append([row, "x"])
    plain = io.BytesIO()
    declared.save(plain)
    assert b"<dimension" in _sheet_xml(plain.getvalue())
    sheet = load_workbook(io.BytesIO(plain.getvalue()), read_only=True).worksheets[0]
    assert (sheet.max_row, sheet.max_column) == (7, 2)

    streamed = Workbook(write_only=True)
    page = streamed.create_sheet()
    for row in range(1, 8):
        page.append([row, "x"])
    written = io.BytesIO()
    streamed.save(written)
    assert b"<dimension" not in _sheet_xml(written.getvalue())
    sheet = load_workbook(io.BytesIO(written.getvalue()), read_only=True).worksheets[0]
    assert sheet.max_row is None
    assert [row[0].value for row in sheet.iter_rows(max_col=2)] == list(range(1, 8))
