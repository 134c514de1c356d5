"""The periodic report of a unit (issue 13, item 1): the task, indicator and inspection sections
put together in the order the seeds use — results; limitations and causes (overdue and
not-updated tasks, units late with their reports, figures that disagree); tasks for the next
period (the open tasks due in it)."""

from __future__ import annotations

from mandate.reports import flags, narrative
from mandate.reports.content import Column, Section, Table
from mandate.reports.narrative import word
from mandate.reports.sections import FigureBook, Progress, ReportRequest
from mandate.reports.sections import indicators as indicator_sections
from mandate.reports.sections import inspections as inspection_sections
from mandate.reports.sections import tasks as task_sections
from mandate.reports.sections.common import put


def flags_sentence_section(request: ReportRequest, book: FigureBook) -> Section:
    """The count of the figures that disagree so far, as a sentence (the list is the content's)."""
    lang = request.language
    found = [*book.flags, *flags.check(book, language=lang)]
    count = put(book, "flags.count", len(found), label=word("flags.count", lang))
    sentence = narrative.render("flags.summary", language=lang, figures={"flags": count})
    return Section(key="flags", heading=word("flags.heading", lang), sentences=(sentence,))


class PeriodicSection:
    key = "periodic"

    def build(self, request: ReportRequest, book: FigureBook, progress: Progress) -> Section | None:
        lang = request.language
        progress(0, 5)
        results = [task_sections.results(request, book)]
        progress(1, 5)
        indicators, late_units = indicator_sections.build(request, book)
        progress(2, 5)
        results += [indicators, inspection_sections.build(request, book)]
        progress(3, 5)
        limitations = [task_sections.limitations(request, book)]
        progress(4, 5)
        if late_units:
            table = Table(
                key="indicators.late_units",
                title=word("indicators.late_units", lang),
                columns=(Column("unit", word("column.unit", lang)),),
                rows=tuple((name,) for name in late_units),
            )
            limitations.append(Section(key="indicators.late", heading=table.title, tables=(table,)))
        limitations.append(flags_sentence_section(request, book))
        parts = (
            Section(
                key="periodic.results",
                heading=word("periodic.results", lang),
                children=tuple(s for s in results if s is not None),
            ),
            Section(
                key="periodic.limitations",
                heading=word("periodic.limitations", lang),
                children=tuple(limitations),
            ),
            Section(
                key="periodic.next",
                heading=word("periodic.next", lang),
                children=(task_sections.next_period(request, book),),
            ),
        )
        return Section(key="periodic", heading="", children=parts)
