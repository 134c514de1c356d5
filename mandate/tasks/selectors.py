"""Reads of tasks, always through the actor's read scope: a task is visible to the scopes that
cover its lead unit, one of its coordinating units, or the unit that assigned it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from mandate.core.exceptions import NotFoundError
from mandate.core.text import fold
from mandate.documents.models import Document
from mandate.documents.selectors import implementing_closure
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import subtree_q
from mandate.people.models import User
from mandate.people.scopes import read_scope, today
from mandate.tasks import history, list_order, recent_reports, states
from mandate.tasks.enums import OPEN_STATUSES, TaskKind, TaskStatus
from mandate.tasks.models import (
    Evidence,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskCoordinator,
    TaskCorrection,
    TaskEvent,
    TaskStateSpan,
)

if TYPE_CHECKING:  # django-stubs is a development dependency
    from django_stubs_ext import WithAnnotations

NOT_UPDATED_DAYS = 15


def _visible_q(actor: User) -> Q:
    """The tasks the actor sees, as one condition (empty for a reader of everything)."""
    scope = read_scope(actor)
    if scope.everything:
        return Q()
    coordinated = TaskCoordinator.objects.filter(scope.q("unit_path"), task_id=OuterRef("pk"))
    return scope.q("lead_path") | scope.q("assigner_path") | Q(Exists(coordinated))


def _visible(actor: User) -> QuerySet[Task]:
    return Task.objects.filter(_visible_q(actor))


# The states a list can be filtered by beyond the reporting states of ``tasks.states``: the two
# the dashboard's numbers need (the tasks that exist on the date, and the due ones completed).
EXTRA_STATES = ("existing", "completed_of_due")
LIST_STATES = (*states.STATES, *EXTRA_STATES)


@dataclass(frozen=True)
class TaskFilters:
    """The filters of the task list (API and pages)."""

    within: OrgUnit | None = None  # the lead unit lies in this subtree
    lead_unit: OrgUnit | None = None  # exactly this lead unit
    document: Document | None = None  # this document and the documents that implement it
    state: str | None = None  # one of LIST_STATES, on ``on``
    on: dt.date | None = None
    person_id: int | None = None  # the lead person
    assigned_to_user: User | None = None  # "assigned to me": the user's person is the lead person
    deadline_from: dt.date | None = None
    deadline_to: dt.date | None = None
    kind: str | None = None
    status: str | None = None
    search: str | None = None
    include_subtasks: bool = False
    not_updated_days: int = NOT_UPDATED_DAYS
    # Reported done between these days: with state=completed, the tasks completed in a month.
    done_from: dt.date | None = None
    done_to: dt.date | None = None
    ordering: str = list_order.DEFAULT  # one of ``list_order.CHOICES``


def task_list_visible(
    *, actor: User, filters: TaskFilters | None = None
) -> QuerySet[WithAnnotations[Task, StateAnnotations]]:
    """The task list: the tasks the actor sees that pass ``filters``, with their state, in
    deadline order."""
    f = filters or TaskFilters()
    return as_listed(task_list_filtered(actor=actor, filters=f), filters=f)


def as_listed(
    tasks: QuerySet[Task], *, filters: TaskFilters
) -> QuerySet[WithAnnotations[Task, StateAnnotations]]:
    """``tasks`` as the list pages show them: state and staleness on the day, related names, in
    the order asked for (``list_order``; by deadline unless told)."""
    on = filters.on or today()
    return (
        with_state(tasks, on=on, not_updated_days=filters.not_updated_days)
        .select_related("document", "lead_unit", "lead_person", "assigner_unit")
        .order_by(*list_order.order_by(filters.ordering))
    )


def task_list_filtered(*, actor: User, filters: TaskFilters) -> QuerySet[Task]:
    """The tasks of the list, bare (for counting them: nothing joined, nothing annotated).

    The conditions go into one ``filter()``: each call clones the query, and the list is read on
    every page view (docs/performance.md, F11)."""
    f = filters
    conditions: list[Q] = []
    if f.within is not None and read_scope(actor).covers(f.within.path):
        # Every task led in a subtree the reader covers is visible to him: the visibility
        # condition would only cost the planner (performance.md, F4).
        conditions.append(subtree_q("lead_path", f.within.path))
    else:
        conditions.append(_visible_q(actor))
        if f.within is not None:
            conditions.append(subtree_q("lead_path", f.within.path))
    if not f.include_subtasks:
        conditions.append(Q(parent__isnull=True))
    if f.lead_unit is not None:
        conditions.append(Q(lead_unit=f.lead_unit))
    if f.document is not None:
        conditions.append(Q(document_id__in=implementing_closure(document=f.document)))
    if f.state == "existing":
        conditions.append(states.exists_on(f.on or today()))
    elif f.state == "completed_of_due":
        day = f.on or today()
        conditions.append(states.exists_on(day) & states.due(day) & states.completed(day))
    elif f.state:
        day = f.on or today()
        if day < today():  # from the history: the spans in that state on the day
            in_state = TaskStateSpan.objects.filter(
                states.state_q(f.state, day, f.not_updated_days, spans=True)
            )
            conditions.append(Q(pk__in=in_state.values("task_id")))
        else:
            conditions.append(states.state_q(f.state, day, f.not_updated_days))
    if f.person_id:
        conditions.append(Q(lead_person_id=f.person_id))
    if f.assigned_to_user is not None:
        conditions.append(Q(lead_person__user=f.assigned_to_user))
    if f.deadline_from:
        conditions.append(Q(deadline_on__gte=f.deadline_from))
    if f.deadline_to:
        conditions.append(Q(deadline_on__lte=f.deadline_to))
    if f.kind:
        conditions.append(Q(kind=f.kind))
    if f.status:
        conditions.append(Q(status=f.status))
    if f.done_from:
        conditions.append(Q(done_reported_on__gte=f.done_from))
    if f.done_to:
        conditions.append(Q(done_reported_on__lte=f.done_to))
    if f.search:
        conditions.extend(Q(search_text__contains=word) for word in fold(f.search).split())
    return Task.objects.filter(*conditions)


def stale_expression(on: dt.date, days: int) -> ExpressionWrapper[Q]:
    """Not updated on ``on``, as a boolean column: the condition itself, no CASE (the cheapest
    form to compile for a page of rows)."""
    return ExpressionWrapper(states.not_updated(on, days), output_field=BooleanField())


class StateAnnotations(TypedDict):
    """What ``with_state`` adds to each task."""

    state: str
    stale: bool


def with_state(
    tasks: QuerySet[Task], *, on: dt.date, not_updated_days: int = NOT_UPDATED_DAYS
) -> QuerySet[WithAnnotations[Task, StateAnnotations]]:
    """Annotate each task with its reporting state on ``on`` (``state``) and whether it is not
    updated (``stale``), from the same definitions as the statistics: on a past date from the
    span in force on it (a task that did not exist then reads "absent")."""
    if on < today():
        span = TaskStateSpan.objects.filter(states.in_force(on), task_id=OuterRef("pk"))
        in_state = {
            name: Exists(span.filter(states.state_q(name, on, not_updated_days, spans=True)))
            for name in ("completed", "overdue", "due_today", "not_updated")
        }
        return tasks.annotate(
            stale=ExpressionWrapper(in_state["not_updated"], output_field=BooleanField()),
            state=Case(
                When(~Exists(span), then=Value("absent")),
                When(Q(kind=TaskKind.REGULAR), then=Value("regular")),
                When(in_state["completed"], then=Value("completed")),
                When(in_state["overdue"], then=Value("overdue")),
                When(in_state["due_today"], then=Value("due_today")),
                default=Value("in_progress"),
                output_field=CharField(),
            ),
        )
    return tasks.annotate(
        stale=stale_expression(on, not_updated_days),
        state=Case(
            When(Q(kind=TaskKind.REGULAR), then=Value("regular")),
            When(states.completed(on), then=Value("completed")),
            When(states.overdue(on), then=Value("overdue")),
            When(states.due_today(on), then=Value("due_today")),
            default=Value("in_progress"),
            output_field=CharField(),
        ),
    )


def tasks_led_within(*, unit: OrgUnit) -> QuerySet[Task]:
    """Every task led in the unit's subtree. Only for callers that checked the unit lies in the
    reader's read scope (then all of them are visible to him)."""
    return Task.objects.filter(subtree_q("lead_path", unit.path))


