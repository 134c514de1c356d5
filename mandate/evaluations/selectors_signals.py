"""The accountability signals as their readers see them (issue 14 items 1 and 7; docs/adr/0051):
a unit's board (per unit below it and per person), the records behind one figure, a person's
own signals, and ``signals_for_person`` for the other areas (the replacement proposals link to
it).

Every figure is the number of hits its signal finds for the window, and its records list is those
same hits, filtered the same way. The board asks each signal once for its counts per unit and
person (``SignalDefinition.counts``: grouped in SQL where the signal has a counter, from the same
query as its hits), a fixed number of queries whatever the number of units and people, and no
Python object per record; the records list runs the finder. A unit or person the reader may not read is 404
(``policy_signals``); every other person whose signals are shown goes to the access log.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from mandate.core import access_log
from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.evaluations import policy_signals, signals_indicators, signals_tasks
from mandate.evaluations.signals_registry import (
    Counts,
    Hit,
    SignalDefinition,
    Window,
    definition_of,
    registered,
)
from mandate.evaluations.signals_thresholds import Threshold, ThresholdVersion, version_on, versions_of
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import children_on, subtree_q
from mandate.people.models import Person, Position, User
from mandate.people.scopes import today
from mandate.people.selectors import valid_positions_q

# The built-in signals register on import (the task records' first, then the indicators').
BUILT_IN_MODULES = (signals_tasks, signals_indicators)
LONGEST_PERIOD_DAYS = 366 * 5


@dataclass(frozen=True)
class Column:
    definition: SignalDefinition
    threshold: Threshold
    version: ThresholdVersion

    @property
    def code(self) -> str:
        return self.definition.code


@dataclass
class Row:
    name: str
    counts: dict[str, int]
    noticed: list[str]
    unit: OrgUnit | None = None
    person: Person | None = None
    # The unit's own records, outside every unit below it.
    own: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class Board:
    unit: OrgUnit
    starts_on: dt.date
    ends_on: dt.date
    as_of: dt.date
    columns: list[Column]
    total: Row
    units: list[Row]
    people: list[Row]
    counts: dict[str, Counts] = field(default_factory=dict)


@dataclass
class Records:
    column: Column
    unit: OrgUnit | None
    person: Person | None
    starts_on: dt.date
    as_of: dt.date
    hits: list[Hit]

    @property
    def count(self) -> int:
        return len(self.hits)


@dataclass
class PersonSignals:
    person: Person
    starts_on: dt.date
    ends_on: dt.date
    as_of: dt.date
    columns: list[Column]
    hits: dict[str, list[Hit]]

    def count(self, code: str) -> int:
        return len(self.hits.get(code, []))


@dataclass(frozen=True)
class SignalCount:
    """One signal of one person for ``signals_for_person``: how many records, which, and whether
    the count reaches the threshold from which the board marks it."""

    code: str
    count: int
    record_type: str
    record_ids: tuple[int, ...]
    noticed: bool


def read_day(starts_on: dt.date, ends_on: dt.date) -> dt.date:
    """The day the figures are read on: the period's last day, or today for a period not over. A
    period that has not begun, or runs backwards or longer than five years, is refused."""
    if ends_on < starts_on:
        raise ApplicationError(fields={"to": [_("The last day comes before the first.")]})
    if (ends_on - starts_on).days > LONGEST_PERIOD_DAYS:
        raise ApplicationError(fields={"to": [_("A period of at most five years.")]})
    day = today()
    if starts_on > day:
        raise ApplicationError(fields={"from": [_("The period has not begun.")]})
    return min(ends_on, day)


def columns_on(day: dt.date) -> list[Column]:
    """Every registered signal with the thresholds in force on ``day``."""
    definitions = registered()
    columns = []
    for definition in definitions:
        version = version_on(versions_of(definition.data_file, definitions), day)
        columns.append(Column(definition, version.signals[definition.code], version))
    return columns


def _hits(
    columns: list[Column],
    starts_on: dt.date,
    as_of: dt.date,
    prefixes: tuple[str, ...] | None,
    person_ids: frozenset[int] | None,
) -> dict[str, list[Hit]]:
    found: dict[str, list[Hit]] = {}
    for column in columns:
        if person_ids is not None and not column.definition.per_person:
            found[column.code] = []
            continue
        window = Window(starts_on, as_of, prefixes, person_ids, column.threshold.params)
        found[column.code] = column.definition.finder(window)
    return found


def _counts(columns: list[Column], starts_on: dt.date, as_of: dt.date, prefix: str) -> dict[str, Counts]:
    return {
        c.code: c.definition.counts(Window(starts_on, as_of, (prefix,), None, c.threshold.params))
        for c in columns
    }


def unit_get_for_signals(*, actor: User | None, unit_id: int) -> OrgUnit:
    unit: OrgUnit | None = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None or not policy_signals.leads(actor, unit.path):
        raise NotFoundError()
    return unit


def _row(
    name: str,
    columns: list[Column],
    counts: dict[str, int],
    *,
    unit: OrgUnit | None = None,
    person: Person | None = None,
    own: bool = False,
) -> Row:
    full = {c.code: counts.get(c.code, 0) for c in columns}
    noticed = [c.code for c in columns if full[c.code] >= c.threshold.notice_from]
    return Row(name=name, counts=full, noticed=noticed, unit=unit, person=person, own=own)


def _people_of(unit: OrgUnit, day: dt.date, counts: dict[str, Counts]) -> list[Person]:
    """The people who work in the unit's subtree on the day, and those its records name."""
    named = {person_id for found in counts.values() for _path, person_id in found if person_id is not None}
    working = Position.objects.filter(valid_positions_q(day), subtree_q("unit__path", unit.path)).values(
        "person_id"
    )
    return list(Person.objects.filter(pk__in=named) | Person.objects.filter(pk__in=working))


