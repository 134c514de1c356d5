"""The page of a report's Word file: A4, the margins of Decree 30/2020/NĐ-CP, Times New Roman in
every style it uses, and the page number from page 2 (R9).

Why the fonts are written into the styles' XML by hand: python-docx's ``font.name`` sets only the
Latin slots (``w:ascii``, ``w:hAnsi``), and the default template's headings and document defaults
name *theme* fonts (``w:asciiTheme`` …) that win over them. LibreOffice, and Word for some
Vietnamese characters, read the east-asian and complex-script slots too, and would print those
characters in Calibri or Cambria. So every slot of every style names Times New Roman and no theme
font is left: the file says Times New Roman everywhere, and LibreOffice substitutes the
metric-compatible Liberation Serif where Times New Roman is not installed.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
BODY_SIZE = Pt(14)  # Decree 30: body text 13–14
SMALL_SIZE = Pt(13)  # header blocks, number line, page numbers, tables
HEADING_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3")
TABLE_TEXT = "Report Table Text"  # the cells' paragraphs: 12 pt, no space after, single spacing
TABLE_NUMBER = "Report Table Number"  # the same, aligned right
_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
_THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

# Decree 30/2020 Appendix I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = Mm(210 - 30 - 15)
_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _child(parent: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """``parent``'s first ``tag`` child, made when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found  # type: ignore[no-any-return]


def name_font(run_properties: BaseOxmlElement) -> None:
    """Times New Roman in all four slots of a ``w:rPr``, and no theme font over them."""
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for slot in _THEME_SLOTS:
        fonts.attrib.pop(qn(slot), None)
    for slot in _SLOTS:
        fonts.set(qn(slot), FONT)


def set_up_page(document: Document) -> None:
    """A4 portrait with the decree's margins, and a first page without a page number."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True
    # An empty header of its own on the first page: no number there (R9), in Word and LibreOffice.
    section.first_page_header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(paragraph)


def add_page_field(paragraph: Paragraph) -> None:
    """The PAGE field (the page's number, Arabic numerals, size 13–14, centred at the top)."""
    run = paragraph.add_run()
    run.font.size = SMALL_SIZE
    begin, instruction, separate, shown, end = (
        OxmlElement("w:fldChar"),
        OxmlElement("w:instrText"),
        OxmlElement("w:fldChar"),
        OxmlElement("w:t"),
        OxmlElement("w:fldChar"),
    )
    begin.set(qn("w:fldCharType"), "begin")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    separate.set(qn("w:fldCharType"), "separate")
    shown.text = "2"
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instruction, separate, shown, end):
        run._r.append(element)


def set_up_styles(document: Document) -> None:
    """Times New Roman, black, in the document defaults, Normal, the headings and the tables."""
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = _child(_child(defaults, "w:rPrDefault"), "w:rPr")
        name_font(run_defaults)
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = RGBColor(0, 0, 0)
    name_font(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name in HEADING_STYLES:
        style = styles[name]
        style.font.name = FONT
        style.font.size = BODY_SIZE
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        name_font(style.element.get_or_add_rPr())
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
        _drop_border(style.element)
    table_text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(12)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0
    table_number = styles.add_style(TABLE_NUMBER, WD_STYLE_TYPE.PARAGRAPH)
    table_number.base_style = table_text
    table_number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    grid = (
        styles["Table Grid"]
        if "Table Grid" in styles
        else styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE)
    )
    grid.font.name = FONT
    name_font(grid.element.get_or_add_rPr())


def _drop_border(style_element: BaseOxmlElement) -> None:
    """The default template's Title has a blue rule under it; an administrative title has none."""
    paragraph_properties = style_element.find(qn("w:pPr"))
    if paragraph_properties is not None:
        border = paragraph_properties.find(qn("w:pBdr"))
        if border is not None:
            paragraph_properties.remove(border)


def short_rule(paragraph: Paragraph, *, indent_mm: float) -> None:
    """A short line under a header block (Decree 30: under the issuer's name and the motto):
    the bottom border of an empty, tiny paragraph indented ``indent_mm`` on both sides."""
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    paragraph.paragraph_format.space_before = Pt(1)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(2)
    properties = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    border.append(bottom)
    # The schema's order (Word refuses a file with pBdr after spacing or ind).
    properties.insert_element_before(border, *_AFTER_BORDER)


def indent_table(table: Table, indent: Length) -> None:
    """Move ``table`` by ``indent`` from the left margin (negative: into it)."""
    element = OxmlElement("w:tblInd")
    element.set(qn("w:w"), str(int(indent.twips)))
    element.set(qn("w:type"), "dxa")
    properties = table._tbl.tblPr
    properties.insert_element_before(
        element, "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
        "w:tblDescription", "w:tblPrChange",
    )  # fmt: skip