def task_get_visible(*, actor: User, task_id: int) -> Task:
    task = (
        with_state(_visible(actor), on=today())
        .filter(pk=task_id)
        .select_related("document__document_type", "lead_unit", "lead_person", "assigner_unit", "assigned_by")
        .prefetch_related(
            Prefetch("coordinators", queryset=TaskCoordinator.objects.select_related("unit").order_by("id")),
            Prefetch("extension_requests", queryset=ExtensionRequest.objects.order_by("created_at", "id")),
        )
        .first()
    )
    if task is None:
        raise NotFoundError()
    return task


def document_task_units(*, document: Document) -> tuple[set[int], set[int]]:
    """The units that lead a task of the document, and those that only coordinate one: the
    document page sorts its recipient units by them (a coordinating unit is not assigned the
    task). Only the ids of units the page already lists as recipients matter; no task is read."""
    leading = set(Task.objects.filter(document=document).values_list("lead_unit_id", flat=True))
    coordinating = set(
        TaskCoordinator.objects.filter(task__document=document).values_list("unit_id", flat=True)
    )
    return leading, coordinating - leading


def still_open_q(prefix: str = "") -> Q:
    """Tasks not completed (accepted) nor cancelled, as a filter on ``Task`` or through a relation
    (``prefix``, e.g. ``"task__"``): what an upper layer asks to learn whether the work it asked
    for is still being done (an inspection's follow-up, ADR 0047), in the tasks' own states."""
    return Q(**{f"{prefix}status__in": OPEN_STATUSES})


