"""The head and the foot of a report's Word file, in the issuer's layout: a State body's (Decree
30/2020/NĐ-CP, R9) or a Party body's (Guideline 36-HD/VPTW, R10).

Head: a borderless table of two columns and two rows. Top left the issuing body (the body above
it, then its own name in bold, a short rule, or ``*`` for the Party); top right the national
motto (State) or "ĐẢNG CỘNG SẢN VIỆT NAM" (Party). Bottom left the number line ("Số: 12/BC-SVHTT"
— with a colon — for the State, "Số 12-BC/TU" without one for the Party; "…" for the number
before the report is issued), bottom right the place and date in italics. Two rows keep the
number and the date on one line, as the decree draws them.

Foot: "Nơi nhận:" and its list on the left, the signature on the right: the authority line
(``Issuer.authority``: a bare "TM."/"T/M" is completed by the issuer's name, the collective it
signs for; a full line such as "KT. GIÁM ĐỐC" is printed as given), the signer's title, room for
the signature and seal, the signer's name.

English reports keep this layout and these places and translate the fixed words ("SOCIALIST
REPUBLIC OF VIETNAM", "No.:", "Recipients:"): the document is a translation of a Vietnamese
administrative document, and a reader comparing the two finds everything at the same place. The
words go through gettext with the report's language active; the names (issuer, signer, places)
come from the content as they are.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from mandate.reports.content import Issuer, Layout
from mandate.reports.docx_page import SMALL_SIZE, TEXT_WIDTH, indent_table, short_rule

NOT_YET = "…"  # the number and the day of a report not yet issued
# The head is wider than the text: the national name in one line at 12 pt needs 10 cm, the issuer's
# names at 13–14 pt 7.5 cm. It reaches 10 mm into the left margin and 3 mm into the right one, as
# the decree's samples do.
HEAD_INDENT = Mm(-10)
LEFT_WIDTH, RIGHT_WIDTH = Mm(76), TEXT_WIDTH + Mm(13) - Mm(76)
_COLLECTIVE_PREFIXES = ("TM.", "T/M")
# The month as the date line writes it: "tháng 02", "tháng 9" (R9: a leading zero for months 1–2),
# "February", "September".
DATE_LINE_MONTHS = (
    pgettext_lazy("month in a date line", "January"),
    pgettext_lazy("month in a date line", "February"),
    pgettext_lazy("month in a date line", "March"),
    pgettext_lazy("month in a date line", "April"),
    pgettext_lazy("month in a date line", "May"),
    pgettext_lazy("month in a date line", "June"),
    pgettext_lazy("month in a date line", "July"),
    pgettext_lazy("month in a date line", "August"),
    pgettext_lazy("month in a date line", "September"),
    pgettext_lazy("month in a date line", "October"),
    pgettext_lazy("month in a date line", "November"),
    pgettext_lazy("month in a date line", "December"),
)


def _line(
    cell: _Cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: Pt = SMALL_SIZE,
    first: bool = False,
) -> Paragraph:
    paragraph: Paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = size
    return paragraph


def number_line(issuer: Issuer) -> str:
    """ "Số: 12/BC-SVHTT" (State) or "Số 12-BC/TU" (Party); "…" for a number not yet given."""
    values = {"number": issuer.number or NOT_YET, "symbol": issuer.symbol}
    if issuer.layout == Layout.PARTY:
        return pgettext("report number line, Party layout", "No. %(number)s-%(symbol)s") % values
    return pgettext("report number line, State layout", "No.: %(number)s/%(symbol)s") % values


def date_line(place: str, signed_on: dt.date | None) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2023": a leading zero for days 1–9 and months 1–2 (R9);
    dots for the day and the month of a report not yet issued."""
    if signed_on is None:
        return pgettext("report date line, not issued", "%(place)s, date …") % {"place": place}
    values = {
        "place": place,
        "day": f"{signed_on.day:02d}",
        "month": str(DATE_LINE_MONTHS[signed_on.month - 1]),
        "year": str(signed_on.year),
    }
    return pgettext("report date line", "%(place)s, %(day)s %(month)s %(year)s") % values


