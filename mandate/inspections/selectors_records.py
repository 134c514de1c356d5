"""Reads of inspecting bodies, plans and inspections, scoped by the one reading rule
(``inspections.competence``, docs/adr/0040) and by who writes for a body (``policy_records``).

An inspection is visible to the readers of a body whose competence covers its body or any of its
subjects, to the writers of its own body (its office does the paperwork), to its team, and to
whoever may read one of its subjects (a leader of an inspected unit, the inspected person).
Its subjects are listed one by one under the same rule: a person subject only to those
``person_records_q`` allows — the writers of the body who are not its readers see the
organisations it inspects, not the people. Anything else is 404.

Bodies are declared facts of the organisation (who inspects whom), open to every signed-in user.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.inspections import policy_records
from mandate.inspections.competence import Readership, bodies_on, readership, subjects_q
from mandate.inspections.enums import InspectedKind, InspectionState
from mandate.inspections.models import (
    InspectingBody,
    Inspection,
    InspectionEvent,
    InspectionPlan,
    InspectionSubject,
    PlannedInspection,
    TeamMember,
)
from mandate.organisations.selectors import subtree_q
from mandate.people.models import Person, Position, User
from mandate.people.selectors import person_list_visible

DONE = frozenset({InspectionState.CONCLUDED, InspectionState.FOLLOW_UP_DONE})
UNDER_WAY = frozenset({InspectionState.DECIDED, InspectionState.UNDER_WAY})
PROGRESS = ("done", "under_way", "not_started")


def _signed_in(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def _any_subtree(field: str, prefixes: tuple[str, ...]) -> Q:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= subtree_q(field, prefix)
    return condition


def body_list(*, on: dt.date | None = None) -> QuerySet[InspectingBody]:
    bodies = InspectingBody.objects.select_related("unit", "competence_unit")
    if on is not None:
        bodies = bodies.filter(bodies_on(on))
    return bodies.order_by("unit__path", "valid_from", "id")


def body_get(*, body_id: int) -> InspectingBody:
    body = body_list().filter(pk=body_id).first()
    if body is None:
        raise NotFoundError()
    return body


# Plans -------------------------------------------------------------------------------------------


def _plans_q(actor: User | None, reader: Readership) -> Q:
    if not _signed_in(actor):
        return Q(pk__in=[])
    return _any_subtree("body__unit__path", reader.competence_paths) | Q(
        body_id__in=policy_records.writer_body_ids(actor)
    )


def plan_list(
    *, actor: User | None, body_id: int | None = None, year: int | None = None
) -> QuerySet[InspectionPlan]:
    plans = InspectionPlan.objects.filter(_plans_q(actor, readership(actor)))
    if body_id is not None:
        plans = plans.filter(body_id=body_id)
    if year is not None:
        plans = plans.filter(year=year)
    return plans.select_related("body__unit", "document").order_by("-year", "body__unit__path", "id")


def plan_get(*, actor: User | None, plan_id: int) -> InspectionPlan:
    plan = plan_list(actor=actor).filter(pk=plan_id).first()
    if plan is None:
        raise NotFoundError()
    return plan


@dataclass(frozen=True)
class LineProgress:
    line: PlannedInspection
    progress: str  # done / under_way / not_started
    inspection: Inspection | None


@dataclass(frozen=True)
class PlanProgress:
    lines: list[LineProgress]
    counts: dict[str, int]


def progress_of(inspection: Inspection | None) -> str:
    """Done: concluded or follow-up done; under way: decided or under way; not started: no
    inspection made from the line (or a withdrawn one), or one still planned."""
    if inspection is None or inspection.withdrawn_at is not None:
        return "not_started"
    if inspection.state in DONE:
        return "done"
    if inspection.state in UNDER_WAY:
        return "under_way"
    return "not_started"


def plan_progress(*, plan: InspectionPlan) -> PlanProgress:
    """Each line of the plan with its progress, and the plan's counts (one query for the lines)."""
    return plans_progress(plans=[plan])[plan.pk]


def plans_progress(*, plans: list[InspectionPlan]) -> dict[int, PlanProgress]:
    """``plan_progress`` of several plans at once (a list page: the same queries for any number)."""
    lines = (
        PlannedInspection.objects.filter(plan__in=[plan.pk for plan in plans])
        .select_related("inspection")
        .prefetch_related("subject_units")
        .order_by("plan_id", "order")
    )
    rows: dict[int, list[LineProgress]] = {plan.pk: [] for plan in plans}
    for line in lines:
        inspection = line.inspection if _has_inspection(line) else None
        rows[line.plan_id].append(LineProgress(line, progress_of(inspection), inspection))
    progress = {}
    for pk, plan_rows in rows.items():
        counted = Counter(row.progress for row in plan_rows)
        counts = {"total": len(plan_rows), **{name: counted.get(name, 0) for name in PROGRESS}}
        progress[pk] = PlanProgress(plan_rows, counts)
    return progress


def _has_inspection(line: PlannedInspection) -> bool:
    try:
        line.inspection  # noqa: B018 — the reverse one-to-one raises when there is none
    except Inspection.DoesNotExist:
        return False
    return True


def line_get(*, plan: InspectionPlan, line_id: int, field: str) -> PlannedInspection:
    line = PlannedInspection.objects.filter(plan=plan, pk=line_id).first()
    if line is None:
        raise ApplicationError(fields={field: [str(NotFoundError.default_message)]})
    return line