def task_exists_visible(*, actor: User, task_ids: Iterable[int]) -> set[int]:
    return set(_visible(actor).filter(pk__in=list(task_ids)).values_list("pk", flat=True))


# --- statistics ----------------------------------------------------------------------------


def _percent(part: int, whole: int) -> str | None:
    if whole == 0:
        return None
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


COUNT_NAMES = (
    "total", "completed", "completed_on_time", "completed_late", "in_progress", "overdue", "due",
    "completed_of_due", "due_today", "not_updated", "regular_total", "regular_not_updated",
)  # fmt: skip


def count_expressions(*, on: dt.date, not_updated_days: int | None, spans: bool = False) -> dict[str, Count]:
    """The counts, as aggregates over tasks (or their spans) that exist on ``on`` and, for the
    not-updated ones (left out when ``not_updated_days`` is None), are joined with the report
    window (``grouped_counts`` does both)."""
    deadline = states.deadline_task()
    regular = Q(kind=TaskKind.REGULAR)
    done = states.completed(on, spans=spans)
    counts = {
        "total": Count("pk", filter=deadline),
        "completed": Count("pk", filter=deadline & done),
        "completed_on_time": Count("pk", filter=deadline & states.completed_on_time(on, spans=spans)),
        "completed_late": Count("pk", filter=deadline & states.completed_late(on, spans=spans)),
        "in_progress": Count("pk", filter=states.in_progress(on, spans=spans)),
        "overdue": Count("pk", filter=states.overdue(on, spans=spans)),
        "due": Count("pk", filter=states.due(on)),
        "completed_of_due": Count("pk", filter=states.due(on) & done),
        "due_today": Count("pk", filter=states.due_today(on, spans=spans)),
        "regular_total": Count("pk", filter=regular),
    }
    if not_updated_days is not None:
        stale = states.not_updated_joined(on, not_updated_days, spans=spans)
        counts["not_updated"] = Count("pk", filter=deadline & stale)
        counts["regular_not_updated"] = Count("pk", filter=regular & stale)
    return counts


def grouped_counts(
    tasks: QuerySet[Any],
    *,
    on: dt.date,
    not_updated_days: int | None,
    by: dict[str, Any],
    few: bool = False,
    spans: bool = False,
) -> list[dict[str, Any]]:
    """The counts of ``tasks`` (or, ``spans``, of state spans) that exist on ``on``, per group of
    ``by`` (name: expression), in one scan: the window's reports are joined as a set
    (``recent_reports``; performance.md, F3). Each row holds the ``by`` names and the names of
    ``COUNT_NAMES`` (but the two not-updated ones when ``not_updated_days`` is None: then
    nothing is joined). ``few``: see ``recent_reports.with_report_window``."""
    existing = tasks.filter(states.exists_on(on, spans=spans))
    if not_updated_days is not None:
        start, end = states.report_window(on, not_updated_days)
        existing = recent_reports.with_report_window(
            existing, start=start, end=end, few=few, key="task_id" if spans else "id"
        )
    expressions = count_expressions(on=on, not_updated_days=not_updated_days, spans=spans)
    if not by:  # one group: every task (``values()`` of no field would group by every column)
        return [existing.aggregate(**expressions)]
    keys = {f"group_{name}": name for name in by}
    grouped = (
        existing.annotate(**{f"group_{name}": value for name, value in by.items()})
        .values(*keys)
        .annotate(**expressions)
        .order_by()
    )
    return [{keys.get(k, k): v for k, v in row.items()} for row in grouped]


