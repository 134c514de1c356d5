"""The one action policy for indicators: what an actor may do to a unit's submission (its values
for one set and period) and to targets now, and why not (issue 9's rule, as ``tasks.policy``).

Sides come from acting for a unit (``people.scopes.acting_for``, ADR 0018): a position in that
very unit, a unit that succeeded it, or a declared delegation — never from sitting below, above
or beside it. The units come from the set's reporting hierarchy (``hierarchy``), not the
organisation tree (ADR 0029, ADR 0030):

- enter and submit: the reporting unit's side (any writing role: an official prepares the
  figures as he reports a task's progress);
- approve and return: a leader of the next level up in the set (the level whose turn it is);
- accept (and so lock): a leader of the collecting unit, once every level between has approved;
- unlock: a leader of a level above the unit in the set, with a reason;
- allocate and revise targets: the unit above in the set (the collecting unit for its own), as
  a leader or a specialist, the roles that assign tasks.

A refusal by side is a 403 naming who may; a refusal by state is a 409 saying what stands in
the way (a locked value names who locked it and when).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mandate.core.exceptions import InvalidStateError, PermissionDeniedError
from mandate.indicators.enums import AWAITING_STATES, EDITABLE_STATES, SubmissionState
from mandate.indicators.hierarchy import Hierarchy
from mandate.indicators.models import Submission
from mandate.people.enums import WRITING_ROLES, Role
from mandate.people.models import User
from mandate.people.scopes import acting_for

LEADING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER})
ALLOCATING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.SPECIALIST})

# Every action on a submission, in the order a page offers them.
ACTIONS = ("enter", "submit", "approve", "return", "accept", "unlock")
# The moves of the transition endpoint (entering values has its own).
MOVES = ("submit", "approve", "return", "accept", "unlock")
NEEDS_REASON = frozenset({"return", "unlock"})


@dataclass(frozen=True)
class Action:
    """One action as this actor sees it now: allowed, or refused with the reason (translated);
    ``conflict``: refused by the submission's state (409), not by the actor's side (403)."""

    name: str
    allowed: bool
    reason: str = ""
    conflict: bool = False


def _roles(actor: User | None, path: str) -> frozenset[str]:
    return acting_for(actor).roles_for(path)


def acts_for(actor: User | None, path: str, roles: frozenset[str]) -> bool:
    """The system (``None``) acts for every unit."""
    return actor is None or bool(_roles(actor, path) & roles)


def _day(moment: object) -> str:
    if moment is None:
        return "?"
    return formats.date_format(timezone.localtime(moment), "d/m/Y")  # type: ignore[arg-type]


def locked_reason(submission: Submission) -> str:
    """Why a value of this submission cannot change now ('' when it can)."""
    if submission.state == SubmissionState.ACCEPTED:
        who = submission.accepted_by.get_username() if submission.accepted_by else _("the system")
        return _(
            "These values were accepted and locked by %(who)s on %(day)s. Ask a level above to "
            "unlock them first."
        ) % {"who": who, "day": _day(submission.accepted_at)}
    if submission.state in AWAITING_STATES:
        return _(
            "These values were submitted and await approval by %(unit)s: they change only if "
            "they are returned."
        ) % {"unit": submission.next_unit.name if submission.next_unit else "?"}
    return ""


def _side(actor: User | None, submission: Submission, hierarchy: Hierarchy, name: str) -> str:
    """Why the actor's side may not take the action ('' when it may)."""
    if actor is None:
        return ""
    own = hierarchy.path_of.get(submission.unit_id, submission.unit_path)
    if name in ("enter", "submit"):
        if acts_for(actor, own, WRITING_ROLES):
            return ""
        return _("Only the reporting unit's side enters and submits its values.")
    if name in ("approve", "return"):
        if submission.next_path and acts_for(actor, submission.next_path, LEADING_ROLES):
            return ""
        return _("Only a leader of the level the values await approves or returns them.")
    if name == "accept":
        if acts_for(actor, hierarchy.path_of[hierarchy.collecting_id], LEADING_ROLES):
            return ""
        return _("Only a leader of the collecting unit accepts values.")
    # unlock
    levels = hierarchy.chain(submission.unit_id)
    if any(acts_for(actor, hierarchy.path_of[level], LEADING_ROLES) for level in levels):
        return ""
    return _("Only a leader of a level above the reporting unit unlocks its values.")


def _state(submission: Submission, hierarchy: Hierarchy, name: str) -> str:
    """Why the submission's state does not allow the action now ('' when it does)."""
    state = submission.state
    label = SubmissionState(state).label
    if name in ("enter", "submit"):
        if not hierarchy.reports(submission.unit_id):
            return _("This unit does not report in this set for this period.")
        return locked_reason(submission) if state not in EDITABLE_STATES else ""
    if name in ("approve", "return", "accept") and state not in AWAITING_STATES:
        return _("Values that are “%(state)s” await no approval.") % {"state": label}
    if name == "approve" and submission.next_unit_id == hierarchy.collecting_id:
        return _("Every level has approved: the collecting unit accepts them now.")
    if name == "accept" and submission.next_unit_id != hierarchy.collecting_id:
        return _("A level below the collecting unit has yet to approve these values.")
    if name == "unlock" and state != SubmissionState.ACCEPTED:
        return _("Only accepted values are locked; these are “%(state)s”.") % {"state": label}
    return ""


def check(actor: User | None, submission: Submission, hierarchy: Hierarchy, name: str) -> Action:
    """One action: the side's refusal first (it does not change with the state), then the state's."""
    side = _side(actor, submission, hierarchy, name)
    if side:
        return Action(name, False, side)
    state = _state(submission, hierarchy, name)
    if state:
        return Action(name, False, state, conflict=True)
    return Action(name, True)


def available_actions(actor: User | None, submission: Submission, hierarchy: Hierarchy) -> list[Action]:
    return [check(actor, submission, hierarchy, name) for name in ACTIONS]


def allowed_names(actor: User | None, submission: Submission, hierarchy: Hierarchy) -> list[str]:
    """What the page offers and the API lists in ``allowed_actions``."""
    return [action.name for action in available_actions(actor, submission, hierarchy) if action.allowed]


def require(actor: User | None, submission: Submission, hierarchy: Hierarchy, name: str) -> None:
    """Refuse the action as the services do: 403 for the side, 409 for the state."""
    action = check(actor, submission, hierarchy, name)
    if action.allowed:
        return
    if action.conflict:
        raise InvalidStateError(action.reason, code="locked" if name == "enter" else None)
    raise PermissionDeniedError(action.reason)


# --- targets -----------------------------------------------------------------------------------


def allocating_unit(hierarchy: Hierarchy, unit_id: int) -> int | None:
    """The unit whose side sets ``unit_id``'s target: the unit it reports to, or the collecting
    unit for its own; None when the unit is not in the set."""
    if unit_id == hierarchy.collecting_id:
        return unit_id
    return hierarchy.parent_of.get(unit_id)


def require_allocator(actor: User | None, hierarchy: Hierarchy, allocator_id: int) -> None:
    """403 unless the actor acts for the allocating unit as a leader or a specialist."""
    path = hierarchy.path_of.get(allocator_id)
    if path is None or not acts_for(actor, path, ALLOCATING_ROLES):
        raise PermissionDeniedError(
            _("Only a leader or a specialist of the unit above in the set allocates and revises targets.")
        )


def can_allocate(actor: User | None, hierarchy: Hierarchy, allocator_id: int) -> bool:
    path = hierarchy.path_of.get(allocator_id)
    return path is not None and acts_for(actor, path, ALLOCATING_ROLES)
