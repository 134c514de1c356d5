"""One action policy for tasks: what an actor may do to a task now, and why not.

The task page shows a form for each allowed action, the API lists the same names in
``allowed_actions``, and every service refuses through ``require`` with the reason given here —
one answer for the three (issue 9). Each action is decided twice: by the *side* (the actor acts
for the assigning or the lead unit, with the role the action needs: ``tasks.permissions``), and
by the *state* of the task (the life-cycle map, closed tasks, a pending extension). A refusal by
side is a 403 and names who may; a refusal by state is a 409 and says what stands in the way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mandate.core.exceptions import InvalidStateError, PermissionDeniedError
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.tasks import permissions
from mandate.tasks.enums import MOVES, EventKind, ExtensionStatus, Side, TaskKind, TaskStatus
from mandate.tasks.models import ExtensionRequest, Task

# Every action on a task, in the order the page shows their forms.
ACTIONS = (
    "progress", "report_done", "start", "accept", "rework", "extension_request", "extension_decide",
    "lead_person", "edit", "instruct", "chase_up", "return", "reassign", "cancel", "reopen", "correct",
)  # fmt: skip
CLOSED = frozenset({TaskStatus.ACCEPTED, TaskStatus.CANCELLED})
REPORTABLE = frozenset({TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS})


@dataclass(frozen=True)
class Action:
    """One action as this actor sees it now: allowed, or refused with the reason (translated).
    ``conflict`` says the task's state refuses it (409), not the actor's side (403)."""

    name: str
    allowed: bool
    reason: str = ""
    conflict: bool = False


def pending_request(task: Task) -> ExtensionRequest | None:
    """The request awaiting a decision (read from the prefetched requests when there are)."""
    return next((r for r in task.extension_requests.all() if r.status == ExtensionStatus.PENDING), None)


def _side(actor: User | None, task: Task, name: str) -> str:
    """Why the actor's side may not take the action ('' when it may). The system may."""
    if actor is None:
        return ""
    if name in MOVES:
        move = MOVES[name]
        if permissions.can_act(actor=actor, task=task, side=move.side, leader=move.needs_leader):
            return ""
        label = Side(move.side).label
        if move.needs_leader:
            return _("Only a leader of %(side)s may do this.") % {"side": label}
        return _("Only %(side)s may do this.") % {"side": label}
    checks: dict[str, tuple[Callable[[], bool], str]] = {
        "progress": (
            lambda: permissions.can_act(actor=actor, task=task, side=Side.LEAD),
            _("Only the lead unit's side reports progress."),
        ),
        "extension_request": (
            lambda: permissions.can_act(actor=actor, task=task, side=Side.LEAD, leader=True),
            _("Only a leader of the lead unit asks for an extension."),
        ),
        "extension_decide": (
            lambda: permissions.can_act(actor=actor, task=task, side=Side.ASSIGNER, leader=True),
            _("Only a leader of the assigning unit decides on an extension."),
        ),
        "lead_person": (
            lambda: (
                permissions.can_act(actor=actor, task=task, side=Side.LEAD, leader=True)
                or permissions.can_act(actor=actor, task=task, side=Side.ASSIGNER)
            ),
            _("The lead unit's leader names the lead person."),
        ),
        "edit": (
            lambda: permissions.can_act(actor=actor, task=task, side=Side.ASSIGNER),
            _("Only the assigner's side may change the task."),
        ),
        "instruct": (
            lambda: permissions.can_instruct(actor=actor, task=task),
            _("Only leaders give instructions."),
        ),
        "chase_up": (
            lambda: permissions.can_act(actor=actor, task=task, side=Side.ASSIGNER),
            _("Only the assigner's side chases up."),
        ),
        # A correction changes what past dates read (ADR 0020): a leader signs for it, in any
        # state (a closed task's record may be wrong too).
        "correct": (
            lambda: permissions.can_act(actor=actor, task=task, side=Side.ASSIGNER, leader=True),
            _("Only a leader of the assigning unit corrects a task's record."),
        ),
    }
    allowed, reason = checks[name]
    return "" if allowed() else reason


def _state(task: Task, name: str, pending: ExtensionRequest | None) -> str:
    """Why the task's state does not allow the action now ('' when it does)."""
    status = task.status
    if name in MOVES:
        move = MOVES[name]
        if status not in move.sources:
            return _("A task that is “%(status)s” cannot be moved by “%(action)s”.") % {
                "status": TaskStatus(status).label,
                "action": EventKind(move.event).label,
            }
        if move.deadline_tasks_only and task.kind != TaskKind.DEADLINE:
            return _("A regular task is never done: report its progress every period.")
        return ""
    if name == "progress" and status not in REPORTABLE:
        return _(
            "Progress is reported while a task is assigned or in progress, not when it is “%(status)s”."
        ) % {"status": TaskStatus(status).label}
    if name == "extension_request":
        if task.kind != TaskKind.DEADLINE or status not in REPORTABLE:
            return _("An extension is asked for an open task with a deadline.")
        if pending is not None:
            return _("An extension request is already awaiting a decision.")
    if name == "extension_decide":
        if pending is not None and pending.status != ExtensionStatus.PENDING:
            return _("This request was already decided.")
        if pending is None or status in CLOSED:
            return _("No extension request is awaiting a decision.")
    if name in ("lead_person", "edit", "chase_up") and status in CLOSED:
        return _("The task is “%(status)s”: it is closed. Reopen it first.") % {
            "status": TaskStatus(status).label
        }
    return ""


def check(actor: User | None, task: Task, name: str, *, pending: ExtensionRequest | None = None) -> Action:
    """One action: the side's refusal first (it does not change with the state), then the state's.
    ``pending`` is the extension request in question (by default, the task's pending one)."""
    side = _side(actor, task, name)
    if side:
        return Action(name, False, side)
    if pending is None and name in ("extension_request", "extension_decide"):
        pending = pending_request(task)
    state = _state(task, name, pending)
    if state:
        return Action(name, False, state, conflict=True)
    return Action(name, True)


def assignment_refusal(*, assigner_unit: OrgUnit, lead_unit: OrgUnit) -> str:
    """Why ``assigner_unit`` may not give ``lead_unit`` a task ('' when it may). A unit does not
    assign a task to itself: the two sides of a task are two units, one that answers for the work
    and one that judges it; a unit's own work is planned in its own plan, or assigned by the body
    above it (the Office of the Party Committee is assigned by the Standing Committee)."""
    if assigner_unit.pk == lead_unit.pk:
        return _("A unit does not assign a task to itself: choose a lead unit other than the assigning unit.")
    return ""


def available_actions(actor: User | None, task: Task) -> list[Action]:
    """Every action on the task, allowed or refused with the reason, in the page's order."""
    pending = pending_request(task)
    return [check(actor, task, name, pending=pending) for name in ACTIONS]


def allowed_names(actor: User | None, task: Task) -> list[str]:
    """What the page offers and the API lists in ``allowed_actions``."""
    return [action.name for action in available_actions(actor, task) if action.allowed]


def require(actor: User | None, task: Task, name: str, *, pending: ExtensionRequest | None = None) -> None:
    """Refuse the action as the services do: 403 for the side, 409 for the state."""
    action = check(actor, task, name, pending=pending)
    if action.allowed:
        return
    if action.conflict:
        raise InvalidStateError(action.reason)
    raise PermissionDeniedError(action.reason)