def log_people(*, actor: User | None, person_ids: list[int], purpose: str) -> int:
    """The access log of the people whose signals the actor was shown, himself left out."""
    own = getattr(getattr(actor, "person", None), "pk", None) if actor is not None else None
    others = [pk for pk in person_ids if pk != own]
    return access_log.record_reads(actor=actor, record_type=Person, record_ids=others, purpose=purpose)


def unit_board(
    *, actor: User | None, unit_id: int, starts_on: dt.date, ends_on: dt.date, purpose: str
) -> Board:
    unit = unit_get_for_signals(actor=actor, unit_id=unit_id)
    as_of = read_day(starts_on, ends_on)
    columns = columns_on(as_of)
    counts = _counts(columns, starts_on, as_of, unit.path)
    children = list(children_on(unit=unit, day=as_of))
    by_unit: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_person: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for code, found in counts.items():
        for (path, person_id), n in found.items():
            child = next((c.pk for c in children if path.startswith(c.path)), None)
            by_unit[child][code] += n
            by_person[person_id][code] += n
    units = [_row(unit.name, columns, by_unit[None], unit=unit, own=True)]
    units += [_row(child.name, columns, by_unit[child.pk], unit=child) for child in children]
    people = sorted(_people_of(unit, as_of, counts), key=lambda p: (p.full_name, p.pk))
    person_rows = [_row(p.full_name, columns, by_person[p.pk], person=p) for p in people]
    log_people(actor=actor, person_ids=[p.pk for p in people], purpose=purpose)
    total = _row(unit.name, columns, {code: sum(found.values()) for code, found in counts.items()}, unit=unit)
    return Board(unit, starts_on, ends_on, as_of, columns, total, units, person_rows, counts)


def column_of(code: str, day: dt.date) -> Column:
    definition = definition_of(code)
    if definition is None:
        raise ApplicationError(fields={"signal": [_("Not a signal: %(code)s.") % {"code": code[:60]}]})
    return next(c for c in columns_on(day) if c.code == code)


def unit_records(
    *,
    actor: User | None,
    unit_id: int,
    code: str,
    starts_on: dt.date,
    ends_on: dt.date,
    person_id: int | None = None,
    own: bool = False,
    purpose: str,
) -> Records:
    """The records behind one figure of a board: the signal's hits in the unit's subtree (``own``:
    outside every unit below it), of one person if asked — the filter of the figure's cell."""
    unit = unit_get_for_signals(actor=actor, unit_id=unit_id)
    as_of = read_day(starts_on, ends_on)
    column = column_of(code, as_of)
    person = None
    if person_id is not None:
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise NotFoundError()
    hits = _hits([column], starts_on, as_of, (unit.path,), None)[code]
    if own:
        children = [child.path for child in children_on(unit=unit, day=as_of)]
        hits = [h for h in hits if not any(h.unit_path.startswith(path) for path in children)]
    if person is not None:
        hits = [h for h in hits if h.person_id == person.pk]
        log_people(actor=actor, person_ids=[person.pk], purpose=purpose)
    return Records(column, unit, person, starts_on, as_of, hits)


def person_get_for_signals(*, actor: User | None, person_id: int) -> Person:
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not policy_signals.may_read_person(actor, person):
        raise NotFoundError()
    return person


def person_signals(
    *, actor: User | None, person_id: int, starts_on: dt.date, ends_on: dt.date, purpose: str
) -> PersonSignals:
    """A person's signals: all of his own to himself; to a leader, those in the units he leads."""
    person = person_get_for_signals(actor=actor, person_id=person_id)
    as_of = read_day(starts_on, ends_on)
    columns = [c for c in columns_on(as_of) if c.definition.per_person]
    prefixes = None if policy_signals.is_self(actor, person) else policy_signals.led_prefixes(actor)
    hits = _hits(columns, starts_on, as_of, prefixes, frozenset({person.pk}))
    log_people(actor=actor, person_ids=[person.pk], purpose=purpose)
    return PersonSignals(person, starts_on, ends_on, as_of, columns, hits)


def signals_for_person(
    actor: User | None,
    person: Person | int,
    period: object,
    *,
    purpose: str = "evaluations.signals_for_person",
) -> dict[str, SignalCount]:
    """For the other areas (a replacement proposal's grounds): the person's signals over
    ``period`` (anything with ``starts_on`` and ``ends_on``: a ``PeriodSpan``, a ``Period``), each
    with its record ids; 404 when the actor may not read them, logged when they are another's."""
    person_id = person if isinstance(person, int) else person.pk
    starts_on: dt.date = period.starts_on  # type: ignore[attr-defined]
    ends_on: dt.date = period.ends_on  # type: ignore[attr-defined]
    found = person_signals(
        actor=actor, person_id=person_id, starts_on=starts_on, ends_on=ends_on, purpose=purpose
    )
    return {
        c.code: SignalCount(
            code=c.code,
            count=found.count(c.code),
            record_type=found.hits[c.code][0].record_type if found.hits[c.code] else "",
            record_ids=tuple(h.record_id for h in found.hits[c.code]),
            noticed=found.count(c.code) >= c.threshold.notice_from,
        )
        for c in found.columns
    }
