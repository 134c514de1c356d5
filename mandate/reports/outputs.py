"""The one place the reports app calls its renderers (``render_docx``, ``render_xlsx``,
``render_pdf``, ``charts.chart_png``; ADR 0046): the services, pages, API and command line ask
for a file here, so they draw the charts and list the records the same way, and a renderer's
module can move without touching them.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpResponse

from mandate.core.exceptions import ApplicationError
from mandate.indicators.hierarchy import reused
from mandate.people.models import User
from mandate.reports import charts, records
from mandate.reports.content import Chart, ReportContent, Section
from mandate.reports.models import Report, ReportState
from mandate.reports.records import RecordsList
from mandate.reports.render_docx import render_docx
from mandate.reports.render_pdf import render_pdf
from mandate.reports.render_xlsx import Records, render_xlsx
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
    return charts.chart_png(chart, content)


def docx_bytes(content: ReportContent) -> bytes:
    """The Word file, with every chart drawn once."""
    drawn = {chart.key: charts.chart_png(chart, content) for chart in charts_of(content)}
    return render_docx(content, drawn)


def figure_records(content: ReportContent, actor: User) -> Records:
    """The records behind each figure that links to them, as ``actor`` may read them (the Excel
    file's sheet of records): the same lists as the page's links.

    Resolved once per report: a link that several figures share is read once, and every league
    link (one per indicator whose league is printed by its ends: 60 in a province's report) reads
    its set's reporting hierarchy once for the whole workbook (``hierarchy.reused``, as the
    indicators' section does while it makes the content), not once per link."""
    listed: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {}
    resolved: dict[tuple[str, tuple[tuple[str, str], ...]], RecordsList | None] = {}
    with reused():
        for key, figure in content.figures.items():
            if figure.records is None:
                continue
            link = figure.records
            known = (link.route, tuple(sorted(link.query.items())))
            if known not in resolved:
                try:
                    resolved[known] = records.records_of(actor=actor, link=link)
                except ApplicationError:  # a unit or a document since gone from the reader's scope
                    resolved[known] = None
            found = resolved[known]
            if found is not None:
                listed[key] = (found.columns, found.rows)
    return listed


def xlsx_bytes(content: ReportContent, *, actor: User | None = None) -> bytes:
    """The tables, and (for a reader) the records behind each figure."""
    return render_xlsx(content, figure_records(content, actor) if actor is not None else None)


def pdf_bytes(docx: bytes) -> bytes:
    return render_pdf(docx)


def render(content: ReportContent, fmt: str, *, actor: User | None = None) -> bytes:
    """The file of ``content`` in ``fmt`` (docx, xlsx or pdf)."""
    if fmt == "xlsx":
        return xlsx_bytes(content, actor=actor)
    docx = docx_bytes(content)
    return pdf_bytes(docx) if fmt == "pdf" else docx


def file_name(report: Report, fmt: str) -> str:
    number = f"-so-{report.issued_number}" if report.issued_number else "-du-thao"
    return f"bao-cao-{report.pk}{number}.{fmt}"


def file_pending(report: Report, fmt: str) -> bool:
    """Whether the file of an issued report is still being made (or failed) by the job
    ``reports.files``: an issued report serves only its stored files, the same forever."""
    return report.state == ReportState.ISSUED and not getattr(report, fmt)


def file_response(report: Report, fmt: str, *, actor: User) -> HttpResponse:
    """An issued report's stored file (``file_pending`` first); a made draft's file rendered from
    its content now (its number left blank). Always an attachment, never sniffed (as
    ``core.downloads``)."""
    stored = getattr(report, fmt)
    if report.state == ReportState.ISSUED:
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
