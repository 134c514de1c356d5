"""My work: the tasks that ask something of the reader today, in groups.

Each group is its own query on the indexes that serve it: the tasks the reader leads (his person
as lead person, or his units as lead unit) read through the lead indexes, the tasks awaiting his
decision through the assigner's. One query with every group's condition OR-ed together made
PostgreSQL scan half the open tasks for a province's specialist (2.5 s; docs/performance.md, F10).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import subtree_q
from mandate.people.models import Person
from mandate.people.scopes import Scope, membership
from mandate.tasks import selectors, states
from mandate.tasks.enums import ExtensionStatus, TaskKind, TaskStatus
from mandate.tasks.models import ExtensionRequest, ProgressReport, Task
from mandate.tasks.permissions import ASSIGNING_ROLES, LEADING_ROLES

DUE_SOON_DAYS = 7
GROUP_NAMES = ("awaiting", "overdue", "due_soon", "not_updated", "regular_due")
AWAITING_STATUSES = (TaskStatus.REPORTED, TaskStatus.RETURNED)


def assigner_side_q(actor: Any, roles: frozenset[str]) -> Q:
    """Tasks whose assigning unit the actor works in (or above, or below), with one of ``roles``
    there: the query form of ``tasks.permissions.can_act`` for the assigner's side."""
    scope: Scope = membership(actor)
    if scope.everything:
        return Q()
    condition = Q(pk__in=[])
    for grant in scope.grants:
        if grant.role not in roles:
            continue
        prefix = grant.prefix
        above = [prefix[: i * OrgUnit.steplen] for i in range(1, len(prefix) // OrgUnit.steplen)]
        condition |= subtree_q("assigner_path", prefix) | Q(assigner_path__in=above)
    return condition


def _month_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day.replace(day=1), dt.time.min))


def my_work_groups(*, actor: Any, person: Person | None, day: dt.date) -> dict[str, QuerySet[Task]]:
    """The groups, each a query of the tasks the actor sees, in deadline order."""
    visible = selectors.task_list_visible(actor=actor, filters=selectors.TaskFilters(include_subtasks=True))
    scope = membership(actor)
    led = Q() if scope.everything else scope.q("lead_path")
    if person is not None and not scope.everything:
        led |= Q(lead_person_id=person.pk)
    days = selectors.NOT_UPDATED_DAYS
    reported_this_month = ProgressReport.objects.filter(
        task_id=OuterRef("pk"), reported_at__gte=_month_start(day)
    )
    pending = ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).values("task_id")
    conditions = {
        "awaiting": (Q(status__in=AWAITING_STATUSES) & assigner_side_q(actor, ASSIGNING_ROLES))
        | (Q(pk__in=pending) & assigner_side_q(actor, LEADING_ROLES)),
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
    return {name: visible.filter(conditions[name]) for name in GROUP_NAMES}
