"""The demo city's records by the keys of its data files, and where a loader writes its progress.

Why a separate module: the city's loader, the tasks' replay and the living office all need these,
and none of them may import another in a circle. ``find_city`` finds a loaded city's records
again from the data files alone (the tree has no key column: a unit is its name under its
parent), so that ``make demo`` can bring a city loaded days ago up to today.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from mandate.dev.schemas import DemoData
from mandate.documents.models import Document
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person

__all__ = ["DemoCity", "DemoTasks", "Writer", "find_city"]


class Writer(Protocol):
    """Where progress goes: a text stream, or a management command's ``self.stdout``."""

    def write(self, s: str, /) -> object: ...


@dataclass(frozen=True)
class DemoTasks:
    """What the tests and the ``demo`` command need to find the demo's tasks again."""

    tasks: Mapping[str, int]  # spec key ("06/Ctr-TU#3", "live.vhtt.overdue"...) -> Task id
    top_level: int
    subtasks: int
    swept: Mapping[str, int]  # what the sweep on the load day touched, per step

    def summary(self) -> str:
        swept = ", ".join(f"{name} {count}" for name, count in self.swept.items())
        return f"Tasks: {self.top_level} top-level and {self.subtasks} subtasks; sweep: {swept}"


@dataclass(frozen=True)
class DemoCity:
    """What a test or the ``demo`` command needs to find the demo's records again."""

    units: Mapping[str, int]  # unit key (units.csv, city.yaml) -> OrgUnit id
    documents: Mapping[str, int]  # symbol as registered -> Document id
    people: Mapping[str, int]  # full name -> Person id
    usernames: tuple[str, ...]
    tasks: DemoTasks | None = None  # part 2 (mandate.dev.demo_tasks), once loaded
    person_keys: Mapping[str, int] | None = None  # person key (people.yaml) -> Person id


def find_city(data: DemoData) -> DemoCity:
    """The loaded city's records, found by their names under their parents (units), symbols
    and issuers (documents) and full names (people)."""
    by_place: dict[tuple[str, str], OrgUnit] = {}
    for unit in OrgUnit.objects.order_by("path"):
        by_place.setdefault((unit.path[: -OrgUnit.steplen], unit.name), unit)
    units: dict[str, OrgUnit] = {}
    for row in data.units:
        parent = units[row["parent"]].path if row["parent"] else ""
        units[row["key"]] = by_place[(parent, row["name"])]
    for merge in data.city["reorganisation"]["merges"]:
        successor = merge["successor"]
        units[successor["key"]] = by_place[(units[merge["parent"]].path, successor["name"])]
    documents: dict[str, int] = {}
    for row in [*data.documents, *data.living["documents"]]:
        found = Document.objects.filter(symbol=row["symbol"], issuing_unit=units[row["issuer"]]).first()
        if found is not None:
            documents[row["symbol"]] = found.pk
    names = {p["key"]: p["full_name"] for group in data.people.values() for p in group}
    people = dict(Person.objects.filter(full_name__in=names.values()).values_list("full_name", "pk"))
    return DemoCity(
        units={key: unit.pk for key, unit in units.items()},
        documents=documents,
        people=people,
        usernames=tuple(account["key"] for account in data.people["accounts"]),
        person_keys={key: people[name] for key, name in names.items() if name in people},
    )
