"""The task counts of a report, history-true and in one grouped query (issue 13, item 1; issue 5).

Why a module of its own: the counts by document and by child unit were one query each (about 300
for the city on the demo, a second of the report; 26 s for a province of the national bench).
They are now read once per report, grouped by (document, child unit), with the states as
conditional counts (``tasks.selectors.grouped_counts``), and kept in the ``FigureBook``: counts of
a set of tasks add up over any partition of it, so the unit's counts are the sum of every row, a
child unit's the sum of its rows, and a root document's the sum of its closure's rows (each task
has one document and, on a day, one lead unit).

On a past day every count reads the state spans in force on that day (ADR 0020) *with their lead
path* (``records.unit_spans``): a task reassigned after the cut-off stays in the child unit that
led it then, and a report made again later gives the same figures. From today on the tasks' own
columns are read, which the open spans equal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import Substr

from mandate.organisations.models import OrgUnit
from mandate.people.scopes import today
from mandate.reports import records
from mandate.reports.sections import FigureBook, ReportRequest
from mandate.reports.sections.common import data_day
from mandate.tasks import history
from mandate.tasks.models import Task
from mandate.tasks.selectors import COUNT_NAMES, NOT_UPDATED_DAYS, TaskFilters, grouped_counts

Counts = dict[str, int]
KEY = "task_counts"


@dataclass
class Grouped:
    """The unit's counts on the data day by (document id, lead path's first step below it), and
    their sums by document and by child (made once: a province has thousands of rows)."""

    rows: dict[tuple[int | None, str], Counter[str]] = field(default_factory=dict)
    corrections: list[dict[str, Any]] = field(default_factory=list)
    by_document: dict[int | None, Counter[str]] = field(default_factory=dict)
    by_child: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, document: int | None, prefix: str, counts: dict[str, Any]) -> None:
        found = {name: int(counts.get(name) or 0) for name in COUNT_NAMES}
        self.rows.setdefault((document, prefix), Counter()).update(found)
        self.by_document.setdefault(document, Counter()).update(found)
        self.by_child.setdefault(prefix, Counter()).update(found)

    @staticmethod
    def _sum(parts: Iterable[Counter[str]]) -> Counts:
        found: Counter[str] = Counter(dict.fromkeys(COUNT_NAMES, 0))
        for part in parts:
            found.update(part)
        return dict(found)

    def total(self) -> Counts:
        return self._sum(self.by_child.values())

    def of_documents(self, documents: Iterable[int]) -> Counts:
        return self._sum(self.by_document[pk] for pk in documents if pk in self.by_document)

    def of_child(self, prefix: str) -> Counts:
        return self._sum([self.by_child[prefix]] if prefix in self.by_child else [])


def _filters(request: ReportRequest) -> TaskFilters:
    return TaskFilters(document=request.document)


def base(request: ReportRequest) -> QuerySet[Task]:
    """The unit's tasks as they stand (what the lists select from today on)."""
    return records.unit_tasks(
        actor=request.actor, unit=request.unit, reach=records.ANY, filters=_filters(request)
    )


def grouped(request: ReportRequest, book: FigureBook) -> Grouped:
    """The counts, read once for the report (two queries on a past day: the tasks led in the
    unit's subtree that day, by the covering span index, and those assigned from it but led
    outside, a set the two never share; one from today on)."""
    found = book.read.get(KEY)
    if isinstance(found, Grouped):
        return found
    day, unit = data_day(request), request.unit
    prefix = Substr("lead_path", 1, len(unit.path) + OrgUnit.steplen)
    result = Grouped()
    if day < today():
        led = records.unit_spans(actor=request.actor, unit=unit, on=day, filters=_filters(request))
        other = records.assigned_spans(actor=request.actor, unit=unit, on=day, filters=_filters(request))
        by = {"document": F("task__document_id"), "child": prefix}
        for spans in (led, other):
            for row in grouped_counts(spans, on=day, not_updated_days=NOT_UPDATED_DAYS, by=by, spans=True):
                result.add(row["document"], row["child"], row)
        result.corrections = [
            *history.corrections_behind(task_ids=led.values("task_id"), on=day),
            *history.corrections_behind(task_ids=other.values("task_id"), on=day),
        ]
    else:
        by = {"document": F("document_id"), "child": prefix}
        for row in grouped_counts(base(request), on=day, not_updated_days=NOT_UPDATED_DAYS, by=by):
            result.add(row["document"], row["child"], row)
    book.read[KEY] = result
    return result


def overall(request: ReportRequest, book: FigureBook) -> dict[str, Any]:
    """The unit's counts on the data day, with the corrections made since that change them."""
    found = grouped(request, book)
    return {**found.total(), "corrections": found.corrections}


def by_child(request: ReportRequest, book: FigureBook, children: Iterable[OrgUnit]) -> dict[int, Counts]:
    """The counts of the tasks led in each child's subtree on the data day. A child with no task
    on that day has no entry."""
    found = grouped(request, book)
    return {c.pk: found.of_child(c.path) for c in children if c.path in found.by_child}


def by_document(request: ReportRequest, book: FigureBook, closures: dict[int, set[int]]) -> dict[int, Counts]:
    """The counts of each root document (key) over its closure."""
    found = grouped(request, book)
    return {root: found.of_documents(closure) for root, closure in closures.items()}


def ranked_documents(request: ReportRequest, book: FigureBook, limit: int) -> list[int]:
    """The documents with the most tasks on the data day (regular ones too), the first ``limit``."""
    sizes: Counter[int] = Counter()
    for document, counts in grouped(request, book).by_document.items():
        if document is not None:
            sizes[document] += counts["total"] + counts["regular_total"]
    return [pk for pk, _n in sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def documents_used(request: ReportRequest, book: FigureBook) -> set[int]:
    """The documents the unit's tasks on the data day come from."""
    return {document for document in grouped(request, book).by_document if document is not None}
