"""The task sections (issue 13, item 1): the counts of a unit's tasks — or of a document's — on
the cut-off day, over all tasks and over the tasks due ("15/20", "x/y đến hạn"), by document and
by child unit; the overdue and not-updated tasks with their last report; the extensions granted
and the escalations of the period; the open tasks due in the next period.

The counts are ``task_counts``'s, over the tasks the actor sees: on a past day from the state
spans in force on it, with the lead unit of that day (ADR 0020), so a report made again later
gives the same figures; each figure's link lists the same tasks through ``records.task_records``.
The counts by document and by child unit are one grouped query each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from mandate.documents.models import Document
from mandate.documents.selectors import implementing_closures
from mandate.organisations.selectors import children_on
from mandate.reports import narrative, records
from mandate.reports.content import Column, Figure, FigureKind, Section, Sentence, Table
from mandate.reports.narrative import word
from mandate.reports.sections import FigureBook, ReportRequest, task_counts
from mandate.reports.sections.common import data_day, next_span, percent, period_phrase, put
from mandate.tasks.models import ProgressReport, Task
from mandate.tasks.selectors import NOT_UPDATED_DAYS

DOCUMENTS = 20  # documents named in the results, those with the most tasks
LISTED = 30  # rows of a list printed in the report; the figure's link lists them all
STATES = ("total", "completed", "in_progress", "overdue", "open", "due", "completed_of_due", "not_updated")


def _query(request: ReportRequest, **more: object) -> dict[str, object]:
    document = more.pop("document", None) or request.document
    return {
        "unit": request.unit.pk,
        "reach": records.ANY,
        "document": document.pk if isinstance(document, Document) else None,
        "on": data_day(request).isoformat(),
        **more,
    }


def count_figures(
    request: ReportRequest, book: FigureBook, prefix: str, found_counts: dict[str, Any], **query: object
) -> dict[str, Figure]:
    """The counts (``task_counts``) under ``prefix`` (``tasks.doc.12.completed``), each with the
    link that lists its tasks, and the two percentages."""
    lang = request.language
    counts = {**found_counts, "open": found_counts["in_progress"] + found_counts["overdue"]}
    found: dict[str, Figure] = {}
    for name in STATES:
        link = records.link("tasks", **_query(request, state=name, **query))
        found[name] = put(
            book, f"{prefix}.{name}", counts[name], label=word(f"tasks.{name}", lang), records=link
        )
    found["percent"] = percent(
        book, f"{prefix}.percent", found["completed"], found["total"], label=word("tasks.percent", lang)
    )
    found["due_percent"] = percent(
        book,
        f"{prefix}.due_percent",
        found["completed_of_due"],
        found["due"],
        label=word("tasks.due_percent", lang),
    )
    return found


def _roots(request: ReportRequest, book: FigureBook) -> tuple[list[Document], dict[int, set[int]]]:
    """The documents the tasks come from, each document implementing another one among them
    folded into it (Plan 176/KH-UBND into Program 06/Ctr-TU), in the order of their dates.

    Only the ``DOCUMENTS`` documents with the most tasks are named (the overall figures count
    every task): a province's report names its main programmes, not thousands of documents. With
    them, each root's closure (its documents)."""
    ids = set(task_counts.ranked_documents(request, book, DOCUMENTS))
    documents = {d.pk: d for d in Document.objects.filter(pk__in=ids).select_related("document_type")}
    closures = implementing_closures(document_ids=documents)
    folded = {pk for root, closure in closures.items() for pk in closure if pk != root}
    roots = [documents[pk] for pk in documents if pk not in folded]
    ordered = sorted(roots, key=lambda d: (d.issued_on or dt.date.min, d.symbol))
    return ordered, {d.pk: closures[d.pk] for d in ordered}


def _document_names(
    roots: list[Document], closures: dict[int, set[int]], used: set[int], language: str
) -> dict[int, str]:
    """ "Chương trình 06/Ctr-TU và Kế hoạch 176/KH-UBND": each root with the documents of its
    closure the tasks come from (``used``) folded in (one query for all the roots)."""
    folded = {pk for root, closure in closures.items() for pk in closure if pk != root and pk in used}
    documents = {d.pk: d for d in Document.objects.filter(pk__in=folded).select_related("document_type")}
    return {
        root.pk: _document_name(
            root,
            sorted((documents[pk] for pk in closures[root.pk] if pk in documents), key=lambda d: d.symbol),
            language,
        )
        for root in roots
    }


def _document_name(document: Document, used: list[Document], language: str) -> str:
    named = [_named(d, language) for d in [document, *used]]
    if len(named) == 1:
        return named[0]
    return word("tasks.documents", language, first=", ".join(named[:-1]), last=named[-1])


def _noun(document: Document, closure: set[int], used: set[int]) -> str:
    """What the document's items are called (``narrative/items.yaml``): a Party programme's
    own items are its "nội dung" (seed 004), unless tasks of plans implementing it are counted
    with them (seed 000's "15/20 nhiệm vụ" of Program 06/Ctr-TU and Plan 176/KH-UBND)."""
    alone = not (closure & used) - {document.pk}
    return narrative.item_noun(
        document_type=document.document_type.slug, symbol_form=document.symbol_form, alone=alone
    )


