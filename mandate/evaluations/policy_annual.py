"""Who reads and who writes an annual classification (issue 14 items 3 and 7; ADR 0053).

A classification is personal data: the person reads his own; a leader reads his unit's people (the
units he acts for as a leader, and their subtrees); nobody else, the system administrator's account
included, reads it (the route answers 404). A leader proposes and decides for the people of those
units, never for himself (Decree 90/2020 Art. 16: a head is evaluated by the level above); a Party
organisation's classification is decided from the level above it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from mandate.core.exceptions import InvalidStateError, PermissionDeniedError
from mandate.evaluations.models.annual import AnnualClassification, AnnualState, AnnualSubjectKind
from mandate.organisations.models import OrgUnit
from mandate.people.enums import Role
from mandate.people.models import Person, User
from mandate.people.scopes import acting_for

LEADING = frozenset({Role.LEADER})


def leading_paths(actor: User | None) -> tuple[str, ...]:
    """The units the actor leads (acts for as a leader): his people are those of their subtrees."""
    acting = acting_for(actor)
    return acting.paths_with(LEADING)


def leads(actor: User | None, path: str, *, strictly_above: bool = False) -> bool:
    return any(path.startswith(p) and not (strictly_above and p == path) for p in leading_paths(actor))


def is_own(actor: User | None, classification: AnnualClassification) -> bool:
    person = classification.person
    return actor is not None and person is not None and person.user_id == actor.pk


def may_read(actor: User | None, classification: AnnualClassification) -> bool:
    return is_own(actor, classification) or leads(actor, classification.unit_path)


@dataclass(frozen=True)
class Action:
    name: str
    allowed: bool
    reason: str = ""
    conflict: bool = False


def _self(actor: User | None, person: Person | None) -> bool:
    return actor is not None and person is not None and person.user_id == actor.pk


def check_propose(actor: User | None, unit: OrgUnit, person: Person | None) -> Action:
    if not leads(actor, unit.path) or _self(actor, person):
        reason = _("Only a leader of %(unit)s or above proposes its people's classification, never his own.")
        return Action("propose", False, reason % {"unit": unit.name})
    return Action("propose", True)


def check_decide(actor: User | None, classification: AnnualClassification) -> Action:
    organisation = classification.subject_kind == AnnualSubjectKind.PARTY_ORGANISATION
    if not leads(actor, classification.unit_path, strictly_above=organisation) or is_own(
        actor, classification
    ):
        reason = _(
            "Only a leader of the unit or of a unit above it decides the classification (an "
            "organisation's, from the level above), never his own."
        )
        return Action("decide", False, reason)
    if classification.state == AnnualState.DECIDED:
        return Action("decide", False, _("The classification is already decided."), conflict=True)
    return Action("decide", True)


def require(action: Action) -> None:
    if action.allowed:
        return
    if action.conflict:
        raise InvalidStateError(action.reason)
    raise PermissionDeniedError(action.reason)


def available_actions(actor: User | None, classification: AnnualClassification) -> list[Action]:
    return [check_decide(actor, classification)]
