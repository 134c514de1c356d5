"""Who may load the reference data of inspections (docs/adr/0033).

- A catalogue of violation signs: a system administrator (a superuser, or an account granted
  ``inspections.load_catalogue``) for any owner unit; or someone who acts for an inspection
  commission or its office (ADR 0018: a position in that very unit or a unit below it, or a
  declared delegation), with a working role, for a Party organisation within that commission's
  competence. A commission is what the organisation *declares* it to be: an ``InspectingBody``
  of kind ``inspection_commission`` in force today, whose ``competence_path`` is the subtree it
  serves (docs/adr/0047, replacing ADR 0033's ``UBKT…`` abbreviation convention, under which any
  unit coded so got the right). The city's commission loads the city's catalogue, a district's
  commission the district's own.
- The discipline rules are national law, the same for every unit: system administrators only
  (``inspections.load_discipline_rules``).

Reading both is open to every signed-in user: they are published rules, not records about anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from mandate.core.exceptions import PermissionDeniedError
from mandate.inspections.competence import bodies_on
from mandate.inspections.enums import BodyKind
from mandate.inspections.models import InspectingBody
from mandate.organisations.enums import UnitKind
from mandate.organisations.models import OrgUnit
from mandate.people.enums import Role
from mandate.people.models import User
from mandate.people.scopes import acting_for, today

LOADER_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.SPECIALIST, Role.INSPECTOR})
LOAD_CATALOGUE_PERMISSION = "inspections.load_catalogue"
LOAD_RULES_PERMISSION = "inspections.load_discipline_rules"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


def _active(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def _system_administrator(actor: User, permission: str) -> bool:
    return bool(actor.is_superuser or actor.has_perm(permission))


def commissions_of(actor: User | None) -> list[InspectingBody]:
    """The declared inspection commissions in force today that the actor acts for with a working
    role: at the commission's own unit, or at a unit below it (its office). Which unit is a
    commission, and over what, is the declaration's (``InspectingBody``), never the unit's code."""
    if not _active(actor):
        return []
    assert actor is not None
    paths = acting_for(actor).paths_with(LOADER_ROLES)
    if not paths:
        return []
    ancestors: set[str] = set()
    for path in paths:
        ancestors.update(path[:end] for end in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen))
    bodies = InspectingBody.objects.filter(
        bodies_on(today()), kind=BodyKind.INSPECTION_COMMISSION, unit__path__in=ancestors
    )
    return list(bodies.select_related("unit", "competence_unit").order_by("unit__path", "id"))


def may_load_catalogues(actor: User | None) -> Decision:
    """Whether the actor may load catalogues at all (before the file and its owner are read)."""
    if not _active(actor):
        return Decision(False, _("Sign in first."))
    assert actor is not None
    if _system_administrator(actor, LOAD_CATALOGUE_PERMISSION) or commissions_of(actor):
        return Decision(True)
    return Decision(
        False,
        _(
            "Only a system administrator, or a declared inspection commission or its office, may "
            "load a catalogue of violation signs."
        ),
    )


def may_load_catalogue_for(actor: User | None, owner_unit: OrgUnit) -> Decision:
    first = may_load_catalogues(actor)
    if not first.allowed:
        return first
    assert actor is not None
    if _system_administrator(actor, LOAD_CATALOGUE_PERMISSION):
        return Decision(True)
    commissions = commissions_of(actor)
    if owner_unit.kind == UnitKind.PARTY:
        for commission in commissions:
            if owner_unit.path.startswith(commission.competence_path):
                return Decision(True)
    return Decision(
        False,
        _(
            "An inspection commission loads catalogues for the Party organisations within its "
            "declared competence (%(competence)s); “%(unit)s” is not among them."
        )
        % {
            "unit": owner_unit.name,
            "competence": ", ".join(f"“{c.competence_unit.name}”" for c in commissions),
        },
    )


def may_load_discipline_rules(actor: User | None) -> Decision:
    if _active(actor) and actor is not None and _system_administrator(actor, LOAD_RULES_PERMISSION):
        return Decision(True)
    return Decision(False, _("Only a system administrator may load the discipline rules."))


def require(decision: Decision) -> None:
    """403 with the reason. ``actor=None`` (the system: demo loader, tests) is never asked."""
    if not decision.allowed:
        raise PermissionDeniedError(decision.reason)
