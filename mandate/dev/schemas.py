"""What each data file of the demo city holds (``mandate/dev/data/``), and the checks across them.

One schema per file (or per pattern of files): the fields, their types, the keys a file defines
(``Key``: a unit, a person, a document, a task) and those it refers to (``Ref``). The reading and
the line numbers are ``mandate.dev.datafiles``; the checks that need more than one record (a
unit's parent comes before it, a task's steps are in date order) are here. ``demo_data()`` reads
and checks everything once per process.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mandate.dev.datafiles import (
    Choice,
    DataError,
    Day,
    Flag,
    Integer,
    Key,
    ListOf,
    Nullable,
    Offset,
    Record,
    Ref,
    Row,
    Text,
    Variant,
    Where,
    load_files,
)
from mandate.dev.evaluation_schemas import MONTHLY_FILE
from mandate.dev.indicator_schemas import INDICATORS_FILE
from mandate.dev.inspection_schemas import INSPECTIONS_FILE
from mandate.dev.ranking_schemas import RANKINGS_FILE
from mandate.dev.rotation_schemas import ROTATION_FILE
from mandate.documents.catalogue import DOCUMENT_TYPES
from mandate.organisations.enums import UnitKind, UnitLevel
from mandate.people.enums import PositionKind, Role
from mandate.tasks.enums import Urgency

__all__ = ["DATA_DIR", "SCHEMAS", "DemoData", "demo_data", "read_demo_data"]

DATA_DIR = Path(__file__).resolve().parent / "data"

TEXT, BLANK = Text(), Text(blank=True)
UNIT, PERSON, ACCOUNT, DOCUMENT, TASK = (
    Ref("unit"),
    Ref("person"),
    Ref("account"),
    Ref("document"),
    Ref("task"),
)
DAY, WHEN = Day(), Day(offsets=True)
KIND = Choice(frozenset(UnitKind.values), "unit kind")
LEVEL = Choice(frozenset(UnitLevel.values), "unit level")


class _ParentRef(Ref):
    """A unit's parent: blank for a root, otherwise a unit key."""

    def convert(self, node: Any, ctx: Any) -> str:
        if isinstance(node.value, str) and not node.value.strip():
            return ""
        return super().convert(node, ctx)


UNIT_ROW = Record(
    {
        "key": Key("unit"),
        "parent": _ParentRef("unit"),
        "name": TEXT,
        "name_en": TEXT,
        "code": BLANK,
        "kind": KIND,
        "level": LEVEL,
    }
)

NEW_UNIT = Record(
    {"key": Key("unit"), "name": TEXT, "name_en": TEXT, "code": BLANK, "kind": KIND, "level": LEVEL}
)

CITY = Record(
    {
        "roots": ListOf(Record({"unit": UNIT, "valid_from": DAY})),
        "party_terms": ListOf(
            Record({"unit": UNIT, "name": TEXT, "starts_on": DAY, "ends_on": Nullable(DAY)})
        ),
        "reorganisation": Record(
            {
                "effective_on": DAY,
                "last_day": DAY,
                "merge_reason": TEXT,
                "retire_reason": TEXT,
                "districts_under": UNIT,
                "merges": ListOf(Record({"successor": NEW_UNIT, "parent": UNIT, "sources": ListOf(UNIT)})),
                "district_successors": ListOf(Record({"district": UNIT, "successors": ListOf(UNIT)})),
            }
        ),
    }
)


def _basis_with_delegation(row: Row) -> str | None:
    if row["acts_for"] and not row["acts_for_basis"]:
        return "a position that acts for another unit names its basis (acts_for_basis)"
    return None


POSITION = Record(
    {
        "unit": UNIT,
        "title": TEXT,
        "title_en": TEXT,
        "role": Choice(frozenset(Role.values), "role"),
        "from": DAY,
    },
    {
        "to": (Nullable(DAY), None),
        "head": (Flag(), False),
        "deputy": (Flag(), False),
        "scope": (UNIT, None),
        "acts_for": (UNIT, None),
        "acts_for_basis": (TEXT, ""),
        "kind": (Choice(frozenset(PositionKind.values), "position kind"), PositionKind.REGULAR),
        "on_behalf_of": (Record({"person": PERSON, "unit": UNIT}), None),
    },
    checks=[_basis_with_delegation],
)


