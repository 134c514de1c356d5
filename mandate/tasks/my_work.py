"""My work: the tasks that ask something of the reader today, in groups — an inbox (ADR 0026).

Each group is its own query on the indexes that serve it: the tasks the reader leads (his person
as lead person, or his units as lead unit) read through the lead indexes, the tasks awaiting his
decision through the assigner's. One query with every group's condition OR-ed together made
PostgreSQL scan half the open tasks for a province's specialist (2.5 s; docs/performance.md, F10).

**A decision** is the move that ends a wait of the lead side on the assigner's: accepting a task
reported done (or returning it for rework), reassigning or cancelling a task the lead unit
returned, deciding an extension asked for. A task awaits *my* decision only when I may make the
move that settles it — ``accept`` for a task reported done, ``reassign`` for a returned one,
``extension_decide`` for a request — by the same sides and roles as ``tasks.policy``
(``MOVES[…].needs_leader``), computed in SQL rather than asked row by row. A specialist of the
assigning office may return a reported task for rework but not accept it: the task is not
awaiting his decision; it is on his list of tasks his side assigned, waiting for his leader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from mandate.people.models import Person, User
from mandate.people.scopes import acting_for, read_scope
from mandate.tasks import list_order, selectors, states
from mandate.tasks.enums import MOVES, EventKind, ExtensionStatus, TaskKind, TaskStatus
from mandate.tasks.models import ExtensionRequest, ProgressReport, Task, TaskCoordinator, TaskEvent, TaskSeen
from mandate.tasks.permissions import ASSIGNING_ROLES, LEADING_ROLES

DUE_SOON_DAYS = 7
GROUP_NAMES = (
    "new", "awaiting", "rework", "overdue", "due_soon", "not_updated", "regular_due", "led", "coordinated",
    "following",
)  # fmt: skip
# The lead side still holds these (a task reported done is still its own until it is accepted).
HELD = (TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.REPORTED)
AWAITING_STATUSES = (TaskStatus.REPORTED, TaskStatus.RETURNED)
# The move that settles each wait, whose side and role decide who may make it (``tasks.policy``).
SETTLING_MOVE = {TaskStatus.REPORTED: "accept", TaskStatus.RETURNED: "reassign"}


def assigner_side_q(actor: User, roles: frozenset[str]) -> Q:
    """Tasks whose assigning unit the actor acts for, with one of ``roles`` there: the query form
    of ``tasks.permissions.can_act`` for the assigner's side."""
    acting = acting_for(actor)
    if acting.everything:
        return Q()
    return Q(assigner_path__in=acting.paths_with(roles))


def _roles_for_move(name: str) -> frozenset[str]:
    return LEADING_ROLES if MOVES[name].needs_leader else ASSIGNING_ROLES


def decidable_q(actor: User) -> Q:
    """Reported done or returned, on the assigner's side, where the actor may make the settling
    move (``SETTLING_MOVE``) — the tasks whose wait he may end."""
    condition = Q(pk__in=[])
    for status, move in SETTLING_MOVE.items():
        condition |= Q(status=status) & assigner_side_q(actor, _roles_for_move(move))
    return condition


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


def led_q(actor: User, person: Person | None) -> Q:
    """The tasks on the actor's lead side: led by a unit he acts for, or by him as lead person."""
    acting = acting_for(actor)
    if acting.everything:
        return Q()
    led = Q(lead_path__in=acting.paths)
    if person is not None:
        led |= Q(lead_person_id=person.pk)
    return led


def group_conditions(*, actor: User, person: Person | None, day: dt.date) -> dict[str, Q]:
    """Every group but "awaiting" as one condition on the visible tasks."""
    acting = acting_for(actor)
    led = led_q(actor, person)
    days = selectors.NOT_UPDATED_DAYS
    reported_this_month = ProgressReport.objects.filter(
        task_id=OuterRef("pk"), reported_at__gte=_month_start(day)
    )
    # New: not started, not opened by me, and mine — named to me, or my unit's with nobody named.
    mine = Q(lead_person_id=person.pk) if person is not None else Q(pk__in=[])
    unit_unnamed = Q(lead_person__isnull=True) & (Q() if acting.everything else Q(lead_path__in=acting.paths))
    opened = TaskSeen.objects.filter(user_id=actor.pk, task_id=OuterRef("pk"))
    # Returned for rework: in progress again after a rework, not since reopened.
    reopened_after = TaskEvent.objects.filter(
        task_id=OuterRef("task_id"), kind=EventKind.REOPENED, at__gt=OuterRef("at")
    )
    reworked = TaskEvent.objects.filter(task_id=OuterRef("pk"), kind=EventKind.REWORK).filter(
        ~Exists(reopened_after)
    )
    coordinating = TaskCoordinator.objects.filter(task_id=OuterRef("pk"))
    if not acting.everything:
        coordinating = coordinating.filter(unit_path__in=acting.paths)
    return {
        "new": Q(status=TaskStatus.ASSIGNED) & (mine | unit_unnamed) & ~Q(Exists(opened)),
        "rework": led & Q(status=TaskStatus.IN_PROGRESS) & Q(Exists(reworked)),
        "overdue": led & states.state_q("overdue", day, days),
        "due_soon": led
        & states.state_q("in_progress", day, days)
        & Q(deadline_on__lte=day + dt.timedelta(days=DUE_SOON_DAYS)),
        "not_updated": led & states.deadline_task() & states.state_q("not_updated", day, days),
        "regular_due": led
        & Q(kind=TaskKind.REGULAR, status__in=[TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS])
        & states.exists_on(day)
        & ~Q(Exists(reported_this_month)),
        "led": led & Q(status__in=HELD),
        "coordinated": Q(status__in=HELD) & Q(Exists(coordinating)),
        "following": following_q(actor),
    }


