"""Any table as .xlsx (``core.sheet_export``): typed cells, the title block, text that stays text,
and the workbook as LibreOffice Calc shows it in Vietnamese (one conversion of the suite's three)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mandate.core.sheet_export import (
    DATE,
    DECIMAL,
    INTEGER,
    MOMENT,
    PERCENT,
    TEXT,
    ExportColumn,
    Figure,
    TitleBlock,
    sheet_title,
    write_table,
)

COLUMNS = [
    ExportColumn("Unit", TEXT, 30),
    ExportColumn("Admitted", INTEGER),
    ExportColumn("Target", INTEGER),
    ExportColumn("Achievement", PERCENT, places=2),
    ExportColumn("Revenue (billion VND)", DECIMAL, places=2),
    ExportColumn("As of", DATE),
    ExportColumn("Entered at", MOMENT),
]
ENTERED = dt.datetime(2023, 9, 15, 2, 30, tzinfo=dt.UTC)  # 09:30 in Hà Nội
ROWS: list[tuple[Any, ...]] = [
    ("Thành ủy", 8051, 9810, Decimal("82.07"), Decimal("45.37"), dt.date(2023, 9, 15), ENTERED),
    ('=HYPERLINK("http://x")', 90, 69, Decimal("130.43"), Decimal("1234567.5"), dt.date(2023, 9, 15), None),
]
TITLE = TitleBlock(
    title="Kết nạp đảng viên",
    period="01/01/2023 – 15/09/2023",
    filters=["Thành phố Hà Nội", "năm 2023"],
    exported_at=dt.datetime(2023, 9, 16, 1, 0, tzinfo=dt.UTC),
    exported_by="dung",
)


def export() -> bytes:
    with write_table(columns=COLUMNS, rows=ROWS, title=TITLE, sheet="Chỉ tiêu: 2023/9") as table:
        return table.read()


def test_the_title_block_says_what_period_filters_and_when_in_the_readers_language():
    sheet = load_workbook(io.BytesIO(export())).active
    lines = [sheet.cell(row=n, column=1).value for n in range(1, 5)]
    assert lines == [
        "Kết nạp đảng viên",
        "Kỳ: 01/01/2023 – 15/09/2023",
        "Bộ lọc: Thành phố Hà Nội; năm 2023.",
        "Xuất lúc 08:00 16/09/2023 bởi dung.",
    ]
    assert sheet.freeze_panes == "A6"
    assert [cell.value for cell in sheet[5]] == [str(column.header) for column in COLUMNS]
    with translation.override("en"):
        assert TitleBlock(title="X").lines()[1] == "No filter."


def test_numbers_stay_numbers_with_their_formats_dates_are_dates_and_text_stays_text():
    sheet = load_workbook(io.BytesIO(export())).active
    first, second = sheet[6], sheet[7]
    assert [first[1].value, first[2].value] == [8051, 9810] and first[1].number_format == "#,##0"
    assert first[3].value == pytest.approx(0.8207) and first[3].number_format == "0.00%"
    assert first[4].value == pytest.approx(45.37) and first[4].number_format == "#,##0.00"
    assert first[5].value == dt.datetime(2023, 9, 15) and first[5].number_format == "DD/MM/YYYY"
    assert first[6].value == dt.datetime(2023, 9, 15, 9, 30)  # local time, no zone
    assert second[0].value == '=HYPERLINK("http://x")' and second[0].data_type == "s"
    assert second[6].value is None


def test_a_value_of_the_wrong_type_is_a_programming_error_not_a_text_cell():
    with pytest.raises(TypeError):
        write_table(columns=[ExportColumn("Admitted", INTEGER)], rows=[("8.051",)], title=["x"], sheet="x")
    with pytest.raises(ValueError, match="Unknown column kind"):
        ExportColumn("x", "money")


def test_a_template_protects_all_but_its_editable_cells_hides_its_keys_and_shows_each_rows_decimals():
    columns = [
        ExportColumn("Unit", TEXT, 30),
        ExportColumn("Value", DECIMAL, editable=True),
        ExportColumn("Key", INTEGER, hidden=True),
    ]
    rows = [
        ("Thành ủy", Figure(Decimal("8051"), 0), 1),
        ("Sở", Figure(Decimal("45.37"), 2), 2),
        ("Xã", None, 3),
        ("Phường", Figure(None, 2), 4),
    ]
    with write_table(columns=columns, rows=rows, title=["Mẫu"], sheet="Mẫu", protect=True) as table:
        sheet = load_workbook(io.BytesIO(table.read())).active
    assert sheet.protection.sheet and not sheet.protection.formatColumns  # columns may be widened
    assert sheet.column_dimensions["C"].hidden and not sheet.column_dimensions["B"].hidden
    first, second, empty, to_fill = (sheet[row] for row in (3, 4, 5, 6))
    assert (first[1].value, first[1].number_format) == (8051, "#,##0")
    assert (second[1].value, second[1].number_format) == (45.37, "#,##0.00")
    assert empty[1].value is None and empty[1].number_format == "#,##0"  # typed into: a number
    assert to_fill[1].value is None and to_fill[1].number_format == "#,##0.00"  # with its decimals
    assert not first[1].protection.locked and not empty[1].protection.locked
    assert first[0].protection.locked and first[2].protection.locked


def test_a_sheet_name_is_one_excel_accepts():
    assert sheet_title("Chỉ tiêu: 2023/9 [bản nháp]*?") == "Chỉ tiêu  2023 9  bản nháp"[:31]
    assert sheet_title("") == "Sheet1"
    assert len(sheet_title("x" * 40)) == 31


@pytest.mark.libreoffice(conversions=1)
def test_libreoffice_shows_the_exported_figures_as_a_vietnamese_reader_sees_them(libreoffice, tmp_path: Path):
    """Calc in a Vietnamese locale shows the numbers as the page does: 8.051, 82,07%, 45,37 and
    15/09/2023 — so they are numbers with formats, not text."""
    path = tmp_path / "chi-tieu.xlsx"
    path.write_bytes(export())
    rows = libreoffice(path, language="vi")
    assert rows[0][0] == "Kết nạp đảng viên"
    assert rows[4] == [str(column.header) for column in COLUMNS]
    assert rows[5] == ["Thành ủy", "8.051", "9.810", "82,07%", "45,37", "15/09/2023", "15/09/2023 09:30"]
    assert rows[6] == ['=HYPERLINK("http://x")', "90", "69", "130,43%", "1.234.567,50", "15/09/2023", ""]
    assert timezone.is_aware(ENTERED)
