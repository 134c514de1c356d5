"""The registry of accountability signals (issue 14 items 1 and 6; docs/adr/0051).

A signal counts records that point at a behaviour Directive 24-CT/TU asks to make measurable
(evasion, pushing work, irresponsibility, delay without reason). Each is a definition with a
finder: given a window (the period, the day it is read on, the units and people asked, the
thresholds in force), the finder returns its hits, one per record, each naming its unit and, when
it has one, its person. The drill-down lists the hits; the board needs only how many there are per
unit and person, which a signal may count in SQL with a *counter* built from the very same query
(``Counts``). A signal without a counter is counted from its finder's hits. Either way a figure and
its records never disagree (tested on random histories: ``test_signals_counts``).

Why a registry and not a fixed list: later apps (citizens' feedback) add their own signals by
calling ``register`` from their ``AppConfig.ready``, with their own thresholds file; the board,
the API and ``signals_for_person`` show every registered signal without knowing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "signals.yaml"


class Behaviour(models.TextChoices):
    """The behaviours the Directive names (its heading, not its appendix: the appendix's text is
    not in shared/, so no signal claims one of its items)."""

    EVASION = "evasion", _("Evasion of responsibility")
    PUSHING_WORK = "pushing_work", _("Pushing work onto others")
    IRRESPONSIBILITY = "irresponsibility", _("Irresponsibility in the work")
    DELAY = "delay", _("Delay without reason")


@dataclass(frozen=True)
class Window:
    """What a finder reads: hits of ``starts_on``…``ends_on`` as recorded by the end of
    ``ends_on`` (the period's last day, or today for a period not over). ``prefixes``: the unit
    subtrees asked (None: no unit limit, a person's own signals); ``person_ids``: the people asked
    (None: everyone of the units)."""

    starts_on: dt.date
    ends_on: dt.date
    prefixes: tuple[str, ...] | None
    person_ids: frozenset[int] | None
    params: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """One record behind a signal: its type and id (the access log's and the API's words), the
    unit it is counted for (that unit's path on the day), the person (None: a unit's record),
    the day it happened, the words the records list shows and the page it opens."""

    record_type: str
    record_id: int
    unit_path: str
    person_id: int | None
    day: dt.date
    label: str
    detail: str = ""
    link: str = ""


Finder = Callable[[Window], list[Hit]]
# How many hits per (unit path, person): what the board shows, without a Python object per record.
Counts = dict[tuple[str, int | None], int]
Counter = Callable[[Window], Counts]


def count_hits(hits: list[Hit]) -> Counts:
    counts: Counts = {}
    for hit in hits:
        key = (hit.unit_path, hit.person_id)
        counts[key] = counts.get(key, 0) + 1
    return counts


@dataclass(frozen=True)
class SignalDefinition:
    code: str
    behaviour: str
    label: str | Promise
    measures: str | Promise
    finder: Finder
    parameters: tuple[str, ...] = ()
    # False: counted for units only (an indicator's report is the unit's, not a person's).
    per_person: bool = True
    data_file: Path = DATA_FILE
    # The hits counted in the database, grouped by unit and person (None: counted from the finder).
    counter: Counter | None = None

    def counts(self, window: Window) -> Counts:
        return self.counter(window) if self.counter is not None else count_hits(self.finder(window))


_REGISTRY: dict[str, SignalDefinition] = {}


def register(definition: SignalDefinition) -> None:
    """Add a signal; a second definition under the same code is a mistake, refused."""
    existing = _REGISTRY.get(definition.code)
    if existing is not None and existing != definition:
        raise ValueError(f"A signal “{definition.code}” is registered already.")
    _REGISTRY[definition.code] = definition


def unregister(code: str) -> None:
    """For tests: remove a signal registered for the test."""
    _REGISTRY.pop(code, None)


def registered() -> list[SignalDefinition]:
    """Every signal, in the order registered (the board's columns)."""
    return list(_REGISTRY.values())


def definition_of(code: str) -> SignalDefinition | None:
    return _REGISTRY.get(code)


def behaviour_label(code: str) -> str:
    return str(Behaviour(code).label) if code in Behaviour.values else code
