"""What a user may see and change: the union of the subtrees his current positions cover; and
the units he *acts for* (docs/adr/0018-acting-for-a-unit.md).

Every selector that reads records filters with ``read_scope(actor).q("<unit>__path")``; a
record outside the scope does not exist for that user. A position's subtree is widened by the
subtrees of the units it succeeded, so a merged unit's successor keeps its predecessors' files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeGuard

from django.db.models import Q
from django.utils import timezone

from mandate.core import generations
from mandate.organisations.selectors import predecessors_by_path, prefixes_with_predecessors, subtree_q
from mandate.people.enums import WRITING_ROLES, PositionKind, Role
from mandate.people.models import Position, User

_CACHE_ATTR = "_mandate_scope_cache"
GENERATION = generations.SCOPES


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


@dataclass(frozen=True)
class Acting:
    """The units a person acts for, each with the roles he holds for it: exact units, not
    subtrees. A unit's authority comes from a position in it (or in a unit that succeeded it) or
    from a declared delegation (``Position.acts_for``, or a TUQ. position's principal's unit);
    never from sitting below, above or beside it."""

    everything: bool
    roles: tuple[tuple[str, frozenset[str]], ...]  # (unit path, roles), sorted by path

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(path for path, _roles in self.roles)

    def roles_for(self, path: str) -> frozenset[str]:
        if self.everything:
            return frozenset({Role.ADMINISTRATOR})
        for unit_path, roles in self.roles:
            if unit_path == path:
                return roles
        return frozenset()

    def paths_with(self, allowed: frozenset[str]) -> tuple[str, ...]:
        """The units he acts for with one of ``allowed`` roles (for list filters)."""
        return tuple(path for path, roles in self.roles if roles & allowed)


ACTS_FOR_NOTHING = Acting(everything=False, roles=())

# Across requests, per process: (user id, day, generation token) -> (read scope, membership,
# acting). Recomputing takes a few queries and ~4 ms on every request (docs/performance.md, F5).
_SHARED: generations.BoundedCache[tuple[int, dt.date, str], tuple[Scope, Scope, Acting]] = (
    generations.BoundedCache(20_000)
)


def today() -> dt.date:
    return timezone.localdate()


def current_positions(*, user: User, on: dt.date) -> list[Position]:
    return list(
        Position.objects.filter(person__user=user, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("unit", "scope_unit", "on_behalf_of__unit", "acts_for")
    )


def effective_role(position: Position) -> str:
    """A delegated position (TUQ.) acts with the role of the position that delegated it."""
    if position.kind == PositionKind.DELEGATED and position.on_behalf_of is not None:
        return position.on_behalf_of.role
    return position.role


def _scopes(actor: User, day: dt.date) -> tuple[Scope, Scope, Acting]:
    """(read scope, membership, acting): the subtrees the positions cover, the units they sit in,
    and the units they act for."""
    cache: dict[dt.date, tuple[Scope, Scope, Acting]] = actor.__dict__.setdefault(_CACHE_ATTR, {})
    if day in cache:
        return cache[day]
    token = generations.current(GENERATION)  # before the positions (core.generations)
    shared = _SHARED.get((actor.pk, day, token)) if token else None
    if shared is None:
        shared = _compute(actor, day)
        if token:
            _SHARED.put((actor.pk, day, token), shared)
    cache[day] = shared
    return shared


def authority_units(position: Position) -> list[Any]:
    """The units whose authority a position carries, before lineage: its own unit, the unit that
    declared a delegation to it, and for a TUQ. position the unit of the position it signs for."""
    units = [position.unit]
    if position.acts_for is not None:
        units.append(position.acts_for)
    if position.kind == PositionKind.DELEGATED and position.on_behalf_of is not None:
        units.append(position.on_behalf_of.unit)
    return units


def _compute(actor: User, day: dt.date) -> tuple[Scope, Scope, Acting]:
    covered: set[Grant] = set()
    sits_in: set[Grant] = set()
    acts: dict[str, set[str]] = {}
    positions = current_positions(user=actor, on=day)
    lineage = predecessors_by_path(unit.path for position in positions for unit in authority_units(position))
    for position in positions:
        role = effective_role(position)
        for prefix in prefixes_with_predecessors([(position.scope_unit or position.unit).path]):
            covered.add(Grant(prefix=prefix, role=role))
        for prefix in prefixes_with_predecessors([position.unit.path]):
            sits_in.add(Grant(prefix=prefix, role=role))
        for unit in authority_units(position):
            for path in lineage[unit.path]:
                acts.setdefault(path, set()).add(role)

    def scope(grants: set[Grant]) -> Scope:
        return Scope(everything=False, grants=tuple(sorted(grants, key=lambda g: (g.prefix, g.role))))

    acting = Acting(everything=False, roles=tuple((p, frozenset(acts[p])) for p in sorted(acts)))
    return scope(covered), scope(sits_in), acting


def _signed_in(actor: User | None) -> TypeGuard[User]:
    return actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active


def read_scope(actor: User | None, *, on: dt.date | None = None) -> Scope:
    if not _signed_in(actor):
        return NOTHING
    if actor.is_superuser:
        return Scope(everything=True, grants=())
    return _scopes(actor, on or today())[0]


def membership(actor: User | None, *, on: dt.date | None = None) -> Scope:
    """The units the actor works in (his positions' own units, not what they oversee), with their
    subtrees: who may act *for* a unit, as opposed to who may read about it."""
    if not _signed_in(actor):
        return NOTHING
    if actor.is_superuser:
        return Scope(everything=True, grants=())
    return _scopes(actor, on or today())[1]


def acting_for(actor: User | None, *, on: dt.date | None = None) -> Acting:
    """The units the actor acts for, with his roles there (``Acting``): who may take a unit's
    side on a task or change a unit's documents."""
    if not _signed_in(actor):
        return ACTS_FOR_NOTHING
    if actor.is_superuser:
        return Acting(everything=True, roles=())
    return _scopes(actor, on or today())[2]


def write_scope(actor: User | None, *, on: dt.date | None = None) -> Scope:
    return read_scope(actor, on=on).writing()


def forget_scopes(actor: User | None) -> None:
    """Positions or lineage changed: every process recomputes on its next read (call it inside
    the transaction that makes the change)."""
    generations.bump(GENERATION)
    if actor is not None:
        actor.__dict__.pop(_CACHE_ATTR, None)


def clear_shared_cache() -> None:
    """For tests: forget every process-wide entry."""
    _SHARED.clear()
