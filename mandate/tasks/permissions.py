"""Who may act on a task. Two sides: the assigner's (people who act for the assigning unit) and
the lead unit's (people who act for the lead unit). Acting for a unit comes from a position in
it, in a unit that succeeded it, or from a declared delegation (``people.scopes.acting_for``,
docs/adr/0018-acting-for-a-unit.md) — never from sitting below, above or beside it: the lead
unit's own director does not accept the task his superior assigned him, and a sibling
department does not either. Reading is wider — a city office that follows everything may read a
department's task — but reading never gives a side.

Approvals need a leader, or whoever holds his acting (Q.) or delegated (TUQ.) position: a
delegated position acts with the delegating leader's role (``people.scopes``).
"""

from __future__ import annotations

from mandate.organisations.models import OrgUnit
from mandate.people.enums import WRITING_ROLES, Role
from mandate.people.models import User
from mandate.people.scopes import acting_for, write_scope
from mandate.tasks.enums import Side
from mandate.tasks.models import Task

ASSIGNING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.SPECIALIST})
LEADING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER})


def roles_for(actor: User | None, path: str) -> frozenset[str]:
    """The actor's roles for the unit at ``path`` (exactly that unit)."""
    return acting_for(actor).roles_for(path)


def can_sign_for(*, actor: User | None, unit: OrgUnit) -> bool:
    """Whether the actor may assign tasks in the name of ``unit``: he acts for it as a leader or
    a specialist (a declared office's staff, for its committee)."""
    return bool(roles_for(actor, unit.path) & ASSIGNING_ROLES)


def can_assign(*, actor: User | None, assigner_unit: OrgUnit, units: list[OrgUnit]) -> bool:
    """He signs for the assigning unit, assigning into units his scope covers."""
    if not can_sign_for(actor=actor, unit=assigner_unit):
        return False
    scope = write_scope(actor)
    return all(scope.covers(unit.path) for unit in units)


def can_act(*, actor: User | None, task: Task, side: str, leader: bool = False) -> bool:
    path = task.assigner_path if side == Side.ASSIGNER else task.lead_path
    allowed = LEADING_ROLES if leader else (ASSIGNING_ROLES if side == Side.ASSIGNER else WRITING_ROLES)
    return bool(roles_for(actor, path) & allowed)


def can_instruct(*, actor: User | None, task: Task) -> bool:
    """Leaders of either side give instructions (ý kiến chỉ đạo)."""
    return can_act(actor=actor, task=task, side=Side.ASSIGNER, leader=True) or can_act(
        actor=actor, task=task, side=Side.LEAD, leader=True
    )


def can_assign_subtask(*, actor: User | None, parent: Task) -> bool:
    """A task is cascaded down the tree by its lead unit's leaders and specialists."""
    return bool(roles_for(actor, parent.lead_path) & ASSIGNING_ROLES)