def _person(key: Key, extra: dict[str, Any]) -> Record:
    return Record({"key": key, "full_name": TEXT, "positions": ListOf(POSITION)}, extra)


class _AccountKey(Key):
    """An account's username names both an account and a person."""

    def convert(self, node: Any, ctx: Any) -> str:
        text = super().convert(node, ctx)
        ctx.define("person", text, ctx.where(node))
        return text


PEOPLE = Record(
    {
        "accounts": ListOf(
            _person(
                _AccountKey("account"),
                {"who": (TEXT, ""), "who_en": (TEXT, ""), "superuser": (Flag(), False)},
            )
        ),
        "seed_people": ListOf(_person(Key("person"), {})),
        "others": ListOf(_person(Key("person"), {})),
    }
)

DOCUMENT_ROW = Record(
    {
        "symbol": Key("document"),
        "type": Choice(frozenset(spec.slug for spec in DOCUMENT_TYPES), "document type"),
        "issuer": UNIT,
        "issued_on": WHEN,
        "title": TEXT,
    },
    {
        "summary": (TEXT, ""),
        "recipients": (ListOf(UNIT), []),
        "recipients_of_level": (Record({"under": UNIT, "kind": KIND, "level": LEVEL}), None),
        "recipients_text": (TEXT, ""),
        "public": (Flag(), False),
        "implements": (ListOf(DOCUMENT), []),
    },
)

DOCUMENTS = Record({"documents": ListOf(DOCUMENT_ROW)})

ACTORS = Record(
    {
        "data_entry": ACCOUNT,
        "lead": ListOf(Record({"unit": UNIT, "reports": ACCOUNT, "leader": ACCOUNT})),
        "assigner": ListOf(
            Record({"unit": UNIT, "assigns": Nullable(ACCOUNT), "decides": Nullable(ACCOUNT)})
        ),
    }
)

# --- tasks ------------------------------------------------------------------------------------

PERCENT = Integer(0, 100)
_DONE = {"result": (TEXT, ""), "product_document": (DOCUMENT, None), "product_file": (TEXT, "")}
STEP = Variant(
    {
        "progress": Record({"progress": WHEN, "percent": PERCENT}, {"text": (TEXT, "")}),
        "done": Record({"done": WHEN}, _DONE),
        "accept": Record({"accept": WHEN}),
        "closed": Record({"closed": WHEN, "accepted": WHEN}, _DONE),
        "extension": Record(
            {"extension": WHEN, "until": WHEN, "reason": TEXT},
            {"decided_on": (WHEN, None), "approve": (Flag(), False), "note": (TEXT, "")},
        ),
        "return": Record({"return": WHEN, "reason": TEXT}),
        "reassign": Record({"reassign": WHEN, "unit": UNIT}, {"person": (PERSON, None)}),
        "rework": Record({"rework": WHEN, "reason": TEXT}),
        "reopen": Record({"reopen": WHEN, "reason": TEXT}),
        "cancel": Record({"cancel": WHEN, "reason": TEXT}),
        "chase": Record({"chase": WHEN, "text": TEXT}),
    }
)
STEP_DAYS = ("progress", "done", "accept", "closed", "accepted", "extension", "decided_on", "return",
             "reassign", "rework", "reopen", "cancel", "chase")  # fmt: skip


def step_days(step: Row) -> list[dt.date | Offset]:
    """The days of a step, in their order (a closed step: done, then accepted)."""
    return [step[name] for name in STEP_DAYS if step.get(name) is not None]


