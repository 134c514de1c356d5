"""The rotation of sensitive positions in the demo (issue 14, item 9; ADR 0055): the example
sectors, three sensitive posts of the Department of Culture and Sports, their synthetic holders
(some due, one deferred) read from ``data/rotation.yaml`` by a validating loader, played through
the services only (people, then evaluations). A second run changes nothing.

The file is checked whole before anything is written: an unknown field, a unit or post not
declared, a reason not in the decree's list, a month count that is not a whole number, each is
refused with the file and line (``DataError``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from mandate.dev.datafiles import DataError, Where
from mandate.dev.records import Writer
from mandate.evaluations.models import RotationSector, SensitivePost
from mandate.evaluations.models.rotation import DeferralReason
from mandate.evaluations.selectors_rotation import add_months
from mandate.evaluations.services import rotation as services
from mandate.organisations.models import OrgUnit
from mandate.people import services as people_services
from mandate.people.models import Person

FILE = Path(__file__).resolve().parent / "data" / "rotation.yaml"
FIELDS = {
    "posts": ({"unit", "title", "title_en", "sector"}, {"title_en"}),
    "holders": ({"full_name", "unit", "title", "months_ago"}, set()),
    "deferrals": ({"full_name", "unit", "title", "reason", "from_months_ago", "months_ahead", "note"}, set()),
}
NUMBERS = {"months_ago", "from_months_ago", "months_ahead"}


def _value(node: yaml.Node) -> Any:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def read(
    path: Path = FILE, *, units: Mapping[str, int], sectors: set[str]
) -> dict[str, list[dict[str, Any]]]:
    """The file's rows, every value checked; every problem at once, each with its line."""
    root = yaml.compose(path.read_text(encoding="utf-8"))
    problems: list[tuple[Where, str]] = []
    content: dict[str, list[dict[str, Any]]] = {name: [] for name in FIELDS}
    if not isinstance(root, yaml.MappingNode):
        raise DataError([(Where(path.name, 1), "the file is a mapping of posts, holders and deferrals")])
    for key_node, list_node in root.value:
        name = _value(key_node)
        if name not in FIELDS or not isinstance(list_node, yaml.SequenceNode):
            problems.append((Where(path.name, key_node.start_mark.line + 1), f"unknown section {name!r}"))
            continue
        allowed, optional = FIELDS[name]
        for item in list_node.value:
            where = Where(path.name, item.start_mark.line + 1)
            row = {_value(k): _value(v) for k, v in item.value} if isinstance(item, yaml.MappingNode) else {}
            if set(row) - allowed or allowed - optional - set(row):
                problems.append((where, f"fields must be {sorted(allowed)}, got {sorted(row)}"))
                continue
            for field in NUMBERS & set(row):
                if not str(row[field]).isdigit():
                    problems.append((where, f"{field} is a whole number of months"))
                else:
                    row[field] = int(row[field])
            if row["unit"] not in units:
                problems.append((where, f"unknown unit {row['unit']!r}"))
            if name == "posts" and row["sector"] not in sectors:
                problems.append((where, f"unknown sector {row['sector']!r}"))
            if name == "deferrals" and row["reason"] not in DeferralReason.values:
                problems.append((where, f"reason is one of {', '.join(DeferralReason.values)}"))
            row["where"] = where
            content[name].append(row)
    declared = {(row["unit"], row["title"]) for row in content["posts"]}
    for row in content["holders"] + content["deferrals"]:
        if (row["unit"], row["title"]) not in declared:
            problems.append((row["where"], "the post is not declared under posts"))
    holders = {(row["full_name"], row["unit"], row["title"]) for row in content["holders"]}
    for row in content["deferrals"]:
        if (row["full_name"], row["unit"], row["title"]) not in holders:
            problems.append((row["where"], "a deferral is of a holder listed under holders"))
    if problems:
        raise DataError(problems)
    return content


def load_demo_rotation(*, units: Mapping[str, int], today: dt.date, stdout: Writer | None = None) -> int:
    """Load the example sectors and the demo's posts, holders and deferrals; returns the number
    of posts flagged (0 when they already are)."""
    if not RotationSector.objects.exists():
        services.sectors_load(actor=None)
    content = read(units=units, sectors=set(RotationSector.objects.values_list("code", flat=True)))
    if SensitivePost.objects.exists():
        return 0
    posts = {}
    for row in content["posts"]:
        unit = OrgUnit.objects.get(pk=units[row["unit"]])
        posts[(row["unit"], row["title"])] = services.post_flag(
            actor=None,
            unit=unit,
            title=row["title"],
            sector=RotationSector.objects.get(code=row["sector"]),
            on=dt.date(2020, 1, 1),
        )
    people: dict[str, Person] = {}
    for row in content["holders"]:
        person = people_services.person_create(actor=None, full_name=row["full_name"])
        people_services.position_assign(
            actor=None,
            person=person,
            unit=OrgUnit.objects.get(pk=units[row["unit"]]),
            title=row["title"],
            role="official",
            valid_from=add_months(today, -row["months_ago"]),
        )
        people[row["full_name"]] = person
    for row in content["deferrals"]:
        person = people[row["full_name"]]
        starts_on = add_months(today, -row["from_months_ago"])
        services.deferral_record(
            actor=None,
            post=posts[(row["unit"], row["title"])],
            person=person,
            reason=row["reason"],
            starts_on=starts_on,
            ends_on=add_months(today, row["months_ahead"]),
            note=row["note"],
        )
    if stdout is not None:
        stdout.write(
            f"Rotation: {len(posts)} sensitive posts (example sectors), {len(people)} holders, "
            f"{len(content['deferrals'])} deferred\n"
        )
    return len(posts)
