"""An inspection's recommendations with their tasks' states and deadlines (issue 12, items 4 and
8; docs/adr/0043), for the inspection page and API.

The state is the tasks' own (``tasks.states.state_of``: completed, overdue, due today, in
progress — the words of every task list), and the status the task's, so the inspection page says
what the inspected unit's My work says. Who reads: whoever may read a subject of the inspection
under the one rule (``competence.subjects_q``: the body's readers, the team, a leader of an
inspected unit, the inspected person); else 404. A recommendation about a person's subject is
listed only to those who may read that person's records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from mandate.core.exceptions import NotFoundError
from mandate.inspections import competence
from mandate.inspections.models import Inspection, InspectionSubject, Recommendation
from mandate.people.models import User
from mandate.people.scopes import today
from mandate.tasks import states
from mandate.tasks.enums import TaskStatus
from mandate.tasks.models import Task


@dataclass(frozen=True)
class RecommendationRow:
    recommendation: Recommendation
    task: Task | None
    state: str  # "" while not issued; else the task's reporting state on the day


def inspection_readable(actor: User | None, inspection_id: int) -> Inspection:
    """The inspection, if the actor may read any of its subjects; else 404."""
    reader = competence.readership(actor)
    readable = InspectionSubject.objects.filter(
        competence.subjects_q(actor, reader), inspection_id=inspection_id, withdrawn_at__isnull=True
    )
    inspection = Inspection.objects.filter(pk=inspection_id, withdrawn_at__isnull=True).first()
    if inspection is None or not readable.exists():
        raise NotFoundError()
    return inspection


def recommendation_list_visible(
    *, actor: User | None, inspection_id: int, on: dt.date | None = None
) -> list[RecommendationRow]:
    inspection = inspection_readable(actor, inspection_id)
    reader = competence.readership(actor)
    day = on or today()
    rows = (
        Recommendation.objects.filter(inspection=inspection)
        .filter(Q(subject__isnull=True) | competence.subjects_q(actor, reader, subject="subject__"))
        .select_related("lead_unit", "task", "subject")
        .order_by("order")
    )
    return [
        RecommendationRow(
            recommendation=row,
            task=row.task,
            state=_state(row.task, day),
        )
        for row in rows
    ]


def _state(task: Task | None, day: dt.date) -> str:
    if task is None:
        return ""
    if task.status == TaskStatus.CANCELLED:
        return "cancelled"
    return states.state_of(kind=task.kind, accepted_on=task.accepted_on, deadline_on=task.deadline_on, on=day)
