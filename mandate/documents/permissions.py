"""Who may register and change documents: a leader, specialist or administrator whose write
scope covers the issuing unit or a unit the document is addressed to (incoming documents)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mandate.documents.models import Document
from mandate.organisations.models import OrgUnit
from mandate.people.enums import Role
from mandate.people.scopes import write_scope

REGISTERING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.SPECIALIST})
RETIRING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER})


def _roles_over(actor: Any, units: Iterable[OrgUnit]) -> frozenset[str]:
    scope = write_scope(actor)
    roles: set[str] = set()
    for unit in units:
        roles |= scope.roles_at(unit.path)
    return frozenset(roles)


def can_register_document(
    *, actor: Any, issuing_unit: OrgUnit, recipient_units: Iterable[OrgUnit] = ()
) -> bool:
    return bool(_roles_over(actor, [issuing_unit, *recipient_units]) & REGISTERING_ROLES)


def _document_units(document: Document) -> list[OrgUnit]:
    return [document.issuing_unit, *(r.unit for r in document.recipients.all())]


def can_change_document(*, actor: Any, document: Document) -> bool:
    return bool(_roles_over(actor, _document_units(document)) & REGISTERING_ROLES)


def can_retire_document(*, actor: Any, document: Document) -> bool:
    return bool(_roles_over(actor, _document_units(document)) & RETIRING_ROLES)
