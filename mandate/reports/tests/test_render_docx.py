"""The Word file in the State and Party layouts, read back from its XML (no LibreOffice here:
``test_render_pdf`` prints it)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from django.utils import translation
from docx.oxml.xmlchemy import BaseOxmlElement
from PIL import Image

from mandate.reports.content import Layout
from mandate.reports.docx_blocks import date_line
from mandate.reports.render_docx import heading_text, render_docx
from mandate.reports.tests.report_fixtures import content

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def _styles(data: bytes) -> BaseOxmlElement:
    """word/styles.xml as python-docx parsed it."""
    return docx.Document(io.BytesIO(data)).styles.element


def _body(data: bytes) -> BaseOxmlElement:
    """word/document.xml as python-docx parsed it."""
    return docx.Document(io.BytesIO(data)).element


def _text(data: bytes) -> list[str]:
    """Every paragraph of the body, in the tables too, in order."""
    body = _body(data)
    return ["".join(node.text or "" for node in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]


def test_the_styles_name_times_new_roman_in_every_slot_and_no_theme_font() -> None:
    styles = _styles(render_docx(content(Layout.STATE)))
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert defaults is not None
    checked = {"defaults": defaults}
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        assert name is not None
        if name.get(f"{W}val") in ("Normal", "Title", "heading 1", "heading 2", "heading 3"):
            fonts = style.find(f"{W}rPr/{W}rFonts")
            assert fonts is not None, name.get(f"{W}val")
            checked[name.get(f"{W}val") or ""] = fonts
    assert set(checked) == {"defaults", "Normal", "Title", "heading 1", "heading 2", "heading 3"}
    for where, fonts in checked.items():
        assert {slot: fonts.get(f"{W}{slot}") for slot in SLOTS} == dict.fromkeys(SLOTS, "Times New Roman"), (
            where
        )
        assert not [key for key in fonts.attrib if key.endswith("Theme") or key.endswith("theme")], where
    normal = docx.Document(io.BytesIO(render_docx(content(Layout.STATE)))).styles["Normal"]
    assert normal.font.size is not None
    assert 13 <= normal.font.size.pt <= 14


def test_the_page_is_a4_with_the_decrees_margins_and_numbers_from_page_2() -> None:
    data = render_docx(content(Layout.PARTY, issued=True))
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.top_margin is not None and 20 <= round(section.top_margin.mm) <= 25
    assert section.bottom_margin is not None and 20 <= round(section.bottom_margin.mm) <= 25
    assert section.left_margin is not None and 30 <= round(section.left_margin.mm) <= 35
    assert section.right_margin is not None and 15 <= round(section.right_margin.mm) <= 20
    assert section.different_first_page_header_footer
    header = section.header._element
    assert [node.text.strip() for node in header.iter(f"{W}instrText")] == ["PAGE"]
    first = section.first_page_header._element
    assert not list(first.iter(f"{W}instrText"))
    assert not section.first_page_header.is_linked_to_previous  # its own, empty header


def test_a_state_draft_has_the_issuer_and_the_motto_side_by_side_and_dots_for_its_number() -> None:
    data = render_docx(content(Layout.STATE))
    head = docx.Document(io.BytesIO(data)).tables[0]
    left = [p.text for p in head.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in head.cell(0, 1).paragraphs if p.text]
    assert left == ["UBND THÀNH PHỐ HÀ NỘI", "SỞ VĂN HÓA VÀ THỂ THAO"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert head.cell(1, 0).text == "Số: …/BC-SVHTT"
    assert head.cell(1, 1).text == "Hà Nội, ngày … tháng … năm …"
    borders = head._tbl.find(f"{W}tblPr/{W}tblBorders")
    assert borders is None  # no style, no borders: the head is not a grid
    lines = _text(data)
    assert "BÁO CÁO" in lines
    assert "Kết quả thực hiện nhiệm vụ 9 tháng đầu năm 2023" in lines


def test_a_party_report_has_its_own_head_a_number_without_colon_and_signs_t_m() -> None:
    data = render_docx(content(Layout.PARTY, issued=True))
    document = docx.Document(io.BytesIO(data))
    head = document.tables[0]
    assert [p.text for p in head.cell(0, 0).paragraphs if p.text] == [
        "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI",
        "THÀNH ỦY HÀ NỘI",
        "*",
    ]
    assert head.cell(0, 1).text.strip() == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert head.cell(1, 0).text == "Số 125-BC/TU"
    assert head.cell(1, 1).text == "Hà Nội, ngày 15 tháng 9 năm 2023"
    foot = document.tables[-1]
    signature = [p.text for p in foot.cell(0, 1).paragraphs if p.text]
    assert signature == ["T/M THÀNH ỦY HÀ NỘI", "PHÓ BÍ THƯ", "Nguyễn Văn Phong"]
    recipients = [p.text for p in foot.cell(0, 0).paragraphs]
    assert recipients == [
        "Nơi nhận:",
        "- Ban Thường vụ Thành ủy;",
        "- Các đảng bộ trực thuộc;",
        "- Lưu VPTU.",
    ]


def test_the_state_signature_prints_the_authority_as_given() -> None:
    foot = docx.Document(io.BytesIO(render_docx(content(Layout.STATE)))).tables[-1]
    assert [p.text for p in foot.cell(0, 1).paragraphs if p.text] == [
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Thị Hà",
    ]


def test_the_date_line_has_a_leading_zero_for_days_below_10_and_months_1_and_2() -> None:
    with translation.override("vi"):
        assert date_line("Hà Nội", dt.date(2023, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2023"
        assert date_line("Hà Nội", dt.date(2023, 9, 15)) == "Hà Nội, ngày 15 tháng 9 năm 2023"
    with translation.override("en"):
        assert date_line("Hanoi", dt.date(2023, 9, 15)) == "Hanoi, 15 September 2023"


@pytest.mark.parametrize(
    ("language", "numbers"),
    [("vi", ["Tổng cộng", "8.051", "9.810", "82,07%"]), ("en", ["Total", "8,051", "9,810", "82.07%"])],
)
def test_the_tables_write_the_figures_in_the_reports_language(language: str, numbers: list[str]) -> None:
    document = docx.Document(io.BytesIO(render_docx(content(Layout.STATE, language))))
    table = document.tables[1]
    assert [cell.text for cell in table.rows[-1].cells] == numbers
    assert [cell.text for cell in table.rows[3].cells][1:] == [
        "578",
        "454",
        "127,31%" if language == "vi" else "127.31%",
    ]
    header = table.rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on each page
    total = table.rows[-1].cells[1].paragraphs[0]
    assert total.runs[0].bold
    assert total.style is not None and total.style.name == "Report Table Number"  # aligned right
    assert table.rows[-1].cells[0].paragraphs[0].style.name == "Report Table Text"


def test_english_reports_keep_the_layout_with_english_words() -> None:
    data = render_docx(content(Layout.STATE, "en", issued=True))
    head = docx.Document(io.BytesIO(data)).tables[0]
    assert [p.text for p in head.cell(0, 1).paragraphs if p.text] == [
        "SOCIALIST REPUBLIC OF VIETNAM",
        "Independence - Freedom - Happiness",
    ]
    assert head.cell(1, 0).text == "No.: 125/BC-SVHTT"
    assert head.cell(1, 1).text == "Hanoi, 15 September 2023"
    assert "Recipients:" in _text(data)
    party = docx.Document(io.BytesIO(render_docx(content(Layout.PARTY, "en")))).tables[0]
    assert party.cell(1, 0).text == "No. …-BC/TU"


def test_the_headings_are_numbered_by_depth() -> None:
    lines = _text(render_docx(content(Layout.STATE)))
    headings = [line for line in lines if line[:2] in ("I.", "II", "1.", "2.")]
    assert headings == [
        "I. KẾT QUẢ THỰC HIỆN",
        "1. Thực hiện nhiệm vụ",
        "2. Công tác phát triển đảng viên",
        "II. HẠN CHẾ, NGUYÊN NHÂN",
        "III. NHIỆM VỤ KỲ TỚI",
    ]
    assert heading_text("3. Đã có số", 1, 0) == "3. Đã có số"
    assert heading_text("Chi tiết", 2, 1) == "b) Chi tiết"


def test_a_draft_lists_the_flags_and_an_issued_report_does_not() -> None:
    draft = "\n".join(_text(render_docx(content(Layout.PARTY))))
    assert "Số liệu cần kiểm tra trước khi ban hành báo cáo" in draft
    assert "(đã nêu: 127,6%; theo hồ sơ: 127,31%)" in draft
    issued = "\n".join(_text(render_docx(content(Layout.PARTY, issued=True))))
    assert "127,6%" not in issued


def test_a_chart_drawn_beforehand_is_embedded_as_given_and_one_missing_is_drawn() -> None:
    report = content(Layout.STATE)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    png = buffer.getvalue()
    given = render_docx(report, charts={"members.rate_chart": png})
    with zipfile.ZipFile(io.BytesIO(given)) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert [archive.read(name) for name in media] == [png]
    drawn = render_docx(report)
    with zipfile.ZipFile(io.BytesIO(drawn)) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert len(media) == 1
        assert archive.read(media[0]).startswith(b"\x89PNG") and len(archive.read(media[0])) > 10_000
    body = _body(drawn)
    descriptions = [node.get("descr") for node in body.iter() if node.tag.endswith("docPr")]
    assert descriptions == ["Tỷ lệ hoàn thành chỉ tiêu kết nạp đảng viên (%)"]