def _named(document: Document, language: str) -> str:
    """ "Chương trình 06/Ctr-TU", "Plan 176/KH-UBND"."""
    kind = document.document_type
    name = (kind.name_en or kind.name) if language == "en" else kind.name
    return f"{name} {document.symbol}"


def _slots(figures: dict[str, Figure], *names: str) -> dict[str, Figure]:
    return {name: figures[name] for name in names}


def _table(key: str, title: str, language: str, rows: list[tuple[str, dict[str, Figure]]]) -> Table:
    names = ("total", "completed", "percent", "in_progress", "overdue")
    columns = (
        Column("name", word("column.name", language)),
        *tuple(
            Column(
                n, word(f"tasks.{n}", language), FigureKind.PERCENT if n == "percent" else FigureKind.COUNT
            )
            for n in names
        ),
    )
    cells: tuple[tuple[str | dict[str, str] | None, ...], ...] = tuple(
        (name, *({"figure": figures[n].key} for n in names)) for name, figures in rows
    )
    return Table(key=key, title=title, columns=columns, rows=cells)


def results(request: ReportRequest, book: FigureBook) -> Section | None:
    """The counts over every task, by document and by child unit."""
    lang = request.language
    found = task_counts.overall(request, book)
    overall = count_figures(request, book, "tasks", found)
    used = task_counts.documents_used(request, book)
    noun = "task"
    if request.document is not None:  # a report about one document counts its items
        closure = implementing_closures(document_ids=[request.document.pk])[request.document.pk]
        noun = _noun(request.document, closure, used)
    sentences: list[Sentence] = [
        narrative.render(
            "tasks.overall",
            language=lang,
            figures=_slots(overall, "total", "completed", "percent", "in_progress", "overdue"),
            texts={"period": period_phrase(request.period, lang), "unit": _unit_name(request)},
            noun=noun,
        ),
        narrative.render(
            "tasks.due",
            language=lang,
            figures={
                "due": overall["due"],
                "completed_of_due": overall["completed_of_due"],
                "percent": overall["due_percent"],
            },
            noun=noun,
        ),
    ]
    by_document: list[tuple[str, dict[str, Figure]]] = []
    roots, closures = _roots(request, book) if request.document is None else ([], {})
    names = _document_names(roots, closures, used, lang)
    counted = task_counts.by_document(request, book, closures)
    for document in roots:
        figures = count_figures(
            request, book, f"tasks.doc.{document.pk}", counted[document.pk], document=document
        )
        name = names[document.pk]
        by_document.append((name, figures))
        if figures["total"].value:
            sentences.append(
                narrative.render(
                    "tasks.document",
                    language=lang,
                    figures=_slots(
                        figures, "total", "completed", "percent", "in_progress", "overdue", "open"
                    ),
                    texts={"document": name},
                    noun=_noun(document, closures[document.pk], used),
                )
            )
    tables = []
    if by_document:
        tables.append(_table("tasks.by_document", word("tasks.by_document", lang), lang, by_document))
    corrections = _corrections(request, found)
    if corrections is not None:
        tables.append(corrections)
    by_unit = _by_child_unit(request, book)
    if by_unit:
        tables.append(_table("tasks.by_unit", word("tasks.by_unit", lang), lang, by_unit))
    return Section(
        key="tasks.results",
        heading=word("tasks.results", lang),
        sentences=tuple(sentences),
        tables=tuple(tables),
    )


def _corrections(request: ReportRequest, counts: dict[str, Any]) -> Table | None:
    """The corrections made since the data day that change its figures (ADR 0020): the figures
    are those of the corrected history, and the report says what was corrected, when and why."""
    lang = request.language
    found = counts.get("corrections") or []
    if not found:
        return None
    names = ("task", "field", "old_value", "new_value", "effective_on", "made_on", "reason")
    columns = tuple(Column(n, word(f"corrections.{n}", lang)) for n in names)
    rows = tuple(
        tuple(c[n].strftime("%d/%m/%Y") if isinstance(c[n], dt.date) else str(c[n]) for n in names)
        for c in found
    )
    return Table(key="tasks.corrections", title=word("corrections.title", lang), columns=columns, rows=rows)


def _unit_name(request: ReportRequest) -> str:
    unit = request.unit
    return (unit.name_en or unit.name) if request.language == "en" else unit.name


def _by_child_unit(request: ReportRequest, book: FigureBook) -> list[tuple[str, dict[str, Figure]]]:
    """The tasks led in each child unit's subtree on the data day (the units of the tree on that
    day), a child with none on that day left out."""
    rows = []
    children = list(children_on(unit=request.unit, day=data_day(request)).order_by("path"))
    counted = task_counts.by_child(request, book, children)
    for child in children:
        if child.pk not in counted:
            continue
        figures = count_figures(request, book, f"tasks.unit.{child.pk}", counted[child.pk], branch=child.pk)
        rows.append(((child.name_en or child.name) if request.language == "en" else child.name, figures))
    return rows


