"""A set's reporting hierarchy on a day: who reports to whom, the chain of approval levels above
a unit, the units below one (ADR 0029).

The hierarchy is the set's ``ReportingLine`` rows in force on the day — for a period, its last
day, as the organisation tree is read "on the tree in force on that period's end". It may
differ from the organisation tree (the Department of Culture and Sports collects from the
district People's Committees, which are not under it). A set has tens to a few thousand lines,
read in one query and walked in memory.

Across requests a process keeps the hierarchies it read under the ``reporting-lines`` generation
token (``core.generations``, ADR 0015's mechanism): the figures API reads a national set's 3,476
lines on every request otherwise (docs/performance.md, "The roll-up's overhead"). Every write of
a line (``services.catalogue.add_lines`` and ``end_line``) replaces the token in its transaction,
right after writing, so an entry is never read after the lines it was built from change.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q

from mandate.core import generations
from mandate.indicators.models import IndicatorSet, ReportingLine

# The generation token of every set's reporting lines (core.generations).
GENERATION = "reporting-lines"


@dataclass(frozen=True)
class Hierarchy:
    set_id: int
    collecting_id: int
    # unit id -> the unit it reports to; unit id -> its tree path (the collecting unit's too)
    parent_of: dict[int, int]
    path_of: dict[int, str]
    _children: dict[int, list[int]] = field(default_factory=dict, compare=False)
    # What is derived from the lines and asked again (a part's leaves, their ids as SQL text): a
    # hierarchy is shared by the requests of a process, so it is worked out once per token.
    _memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        children: dict[int, list[int]] = defaultdict(list)
        for unit, parent in self.parent_of.items():
            children[parent].append(unit)
        for units in children.values():
            units.sort(key=lambda pk: self.path_of.get(pk, ""))
        object.__setattr__(self, "_children", dict(children))

    def reports(self, unit_id: int) -> bool:
        """Whether the unit reports in the set (the collecting unit itself does not)."""
        return unit_id in self.parent_of

    def includes(self, unit_id: int) -> bool:
        return unit_id == self.collecting_id or unit_id in self.parent_of

    def chain(self, unit_id: int) -> list[int]:
        """The approval levels above the unit, nearest first, ending with the collecting unit;
        empty for the collecting unit and for a unit that does not report in the set."""
        levels: list[int] = []
        current = unit_id
        while current in self.parent_of:
            current = self.parent_of[current]
            if current in levels or current == unit_id:  # a cycle cannot be stored; never loop
                break
            levels.append(current)
        return levels

    def children(self, unit_id: int) -> list[int]:
        return list(self._children.get(unit_id, ()))

    def descendants(self, unit_id: int) -> list[int]:
        """Every unit whose chain passes through ``unit_id``, nearest first."""
        found: list[int] = []
        children = self._children
        frontier = list(children.get(unit_id, ()))
        while frontier:
            found.extend(frontier)
            frontier = [child for unit in frontier for child in children.get(unit, ())]
        return found

    def leaves(self, unit_id: int) -> list[int]:
        """The units of the part rooted at ``unit_id`` that nobody reports to (the unit itself
        when nobody does), in ``descendants``' order: what a roll-up sums. Read from the children
        map directly: a country's 3,476 units are walked in a millisecond, not ten."""
        key = ("leaves", unit_id)
        if key not in self._memo:
            children = self._children
            self._memo[key] = tuple(pk for pk in (unit_id, *self.descendants(unit_id)) if pk not in children)
        return list(self._memo[key])

    def remembered(self, key: Any, make: Any) -> Any:
        """``make()``, worked out once for this hierarchy (``make`` depends on its lines only)."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    def below_any(self, unit_ids: set[int]) -> set[int]:
        """The units reporting (directly or not) to any of ``unit_ids``."""
        return {unit for unit in self.parent_of if unit_ids.intersection(self.chain(unit))}


def lines_on_q(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


_reused: contextvars.ContextVar[dict[tuple[int, dt.date], Hierarchy] | None] = contextvars.ContextVar(
    "hierarchy_reused", default=None
)


@contextmanager
def reused() -> Iterator[None]:
    """Within the block, a set's hierarchy on a day is read once and reused: an import enters the
    values of thousands of units in one transaction that changes no reporting line, and each
    ``actuals_enter`` would otherwise read all the set's lines again (ADR 0038)."""
    token = _reused.set({})
    try:
        yield
    finally:
        _reused.reset(token)


