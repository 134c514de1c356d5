"""Reads of the organisation tree. The unit directory (names, kinds, parents, dates) is open to
every signed-in user, so these reads are not actor-scoped; records *in* units are, through
``mandate.people.scopes``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.organisations.models import OrgUnit, PartyTerm, UnitLineage


def path_upper_bound(path: str) -> str:
    """The first path after every path that starts with ``path``: its last character, plus one.

    Paths use 0-9 and A-Z (treebeard's alphabet), so the bumped character (":" after "9", "["
    after "Z") sorts right after them in byte order, which both databases use for these columns.
    """
    return path[:-1] + chr(ord(path[-1]) + 1)


def subtree_q(field: str, path: str) -> Q:
    """Rows whose unit path (``field``) lies in the subtree rooted at ``path``.

    A range, not ``LIKE 'path%'``: PostgreSQL under a non-"C" collation cannot use an ordinary
    index for LIKE, and scanned the whole task table (docs/performance.md); a range uses it.
    """
    return Q(**{f"{field}__gte": path, f"{field}__lt": path_upper_bound(path)})


def valid_on_q(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def minimal_prefixes(paths: Iterable[str]) -> tuple[str, ...]:
    """Drop every path that lies inside another one."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not kept or not path.startswith(kept[-1]):
            kept.append(path)
    return tuple(kept)


def prefixes_with_predecessors(paths: Iterable[str]) -> tuple[str, ...]:
    """The subtrees ``paths`` plus those of every unit they succeeded, transitively.

    A successor sees its predecessors' records: the lineage links whose successor lies in one of
    the subtrees add the predecessor's subtree, until nothing new appears.
    """
    covered = set(minimal_prefixes(paths))
    frontier = set(covered)
    while frontier:
        condition = Q()
        for path in frontier:
            condition |= subtree_q("successor__path", path)
        found = set(UnitLineage.objects.filter(condition).values_list("predecessor__path", flat=True))
        frontier = {p for p in found if not any(p.startswith(c) for c in covered)}
        covered = set(minimal_prefixes(covered | frontier))
    return minimal_prefixes(covered)


def predecessors_by_path(paths: Iterable[str]) -> dict[str, frozenset[str]]:
    """For each unit at ``paths``: itself and every unit it succeeded, transitively — the units
    themselves, not their subtrees (a merged unit's successor acts for the merged unit, not for
    its offices). One query per generation of lineage, for all the paths at once."""
    origins = set(paths)
    links: dict[str, set[str]] = {}
    seen = set(origins)
    frontier = set(origins)
    while frontier:
        rows = UnitLineage.objects.filter(successor__path__in=frontier).values_list(
            "successor__path", "predecessor__path"
        )
        frontier = set()
        for successor, predecessor in rows:
            links.setdefault(successor, set()).add(predecessor)
            if predecessor not in seen:
                seen.add(predecessor)
                frontier.add(predecessor)
    closure: dict[str, frozenset[str]] = {}
    for origin in origins:
        found = {origin}
        stack = [origin]
        while stack:
            for predecessor in links.get(stack.pop(), ()):
                if predecessor not in found:
                    found.add(predecessor)
                    stack.append(predecessor)
        closure[origin] = frozenset(found)
    return closure


def unit_get(*, unit_id: int) -> OrgUnit:
    unit: OrgUnit | None = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFoundError()
    return unit


def units_get(*, ids: Iterable[int], field: str) -> list[OrgUnit]:
    """The units with these ids, in the order asked; a missing one is a 400 on ``field``."""
    wanted = list(dict.fromkeys(ids))
    found = {unit.pk: unit for unit in OrgUnit.objects.filter(pk__in=wanted)}
    if len(found) != len(wanted):
        raise ApplicationError(fields={field: [_("Not found.")]})
    return [found[pk] for pk in wanted]


def unit_ids_by_path(*, paths: Iterable[str]) -> dict[str, int]:
    return dict(OrgUnit.objects.filter(path__in=set(paths)).values_list("path", "id"))


def unit_list(
    *,
    on: dt.date | None = None,
    kind: str | None = None,
    level: str | None = None,
    parent: OrgUnit | None = None,
    within: OrgUnit | None = None,
    search: str | None = None,
) -> QuerySet[OrgUnit]:
    units: QuerySet[OrgUnit] = OrgUnit.objects.all()
    if on is not None:
        units = units.filter(valid_on_q(on))
    if kind:
        units = units.filter(kind=kind)
    if level:
        units = units.filter(level=level)
    if parent is not None:
        units = units.filter(path__startswith=parent.path, depth=parent.depth + 1)
    if within is not None:
        units = units.filter(subtree_q("path", within.path))
    if search:
        units = units.filter(
            Q(name__icontains=search) | Q(name_en__icontains=search) | Q(code__iexact=search)
        )
    return units.order_by("path")


def children_on(*, unit: OrgUnit, day: dt.date) -> QuerySet[OrgUnit]:
    return unit_list(on=day, parent=unit)


def lineage_links(*, unit: OrgUnit) -> tuple[list[UnitLineage], list[UnitLineage]]:
    """(links to the units it came from, links to the units that continued it)."""
    links = list(
        UnitLineage.objects.filter(Q(successor=unit) | Q(predecessor=unit)).select_related(
            "predecessor", "successor"
        )
    )
    return [x for x in links if x.successor_id == unit.pk], [x for x in links if x.predecessor_id == unit.pk]


def party_term_for(*, unit: OrgUnit, day: dt.date) -> PartyTerm | None:
    """The term in force on ``day`` of the nearest Party committee, the unit itself or above it."""
    ancestor_paths = [unit.path[: i * unit.steplen] for i in range(unit.depth, 0, -1)]
    terms = (
        PartyTerm.objects.filter(unit__path__in=ancestor_paths, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("unit")
    )
    by_path = {term.unit.path: term for term in terms}
    for path in ancestor_paths:
        if path in by_path:
            return by_path[path]
    return None
