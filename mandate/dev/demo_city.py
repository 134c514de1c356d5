"""The demo city, part 1: Hanoi's organisation tree, its 2025 reorganisation, the people the seeds
name, the demo accounts and the documents the seeds cite — read from ``mandate/dev/data/`` and
entered through the services.

Why only through the services: the demo is also the first real use of them. Every unit, person,
position and document is written by the same functions the API and the pages call, with
``actor=None`` (the system), so the audit trail of a fresh demo is complete and verifiable, and a
rule the services enforce (a unit cannot be retired while it has living children, a symbol must fit
its document type) is enforced on the demo data too.

What is real and what is chosen is said at the top of each data file and in
docs/adr/0024-demo-as-data.md: the units and their names, the people and positions the seeds
give, the documents' symbols, issuers and the dates the seeds give are real; the other dates, the
sample of communes, the accounts (marked "(demo)") and the subjects the seeds do not give are
chosen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from mandate.dev.datafiles import Row
from mandate.dev.demo_evaluations import load_demo_evaluations
from mandate.dev.demo_indicators import load_demo_indicators
from mandate.dev.demo_inspections import OWNER_KEY, load_demo_inspections, load_reference_data
from mandate.dev.demo_rankings import load_demo_rankings
from mandate.dev.demo_rotation import load_demo_rotation
from mandate.dev.demo_tasks import load_demo_tasks
from mandate.dev.records import DemoCity, Writer
from mandate.dev.registry import register_documents
from mandate.dev.schemas import DemoData, demo_data
from mandate.documents.models import Document
from mandate.evaluations.rule_sets_load import annual_rule_sets_load
from mandate.organisations import services as unit_services
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import unit_list
from mandate.people import services as people_services
from mandate.people.models import Person, Position, User

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DemoAccount",
    "DemoCity",
    "demo_loaded",
    "load_demo_city",
]

DEMO_PASSWORD = "mandate-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    who: str  # Vietnamese, as the README and the ``demo`` command list it
    who_en: str


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = tuple(
    DemoAccount(row["key"], row["full_name"], row["who"], row["who_en"])
    for row in demo_data().people["accounts"]
)


class _Loader:
    """One run of the loader: the units, people and documents made so far, by key."""

    def __init__(self, data: DemoData, out: Writer | None) -> None:
        self.data = data
        self.out = out
        self.reform = data.city["reorganisation"]
        self.units: dict[str, OrgUnit] = {}
        self.documents: dict[str, Document] = {}
        self.people: dict[str, Person] = {}  # by person key
        self.positions: dict[tuple[str, str], Position] = {}  # (person key, unit key) -> position
        self.users: dict[str, User] = {}
        self.new_units = {merge["successor"]["key"] for merge in self.reform["merges"]}

    def say(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message + "\n")

    # --- units ------------------------------------------------------------------------------

    def create_tree(self) -> None:
        """Create every unit of units.csv, each parent before its children (the file's order)."""
        roots: dict[str, dt.date] = {root["unit"]: root["valid_from"] for root in self.data.city["roots"]}
        valid_from: dict[str, dt.date] = {}
        for row in self.data.units:
            start = roots[row["key"]] if not row["parent"] else valid_from[row["parent"]]
            valid_from[row["key"]] = start
            self.units[row["key"]] = self.create(
                row, None if not row["parent"] else self.units[row["parent"]], start
            )

    def create(self, row: Row, parent: OrgUnit | None, valid_from: dt.date) -> OrgUnit:
        return unit_services.unit_create(
            actor=None,
            parent=parent,
            name=row["name"],
            name_en=row["name_en"],
            code=row["code"],
            kind=row["kind"],
            level=row["level"],
            valid_from=valid_from,
        )

    def retire_below(self, unit: OrgUnit) -> None:
        """Retire everything still living under ``unit``, deepest first.

        Why deepest first: ``unit_retire`` refuses a unit that still has living units under it. These
        units end without successors.
        """
        living = (
            unit_list(on=self.reform["effective_on"], within=unit)
            .exclude(pk=unit.pk)
            .order_by("-depth", "path")
        )
        for child in living:
            unit_services.unit_retire(
                actor=None, unit=child, last_day=self.reform["last_day"], reason=self.reform["retire_reason"]
            )

    def reorganise(self) -> None:
        """The reform of 1 Jul 2025, with the order the services need.

        ``unit_merge`` retires its sources and creates the successor in one step, and refuses to
        retire a unit that still has living units under it. A new commune area and its bodies form
        a cycle: the new bodies need their new area as parent, and the old areas can end only after
        their bodies have been merged away. So a merge whose successor is the parent of other
        merges (a new commune area) is done in three steps: the area is created first, the merges of
        the bodies under it run, and then the old areas are merged into it (``unit_merge_into``).
        """
        merges, reform = self.reform["merges"], self.reform
        parents = {merge["parent"] for merge in merges}
        containers = [merge for merge in merges if merge["successor"]["key"] in parents]
        for merge in containers:
            successor = merge["successor"]
            self.units[successor["key"]] = self.create(
                successor, self.units[merge["parent"]], reform["effective_on"]
            )
        others = [merge for merge in merges if merge not in containers]
        for merge in sorted(
            others, key=lambda m: max(int(self.units[k].depth) for k in m["sources"]), reverse=True
        ):
            successor = merge["successor"]
            self.units[successor["key"]] = unit_services.unit_merge(
                actor=None,
                sources=[self.units[key] for key in merge["sources"]],
                parent=self.units[merge["parent"]],
                name=successor["name"],
                name_en=successor["name_en"],
                code=successor["code"],
                kind=successor["kind"],
                level=successor["level"],
                effective_on=reform["effective_on"],
                reason=reform["merge_reason"],
            )
        for merge in containers:
            sources = [self.units[key] for key in merge["sources"]]
            for source in sources:
                self.retire_below(source)
            unit_services.unit_merge_into(
                actor=None,
                sources=sources,
                successor=self.units[merge["successor"]["key"]],
                reason=reform["merge_reason"],
            )
        successors = {row["district"]: row["successors"] for row in reform["district_successors"]}
        for district in self.districts():
            unit = self.units[district]
            self.retire_below(unit)
            unit_services.unit_retire(
                actor=None,
                unit=unit,
                last_day=reform["last_day"],
                reason=reform["retire_reason"],
                successors=[self.units[key] for key in successors.get(district, ())],
            )

    def districts(self) -> list[str]:
        """The districts of 2023: the units of level district directly under ``districts_under``."""
        under = self.reform["districts_under"]
        return [
            row["key"] for row in self.data.units if row["parent"] == under and row["level"] == "district"
        ]

    def party_terms(self) -> None:
        # Party symbols are unique per issuer and term, so these dates decide where 24-CT/TU or
        # 47-KH/ĐU could be numbered again.
        for term in self.data.city["party_terms"]:
            unit_services.party_term_record(
                actor=None,
                unit=self.units[term["unit"]],
                name=term["name"],
                starts_on=term["starts_on"],
                ends_on=term["ends_on"],
            )

    # --- people -----------------------------------------------------------------------------

    def assign(self, person_key: str, held: Row) -> Position:
        behalf = held["on_behalf_of"]
        position = people_services.position_assign(
            actor=None,
            person=self.people[person_key],
            unit=self.units[held["unit"]],
            title=held["title"],
            title_en=held["title_en"],
            role=held["role"],
            valid_from=held["from"],
            valid_to=held["to"],
            scope_unit=None if held["scope"] is None else self.units[held["scope"]],
            kind=held["kind"],
            is_head=held["head"],
            is_deputy=held["deputy"],
            on_behalf_of=None if behalf is None else self.positions[(behalf["person"], behalf["unit"])],
            acts_for=None if held["acts_for"] is None else self.units[held["acts_for"]],
            acts_for_basis=held["acts_for_basis"],
        )
        self.positions[(person_key, held["unit"])] = position
        return position

    def people_of(self, group: str, *, after_reform: bool) -> None:
        """The people of a group of people.yaml, with their positions before or after the reform
        (a position in a unit the reform creates is given once the unit exists)."""
        for row in self.data.people[group]:
            if row["key"] not in self.people:
                user = None
                if group == "accounts":
                    user = people_services.user_create(
                        actor=None, username=row["key"], password=DEMO_PASSWORD, is_superuser=row["superuser"]
                    )
                    self.users[row["key"]] = user
                self.people[row["key"]] = people_services.person_create(
                    actor=None, full_name=row["full_name"], user=user
                )
            for held in row["positions"]:
                if (held["unit"] in self.new_units) == after_reform:
                    self.assign(row["key"], held)

    def result(self) -> DemoCity:
        return DemoCity(
            units={key: unit.pk for key, unit in self.units.items()},
            documents={symbol: document.pk for symbol, document in self.documents.items()},
            people={person.full_name: person.pk for person in self.people.values()},
            usernames=tuple(account.username for account in DEMO_ACCOUNTS),
            person_keys={key: person.pk for key, person in self.people.items()},
        )


def demo_loaded() -> bool:
    """Whether the demo city is already in the database (its root unit exists)."""
    root = next(row for row in demo_data().units if row["key"] == "ha_noi")
    return bool(OrgUnit.objects.filter(name=root["name"], depth=1).exists())


def load_demo_city(*, stdout: Writer | None = None, today: dt.date | None = None) -> DemoCity:
    """Build the demo city in an empty database, all or nothing, through the services; its living
    office is played up to ``today`` (by default, today)."""
    data = demo_data()
    loader = _Loader(data, stdout)
    with transaction.atomic():
        loader.create_tree()
        loader.say(f"Units of 2023: {len(loader.units)}")
        loader.party_terms()
        for group in ("seed_people", "accounts", "others"):
            loader.people_of(group, after_reform=False)
        loader.say(f"People and accounts: {len(loader.people)}")
        register_documents(
            data.documents, units=loader.units, documents=loader.documents, today=HISTORY_START
        )
        loader.say(f"Documents: {len(loader.documents)}")
        for loaded in load_reference_data(owner=loader.units[OWNER_KEY]):
            loader.say(f"Inspection reference data: {loaded}")
        loader.reorganise()
        loader.people_of("accounts", after_reform=True)
        reform = loader.reform
        loader.say(
            f"Reorganisation of {reform['effective_on']:%d/%m/%Y}: {len(loader.districts())} districts "
            f"ended, {len(reform['merges'])} merges"
        )
        city = loader.result()
        # Part 2, in the same transaction: the tasks, and the living office up to today.
        # Part 3, the indicators, targets, reports and stated figures of 2022-2024 (ADR 0035), is
        # played first: its notices are years old and are read with the tasks' history.
        load_demo_indicators(city=city, stdout=stdout, data=data)
        tasks = load_demo_tasks(city=city, today=today or timezone.localdate(), stdout=stdout, data=data)
        # Part 4, the inspections (issue 12, item 9): after the tasks, which seed 002's
        # recommendations are.
        load_demo_inspections(city=replace(city, tasks=tasks), stdout=stdout, data=data)
        # Part 5, the monthly evaluations of 2023 (issue 14, item 9): after the tasks, whose
        # records give each official's task part.
        load_demo_evaluations(city=city, stdout=stdout, data=data)
        # Part 5 (issue 14, item 9): the rotation of sensitive positions, with synthetic holders.
        load_demo_rotation(units=city.units, today=today or timezone.localdate(), stdout=stdout)
        # Part 5, the rankings of the departments (issue 14, item 9).
        load_demo_rankings(city=city, stdout=stdout)
        # Part 5, the annual classification's rule sets in force (issue 14, item 3; ADR 0053).
        annual_rule_sets_load(actor=None)
    return replace(city, tasks=tasks)


# The seeds' documents carry dates, never offsets; any day will do to read them.
HISTORY_START = dt.date(2000, 1, 1)