def add_head(document: Document, issuer: Issuer) -> None:
    """The issuing body and the motto side by side, the number line and the place and date."""
    table = document.add_table(rows=2, cols=2)
    table.autofit = False
    indent_table(table, HEAD_INDENT)
    table.columns[0].width, table.columns[1].width = LEFT_WIDTH, RIGHT_WIDTH
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = LEFT_WIDTH, RIGHT_WIDTH
    left, right = table.cell(0, 0), table.cell(0, 1)
    party = issuer.layout == Layout.PARTY
    body_size = Pt(14) if party else SMALL_SIZE
    started = False
    if issuer.parent_name:
        _line(left, issuer.parent_name.upper(), size=body_size, first=True)
        started = True
    _line(left, issuer.name.upper(), bold=True, size=body_size, first=not started)
    if party:
        _line(left, "*", size=body_size)
        party_name = pgettext("report head", "COMMUNIST PARTY OF VIETNAM")
        # Guideline 36: size 15; a translation longer than the Vietnamese name is set smaller, on one line.
        size = Pt(15) if len(party_name) <= 24 else Pt(13)
        _line(right, party_name, bold=True, underline=True, size=size, first=True)
    else:
        short_rule(left.add_paragraph(), indent_mm=22)
        _line(right, pgettext("report head", "SOCIALIST REPUBLIC OF VIETNAM"), bold=True, size=Pt(12),
              first=True)  # fmt: skip
        _line(right, pgettext("report head", "Independence - Freedom - Happiness"), bold=True, size=Pt(13))
        short_rule(right.add_paragraph(), indent_mm=22)
    number = _line(table.cell(1, 0), number_line(issuer), size=body_size, first=True)
    day = _line(
        table.cell(1, 1), date_line(issuer.place, issuer.signed_on), italic=True, size=Pt(14), first=True
    )
    number.paragraph_format.space_before = day.paragraph_format.space_before = Pt(4)


def add_title(document: Document, title: str) -> None:
    """The kind of document ("BÁO CÁO") on one line and its summary under it, bold and centred,
    with a short rule below. A title with a line break is split there; otherwise its leading
    words in capitals are the kind and the rest the summary."""
    lines = [line.strip() for line in title.split("\n") if line.strip()]
    if len(lines) == 1:
        words = lines[0].split(" ")
        head = 0
        while head < len(words) and words[head].isupper():
            head += 1
        if 0 < head < len(words):
            lines = [" ".join(words[:head]), " ".join(words[head:])]
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(6)
    for number, line in enumerate(lines):
        paragraph = document.add_paragraph(style="Title")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(line).bold = True
        if number == 0 and len(lines) > 1:
            paragraph.paragraph_format.keep_with_next = True
    short_rule(document.add_paragraph(), indent_mm=60)


def authority_line(issuer: Issuer) -> str:
    """The line above the signer's title: a bare "TM."/"T/M" signs for the issuer (the
    collective), so its name follows; any other authority is printed as given."""
    authority = issuer.authority.strip()
    if authority in _COLLECTIVE_PREFIXES:
        return f"{authority} {issuer.name.upper()}"
    return authority


def add_foot(document: Document, issuer: Issuer) -> None:
    """ "Nơi nhận:" with its list on the left, the signature block on the right."""
    spacer = document.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.width, right.width = Mm(80), TEXT_WIDTH - Mm(80)
    label = left.paragraphs[0]
    run = label.add_run(_("Recipients:"))
    if issuer.layout == Layout.PARTY:
        run.underline = True
        run.font.size = Pt(14)
    else:
        run.bold, run.italic = True, True
        run.font.size = Pt(12)
    label.paragraph_format.space_after = Pt(0)
    for number, recipient in enumerate(issuer.recipients, start=1):
        end = "." if number == len(issuer.recipients) else ";"
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.add_run(f"- {recipient.rstrip(';.')}{end}").font.size = Pt(11)
    first = True
    authority = authority_line(issuer)
    if authority:
        _line(right, authority, bold=True, size=Pt(14), first=True)
        first = False
    _line(right, issuer.signer_title.upper(), bold=True, size=Pt(14), first=first)
    for _blank in range(4):
        _line(right, "", size=Pt(14))
    if issuer.signer_name:
        _line(right, issuer.signer_name, bold=True, size=Pt(14))
