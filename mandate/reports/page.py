"""The on-screen report (issue 13, items 5 and 8): a stored content arranged for the template —
each figure written as the report writes it and linked to the list of the records it counts,
tables with their figure cells, charts as images served by a view, and the flags. It computes no
figure: the Word file, the Excel file and the page show the same content."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from mandate.core.models import JobState
from mandate.reports.content import Figure, ReportContent, Section
from mandate.reports.figure_format import figure_text
from mandate.reports.models import PENDING, Report, ReportState


@dataclass(frozen=True)
class Shown:
    text: str
    url: str = ""
    label: str = ""


@dataclass
class ShownSection:
    key: str
    heading: str
    sentences: list[tuple[str, list[Shown]]] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    charts: list[Shown] = field(default_factory=list)
    children: list[ShownSection] = field(default_factory=list)


def records_url(figure: Figure) -> str:
    if figure.records is None:
        return ""
    try:
        return f"{reverse(figure.records.route)}?{urlencode(figure.records.query)}"
    except NoReverseMatch:
        return ""


def shown_figure(content: ReportContent, key: str) -> Shown:
    figure = content.figures.get(key)
    if figure is None:
        return Shown(key)
    return Shown(figure_text(figure, content.language), records_url(figure), figure.label)


def _cell(content: ReportContent, cell: str | dict[str, str] | None) -> Shown:
    if isinstance(cell, dict):
        return shown_figure(content, cell.get("figure", ""))
    return Shown(cell or "")


def _section(report: Report, content: ReportContent, section: Section) -> ShownSection:
    shown = ShownSection(section.key, section.heading)
    for sentence in section.sentences:
        shown.sentences.append((sentence.text, [shown_figure(content, key) for key in sentence.figure_keys]))
    for table in section.tables:
        shown.tables.append(
            {
                "key": table.key,
                "title": table.title,
                "columns": [column.label for column in table.columns],
                "rows": [[_cell(content, cell) for cell in row] for row in table.rows],
                "total_row": table.total_row,
            }
        )
    for chart in section.charts:
        url = reverse("reports:chart", kwargs={"report_id": report.pk, "key": chart.key})
        shown.charts.append(Shown(chart.title, url))
    shown.children = [_section(report, content, child) for child in section.children]
    return shown


def shown_sections(report: Report, content: ReportContent) -> list[ShownSection]:
    return [_section(report, content, section) for section in content.sections]


def shown_figures(content: ReportContent) -> list[tuple[str, Shown]]:
    """Every figure of the report under its key, for the table of figures below the report."""
    return [(key, shown_figure(content, key)) for key in content.figures]


@dataclass(frozen=True)
class Status:
    """Where the making of a report stands, for the progress bar and the API."""

    state: str
    done: int
    total: int
    failure: str

    @property
    def percent(self) -> int:
        if self.state in (ReportState.READY, ReportState.ISSUED):
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state not in PENDING


def status_of(report: Report) -> Status:
    """The report's state; a report whose job the engine gave up (its consumer killed too often)
    has failed, with the engine's reason, though the job could not say so itself."""
    state, failure = report.state, report.failure
    job = report.job
    if state in PENDING and job is not None and job.state == JobState.FAILED:
        lines = [line for line in job.error.strip().splitlines() if line.strip()]
        state = ReportState.FAILED
        failure = failure or (lines[-1] if lines else _("The job failed."))
    return Status(state, report.progress_done, report.progress_total, failure)
