"""What a user may see and change: the union of the subtrees his current positions cover.

Every selector that reads records filters with ``read_scope(actor).q("<unit>__path")``; a
record outside the scope does not exist for that user. A position's subtree is widened by the
subtrees of the units it succeeded, so a merged unit's successor keeps its predecessors' files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from mandate.organisations.selectors import prefixes_with_predecessors, subtree_q
from mandate.people.enums import WRITING_ROLES, Role
from mandate.people.models import Position

_CACHE_ATTR = "_mandate_scope_cache"


@dataclass(frozen=True)
class Grant:
    prefix: str
    role: str


@dataclass(frozen=True)
class Scope:
    everything: bool
    grants: tuple[Grant, ...]

    @property
    def prefixes(self) -> tuple[str, ...]:
        return tuple(sorted({g.prefix for g in self.grants}))

    @property
    def is_empty(self) -> bool:
        return not self.everything and not self.grants

    def q(self, field: str) -> Q:
        """A filter on a unit-path field (``issuing_unit__path``) that keeps what the scope covers."""
        if self.everything:
            return Q()
        if not self.grants:
            return Q(pk__in=[])
        condition = Q()
        for prefix in self.prefixes:
            condition |= subtree_q(field, prefix)
        return condition

    def covers(self, path: str) -> bool:
        return self.everything or any(path.startswith(g.prefix) for g in self.grants)

    def roles_at(self, path: str) -> frozenset[str]:
        if self.everything:
            return frozenset({Role.ADMINISTRATOR})
        return frozenset(g.role for g in self.grants if path.startswith(g.prefix))

    def writing(self) -> Scope:
        return Scope(self.everything, tuple(g for g in self.grants if g.role in WRITING_ROLES))


NOTHING = Scope(everything=False, grants=())


def today() -> dt.date:
    return timezone.localdate()


def current_positions(*, user: Any, on: dt.date) -> list[Position]:
    return list(
        Position.objects.filter(person__user=user, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("unit", "scope_unit")
    )


def read_scope(actor: Any, *, on: dt.date | None = None) -> Scope:
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return NOTHING
    if actor.is_superuser:
        return Scope(everything=True, grants=())
    day = on or today()
    cache: dict[dt.date, Scope] = actor.__dict__.setdefault(_CACHE_ATTR, {})
    if day in cache:
        return cache[day]
    grants: set[Grant] = set()
    for position in current_positions(user=actor, on=day):
        covered = position.scope_unit or position.unit
        for prefix in prefixes_with_predecessors([covered.path]):
            grants.add(Grant(prefix=prefix, role=position.role))
    scope = Scope(everything=False, grants=tuple(sorted(grants, key=lambda g: (g.prefix, g.role))))
    cache[day] = scope
    return scope


def write_scope(actor: Any, *, on: dt.date | None = None) -> Scope:
    return read_scope(actor, on=on).writing()


def forget_scopes(actor: Any) -> None:
    """Positions changed: recompute on the next read."""
    actor.__dict__.pop(_CACHE_ATTR, None)