# Across requests, per process: (set, its collecting unit and path, day, token) -> hierarchy.
_Key = tuple[int, int, str, dt.date, str]
_SHARED: generations.BoundedCache[_Key, Hierarchy] = generations.BoundedCache(64)


def clear_shared_cache() -> None:
    _SHARED.clear()


def _shared(indicator_set: IndicatorSet, day: dt.date) -> Hierarchy:
    """The lines on the day, from this process's cache when read under the current token. No
    token yet (no line ever written through the services): read every time."""
    token = generations.current(GENERATION)  # before the lines (core.generations)
    if not token:
        return _read(indicator_set, day)
    key = (indicator_set.pk, indicator_set.collecting_unit_id, indicator_set.collecting_path, day, token)
    found = _SHARED.get(key)
    if found is None:
        found = _read(indicator_set, day)
        _SHARED.put(key, found)
    return found


def hierarchy_on(indicator_set: IndicatorSet, day: dt.date) -> Hierarchy:
    known = _reused.get()
    if known is not None and (indicator_set.pk, day) in known:
        return known[(indicator_set.pk, day)]
    found = _shared(indicator_set, day)
    if known is not None:
        known[(indicator_set.pk, day)] = found
    return found


def hierarchy_moved(
    indicator_set: IndicatorSet, known_day: dt.date, day: dt.date, known: Hierarchy
) -> Hierarchy:
    """The hierarchy on ``day`` given the one on ``known_day``: the same when no line of the set
    starts or ends between the two days (one indexed probe instead of reading every line again:
    a year-on-year figure of a national set reads its 3,476 lines once)."""
    early, late = sorted((known_day, day))
    changed = ReportingLine.objects.filter(
        Q(valid_from__gt=early, valid_from__lte=late) | Q(valid_to__gte=early, valid_to__lt=late),
        indicator_set=indicator_set,
    ).exists()
    return hierarchy_on(indicator_set, day) if changed else known


# ``lines_on_q(day)`` of one set, through the cursor, put in the model's order (``Meta.ordering``)
# here: the figures API reads a national set's 3,476 lines every request, and the ORM's rows and
# the database's sort of them cost 6-7 ms where this costs 3. The paths are the tree's fixed-width
# steps of digits and capitals (``organisations``), ordered alike by Python and any collation.
_LINES = f"""
    SELECT unit_id, unit_path, reports_to_id, reports_to_path, valid_from FROM {ReportingLine._meta.db_table}
    WHERE indicator_set_id = %s AND valid_from <= %s AND (valid_to IS NULL OR valid_to >= %s)
"""  # noqa: S608  (the table's name only; every value is a parameter)


def _read(indicator_set: IndicatorSet, day: dt.date) -> Hierarchy:
    with connection.cursor() as cursor:
        cursor.execute(_LINES, [indicator_set.pk, day, day])
        rows = sorted(cursor.fetchall(), key=lambda row: (row[3], row[1], row[4]))
    parent_of: dict[int, int] = {}
    path_of: dict[int, str] = {indicator_set.collecting_unit_id: indicator_set.collecting_path}
    for unit_id, unit_path, parent_id, parent_path, _valid_from in rows:
        parent_of[unit_id] = parent_id
        path_of[unit_id] = unit_path
        path_of.setdefault(parent_id, parent_path)
    return Hierarchy(
        set_id=indicator_set.pk,
        collecting_id=indicator_set.collecting_unit_id,
        parent_of=parent_of,
        path_of=path_of,
    )