def _last_reports(tasks: Iterable[Task], day: dt.date) -> dict[int, str]:
    """Each task's last progress report by the end of ``day``: what it said (the reason given)."""
    found: dict[int, str] = {}
    ids = [t.pk for t in tasks]
    for report in ProgressReport.objects.filter(
        task_id__in=ids, reported_at__lt=records.first_instant(day + dt.timedelta(days=1))
    ).order_by("reported_at"):
        found[report.task_id] = report.text
    return found


def task_list(request: ReportRequest, key: str, title: str, query: dict[str, object]) -> Table:
    """A list of tasks (the first ``LISTED``) with their lead unit, deadline and last report."""
    lang, day = request.language, data_day(request)
    link_query = {k: str(v) for k, v in query.items() if v is not None}
    tasks = list(
        records.task_records(actor=request.actor, query=link_query)
        .select_related("lead_unit", "document")
        .order_by("deadline_on", "pk")[:LISTED]
    )
    reports = _last_reports(tasks, day)
    rows = tuple(
        (
            f"{t.document.symbol}: {t.content}",
            t.lead_unit.name,
            t.deadline_on.strftime("%d/%m/%Y") if t.deadline_on else "",
            reports.get(t.pk, ""),
        )
        for t in tasks
    )
    columns = tuple(
        Column(n, word(f"column.{n}", lang)) for n in ("task", "lead_unit", "deadline", "last_report")
    )
    return Table(key=key, title=title, columns=columns, rows=rows)


def limitations(request: ReportRequest, book: FigureBook) -> Section:
    """The overdue and not-updated tasks, with their last report; the extensions and escalations."""
    lang, day = request.language, data_day(request)
    overall = count_figures(request, book, "tasks", task_counts.overall(request, book))
    days = put(
        book,
        "tasks.not_updated_days",
        NOT_UPDATED_DAYS,
        kind=FigureKind.NUMBER,
        label=word("tasks.not_updated_days", lang),
    )
    start = request.period.starts_on
    span = {"unit": request.unit.pk, "reach": records.ANY, "from": start.isoformat(), "to": day.isoformat()}
    extensions = records.extension_records(actor=request.actor, query={k: str(v) for k, v in span.items()})
    escalations = records.escalation_records(actor=request.actor, query={k: str(v) for k, v in span.items()})
    granted = put(
        book,
        "tasks.extensions",
        extensions.count(),
        label=word("tasks.extensions", lang),
        records=records.link("extensions", **span),
    )
    escalated = put(
        book,
        "tasks.escalations",
        escalations.count(),
        label=word("tasks.escalations", lang),
        records=records.link("escalations", **span),
    )
    sentences = (
        narrative.render(
            "tasks.limitations",
            language=lang,
            figures={"overdue": overall["overdue"], "not_updated": overall["not_updated"], "days": days},
        ),
        narrative.render(
            "tasks.follow_up", language=lang, figures={"extensions": granted, "escalations": escalated}
        ),
    )
    tables = []
    for state in ("overdue", "not_updated"):
        if overall[state].value:
            tables.append(
                task_list(
                    request,
                    f"tasks.{state}_list",
                    word(f"tasks.{state}_list", lang),
                    _query(request, state=state),
                )
            )
    return Section(
        key="tasks.limitations",
        heading=word("tasks.limitations", lang),
        sentences=sentences,
        tables=tuple(tables),
    )


def next_period(request: ReportRequest, book: FigureBook) -> Section:
    """The open tasks (in progress on the data day) whose deadline falls in the next period."""
    lang = request.language
    span = next_span(request.period, request.cut_off)
    query = _query(
        request,
        state="in_progress",
        deadline_from=span.starts_on.isoformat(),
        deadline_to=span.ends_on.isoformat(),
    )
    tasks = records.task_records(
        actor=request.actor, query={k: str(v) for k, v in query.items() if v is not None}
    )
    open_next = put(
        book,
        "tasks.open_next",
        tasks.count(),
        label=word("tasks.open_next", lang),
        records=records.link("tasks", **query),
    )
    sentence = narrative.render(
        "tasks.next_period",
        language=lang,
        figures={"open_next": open_next},
        texts={"next_period": period_phrase(span, lang)},
    )
    tables = (
        (task_list(request, "tasks.next_list", word("tasks.next_list", lang), query),)
        if open_next.value
        else ()
    )
    return Section(key="tasks.next", heading=word("tasks.next", lang), sentences=(sentence,), tables=tables)


class TasksSection:
    """The task report: results, limitations, next period."""

    key = "tasks"

    def build(self, request: ReportRequest, book: FigureBook, progress: Any) -> Section | None:
        parts = [
            part
            for part in (results(request, book), limitations(request, book), next_period(request, book))
            if part is not None
        ]
        return Section(key="tasks", heading=word("tasks.heading", request.language), children=tuple(parts))
