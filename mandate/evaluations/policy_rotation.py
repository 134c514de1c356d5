"""Who writes the rotation records (issue 14, item 5; ADR 0055).

A leader who acts for a unit (``people.scopes.acting_for``, ADR 0018) flags the sensitive posts of
that unit and the units below it, records their holders' exemptions and deferrals, and makes and
publishes its rotation plan. Carrying a move out is a position change, asked of
``people.moves`` (the level above the person's unit). ``actor=None`` is the system (demo, tests).
Sectors are reference data: a superuser loads them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from mandate.core.exceptions import PermissionDeniedError
from mandate.organisations.models import OrgUnit
from mandate.people.enums import Role
from mandate.people.models import User
from mandate.people.scopes import acting_for


def writes_for(actor: User | None, unit: OrgUnit) -> bool:
    if actor is None:
        return True
    if not actor.is_authenticated or not actor.is_active:
        return False
    acting = acting_for(actor)
    if acting.everything:
        return False
    return any(unit.path.startswith(path) for path in acting.paths_with(frozenset({Role.LEADER})))


def require_writer(actor: User | None, unit: OrgUnit) -> None:
    if not writes_for(actor, unit):
        raise PermissionDeniedError(
            _("Only a leader of the unit, or of a unit above it, keeps its rotation records.")
        )


def require_sector_loader(actor: User | None) -> None:
    if actor is not None and not actor.is_superuser:
        raise PermissionDeniedError(_("Only a system administrator loads the rotation sectors."))
