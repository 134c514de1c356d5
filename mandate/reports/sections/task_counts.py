"""The task counts of a report, history-true and grouped (issue 13, item 1; issue 5).

Why a module of its own: the counts by document and by child unit were one query each (about 300
for the city on the demo, a second of the report). They are now one grouped query each, with
the states as conditional counts (``tasks.selectors.grouped_counts``): the counts of a set of
tasks add up over any partition of it, so a root document's figures are the sum of its
documents' (each task has one document) and a child unit's the group of its lead paths' prefix.

On a past day every count reads the state spans in force on that day (ADR 0020) *with their lead
path* (``records.unit_spans``): a task reassigned after the cut-off stays in the child unit that
led it then, and a report made again later gives the same figures. From today on the tasks'
own columns are read, which the open spans equal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.functions import Substr

from mandate.documents.models import Document
from mandate.organisations.models import OrgUnit
from mandate.people.scopes import today
from mandate.reports import records
from mandate.reports.sections import ReportRequest
from mandate.reports.sections.common import data_day
from mandate.tasks.models import Task, TaskStateSpan
from mandate.tasks.selectors import COUNT_NAMES, NOT_UPDATED_DAYS, TaskFilters, grouped_counts, statistics

Counts = dict[str, int]


def _filters(request: ReportRequest, document: Document | None = None) -> TaskFilters:
    return TaskFilters(document=document or request.document)


def base(request: ReportRequest, document: Document | None = None) -> QuerySet[Task]:
    """The unit's tasks as they stand (the set the documents are ranked and named from)."""
    return records.unit_tasks(
        actor=request.actor, unit=request.unit, reach=records.ANY, filters=_filters(request, document)
    )


def _spans(request: ReportRequest, day: dt.date) -> QuerySet[TaskStateSpan]:
    return records.unit_spans(
        actor=request.actor, unit=request.unit, reach=records.ANY, on=day, filters=_filters(request)
    )


def overall(request: ReportRequest) -> dict[str, Any]:
    """The unit's counts on the data day, with the corrections made since that change them."""
    day = data_day(request)
    if day < today():
        return statistics(tasks=base(request), on=day, spans=_spans(request, day))
    return statistics(tasks=base(request), on=day)


def _grouped(request: ReportRequest, *, tasks_key: Any, spans_key: Any) -> dict[Any, Counts]:
    day = data_day(request)
    if day < today():
        rows = grouped_counts(
            _spans(request, day), on=day, not_updated_days=NOT_UPDATED_DAYS, by={"key": spans_key}, spans=True
        )
    else:
        rows = grouped_counts(base(request), on=day, not_updated_days=NOT_UPDATED_DAYS, by={"key": tasks_key})
    return {row["key"]: {name: int(row.get(name) or 0) for name in COUNT_NAMES} for row in rows}


def by_child(request: ReportRequest, children: Iterable[OrgUnit]) -> dict[int, Counts]:
    """The counts of the tasks led in each child's subtree on the data day, in one query: grouped
    by the lead path's first step below the unit. A child with no task then has no entry."""
    unit = request.unit
    prefix = Substr("lead_path", 1, len(unit.path) + OrgUnit.steplen)
    found = _grouped(request, tasks_key=prefix, spans_key=prefix)
    return {child.pk: found[child.path] for child in children if child.path in found}


def by_document(request: ReportRequest, closures: dict[int, set[int]]) -> dict[int, Counts]:
    """The counts of each root document (key) over its closure, from one query grouped by
    document: a root's tasks are those of its closure's documents, and each task has one."""
    found = _grouped(request, tasks_key=F("document_id"), spans_key=F("task__document_id"))
    result: dict[int, Counts] = {}
    for root, closure in closures.items():
        result[root] = {name: sum(found.get(pk, {}).get(name, 0) for pk in closure) for name in COUNT_NAMES}
    return result


def documents_used(tasks: QuerySet[Task], document_ids: Iterable[int]) -> set[int]:
    """Which of these documents the tasks come from (to name a root with its plans): one query."""
    ids = set(document_ids)
    return set(tasks.filter(document_id__in=ids).order_by().values_list("document_id", flat=True).distinct())
