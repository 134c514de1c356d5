"""Who proposes and who decides a replacement, a move or a commendation (issue 14, item 6; ADR 0055).

- **Proposing**: a leader whose read scope covers the official's unit (``selectors_rotation.
  leader_scope``), about someone else.
- **Deciding**: the competent level — a leader acting for a unit strictly above the official's
  unit (``people.moves.competent_paths``: its parent or higher), who is not the proposer; for a
  replacement or a move, the new unit is within his unit too (the position change is his to make).
- A proposal already decided is a 409 that says so; a refusal by who the actor is, a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from mandate.core.exceptions import InvalidStateError, PermissionDeniedError
from mandate.evaluations.models import PersonnelProposal
from mandate.evaluations.models.proposals import ProposalKind, ProposalState
from mandate.evaluations.selectors_rotation import leader_scope
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, User
from mandate.people.moves import competent_paths

ACTIONS = ("decide",)


@dataclass(frozen=True)
class Action:
    name: str
    allowed: bool
    reason: str = ""
    conflict: bool = False


def may_propose(actor: User | None, person: Person, unit: OrgUnit) -> bool:
    if actor is None:
        return True
    if person.user_id == actor.pk:
        return False
    scope = leader_scope(actor)
    return not scope.everything and scope.covers(unit.path)


def require_propose(actor: User | None, person: Person, unit: OrgUnit) -> None:
    if not may_propose(actor, person, unit):
        raise PermissionDeniedError(
            _("Only a leader over the official's unit proposes, and not about himself.")
        )


def _side(actor: User | None, proposal: PersonnelProposal) -> str:
    if actor is None:
        return ""
    paths = competent_paths(actor, proposal.unit.path)
    if not paths or proposal.proposed_by_id == actor.pk:
        return _("The competent level decides: a leader of the unit above the official's, not the proposer.")
    to_unit = proposal.to_unit
    if (
        proposal.kind != ProposalKind.COMMEND
        and to_unit is not None
        and not any(to_unit.path.startswith(path) for path in paths)
    ):
        return _("The new unit is outside the units you decide for.")
    return ""


def check(actor: User | None, proposal: PersonnelProposal, name: str = "decide") -> Action:
    side = _side(actor, proposal)
    if side:
        return Action(name, False, side)
    if proposal.state != ProposalState.PROPOSED:
        return Action(
            name,
            False,
            _("The proposal is “%(state)s”.") % {"state": ProposalState(proposal.state).label},
            True,
        )
    return Action(name, True)


def require(actor: User | None, proposal: PersonnelProposal, name: str = "decide") -> None:
    action = check(actor, proposal, name)
    if action.allowed:
        return
    if action.conflict:
        raise InvalidStateError(action.reason)
    raise PermissionDeniedError(action.reason)


def available_actions(actor: User | None, proposal: PersonnelProposal) -> list[Action]:
    return [check(actor, proposal, name) for name in ACTIONS]
