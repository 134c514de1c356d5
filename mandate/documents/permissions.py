"""Who may register and change documents.

Registering: a leader, specialist or administrator whose write scope covers the issuing unit or
a unit the document is addressed to (the register of outgoing and of incoming documents).

Changing (edit, retire, relate): only the people who act for the issuing unit
(``people.scopes.acting_for``), and those who act for the unit whose office entered it in the
register (``Document.registered_for``) — never every unit it reaches. Receiving a document,
addressed or through a task assigned from it, gives the right to read it and to attach one's own
implementation files, nothing more (docs/adr/0018-acting-for-a-unit.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mandate.documents.models import Document
from mandate.organisations.models import OrgUnit
from mandate.people.enums import WRITING_ROLES, Role
from mandate.people.models import User
from mandate.people.scopes import acting_for, current_positions, effective_role, today, write_scope

REGISTERING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.SPECIALIST})
RETIRING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER})


def _roles_over(actor: User | None, units: Iterable[OrgUnit]) -> frozenset[str]:
    scope = write_scope(actor)
    roles: set[str] = set()
    for unit in units:
        roles |= scope.roles_at(unit.path)
    return frozenset(roles)


def can_register_document(
    *, actor: User | None, issuing_unit: OrgUnit, recipient_units: Iterable[OrgUnit] = ()
) -> bool:
    return bool(_roles_over(actor, [issuing_unit, *recipient_units]) & REGISTERING_ROLES)


def owner_roles(*, actor: User | None, document: Document) -> frozenset[str]:
    """The actor's roles for the units that own the document's record: its issuer, and the unit
    whose office registered it."""
    acting = acting_for(actor)
    roles = acting.roles_for(document.issuing_unit.path)
    if document.registered_for_id is not None and document.registered_for is not None:
        roles |= acting.roles_for(document.registered_for.path)
    return roles


def can_change_document(*, actor: User | None, document: Document) -> bool:
    return bool(owner_roles(actor=actor, document=document) & REGISTERING_ROLES)


def can_retire_document(*, actor: User | None, document: Document) -> bool:
    return bool(owner_roles(actor=actor, document=document) & RETIRING_ROLES)


def can_attach_to_document(*, actor: User | None, document: Document) -> bool:
    """The owners, and every unit the document reaches: each attaches its own implementation
    files."""
    if can_change_document(actor=actor, document=document):
        return True
    acting = acting_for(actor)
    return any(acting.roles_for(r.unit.path) & WRITING_ROLES for r in document.recipients.all())


def registering_office(*, actor: User | None, issuing_unit: OrgUnit) -> OrgUnit | None:
    """The unit whose people own the record beside the issuer's (``registered_for``): the office
    whose position declares the issuer's delegation, when the actor registers by it; the issuer
    itself when he acts for it through a position of its own (or its lineage). None when he does
    not act for the issuer: a recipient entering a document in its own incoming register owns
    nothing of it (docs/adr/0025). The system registers for nobody."""
    if actor is None or not acting_for(actor).roles_for(issuing_unit.path) & REGISTERING_ROLES:
        return None
    for position in current_positions(user=actor, on=today()):
        delegated = position.acts_for_id == issuing_unit.pk and position.unit_id != issuing_unit.pk
        if delegated and effective_role(position) in REGISTERING_ROLES:
            return position.unit
    return issuing_unit


def receiving_unit(*, actor: User | None, recipient_units: Sequence[OrgUnit]) -> OrgUnit | None:
    """Whose incoming register the actor keeps: the unit of his registering position, preferring
    one the document is addressed to; an administrator without a position, the first addressee."""
    if actor is None:
        return None
    addressed = {unit.pk for unit in recipient_units}
    units = [
        position.unit
        for position in current_positions(user=actor, on=today())
        if effective_role(position) in REGISTERING_ROLES
    ]
    chosen = next((u for u in units if u.pk in addressed), units[0] if units else None)
    if chosen is None and actor.is_superuser and recipient_units:
        return recipient_units[0]
    return chosen


def can_register_any(*, actor: User | None) -> bool:
    """Whether to offer "Register a document": the actor registers for some unit (the service then
    checks the issuer and the addressees he picks)."""
    scope = write_scope(actor)
    return scope.everything or any(grant.role in REGISTERING_ROLES for grant in scope.grants)