def following_q(actor: User) -> Q:
    """Assigned by my side and waiting for the other: the lead unit's work (assigned, in
    progress), or a completion that my side's leader, not I, accepts (reported, where I may assign
    but not accept). Written per set of assigning units, each with one list of statuses, not as
    an OR of statuses: for a specialist it is then one ``assigner_path IN … AND status IN …``, and
    PostgreSQL reads ``task_open_assigner_idx`` in deadline order for the page and alone for the
    count, where the OR made it walk every task by deadline (``vanphong``'s group: 2.1 s at 1M;
    performance.md, state G)."""
    waiting = [TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS]
    acting = acting_for(actor)
    if acting.everything:  # he may accept anywhere, but the condition is the same as for anyone
        return Q(status__in=[*waiting, TaskStatus.REPORTED])
    accepting = set(acting.paths_with(_roles_for_move("accept")))
    assigning = acting.paths_with(ASSIGNING_ROLES)
    return Q(assigner_path__in=[p for p in assigning if p in accepting], status__in=waiting) | Q(
        assigner_path__in=[p for p in assigning if p not in accepting],
        status__in=[*waiting, TaskStatus.REPORTED],
    )


def my_work_groups(*, actor: User, person: Person | None, day: dt.date, rows: int) -> dict[str, Group]:
    """The groups, each counted and its first ``rows`` tasks listed.

    Each group is counted and its first ids picked on the *bare* visible tasks (no state, no
    names), then the rows of every group are read in one listed query. Asking each group for its
    listed rows compiled the state annotations and joins ten times: a third of the page's time
    went to building SQL, not running it (performance.md, "My work's time outside SQL")."""
    every = selectors.TaskFilters(include_subtasks=True)
    visible = selectors.task_list_visible(actor=actor, filters=every)
    bare = selectors.task_list_filtered(actor=actor, filters=every)
    order = list_order.order_by(every.ordering)
    awaiting = _awaiting(actor, visible, rows)
    counts: dict[str, int] = {}
    ids: dict[str, list[int]] = {}
    for name, condition in group_conditions(actor=actor, person=person, day=day).items():
        base = bare
        if name == "following" and _assigns_within_scope(actor):
            # Every task his side assigned is visible to him: the visibility condition (an OR
            # with a subquery) only kept PostgreSQL from counting on the index alone (24 ms
            # against 570 ms at 1M; performance.md, state G), as for a list within his scope (F4).
            base = Task.objects.all()
        query = base.filter(condition)
        counts[name] = query.count()
        ids[name] = list(query.order_by(*order).values_list("pk", flat=True)[:rows])
    wanted = {pk for group_ids in ids.values() for pk in group_ids}
    listed = {task.pk: task for task in selectors.as_listed(Task.objects.filter(pk__in=wanted), filters=every)}
    groups = {name: Group(name, counts[name], [listed[pk] for pk in ids[name]]) for name in ids}
    groups["awaiting"] = awaiting
    return {name: groups[name] for name in GROUP_NAMES}


def _assigns_within_scope(actor: User) -> bool:
    """Whether every unit the actor assigns for lies in his read scope (then every task it
    assigned is visible to him: ``selectors._visible_q`` reads the assigner path)."""
    acting = acting_for(actor)
    scope = read_scope(actor)
    return not acting.everything and all(scope.covers(p) for p in acting.paths_with(ASSIGNING_ROLES))


def _awaiting(actor: User, visible: QuerySet[Task], rows: int) -> Group:
    """What the actor may decide (``decidable_q``), or an extension request his side's leader
    decides when he is one. Two queries each, not one with an OR: each half then reads its own
    index (the reported and returned tasks by the assigning unit; the few pending requests),
    where the OR made PostgreSQL walk every open task in deadline order (performance.md, F10)."""
    pending = ExtensionRequest.objects.filter(task_id=OuterRef("pk"), status=ExtensionStatus.PENDING)
    deciding = decidable_q(actor)
    requested = (
        Q(pk__in=ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).values("task_id"))
        & ~Q(status__in=[TaskStatus.ACCEPTED, TaskStatus.CANCELLED])
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
