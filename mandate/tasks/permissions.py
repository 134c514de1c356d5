"""Who may act on a task. Two sides: the assigner's (people who work in the assigning unit) and
the lead unit's (people who work in the lead unit). Reading is wider — a city office that follows
everything may read a department's task — but acting *for* a side needs a position inside it,
so the city office cannot report a department's progress.

Approvals need a leader, or whoever holds his acting (Q.) or delegated (TUQ.) position: a
delegated position acts with the delegating leader's role (``people.scopes``).
"""

from __future__ import annotations

from typing import Any

from mandate.organisations.models import OrgUnit
from mandate.people.enums import WRITING_ROLES, Role
from mandate.people.scopes import membership, write_scope
from mandate.tasks.enums import Side
from mandate.tasks.models import Task

ASSIGNING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.SPECIALIST})
LEADING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER})


def _roles_in(actor: Any, path: str) -> frozenset[str]:
    """Roles of the actor's positions in the unit at ``path``, in a unit below it (an official of
    one of its offices) or in a unit above it (the director, for a task of his office)."""
    scope = membership(actor)
    if scope.everything:
        return frozenset({Role.ADMINISTRATOR})
    return frozenset(g.role for g in scope.grants if g.prefix.startswith(path) or path.startswith(g.prefix))


def can_assign(*, actor: Any, assigner_unit: OrgUnit, units: list[OrgUnit]) -> bool:
    """A leader or specialist of the assigning unit, assigning into units his scope covers."""
    if not _roles_in(actor, assigner_unit.path) & ASSIGNING_ROLES:
        return False
    scope = write_scope(actor)
    return all(scope.covers(unit.path) for unit in units)


def can_act(*, actor: Any, task: Task, side: str, leader: bool = False) -> bool:
    path = task.assigner_path if side == Side.ASSIGNER else task.lead_path
    allowed = LEADING_ROLES if leader else (ASSIGNING_ROLES if side == Side.ASSIGNER else WRITING_ROLES)
    return bool(_roles_in(actor, path) & allowed)


def can_instruct(*, actor: Any, task: Task) -> bool:
    """Leaders of either side give instructions (ý kiến chỉ đạo)."""
    return can_act(actor=actor, task=task, side=Side.ASSIGNER, leader=True) or can_act(
        actor=actor, task=task, side=Side.LEAD, leader=True
    )


def can_assign_subtask(*, actor: Any, parent: Task) -> bool:
    """A task is cascaded down the tree by its lead unit's leaders and specialists."""
    return bool(_roles_in(actor, parent.lead_path) & ASSIGNING_ROLES)
