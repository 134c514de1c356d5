"""The records behind a figure (issue 13, item 5): each ``Figure`` carries a ``RecordsLink`` (a
source and its query, all strings), and ``records_of`` lists the records that query selects —
the on-screen report's link and the Excel file's sheet of records both call it, so both show
what was counted.

Why one module: the sections count through the very functions that list here (``unit_tasks``,
``task_records``, the inspections' ``counted_subjects``), so a figure and its list cannot drift
apart; a test holds three figures to the length of their lists. Every read goes through the
owning app's actor-scoped selector: a reader who may not see a record does not get it listed
(the inspections' rule even counts it without naming it: ``not_listed``).

Sources: ``tasks`` (the tasks of a unit or a document in a state on a day), ``extensions`` (the
extensions granted in a period), ``escalations`` (the tasks escalated in a period),
``inspections`` (the subjects of a row of seed 004's table), ``actuals`` (the values summed into
an indicator's figure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.indicators import figures as indicator_figures
from mandate.indicators import selectors as indicator_selectors
from mandate.inspections import selectors_statistics
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import subtree_q
from mandate.people.models import User
from mandate.people.scopes import read_scope, today
from mandate.reports.content import RecordsLink
from mandate.tasks import states
from mandate.tasks.enums import EventKind, ExtensionStatus
from mandate.tasks.models import ExtensionRequest, Task, TaskEvent, TaskStateSpan
from mandate.tasks.selectors import TaskFilters, task_list_filtered

ROUTE = "reports:records"
_Row = TypeVar("_Row", ExtensionRequest, TaskEvent)
LED = "led"  # the tasks led in the unit's subtree
ANY = "any"  # led in it, or assigned from it (the work it follows)
TOTAL = "total"  # every task with a deadline that exists on the day (not a list state)
OPEN = "open"  # of those, the ones not completed on the day (in progress and overdue)


@dataclass(frozen=True)
class RecordsList:
    """What a figure counts: ``count`` is the figure; ``rows`` (text cells under ``columns``) are
    the records the reader may read, ``ids`` their primary keys; ``not_listed`` those counted
    but not shown to him."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    ids: tuple[int, ...]
    count: int
    not_listed: int = 0


def link(source: str, **query: object) -> RecordsLink:
    return RecordsLink(
        route=ROUTE,
        query={"source": source, **{k: str(v) for k, v in query.items() if v is not None and v != ""}},
    )


def _day(query: dict[str, str], name: str) -> dt.date | None:
    value = query.get(name)
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError as err:
        raise ApplicationError(fields={name: ["YYYY-MM-DD"]}) from err


def _int(query: dict[str, str], name: str) -> int | None:
    value = query.get(name)
    if not value:
        return None
    if not value.isdigit():
        raise ApplicationError(fields={name: ["Not a number."]})
    return int(value)


def _unit(query: dict[str, str], actor: User, name: str = "unit") -> OrgUnit | None:
    pk = _int(query, name)
    if pk is None:
        return None
    unit = org_selectors.unit_get(unit_id=pk)
    if not read_scope(actor).covers(unit.path):
        raise NotFoundError()
    return unit


