"""Who reads a ranking and who writes its scores (issue 14, item 4; docs/adr/0054).

- **Writing** (entering, importing, taking values from indicators; loading a method) is the
  index's owner's act: someone who acts for the owner unit (ADR 0018: a position in it, or a
  declared delegation — the Department of Home Affairs' specialist who compiles the index for the
  City People's Committee) with a leader's or specialist's role; a system administrator too. A
  ranked unit never scores itself.
- **Reading**: whoever's read scope covers the owner unit (the city's offices), or covers a unit
  ranked in the index (each department sees the table it is ranked in: the results are announced
  to the field). Anyone else: the index does not exist (404, in the selectors).

The caller found the index through ``selectors_rankings`` first (404); these answers are 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from mandate.core.exceptions import PermissionDeniedError
from mandate.evaluations.models import RankingIndex
from mandate.people.enums import Role
from mandate.people.models import User
from mandate.people.scopes import acting_for

WRITER_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.SPECIALIST})
ACTIONS = ("enter_scores", "import_scores", "pull_indicators")


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


def _active(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def may_write_scores(actor: User | None, index: RankingIndex) -> Decision:
    if not _active(actor):
        return Decision(False, _("Sign in first."))
    assert actor is not None
    if actor.is_superuser:
        return Decision(True)
    if acting_for(actor).roles_for(index.owner_unit.path) & WRITER_ROLES:
        return Decision(True)
    return Decision(
        False,
        _("Only a leader or a specialist acting for “%(unit)s” enters the scores of its ranking.")
        % {"unit": index.owner_unit.name},
    )


def may_load_methods(actor: User | None, index: RankingIndex | None) -> Decision:
    """A method file for ``index`` (or a new index: system administrators only)."""
    if index is not None:
        return may_write_scores(actor, index)
    if _active(actor) and actor is not None and actor.is_superuser:
        return Decision(True)
    return Decision(False, _("Only a system administrator creates a new ranking index."))


def available_actions(actor: User | None, index: RankingIndex) -> dict[str, Decision]:
    """Every action on the index's scores, allowed or not with the reason (the pages show them)."""
    decision = may_write_scores(actor, index)
    return dict.fromkeys(ACTIONS, decision)


def require(decision: Decision) -> None:
    """403 with the reason; the system (``actor=None``: the demo loader, tests) is never asked."""
    if not decision.allowed:
        raise PermissionDeniedError(decision.reason)
