"""My work: the tasks that ask something of the reader today, in groups.

Each group is its own query on the indexes that serve it: the tasks the reader leads (his person
as lead person, or his units as lead unit) read through the lead indexes, the tasks awaiting his
decision through the assigner's. One query with every group's condition OR-ed together made
PostgreSQL scan half the open tasks for a province's specialist (2.5 s; docs/performance.md, F10).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from mandate.people.models import Person, User
from mandate.people.scopes import acting_for
from mandate.tasks import selectors, states
from mandate.tasks.enums import ExtensionStatus, TaskKind, TaskStatus
from mandate.tasks.models import ExtensionRequest, ProgressReport, Task
from mandate.tasks.permissions import ASSIGNING_ROLES, LEADING_ROLES

DUE_SOON_DAYS = 7
GROUP_NAMES = ("awaiting", "overdue", "due_soon", "not_updated", "regular_due")
AWAITING_STATUSES = (TaskStatus.REPORTED, TaskStatus.RETURNED)


def assigner_side_q(actor: User, roles: frozenset[str]) -> Q:
    """Tasks whose assigning unit the actor acts for, with one of ``roles`` there: the query form
    of ``tasks.permissions.can_act`` for the assigner's side."""
    acting = acting_for(actor)
    if acting.everything:
        return Q()
    return Q(assigner_path__in=acting.paths_with(roles))


def _month_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day.replace(day=1), dt.time.min))


@dataclass(frozen=True)
class Group:
    name: str
    count: int
    tasks: list[Task]  # the first rows, in deadline order


def _first(queries: Sequence[QuerySet[Task]], rows: int) -> list[Task]:
    """The first ``rows`` tasks of disjoint queries, in deadline order."""
    found = [task for query in queries for task in query[:rows]]
    return sorted(found, key=lambda t: (t.deadline_on or dt.date.max, t.pk))[:rows]


def my_work_groups(*, actor: User, person: Person | None, day: dt.date, rows: int) -> dict[str, Group]:
    """The groups, each counted and its first ``rows`` tasks listed (a fixed number of queries)."""
    visible = selectors.task_list_visible(actor=actor, filters=selectors.TaskFilters(include_subtasks=True))
    acting = acting_for(actor)
    led = Q() if acting.everything else Q(lead_path__in=acting.paths)
    if person is not None and not acting.everything:
        led |= Q(lead_person_id=person.pk)
    days = selectors.NOT_UPDATED_DAYS
    month_start = _month_start(day)
    reported_this_month = ProgressReport.objects.filter(task_id=OuterRef("pk"), reported_at__gte=month_start)
    conditions = {
        "overdue": led & states.state_q("overdue", day, days),
        "due_soon": led
        & states.state_q("in_progress", day, days)
        & Q(deadline_on__lte=day + dt.timedelta(days=DUE_SOON_DAYS)),
        "not_updated": led & states.deadline_task() & states.state_q("not_updated", day, days),
        "regular_due": led
        & Q(kind=TaskKind.REGULAR, status__in=[TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS])
        & states.exists_on(day)
        & ~Q(Exists(reported_this_month)),
    }
    groups = {"awaiting": _awaiting(actor, visible, rows)}
    for name, condition in conditions.items():
        query = visible.filter(condition)
        groups[name] = Group(name, query.count(), list(query[:rows]))
    return {name: groups[name] for name in GROUP_NAMES}


def _awaiting(actor: User, visible: QuerySet[Task], rows: int) -> Group:
    """Reported done or returned to the actor's side, or with an extension request his side's
    leader decides. Two queries each, not one with an OR: each half then reads its own index
    (the reported and returned tasks by the assigning unit; the few pending requests), where the
    OR made PostgreSQL walk every open task in deadline order (performance.md, F10)."""
    pending = ExtensionRequest.objects.filter(task_id=OuterRef("pk"), status=ExtensionStatus.PENDING)
    deciding = Q(status__in=AWAITING_STATUSES) & assigner_side_q(actor, ASSIGNING_ROLES)
    requested = (
        Q(pk__in=ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).values("task_id"))
        & assigner_side_q(actor, LEADING_ROLES)
        & ~deciding
    )
    halves: list[QuerySet[Task]] = [
        visible.filter(condition).annotate(
            pending_deadline=Subquery(pending.values("proposed_deadline_on")[:1])
        )
        for condition in (deciding, requested)
    ]
    return Group("awaiting", sum(half.count() for half in halves), _first(halves, rows))