def _comparable(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a is not None


def _in_order(first: Any, steps: list[Row], deadline: Any = None) -> str | None:
    """Steps follow each other, after ``first`` (the assignment)."""
    previous = first
    for step in steps:
        for day in step_days(step):
            if _comparable(previous, day) and _key(day) < _key(previous):
                return f"a step on {_show(day)} comes before {_show(previous)} (line {step.where.line})"
            previous = day
    if _comparable(first, deadline) and _key(deadline) < _key(first):
        return f"the deadline {_show(deadline)} comes before the assignment {_show(first)}"
    return None


def _key(day: dt.date | Offset) -> Any:
    return day.days if isinstance(day, Offset) else day


def _show(day: dt.date | Offset) -> str:
    return f"{day.days:+d} days" if isinstance(day, Offset) else day.isoformat()


TASK_ROW = Record(
    {
        "key": Key("task"),
        "document": DOCUMENT,
        "assigner": UNIT,
        "lead": UNIT,
        "content": TEXT,
        "assigned_on": WHEN,
        "deadline": Nullable(WHEN),
    },
    {
        "lead_person": (PERSON, None),
        "ordinal": (TEXT, ""),
        "parent": (TASK, None),
        "coordinating": (ListOf(UNIT), []),
        "expected_product": (TEXT, ""),
        "authority": (TEXT, ""),
        "urgency": (Choice(frozenset(Urgency.values), "urgency"), Urgency.NORMAL),
        "steps": (ListOf(STEP), []),
    },
    checks=[lambda row: _in_order(row["assigned_on"], row["steps"], row["deadline"])],
)

GROUP_ROW = Record(
    {"ordinal": TEXT, "content": TEXT, "deadline": DAY},
    {
        "lead": (UNIT, None),
        "assigner": (UNIT, None),
        "lead_person": (PERSON, None),
        "coordinating": (ListOf(UNIT), []),
        "expected_product": (TEXT, ""),
        "steps": (ListOf(STEP), []),
    },
)


def _group_keys(group: Row) -> Iterator[tuple[str, str, Where]]:
    for row in group["rows"]:
        yield "task", f"{group['document']}#{row['ordinal']}", row.where


def _group_order(group: Row) -> str | None:
    for row in group["rows"]:
        message = _in_order(group["assigned_on"], row["steps"], row["deadline"])
        if message:
            return f"row {row['ordinal']}: {message}"
    return None


GROUP = Record(
    {"document": DOCUMENT, "assigner": UNIT, "lead": UNIT, "assigned_on": DAY, "rows": ListOf(GROUP_ROW)},
    {"lead_person": (PERSON, None), "report_on": (DAY, None), "authority": (TEXT, "")},
    defines=_group_keys,
    checks=[_group_order],
)

REPORT_STEP = Variant({"progress": STEP.records["progress"]})
SET_UNIT = Record(
    {"unit": UNIT},
    {
        "lead_person": (PERSON, None),
        "assigned_on": (DAY, None),
        "reports": (ListOf(REPORT_STEP), None),
        "cancel": (DAY, None),
        "reason": (TEXT, ""),
    },
)


def _set_keys(regular: Row) -> Iterator[tuple[str, str, Where]]:
    for unit in regular["units"]:
        for index in range(1, len(regular["tasks"]) + 1):
            yield "task", f"{regular['document']}#{index}@{unit['unit']}", unit.where


REGULAR_SET = Record(
    {
        "document": DOCUMENT,
        "assigner": UNIT,
        "assigned_on": DAY,
        "tasks": ListOf(TEXT),
        "reports": ListOf(REPORT_STEP),
        "units": ListOf(SET_UNIT),
    },
    defines=_set_keys,
)

TASKS = Record(
    {},
    {
        "groups": (ListOf(GROUP), []),
        "regular_sets": (ListOf(REGULAR_SET), []),
        "tasks": (ListOf(TASK_ROW), []),
        "reports": (ListOf(Record({"task": TASK, "step": STEP})), []),
    },
)

# --- the living office (mandate/dev/living.py) ------------------------------------------------------

STREAM = Record(
    {
        "key": TEXT,
        "document": DOCUMENT,
        "assigner": UNIT,
        "every": Integer(1, 20),
        "window": Integer(7, 400),
        "working_days": ListOf(Integer(2, 60)),
        "leads": ListOf(Record({"unit": UNIT}, {"person": (PERSON, None)})),
        "contents": ListOf(TEXT),
    },
    {"phase": (Integer(0, 19), 0), "expected_product": (TEXT, "")},
    checks=[
        lambda row: None if len(row["working_days"]) == 2 else "working_days is [fewest, most]",
        lambda row: None if row["leads"] and row["contents"] else "a stream needs leads and contents",
    ],
)

LIVING = Record({"documents": ListOf(DOCUMENT_ROW), "streams": ListOf(STREAM)})

SCHEMAS = {
    "units.csv": ListOf(UNIT_ROW),
    "city.yaml": CITY,
    "people.yaml": PEOPLE,
    "documents.yaml": DOCUMENTS,
    "actors.yaml": ACTORS,
    "living.yaml": LIVING,
    "live.yaml": TASKS,
    "tasks/*.yaml": TASKS,
    "indicators.yaml": INDICATORS_FILE,
    "inspections.yaml": INSPECTIONS_FILE,
    "evaluations_monthly.yaml": MONTHLY_FILE,
    "rotation.yaml": ROTATION_FILE,  # part 5 (issue 14): read by demo_rotation.py
    "rankings.yaml": RANKINGS_FILE,
}
SINGLE_FILES = (
    "units.csv", "city.yaml", "people.yaml", "documents.yaml", "actors.yaml", "living.yaml", "live.yaml",
    "indicators.yaml", "inspections.yaml", "evaluations_monthly.yaml", "rankings.yaml",
)  # fmt: skip


@dataclass(frozen=True)
class DemoData:
    """The checked contents of the data files."""

    units: list[Row]  # in file order: each parent before its children
    city: Row
    people: Row
    documents: list[Row]
    actors: Row
    living: Row
    live: Row  # tasks whose days count from the load day
    tasks: dict[str, Row]  # the recorded history, by file name ("tasks/spread.yaml"), in name order
    indicators: Row  # part 3: indicators, sets, targets, reports, statements (indicator_schemas)
    inspections: Row  # part 4: inspecting bodies, plans, inspections (inspection_schemas)
    monthly: Row  # part 5: the monthly evaluations of 2023 (evaluation_schemas)
    rankings: Row  # part 5: the departments' ranking, an example (ranking_schemas)


def _tree_order(units: list[Row], city: Row) -> Iterable[tuple[Where, str]]:
    """Each parent comes before its children, and each root has its first day in city.yaml."""
    roots = {root["unit"] for root in city["roots"]}
    seen: set[str] = set()
    for row in units:
        if row["parent"] and row["parent"] not in seen:
            yield row.where, f"the parent {row['parent']!r} must come before its children"
        if not row["parent"] and row["key"] not in roots:
            yield row.where, f"the root {row['key']!r} has no valid_from in city.yaml (roots)"
        seen.add(row["key"])


def read_demo_data(root: Path = DATA_DIR) -> DemoData:
    """Read and check every data file under ``root``; raise ``DataError`` naming file and line."""
    files = load_files(root, SCHEMAS, required=SINGLE_FILES)
    problems = list(_tree_order(files["units.csv"], files["city.yaml"]))
    if problems:
        raise DataError(problems)
    return DemoData(
        units=files["units.csv"],
        city=files["city.yaml"],
        people=files["people.yaml"],
        documents=files["documents.yaml"]["documents"],
        actors=files["actors.yaml"],
        living=files["living.yaml"],
        live=files["live.yaml"],
        tasks={name: value for name, value in sorted(files.items()) if name.startswith("tasks/")},
        indicators=files["indicators.yaml"],
        inspections=files["inspections.yaml"],
        monthly=files["evaluations_monthly.yaml"],
        rankings=files["rankings.yaml"],
    )


@cache
def demo_data() -> DemoData:
    """The demo's data, read and checked once per process."""
    return read_demo_data()
