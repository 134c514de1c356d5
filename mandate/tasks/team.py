"""A leader's view of his unit's work, per person: for each unit he leads, each person holding a
position in it today with the counts of the open tasks he is the lead person of, and a row for
the tasks nobody has been named for yet. Two queries whatever the number of people: the counts,
grouped by unit and lead person, and the people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from mandate.organisations.models import OrgUnit
from mandate.people import selectors as people_selectors
from mandate.people.models import User
from mandate.people.scopes import acting_for
from mandate.tasks import selectors, states
from mandate.tasks.enums import TaskStatus
from mandate.tasks.models import Task
from mandate.tasks.permissions import LEADING_ROLES

COUNT_NAMES = ("held", "new", "overdue", "due_soon", "not_updated", "reported")


@dataclass
class PersonRow:
    person_id: int | None  # None: the tasks with no lead person named yet
    name: str
    title: str = ""
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_NAMES, 0))

    @property
    def cells(self) -> list[tuple[str, int]]:
        """The counts in the table's order (``COUNT_NAMES``)."""
        return [(name, self.counts[name]) for name in COUNT_NAMES]


@dataclass
class UnitTeam:
    unit: OrgUnit
    rows: list[PersonRow]


Counts = dict[tuple[str, int | None], tuple[str, dict[str, int]]]


def _counts(paths: tuple[str, ...], day: dt.date, due_soon_days: int) -> Counts:
    """Per (unit path, lead person): the person's name and his counts."""
    days = selectors.NOT_UPDATED_DAYS
    held = Q(status__in=[TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.REPORTED])
    grouped = (
        Task.objects.filter(held, lead_path__in=paths)
        .values("lead_path", "lead_person_id", "lead_person__full_name")
        .annotate(
            held=Count("pk"),
            new=Count("pk", filter=Q(status=TaskStatus.ASSIGNED)),
            overdue=Count("pk", filter=states.state_q("overdue", day, days)),
            due_soon=Count(
                "pk",
                filter=states.state_q("in_progress", day, days)
                & Q(deadline_on__lte=day + dt.timedelta(days=due_soon_days)),
            ),
            not_updated=Count("pk", filter=states.deadline_task() & states.state_q("not_updated", day, days)),
            reported=Count("pk", filter=Q(status=TaskStatus.REPORTED)),
        )
        .order_by()
    )
    found: Counts = {}
    for row in grouped:
        values: dict[str, Any] = dict(row)
        found[(values["lead_path"], values["lead_person_id"])] = (
            values["lead_person__full_name"] or "",
            {name: int(values[name]) for name in COUNT_NAMES},
        )
    return found


def teams_of(*, actor: User, day: dt.date, due_soon_days: int) -> list[UnitTeam]:
    """The units the actor leads (exactly, ADR 0018), each with its people's open work; empty for
    anyone who leads no unit (and for an administrator, who leads none in particular)."""
    acting = acting_for(actor)
    if acting.everything:
        return []
    paths = acting.paths_with(LEADING_ROLES)
    if not paths:
        return []
    counts = _counts(paths, day, due_soon_days)
    teams: dict[str, UnitTeam] = {}
    placed: set[tuple[str, int | None]] = set()
    for position in people_selectors.position_list_visible(actor=actor, on=day).filter(unit__path__in=paths):
        team = teams.setdefault(position.unit.path, UnitTeam(position.unit, []))
        key = (position.unit.path, position.person_id)
        if key in placed:  # two positions in the same unit: one row
            continue
        placed.add(key)
        row = PersonRow(position.person_id, position.person.full_name, position.title)
        row.counts.update(counts.get(key, ("", {}))[1])
        team.rows.append(row)
    for (path, person_id), (name, values) in counts.items():
        if (path, person_id) in placed or path not in teams:
            continue
        # No position here today (moved, retired) or none named: the leader still sees the work.
        row = PersonRow(person_id, name)
        row.counts.update(values)
        teams[path].rows.append(row)
    for team in teams.values():
        team.rows.sort(key=lambda r: r.person_id is None)  # the tasks with nobody named, last
    return [teams[path] for path in sorted(teams)]
