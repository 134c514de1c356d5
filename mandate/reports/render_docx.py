"""A report as a Word file (.docx, python-docx) in its issuer's layout (issue 13 item 4; ADR 0046).

The renderer prints one ``ReportContent`` and computes nothing: the numbers in the tables are the
content's figures written in the report's language (``figure_format``), the sentences are the
content's sentences, the charts are drawn from the content's figures (``charts``) unless the
caller hands them over already drawn. The page, the head and the foot follow Decree 30/2020/NĐ-CP
for a State body and Guideline 36-HD/VPTW for a Party body (``docx_page``, ``docx_blocks``).

Order of the document: head (issuer and motto, number, place and date), title, the period line
(the period, its basis and the cut-off day of the data, issue 13 item 2), the sections with their
headings numbered I., 1., a) by depth, each with its sentences, tables and charts; while the
report is a draft (no number or no date yet), the figures that disagree (``Flag``) in a box for
the author, since they must be settled before it is issued; then "Nơi nhận:" and the signature.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import docx
from django.utils import translation
from django.utils.translation import gettext as _
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row
from docx.shared import Cm, Pt
from docx.table import _Cell

from mandate.core.enums import PeriodBasis
from mandate.reports.charts import chart_png
from mandate.reports.content import Chart, ReportContent, Section, Table
from mandate.reports.docx_blocks import add_foot, add_head, add_title
from mandate.reports.docx_page import (
    SMALL_SIZE,
    TABLE_NUMBER,
    TABLE_TEXT,
    TEXT_WIDTH,
    set_up_page,
    set_up_styles,
)
from mandate.reports.figure_format import figure_text

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
_NUMBERED = re.compile(r"^([IVXLC]+|\d+(\.\d+)*|[a-zđ])[.)]\s")
_BASES = {
    "calendar": PeriodBasis.CALENDAR,
    "reporting": PeriodBasis.DECREE09,
    "decree09": PeriodBasis.DECREE09,
}


def render_docx(content: ReportContent, charts: Mapping[str, bytes] | None = None) -> bytes:
    """The report as the bytes of a .docx file. ``charts``: PNGs by chart key, already drawn
    (the job draws them once for the page and the file); a chart missing there is drawn here."""
    with translation.override(content.language):
        document = docx.Document()
        set_up_styles(document)
        set_up_page(document)
        properties = document.core_properties
        properties.title = content.title.replace("\n", " ")
        properties.author = properties.last_modified_by = content.issuer.name
        properties.language = content.language
        if content.made_at is not None:  # when the records were read, not when the file was written
            properties.created = properties.modified = content.made_at
        add_head(document, content.issuer)
        add_title(document, content.title)
        _period_line(document, content)
        for number, section in enumerate(content.sections):
            _section(document, content, section, depth=0, number=number, charts=charts or {})
        if content.flags and not (content.issuer.number and content.issuer.signed_on):
            _flags(document, content)
        add_foot(document, content.issuer)
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


def _period_line(document: Document, content: ReportContent) -> None:
    basis = _BASES.get(content.period_kind)
    values = {
        "period": content.period_label,
        "basis": str(basis.label) if basis else content.period_kind,
        "cut_off": content.cut_off.strftime("%d/%m/%Y"),
    }
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(6)
    paragraph.paragraph_format.space_after = Pt(12)
    text = _("Reporting period: %(period)s (%(basis)s); figures as recorded by the end of %(cut_off)s.")
    run = paragraph.add_run(text % values)
    run.italic = True
    run.font.size = SMALL_SIZE


def heading_text(heading: str, depth: int, number: int) -> str:
    """ "I. Kết quả", "1. …", "a) …" by depth; a heading that already starts with its number is
    kept as it is."""
    if _NUMBERED.match(heading):
        return heading
    if depth == 0:
        mark = f"{_ROMAN[number]}." if number < len(_ROMAN) else f"{number + 1}."
        return f"{mark} {heading.upper()}"
    if depth == 1:
        return f"{number + 1}. {heading}"
    return f"{chr(ord('a') + number % 26)}) {heading}"


def _section(
    document: Document,
    content: ReportContent,
    section: Section,
    *,
    depth: int,
    number: int,
    charts: Mapping[str, bytes],
) -> None:
    if section.heading:
        paragraph = document.add_paragraph(
            heading_text(section.heading, depth, number), style=f"Heading {min(depth + 1, 3)}"
        )
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if depth >= 2:
            paragraph.runs[0].italic = True
    for sentence in section.sentences:
        paragraph = document.add_paragraph(sentence.text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
    for table in section.tables:
        _table(document, content, table)
    for chart in section.charts:
        _chart(document, content, chart, charts)
    for index, child in enumerate(section.children):
        _section(document, content, child, depth=depth + 1, number=index, charts=charts)


def _cell_text(cell: _Cell, text: str, style_id: str, *, bold: bool = False, center: bool = False) -> None:
    """One cell's text in the table style (a style, not each paragraph's own properties: a
    league table of hundreds of rows is written in a fraction of the time)."""
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style_id  # by id: ``paragraph.style = …`` searches every style each time
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    if bold:
        run.bold = True


def table_cells(content: ReportContent, table: Table) -> list[list[str]]:
    """The table's rows as the document writes them: text as it is, a figure key as the figure
    written in the report's language, an empty cell as nothing."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row:
            if cell is None:
                cells.append("")
            elif isinstance(cell, dict):
                cells.append(figure_text(content.figure(cell["figure"]), content.language))
            else:
                cells.append(cell)
        rows.append(cells)
    return rows


