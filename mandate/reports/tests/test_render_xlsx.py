"""The Excel file: one sheet per table with typed figures, the figures and flags, the records
behind a figure, and LibreOffice showing the figures as the page writes them."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mandate.reports.content import Layout, Section, Table
from mandate.reports.figure_format import figure_text
from mandate.reports.render_docx import table_cells
from mandate.reports.render_xlsx import SheetNames, render_xlsx
from mandate.reports.tests.report_fixtures import content


def _records() -> dict[str, tuple[Sequence[str], Iterator[Sequence[object]]]]:
    rows = iter([
        (1, "Nguyễn Văn A", dt.date(2023, 3, 1), Decimal("12.50")),
        (2, "=SUM(A1:A9)", dt.date(2023, 4, 2), None),
    ])  # fmt: skip
    return {"members.admitted": (["Mã", "Họ và tên", "Ngày kết nạp", "Điểm"], rows)}


def test_each_table_is_a_sheet_of_numbers_with_formats_and_frozen_headers() -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(content(Layout.STATE), _records())))
    assert workbook.sheetnames == [
        "Kết quả kết nạp đảng viên theo",
        "Số liệu",
        "Cảnh báo",
        "đảng viên được kết nạp",
    ]
    table = workbook["Kết quả kết nạp đảng viên theo"]
    assert table.freeze_panes == "A4"
    assert [cell.value for cell in table[3]] == ["Đơn vị", "Hoàn thành", "Chỉ tiêu kết nạp", "Tỷ lệ đạt"]
    total = table[7]
    assert [cell.value for cell in total] == ["Tổng cộng", 8051, 9810, pytest.approx(0.8207)]
    assert [cell.data_type for cell in total] == ["s", "n", "n", "n"]
    assert [cell.number_format for cell in total[1:]] == ["#,##0", "#,##0", "0.00%"]
    assert total[1].font.b
    assert table.column_dimensions["A"].width > table.column_dimensions["B"].width


def test_the_figures_sheet_lists_every_figure_typed_and_where_its_records_are() -> None:
    report = content(Layout.STATE)
    workbook = load_workbook(io.BytesIO(render_xlsx(report, _records())))
    sheet = workbook["Số liệu"]
    rows = {row[2].value: row for row in sheet.iter_rows(min_row=4)}
    assert set(rows) == set(report.figures)
    assert rows["members.admitted"][1].value == 8051
    assert rows["members.admitted"][3].value == "đảng viên được kết nạp"
    assert rows["budget.spent"][1].value == Decimal("1234567.5")
    assert rows["budget.spent"][1].number_format == "#,##0.00"
    assert rows["orgs.rate"][1].number_format == "0.00%"
    flags = workbook["Cảnh báo"]
    assert [cell.value for cell in flags[3]][:3] == [report.flags[0].message, "127,6%", "127,31%"]


def test_the_records_behind_a_figure_are_typed_and_text_is_never_a_formula() -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(content(Layout.STATE), _records())))
    sheet = workbook["đảng viên được kết nạp"]
    assert sheet.freeze_panes == "A3"
    assert "8.051" in sheet["A1"].value
    first, second = sheet[3], sheet[4]
    assert [cell.value for cell in first] == [1, "Nguyễn Văn A", dt.datetime(2023, 3, 1), Decimal("12.5")]
    assert first[2].number_format == "DD/MM/YYYY" and first[3].number_format == "#,##0.00"
    assert second[1].value == "=SUM(A1:A9)" and second[1].data_type == "s"


def test_a_large_list_of_records_streams_into_its_sheet() -> None:
    rows = ((number, f"Nhiệm vụ {number}") for number in range(20_000))
    data = render_xlsx(content(Layout.PARTY, "en"), {"contents.completed": (["Id", "Task"], rows)})
    sheet = load_workbook(io.BytesIO(data), read_only=True)["contents completed"]
    values = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert values == list(range(20_000))


def test_sheet_names_are_short_unique_ignoring_case_and_without_forbidden_characters() -> None:
    names = SheetNames()
    long = "Kết quả thực hiện nhiệm vụ theo đơn vị trực thuộc"
    assert [names(long), names(long), names("A/B: [x]?"), names("a/b: [X]?")] == [
        "Kết quả thực hiện nhiệm vụ theo",
        "Kết quả thực hiện nhiệm vụ (2)",
        "A B   x",
        "a b   X (2)",
    ]
    assert all(len(name) <= 31 for name in names._taken)


def test_a_report_without_tables_still_has_its_figures() -> None:
    report = content(Layout.STATE)
    bare = type(report)(**{**report.__dict__, "sections": (Section("x", "X"),), "flags": ()})
    assert load_workbook(io.BytesIO(render_xlsx(bare))).sheetnames == ["Số liệu"]


@pytest.mark.libreoffice(conversions=1)
def test_libreoffice_shows_the_report_tables_numbers_as_the_report_writes_them(
    libreoffice: Callable[..., list[list[str]]], tmp_path: Path
) -> None:
    report = content(Layout.PARTY)
    path = tmp_path / "report.xlsx"
    path.write_bytes(render_xlsx(report))
    rows = libreoffice(path, language="vi")
    table = next(table for section in report.sections[0].children for table in section.tables)
    assert isinstance(table, Table)
    assert rows[3:] == table_cells(report, table)
    assert rows[-1] == ["Tổng cộng", "8.051", "9.810", "82,07%"]
    assert rows[-1][3] == figure_text(report.figure("members.rate"), "vi")
