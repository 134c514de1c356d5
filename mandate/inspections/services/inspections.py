"""The writes of an inspection before and around its life cycle (docs/adr/0041): create it (as
planned: the decision comes with ``inspection_decide``, once its team and subjects are known),
form its team, add and withdraw its subjects. The moves themselves are in ``transitions``.

Every write asks ``policy_records`` (403 for who, 409 for the state), locks the inspection's row,
bumps its version (the decision is taken on the team and subjects the writer saw), and is audited.
An audit entry about a person subject holds the person's id, never a name or a text.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version
from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.documents.models import Document
from mandate.inspections import policy_records, transitions
from mandate.inspections.enums import InspectedKind, InspectionKind, InspectionState, TeamRole
from mandate.inspections.models import (
    Conclusion,
    InspectingBody,
    Inspection,
    InspectionEvent,
    InspectionSubject,
    PlannedInspection,
    TeamMember,
)
from mandate.inspections.services.plans import outside_competence, required_text
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, Position, User
from mandate.people.scopes import today
from mandate.people.selectors import valid_positions_q

INSPECTION_FIELDS = (
    "body", "kind", "planned", "title", "subject_matter", "subject_document", "starts_on", "ends_on", "state",
)  # fmt: skip
SUBJECT_FIELDS = ("inspection", "kind", "unit", "person", "subject_path", "counted_on")


def _locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",)).select_related("body__unit").get(pk=inspection.pk)
    )


def _touch(inspection: Inspection) -> None:
    bump_version(inspection)
    inspection.save(update_fields=["version", "updated_at"])


@transaction.atomic
def inspection_create(
    *,
    actor: User | None,
    body: InspectingBody,
    kind: str,
    title: str,
    subject_matter: str,
    subject_document: Document | None = None,
    planned: PlannedInspection | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Inspection:
    """A new inspection is always *planned*: its decision needs a team leader and subjects, which
    are added to it first (``transitions`` refuses a decision without them)."""
    policy_records.require_plan_writer(actor, body)
    if kind not in InspectionKind.values:
        raise ApplicationError(fields={"kind": [_("Not a choice.")]})
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        message = _("The end is before the start.")
        raise ApplicationError(message, fields={"ends_on": [message]})
    if planned is not None:
        planned = PlannedInspection.objects.select_for_update().select_related("plan").get(pk=planned.pk)
        if planned.plan.body_id != body.pk or planned.plan.withdrawn_at is not None:
            message = _("This line belongs to another body's plan, or to a withdrawn plan.")
            raise ApplicationError(message, fields={"planned": [message]})
        if Inspection.objects.filter(planned=planned).exists():
            message = _("An inspection was already made from this line of the plan.")
            raise ApplicationError(message, fields={"planned": [message]})
        if planned.kind != kind:
            message = _("The line of the plan is a “%(kind)s”.") % {
                "kind": InspectionKind(planned.kind).label
            }
            raise ApplicationError(message, fields={"kind": [message]})
    inspection = Inspection.objects.create(
        body=body,
        body_path=body.unit.path,
        kind=kind,
        planned=planned,
        title=required_text(title, "title", limit=300),
        subject_matter=required_text(subject_matter, "subject_matter", limit=10000),
        subject_document=subject_document,
        starts_on=starts_on,
        ends_on=ends_on,
        state=InspectionState.PLANNED,
        created_by=actor,
    )
    InspectionEvent.objects.create(
        inspection=inspection, from_state="", to_state=InspectionState.PLANNED, on_date=today(), actor=actor
    )
    audit.record(
        actor=actor,
        action="inspections.inspection_create",
        target=inspection,
        after=audit.snapshot(inspection, INSPECTION_FIELDS),
    )
    return inspection


def inspection_decide(
    *,
    actor: User | None,
    inspection: Inspection,
    decision_number: str,
    decided_on: dt.date | None,
    expected_version: int | None,
) -> Inspection:
    """The decision (its number and date): planned → decided (``transitions``)."""
    return transitions.inspection_move(
        actor=actor,
        inspection=inspection,
        action="decide",
        expected_version=expected_version,
        on=decided_on,
        decision_number=decision_number,
    )


@transaction.atomic
def team_member_add(*, actor: User | None, inspection: Inspection, person: Person, role: str) -> TeamMember:
    """The team has at most one leader at a time, and exactly one when it is decided
    (``transitions``): a new leader is added once the former has left."""
    inspection = _locked(inspection)
    policy_records.require(actor, inspection, "team_add")
    if role not in TeamRole.values:
        raise ApplicationError(fields={"role": [_("Not a choice.")]})
    if TeamMember.objects.filter(inspection=inspection, person=person).exists():
        message = _("This person is, or was, on the team already.")
        raise ApplicationError(message, code="team_member_exists", fields={"person": [message]})
    if role == TeamRole.LEADER and transitions.has_leader(inspection):
        message = _("The team already has a leader: the former leader leaves the team first.")
        raise ApplicationError(message, code="team_leader_exists", fields={"role": [message]})
    member = TeamMember.objects.create(inspection=inspection, person=person, role=role)
    _touch(inspection)
    audit.record(
        actor=actor,
        action="inspections.team_member_add",
        target=inspection,
        after={"team_member": member.pk, "person": person.pk, "role": role},
    )
    return member


@transaction.atomic
def team_member_remove(
    *, actor: User | None, member: TeamMember, left_on: dt.date | None = None
) -> TeamMember:
    """Leaving is dated, never deleted: who was on the team, and until when, stays known."""
    inspection = _locked(member.inspection)
    policy_records.require(actor, inspection, "team_remove")
    member = TeamMember.objects.select_for_update().get(pk=member.pk)
    if member.left_on is not None:
        raise InvalidStateError(_("This person already left the team."))
    member.left_on = left_on or today()
    member.save(update_fields=["left_on"])
    _touch(inspection)
    audit.record(
        actor=actor,
        action="inspections.team_member_remove",
        target=inspection,
        after={"team_member": member.pk, "person": member.person_id, "left_on": member.left_on},
    )
    return member


def _unit_of(person: Person, unit_of_person: OrgUnit | None) -> OrgUnit:
    """The unit a person is inspected as a member of: the one given, else his current position's
    (a head's position first, then the earliest)."""
    if unit_of_person is not None:
        return unit_of_person
    position = (
        Position.objects.filter(valid_positions_q(today()), person=person)
        .select_related("unit")
        .order_by("-is_head", "valid_from", "id")
        .first()
    )
    if position is None:
        message = _("This person holds no position today: give the unit he is inspected in.")
        raise ApplicationError(message, fields={"unit_of_person": [message]})
    return position.unit


@transaction.atomic
def subject_add(
    *,
    actor: User | None,
    inspection: Inspection,
    unit: OrgUnit | None = None,
    person: Person | None = None,
    unit_of_person: OrgUnit | None = None,
) -> InspectionSubject:
    """An organisation (``unit``) or a person (``person``, inspected in ``unit_of_person`` or his
    current position's unit), within the body's competence."""
    inspection = _locked(inspection)
    policy_records.require(actor, inspection, "subject_add")
    if (unit is None) == (person is None):
        message = _("Give either an organisation (unit) or a person (person).")
        raise ApplicationError(message, fields={"unit": [message]})
    body = InspectingBody.objects.select_related("unit", "competence_unit").get(pk=inspection.body_id)
    active = InspectionSubject.objects.filter(inspection=inspection, withdrawn_at__isnull=True)
    if person is not None:
        where = _unit_of(person, unit_of_person)
        if not where.path.startswith(body.competence_path):
            # The person's unit is not named: it may be outside what the actor reads.
            message = _("This person is outside the competence of the inspecting body “%(body)s”.") % {
                "body": body.unit.name
            }
            raise ApplicationError(message, code="outside_competence", fields={"person": [message]})
        if active.filter(person=person).exists():
            raise ApplicationError(
                fields={"person": [_("This person is already a subject of this inspection.")]}
            )
        kind, path = InspectedKind.MEMBER, where.path
    else:
        assert unit is not None
        refusal = outside_competence(body, unit)
        if refusal:
            raise ApplicationError(refusal, code="outside_competence", fields={"unit": [refusal]})
        if active.filter(kind=InspectedKind.ORGANISATION, unit=unit).exists():
            raise ApplicationError(fields={"unit": [_("This unit is already a subject of this inspection.")]})
        kind, path = InspectedKind.ORGANISATION, unit.path
    subject = InspectionSubject.objects.create(
        inspection=inspection,
        kind=kind,
        unit=unit if person is None else None,
        person=person,
        subject_path=path,
        body_path=inspection.body_path,
        body_kind=body.kind,
        inspection_kind=inspection.kind,
        counted_on=inspection.decided_on,
    )
    _touch(inspection)
    audit.record(
        actor=actor,
        action="inspections.subject_add",
        target=subject,
        after=audit.snapshot(subject, SUBJECT_FIELDS),
    )
    return subject


@transaction.atomic
def subject_withdraw(*, actor: User | None, subject: InspectionSubject, reason: str) -> InspectionSubject:
    """A subject added by mistake is withdrawn (it no longer counts), not deleted. One with
    findings or a conclusion is not: withdraw those first, so that nothing recorded about it
    disappears from view silently."""
    inspection = _locked(subject.inspection)
    policy_records.require(actor, inspection, "subject_withdraw")
    subject = InspectionSubject.objects.select_for_update().get(pk=subject.pk)
    reason = required_text(reason, "reason", limit=300)
    if subject.withdrawn_at is not None:
        raise InvalidStateError(_("This subject was already withdrawn."))
    if (
        subject.findings.filter(withdrawn_at__isnull=True).exists()
        or Conclusion.objects.filter(subject=subject).exists()
    ):
        raise InvalidStateError(
            _("Findings or a conclusion are recorded about this subject: withdraw them first.")
        )
    subject.withdrawn_at = timezone.now()
    subject.save(update_fields=["withdrawn_at"])
    _touch(inspection)
    audit.record(actor=actor, action="inspections.subject_withdraw", target=subject, after={"reason": reason})
    return subject