def _widths(table: Table) -> list[int]:
    """Text columns twice as wide as number columns, all within the text width."""
    weights = [2 if column.kind is None else 1 for column in table.columns]
    total = sum(weights) or 1
    return [int(TEXT_WIDTH * weight / total) for weight in weights]


def _table(document: Document, content: ReportContent, table: Table) -> None:
    if table.title:
        caption = document.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.keep_with_next = True
        caption.paragraph_format.space_before = Pt(6)
        caption.add_run(table.title).bold = True
    rows = table_cells(content, table)
    grid = document.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = _widths(table)
    for index, column in enumerate(grid.columns):
        column.width = widths[index]
    text_style, number_style = document.styles[TABLE_TEXT].style_id, document.styles[TABLE_NUMBER].style_id
    grid_rows = list(grid.rows)  # each ``grid.rows[i]`` and ``row.cells`` walks the table again
    header = grid_rows[0]
    _repeat_as_header(header._tr)
    for cell, column, width in zip(header.cells, table.columns, widths, strict=True):
        cell.width = width
        _cell_text(cell, column.label, text_style, bold=True, center=True)
    for number, (row, texts) in enumerate(zip(grid_rows[1:], rows, strict=True), start=1):
        total = table.total_row and number == len(rows)
        for cell, column, width, text in zip(row.cells, table.columns, widths, texts, strict=True):
            cell.width = width
            _cell_text(cell, text, text_style if column.kind is None else number_style, bold=total)
    document.add_paragraph().paragraph_format.space_after = Pt(0)


def _repeat_as_header(row: CT_Row) -> None:
    """The header row repeats at the top of each page a long table runs onto."""
    properties = row.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _chart(document: Document, content: ReportContent, chart: Chart, charts: Mapping[str, bytes]) -> None:
    png = charts.get(chart.key) or chart_png(chart, content)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = False
    inline = paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(16))
    inline._inline.docPr.set("descr", chart.title)  # what a screen reader says for the picture


def _flags(document: Document, content: ReportContent) -> None:
    """The figures that disagree, for the author of a draft: each with what was stated and what
    the records give."""
    document.add_paragraph().paragraph_format.keep_with_next = True
    box = document.add_table(rows=1, cols=1)
    box.style = document.styles["Table Grid"]
    cell = box.cell(0, 0)
    style = document.styles[TABLE_TEXT]
    _cell_text(cell, _("Figures to check before the report is issued"), style.style_id, bold=True)
    for flag in content.flags:
        paragraph = cell.add_paragraph(style=style)
        text = flag.message
        if flag.stated or flag.computed:
            text += " " + _("(stated: %(stated)s; from the records: %(computed)s)") % {
                "stated": flag.stated or "—",
                "computed": flag.computed or "—",
            }
        paragraph.add_run(f"- {text}")
