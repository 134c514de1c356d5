"""Moving a person from one position to another (issue 14, items 5 and 6; ADR 0055): the old
position ends the day before the move and the new one starts on it, in one transaction, audited as
one act. The position history stays true: nothing is rewritten, the old row keeps its start.

Who may move a person (``may_move``): the system's people administrator, or a *competent level* —
a leader who acts (``scopes.acting_for``, ADR 0018) for a unit strictly above the person's current
unit (its parent or higher) and whose subtree holds the new position's unit too. A head of an
office moves nobody out of his own office by this route: the level above decides personnel moves
(Decree 59/2019, Art. 36; the rotation plan and the replacement proposals of the evaluations app
call this service).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.exceptions import ApplicationError, Message, PermissionDeniedError
from mandate.organisations.models import OrgUnit
from mandate.people import permissions
from mandate.people.enums import Role
from mandate.people.models import Position, User
from mandate.people.scopes import acting_for, forget_scopes


def competent_paths(actor: User | None, unit_path: str) -> tuple[str, ...]:
    """The units, strictly above ``unit_path``, for which the actor acts as a leader: the levels
    at which he decides about the people of that unit."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return ()
    acting = acting_for(actor)
    if acting.everything:
        return ()
    return tuple(
        path
        for path in acting.paths_with(frozenset({Role.LEADER}))
        if unit_path.startswith(path) and len(path) < len(unit_path)
    )


def may_move(actor: User | None, position: Position, unit: OrgUnit) -> bool:
    """``actor=None`` is the system (the demo loader, tests)."""
    if actor is None or permissions.can_manage_people(actor=actor):
        return True
    return any(unit.path.startswith(path) for path in competent_paths(actor, position.unit.path))


def require_move(actor: User | None, position: Position, unit: OrgUnit) -> None:
    if not may_move(actor, position, unit):
        raise PermissionDeniedError(
            _(
                "Only the level above the person's unit (a leader acting for its parent unit or "
                "higher, over the new unit too) or the people administrator moves a person."
            )
        )


@transaction.atomic
def position_move(
    *,
    actor: User | None,
    position: Position,
    unit: OrgUnit,
    title: str,
    on: dt.date,
    basis: str,
    title_en: str = "",
    role: str | None = None,
) -> Position:
    """End ``position`` the day before ``on`` and start the same person in ``unit`` as ``title``
    from ``on``; ``basis`` names the decision (a rotation plan, a proposal) and is in the audit
    entry. The new position is a regular one with the old role unless another is given."""
    position = (
        Position.objects.select_for_update(of=("self",))
        .select_related("person__user", "unit")
        .get(pk=position.pk)
    )
    require_move(actor, position, unit)
    errors: dict[str, list[Message]] = {}
    if not title.strip():
        errors["title"] = [_("Required.")]
    if not basis.strip():
        errors["basis"] = [_("Name the decision the move carries out.")]
    if on <= position.valid_from:
        errors["on"] = [_("The move is after the position's start.")]
    if position.valid_to is not None and position.valid_to < on - dt.timedelta(days=1):
        errors["on"] = [_("The position ended before the move.")]
    if not unit.is_valid_on(on):
        errors["unit"] = [_("The unit does not exist on the start date.")]
    new_role = role or position.role
    if new_role not in Role.values:
        errors["role"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(Role.values)}]
    if errors:
        raise ApplicationError(_("Some values are not valid."), fields=errors)
    before = audit.snapshot(position, ["valid_to"])
    position.valid_to = on - dt.timedelta(days=1)
    position.version += 1
    position.save(update_fields=["valid_to", "version", "updated_at"])
    moved = Position.objects.create(
        person=position.person,
        unit=unit,
        title=title.strip(),
        title_en=title_en.strip(),
        role=new_role,
        valid_from=on,
    )
    if position.person.user is not None:
        forget_scopes(position.person.user)
    audit.record(
        actor=actor,
        action="people.position_move",
        target=moved,
        before={"position": position.pk, **before},
        after={
            "position": position.pk,
            "valid_to": position.valid_to.isoformat(),
            "new_position": moved.pk,
            "unit": unit.pk,
            "title": moved.title,
            "role": new_role,
            "valid_from": on.isoformat(),
            "basis": basis.strip(),
        },
    )
    return moved