def with_percentages(counts: dict[str, Any], *, on: dt.date, not_updated_days: int) -> dict[str, Any]:
    values = {name: int(counts.get(name) or 0) for name in COUNT_NAMES}
    return {
        "on": on,
        "not_updated_days": not_updated_days,
        **values,
        "completed_percent": _percent(values["completed"], values["total"]),
        "completed_of_due_percent": _percent(values["completed_of_due"], values["due"]),
    }


def statistics(
    *,
    tasks: QuerySet[Task],
    on: dt.date,
    not_updated_days: int = NOT_UPDATED_DAYS,
    spans: QuerySet[TaskStateSpan] | None = None,
) -> dict[str, Any]:
    """The counts of ``tasks`` on ``on``, in one query. total = completed + in_progress + overdue.

    A past date is read from the history (the tasks' spans, or ``spans`` when the caller selects
    them itself, as a subtree does by the lead path on the day), and the answer lists the
    corrections made since that change it; today and later read the tasks' own columns, which
    the open spans equal (tested)."""
    if on < today():
        chosen = spans if spans is not None else history.spans_of(tasks)
        (counts,) = grouped_counts(chosen, on=on, not_updated_days=not_updated_days, by={}, spans=True)
        result = with_percentages(counts, on=on, not_updated_days=not_updated_days)
        in_force = chosen.filter(states.in_force(on)).values("task_id")
        result["corrections"] = history.corrections_behind(task_ids=in_force, on=on)
        return result
    (counts,) = grouped_counts(tasks, on=on, not_updated_days=not_updated_days, by={})
    return {**with_percentages(counts, on=on, not_updated_days=not_updated_days), "corrections": []}


def rollup(*, task: Task) -> dict[str, Any]:
    """Progress of a task from its direct subtasks: weighted when weights are set, otherwise the
    average, with the count of accepted subtasks beside it."""
    children = list(
        Task.objects.filter(parent=task)
        .exclude(status=TaskStatus.CANCELLED)
        .values("progress", "weight", "status")
    )
    if not children:
        return {"subtasks": 0, "accepted": 0, "progress": None, "weighted": False}
    weights: list[Decimal] = [c["weight"] for c in children if c["weight"] is not None and c["weight"] > 0]
    accepted = sum(1 for c in children if c["status"] == TaskStatus.ACCEPTED)
    if len(weights) == len(children):
        total_weight = sum(weights, Decimal(0))
        value = sum((Decimal(c["progress"]) * w for c, w in zip(children, weights, strict=True)), Decimal(0))
        value = value / total_weight
        weighted = True
    else:
        value = Decimal(sum(c["progress"] for c in children)) / len(children)
        weighted = False
    return {
        "subtasks": len(children),
        "accepted": accepted,
        "progress": str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)),
        "weighted": weighted,
    }


def events_visible(*, actor: User, task: Task) -> QuerySet[TaskEvent]:
    """The timeline of a task the actor sees (callers pass a task from ``task_get_visible``)."""
    return TaskEvent.objects.filter(task=task).order_by("at", "id")


def corrections_of(*, task: Task) -> QuerySet[TaskCorrection]:
    """The corrections of a task the reader sees (callers pass a task from ``task_get_visible``),
    the latest first."""
    return (
        TaskCorrection.objects.filter(task=task).select_related("made_by__person").order_by("-made_at", "-id")
    )


def reports_of(*, task: Task) -> QuerySet[ProgressReport]:
    return (
        ProgressReport.objects.filter(task=task)
        .select_related("reporter", "product_document")
        .prefetch_related("evidence")
        .order_by("-reported_at", "-id")
    )


def evidence_get_visible(*, actor: User, task_id: int, evidence_id: int) -> Evidence:
    task = task_get_visible(actor=actor, task_id=task_id)
    evidence = Evidence.objects.filter(pk=evidence_id, report__task=task).first()
    if evidence is None:
        raise NotFoundError()
    return evidence


def extension_get_visible(*, actor: User, task_id: int, request_id: int) -> ExtensionRequest:
    task = task_get_visible(actor=actor, task_id=task_id)
    request = ExtensionRequest.objects.filter(pk=request_id, task=task).first()
    if request is None:
        raise NotFoundError()
    return request
