"""The options of the task forms' pickers: units of the actor's write scope, indented by depth,
and the people holding positions in them, grouped by unit. Shared by the task page's action forms
(``views.panels``) and the assignment page (``views.assign``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from mandate.organisations.models import OrgUnit
from mandate.people import selectors as people_selectors
from mandate.people.models import User
from mandate.tasks.forms import Choices


def unit_choices(units: Sequence[OrgUnit]) -> Choices:
    """Units as options, indented by their depth in the tree (a select cannot nest)."""
    if not units:
        return []
    top = min(unit.depth for unit in units)
    return [(unit.pk, "\u00a0\u00a0\u00a0" * (unit.depth - top) + unit.name) for unit in units]


def units_in_write_scope(actor: User, *, on: dt.date) -> list[OrgUnit]:
    """The units that exist on ``on`` in the actor's write scope, in tree order."""
    return list(people_selectors.unit_list_writable(actor=actor, on=on))


def people_choices(actor: User, units: Sequence[OrgUnit], *, on: dt.date) -> Choices:
    """The people who hold a position on ``on`` in these units or below them, grouped by the
    unit they work in (one query). A person with several positions there is listed once, under
    the highest of his units, his other positions named beside the first."""
    if not units:
        return []
    groups: dict[int, tuple[str, dict[int, str]]] = {}
    placed: dict[int, int] = {}  # person -> the unit whose group lists him
    positions = people_selectors.positions_within(actor=actor, units=units, on=on)
    for position in positions.order_by("unit__depth", "unit__path", "-is_head", "id"):
        if position.person_id in placed:
            people = groups[placed[position.person_id]][1]
            other = (
                position.title
                if position.unit_id == placed[position.person_id]
                else (f"{position.title}, {position.unit.name}")
            )
            if other not in people[position.person_id]:
                people[position.person_id] += f"; {other}"
            continue
        _name, people = groups.setdefault(position.unit_id, (position.unit.name, {}))
        people[position.person_id] = f"{position.person.full_name} — {position.title}"
        placed[position.person_id] = position.unit_id
    return [(name, list(people.items())) for name, people in groups.values()]
