"""An inspection's recommendations with their tasks' states and deadlines (issue 12, items 4 and
8; docs/adr/0043), for the inspection page and API.

The state is the tasks' own (``tasks.states.state_of``: completed, overdue, due today, in
progress — the words of every task list), and the status the task's, so the inspection page says
what the inspected unit's My work says.

Who reads (ADR 0047): exactly the inspection page's rule, by calling it — whoever may read the
inspection (``selectors_records.inspection_visible``) sees its recommendations, else 404; a
recommendation about a subject is listed when that subject is on his page
(``selectors_records.subjects_visible_q``): the body's readers, the team and the inspected person
see those about a person within their reach, the body's office (which issues them as tasks) and
a leader of an inspected unit see those about organisations — his unit's — and those about no
subject, never those about a person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from mandate.inspections import competence, selectors_records
from mandate.inspections.models import Inspection, Recommendation
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


def recommendation_list_visible(
    *, actor: User | None, inspection_id: int, on: dt.date | None = None
) -> list[RecommendationRow]:
    """The recommendations of an inspection the actor may read (404 as its page otherwise)."""
    inspection = selectors_records.inspection_visible(actor=actor, inspection_id=inspection_id)
    return recommendation_rows(actor=actor, inspection=inspection, on=on)


def recommendation_rows(
    *, actor: User | None, inspection: Inspection, on: dt.date | None = None
) -> list[RecommendationRow]:
    """For an inspection already read under the page's rule (``inspection_get``/``_visible``)."""
    condition = selectors_records.subjects_visible_q(
        actor, competence.readership(actor), inspection.body, subject="subject__"
    )
    day = on or today()
    rows = (
        Recommendation.objects.filter(inspection=inspection)
        .filter(Q(subject__isnull=True) | condition)
        .select_related("lead_unit", "task", "subject")
        .order_by("order")
    )
    return [RecommendationRow(recommendation=row, task=row.task, state=_state(row.task, day)) for row in rows]


def _state(task: Task | None, day: dt.date) -> str:
    if task is None:
        return ""
    if task.status == TaskStatus.CANCELLED:
        return "cancelled"
    return states.state_of(kind=task.kind, accepted_on=task.accepted_on, deadline_on=task.deadline_on, on=day)