def planned_line_for(*, actor: User | None, line_id: int, field: str = "planned") -> PlannedInspection:
    """A plan's line the actor may read (a 400 on ``field`` otherwise: the request is wrong, the
    address is not)."""
    line = (
        PlannedInspection.objects.filter(pk=line_id, plan__in=plan_list(actor=actor))
        .select_related("plan")
        .first()
    )
    if line is None:
        raise ApplicationError(fields={field: [str(NotFoundError.default_message)]})
    return line


# Inspections -------------------------------------------------------------------------------------


def _on_team(actor: User | None) -> Q:
    return Q(
        Exists(TeamMember.objects.filter(inspection=OuterRef("pk"), person__user=actor, left_on__isnull=True))
    )


def visible_q(actor: User | None, reader: Readership) -> Q:
    """A filter on inspections: the module's rule."""
    if not _signed_in(actor):
        return Q(pk__in=[])
    subjects = InspectionSubject.objects.filter(
        subjects_q(actor, reader), inspection=OuterRef("pk"), withdrawn_at__isnull=True
    )
    return (
        _any_subtree("body_path", reader.competence_paths)
        | Q(body_id__in=policy_records.writer_body_ids(actor))
        | _on_team(actor)
        | Q(Exists(subjects))
    )


@dataclass(frozen=True)
class InspectionFilters:
    body_id: int | None = None
    kind: str | None = None
    state: str | None = None
    year: int | None = None


def inspection_list(
    *, actor: User | None, filters: InspectionFilters = InspectionFilters()
) -> QuerySet[Inspection]:
    inspections = Inspection.objects.filter(visible_q(actor, readership(actor)))
    if filters.body_id is not None:
        inspections = inspections.filter(body_id=filters.body_id)
    if filters.kind:
        inspections = inspections.filter(kind=filters.kind)
    if filters.state:
        inspections = inspections.filter(state=filters.state)
    if filters.year is not None:
        # The year of the decision; an inspection not decided yet belongs to the year it was made.
        inspections = inspections.filter(
            Q(decided_on__year=filters.year) | Q(decided_on__isnull=True, created_at__year=filters.year)
        )
    return inspections.select_related("body__unit", "planned").order_by("-decided_on", "-id")


def inspection_visible(*, actor: User | None, inspection_id: int) -> Inspection:
    """The inspection if the actor may read its page (``visible_q``), else 404: what every part of
    the page (its recommendations included, ``selectors_recommendations``) asks first."""
    inspection = (
        Inspection.objects.filter(visible_q(actor, readership(actor)), pk=inspection_id)
        .select_related("body__unit")
        .first()
    )
    if inspection is None:
        raise NotFoundError()
    return inspection


def inspection_get(*, actor: User | None, inspection_id: int) -> Inspection:
    """One inspection with its team and events; its subjects are ``subjects_visible``."""
    inspection = (
        inspection_list(actor=actor)
        .filter(pk=inspection_id)
        .select_related("subject_document", "body__competence_unit")
        .prefetch_related(
            Prefetch("team", queryset=TeamMember.objects.select_related("person").order_by("left_on", "id")),
            Prefetch("events", queryset=InspectionEvent.objects.order_by("id")),
        )
        .first()
    )
    if inspection is None:
        raise NotFoundError()
    return inspection


def subjects_visible_q(
    actor: User | None, reader: Readership, body: InspectingBody, *, subject: str = ""
) -> Q:
    """Which of an inspection of ``body`` the actor sees among its subjects (``subject``: the
    path to ``InspectionSubject``, e.g. ``"subject__"``): those the one reading rule lets him read,
    and, for the body's writers (its office), the organisations, never the people. The page's
    subjects and the recommendations about a subject are filtered by this one rule."""
    if not _signed_in(actor):
        return Q(pk__in=[])
    condition = subjects_q(actor, reader, subject=subject)
    if policy_records.writes_for(actor, body):
        condition |= Q(**{f"{subject}kind": InspectedKind.ORGANISATION})
    return condition


def subjects_visible(*, actor: User | None, inspection: Inspection) -> list[InspectionSubject]:
    """The subjects the actor may see: a person only under the person rule."""
    if not _signed_in(actor):
        return []
    condition = subjects_visible_q(actor, readership(actor), inspection.body)
    return list(
        InspectionSubject.objects.filter(condition, inspection=inspection)
        .select_related("unit", "person")
        .order_by("id")
    )


def subject_get(*, actor: User | None, inspection: Inspection, subject_id: int) -> InspectionSubject:
    for subject in subjects_visible(actor=actor, inspection=inspection):
        if subject.pk == subject_id:
            return subject
    raise NotFoundError()


def team_member_get(*, inspection: Inspection, member_id: int) -> TeamMember:
    member = TeamMember.objects.filter(inspection=inspection, pk=member_id).select_related("person").first()
    if member is None:
        raise NotFoundError()
    return member


def person_for(*, actor: User, body: InspectingBody, person_id: int, field: str) -> Person:
    """A person to put on a team or among the subjects: one the actor may read, or one holding a
    position within the body's competence (the Deputy Secretary who leads a Standing Committee
    team sits outside the commission). Anyone else is "not found" on the field."""
    within = Position.objects.filter(subtree_q("unit__path", body.competence_path), person_id=person_id)
    person = (
        Person.objects.filter(pk=person_id)
        .filter(Q(Exists(within)) | Q(pk__in=person_list_visible(actor=actor).values("pk")))
        .first()
    )
    if person is None:
        raise ApplicationError(fields={field: [str(NotFoundError.default_message)]})
    return person