def first_instant(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in the product's time zone: a range of instants, which an
    index serves (a cast to a date does not)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# --- tasks ---------------------------------------------------------------------------------------


def unit_tasks(
    *, actor: User, unit: OrgUnit | None, reach: str, filters: TaskFilters | None = None
) -> QuerySet[Task]:
    """The top-level tasks the actor sees that belong to the unit: led in its subtree (``LED``),
    or also assigned from it (``ANY``); narrowed by ``filters`` (a document, a state on a day)."""
    tasks = task_list_filtered(actor=actor, filters=filters or TaskFilters())
    if unit is None:
        return tasks
    led = subtree_q("lead_path", unit.path)
    return tasks.filter(led if reach == LED else led | subtree_q("assigner_path", unit.path))


def assigned_from(unit: OrgUnit) -> QuerySet[Task]:
    """The tasks assigned from the unit's subtree (``task_assigner_path_idx``)."""
    return Task.objects.filter(subtree_q("assigner_path", unit.path))


def unit_spans(
    *, actor: User, unit: OrgUnit | None, on: dt.date, filters: TaskFilters | None = None
) -> QuerySet[TaskStateSpan]:
    """The state spans in force on ``on`` of the top-level tasks the actor sees (narrowed by
    ``filters``' document), of those led in the unit's subtree *on that day* (issue 5: history is
    true): a task reassigned since, to another child unit or out of the subtree, is counted where
    it was led then, so that a report made again later gives the same figures.

    A reader whose scope covers the unit sees every task led in its subtree or assigned from it:
    the spans are then read alone, without the visibility condition on the tasks (performance.md,
    the report's row). The tasks assigned from the unit but led elsewhere: ``assigned_spans``."""
    f = filters or TaskFilters()
    spans = TaskStateSpan.objects.filter(states.in_force(on))
    if unit is not None and read_scope(actor).covers(unit.path):
        if not f.include_subtasks:
            spans = spans.filter(top_level=True)
        if f.document is not None:
            closure = document_selectors.implementing_closure(document=f.document)
            spans = spans.filter(task__document_id__in=closure)
    else:
        tasks = task_list_filtered(actor=actor, filters=f)
        spans = spans.filter(task_id__in=tasks.order_by().values("pk"))
    return spans if unit is None else spans.filter(subtree_q("lead_path", unit.path))


def assigned_spans(
    *, actor: User, unit: OrgUnit, on: dt.date, filters: TaskFilters | None = None
) -> QuerySet[TaskStateSpan]:
    """The spans in force on ``on`` of the tasks assigned from the unit's subtree but led outside
    it that day: with ``unit_spans`` (disjoint from them), the unit's tasks of reach ``ANY``."""
    f = filters or TaskFilters()
    tasks = task_list_filtered(actor=actor, filters=f).filter(subtree_q("assigner_path", unit.path))
    return TaskStateSpan.objects.filter(
        states.in_force(on), task_id__in=tasks.order_by().values("pk")
    ).exclude(subtree_q("lead_path", unit.path))


def _total(on: dt.date) -> Q:
    """The tasks with a deadline that exist on ``on``, as ``selectors.statistics`` counts them:
    from their spans on a past day, from their columns from today on."""
    if on < today():
        spans = TaskStateSpan.objects.filter(states.in_force(on), states.deadline_task())
        return Q(pk__in=spans.values("task_id"))
    return states.exists_on(on) & states.deadline_task()


def _covered_tasks(filters: TaskFilters, ids: QuerySet[Any]) -> QuerySet[Task]:
    """The tasks ``ids`` selects, top-level, narrowed by ``filters`` (no state), for a reader who
    covers the unit: every task it had on the day is his to see, as ``unit_spans`` counts it."""
    conditions = [Q(pk__in=ids), Q(parent__isnull=True)]
    if filters.document is not None:
        conditions.append(
            Q(document_id__in=document_selectors.implementing_closure(document=filters.document))
        )
    if filters.deadline_from:
        conditions.append(Q(deadline_on__gte=filters.deadline_from))
    if filters.deadline_to:
        conditions.append(Q(deadline_on__lte=filters.deadline_to))
    return Task.objects.filter(*conditions)


def task_records(*, actor: User, query: dict[str, str]) -> QuerySet[Task]:
    """The tasks a ``tasks`` link selects."""
    on = _day(query, "on") or today()
    state = query.get("state") or None
    document: Document | None = None
    if (document_id := _int(query, "document")) is not None:
        document = document_selectors.document_get_visible(actor=actor, document_id=document_id)
    filters = TaskFilters(
        document=document,
        state=None if state in (TOTAL, OPEN) else state,
        on=on,
        deadline_from=_day(query, "deadline_from"),
        deadline_to=_day(query, "deadline_to"),
    )
    unit, branch, reach = _unit(query, actor), _unit(query, actor, "branch"), query.get("reach", ANY)
    if on < today() and (unit is not None or branch is not None):
        # The unit and the branch as they were on the day (``unit_spans``), in one subquery with
        # the state on the day: the spans of the subtree in that state, by the covering index.
        spans = TaskStateSpan.objects.filter(states.in_force(on))
        if state in states.STATES:
            spans = spans.filter(states.state_q(state, on, filters.not_updated_days, spans=True))
            filters = replace(filters, state=None)
        elif state == "completed_of_due":  # due and completed by the day, as its span says
            spans = spans.filter(states.due(on, spans=True) & states.completed(on, spans=True))
            filters = replace(filters, state=None)
        elif state in (TOTAL, OPEN):
            spans = spans.filter(states.deadline_task())
        if branch is not None:
            spans = spans.filter(subtree_q("lead_path", branch.path))
        ids = spans.values("task_id")
        if unit is not None:
            ids = spans.filter(subtree_q("lead_path", unit.path)).values("task_id")
            if reach != LED:  # and those assigned from it, led outside it that day
                outside = spans.exclude(subtree_q("lead_path", unit.path))
                ids = ids.union(
                    outside.filter(task_id__in=assigned_from(unit).values("pk")).values("task_id"), all=True
                )
        covered = read_scope(actor).covers((unit or branch).path)  # type: ignore[union-attr]
        if covered and filters.state is None:
            tasks = _covered_tasks(filters, ids)
        else:
            tasks = task_list_filtered(actor=actor, filters=filters).filter(pk__in=ids)
    else:
        tasks = unit_tasks(actor=actor, unit=unit, reach=reach, filters=filters)
        if branch is not None:
            tasks = tasks.filter(subtree_q("lead_path", branch.path))
        if state in (TOTAL, OPEN):
            tasks = tasks.filter(_total(on))
    if state == "not_updated":  # counted over the tasks with a deadline (regular ones apart)
        tasks = tasks.filter(states.deadline_task())
    if state == OPEN:
        completed = task_records(actor=actor, query={**query, "state": "completed"})
        tasks = tasks.exclude(pk__in=completed.values("pk"))
    return tasks


def _tasks_list(actor: User, query: dict[str, str]) -> RecordsList:
    tasks = task_records(actor=actor, query=query).select_related("lead_unit", "document")
    rows = list(tasks.order_by("deadline_on", "pk")[:1000])
    return RecordsList(
        columns=("id", "document", "content", "lead_unit", "deadline", "status"),
        rows=tuple(
            (
                str(t.pk),
                t.document.symbol if t.document_id else "",
                t.content,
                t.lead_unit.name,
                t.deadline_on.strftime("%d/%m/%Y") if t.deadline_on else "",
                t.status,
            )
            for t in rows
        ),
        ids=tuple(t.pk for t in rows),
        count=tasks.count(),
    )


def _period(query: dict[str, str]) -> tuple[dt.datetime, dt.datetime]:
    start, end = _day(query, "from"), _day(query, "to")
    if start is None or end is None:
        raise ApplicationError(fields={"from": ["YYYY-MM-DD"], "to": ["YYYY-MM-DD"]})
    return first_instant(start), first_instant(end + dt.timedelta(days=1))


def _the_units_then(rows: QuerySet[_Row], actor: User, query: dict[str, str], moment: str) -> QuerySet[_Row]:
    """The rows (extensions, events: ``task_id`` and the instant ``moment``) of the top-level
    tasks that were the unit's *on the day of the row*: led in its subtree that day, from the
    task's state span in force then (ADR 0020), or — reach ``ANY`` — assigned from it. Not the
    task's lead today: a task reassigned after the cut-off, out of the unit or into it, leaves
    the figure of a past period as it was (ADR 0046, addendum "history-true records"), and a
    task cancelled since still had its extension. A reader who does not cover the unit counts
    only the tasks he sees, as ``unit_tasks`` does."""
    unit = _unit(query, actor)
    conditions = Q(task__parent__isnull=True)
    if unit is None or not read_scope(actor).covers(unit.path):
        visible = task_list_filtered(actor=actor, filters=TaskFilters())
        conditions &= Q(task_id__in=visible.order_by().values("pk"))
    if unit is None:
        return rows.filter(conditions)
    day = OuterRef("row_day")
    then = TaskStateSpan.objects.filter(
        Q(superseded_by__isnull=True),
        Q(task_id=OuterRef("task_id"), valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gt=day),
        subtree_q("lead_path", unit.path),
    )
    # The tasks ever led in the subtree first (the covering span index), then the day's span: the
    # events of a province are not read one by one (docs/performance.md).
    ever = TaskStateSpan.objects.filter(superseded_by__isnull=True).filter(subtree_q("lead_path", unit.path))
    led = Q(task_id__in=ever.values("task_id")) & Q(Exists(then))
    if query.get("reach", ANY) != LED:
        led |= subtree_q("task__assigner_path", unit.path)
    return rows.annotate(row_day=TruncDate(moment)).filter(conditions & led)


def extension_records(*, actor: User, query: dict[str, str]) -> QuerySet[ExtensionRequest]:
    """The extensions granted between ``from`` and ``to`` on the tasks that were the unit's when
    they were granted (``_the_units_then``)."""
    start, end = _period(query)
    return _the_units_then(ExtensionRequest.objects.all(), actor, query, "decided_at").filter(
        status=ExtensionStatus.APPROVED,
        decided_at__gte=start,
        decided_at__lt=end,
    )


def escalation_records(*, actor: User, query: dict[str, str]) -> QuerySet[TaskEvent]:
    """The escalations between ``from`` and ``to`` of the tasks that were the unit's when they
    were escalated (``_the_units_then``)."""
    start, end = _period(query)
    return _the_units_then(TaskEvent.objects.all(), actor, query, "at").filter(
        kind=EventKind.ESCALATED,
        at__gte=start,
        at__lt=end,
    )


def _extensions_list(actor: User, query: dict[str, str]) -> RecordsList:
    found = extension_records(actor=actor, query=query).select_related("task").order_by("decided_at", "pk")
    rows = list(found[:1000])
    return RecordsList(
        columns=("id", "task", "content", "deadline", "decided"),
        rows=tuple(
            (
                str(r.pk),
                str(r.task_id),
                r.task.content,
                r.proposed_deadline_on.strftime("%d/%m/%Y") if r.proposed_deadline_on else "",
                r.decided_at.strftime("%d/%m/%Y") if r.decided_at else "",
            )
            for r in rows
        ),
        ids=tuple(r.pk for r in rows),
        count=found.count(),
    )


def _escalations_list(actor: User, query: dict[str, str]) -> RecordsList:
    found = escalation_records(actor=actor, query=query).select_related("task").order_by("at", "pk")
    rows = list(found[:1000])
    return RecordsList(
        columns=("id", "task", "content", "at"),
        rows=tuple((str(e.pk), str(e.task_id), e.task.content, e.at.strftime("%d/%m/%Y")) for e in rows),
        ids=tuple(e.pk for e in rows),
        count=found.count(),
    )


# --- inspections and indicators --------------------------------------------------------------------


def _inspections_list(actor: User, query: dict[str, str]) -> RecordsList:
    body_id, start, end = _int(query, "body"), _day(query, "from"), _day(query, "to")
    if body_id is None:
        raise NotFoundError()
    body, reader = selectors_statistics.body_get_for_statistics(actor=actor, body_id=body_id)
    starts_on, ends_on = selectors_statistics.check_period(start, end)
    as_of_day = _day(query, "as_of")  # withdrawals made after that day do not count (the report's)
    as_of = first_instant(as_of_day + dt.timedelta(days=1)) if as_of_day is not None else None
    found = selectors_statistics.statistics_records(
        actor=actor,
        reader=reader,
        body=body,
        key=query.get("row", ""),
        count=query.get("count", ""),
        starts_on=starts_on,
        ends_on=ends_on,
        as_of=as_of,
    )
    listed = list(found.listed[:1000])
    selectors_statistics.log_person_reads(actor=actor, records=found, subjects=listed)
    return RecordsList(
        columns=("id", "inspection", "subject", "counted_on"),
        rows=tuple(
            (
                str(s.pk),
                str(s.inspection_id),
                s.unit.name if s.unit is not None else (s.person.full_name if s.person is not None else ""),
                s.counted_on.strftime("%d/%m/%Y") if s.counted_on else "",
            )
            for s in listed
        ),
        ids=tuple(s.pk for s in listed),
        count=found.counted,
        not_listed=found.counted - found.listed.count(),
    )


def _actuals_list(actor: User, query: dict[str, str]) -> RecordsList:
    indicator_set = indicator_selectors.set_get_visible(actor=actor, set_id=_int(query, "set") or 0)
    ids = [int(pk) for pk in query.get("units", "").split(",") if pk.isdigit()]
    rows = list(
        indicator_selectors.actual_list_visible(actor=actor, indicator_set=indicator_set)
        .filter(
            indicator_id=_int(query, "indicator") or 0, period__code=query.get("period", ""), unit_id__in=ids
        )
        .filter(option__isnull=True)
    )
    return RecordsList(
        columns=("id", "unit", "indicator", "period", "value", "state"),
        rows=tuple(
            (str(a.pk), a.unit.name, a.indicator.code, a.period.code, str(a.value), a.submission.state)
            for a in rows
        ),
        ids=tuple(a.pk for a in rows),
        count=len(rows),
    )


def _league_list(actor: User, query: dict[str, str]) -> RecordsList:
    """The whole league of an indicator (a report prints its first and last rows only, ADR 0046
    addendum): the units reporting directly to ``unit``, ranked as the report ranks them."""
    scope = indicator_figures.figure_scope(
        actor=actor,
        set_id=_int(query, "set") or 0,
        indicator_id=_int(query, "indicator") or 0,
        code=query.get("period", ""),
        unit_id=_int(query, "unit") or 0,
    )
    entries = indicator_figures.league(scope)
    return RecordsList(
        columns=("rank", "unit", "value", "achievement"),
        rows=tuple(
            (
                "" if e.rank is None else str(e.rank),
                e.figure.unit.name,
                "" if e.figure.value is None else str(e.figure.value),
                "" if e.figure.achievement is None else str(e.figure.achievement),
            )
            for e in entries
        ),
        ids=tuple(e.figure.unit.pk for e in entries),
        count=len(entries),
    )


RESOLVERS: dict[str, Callable[[User, dict[str, str]], RecordsList]] = {
    "tasks": _tasks_list,
    "extensions": _extensions_list,
    "escalations": _escalations_list,
    "inspections": _inspections_list,
    "actuals": _actuals_list,
    "league": _league_list,
}


def records_of(*, actor: User, link: RecordsLink) -> RecordsList:
    """The records a figure's link lists, as the actor may read them (404 for a foreign unit,
    document, body or set; 400 for a malformed query)."""
    query = dict(link.query)
    resolver = RESOLVERS.get(query.get("source", ""))
    if resolver is None:
        raise ApplicationError(fields={"source": ["Not a choice."]})
    return resolver(actor, query)
