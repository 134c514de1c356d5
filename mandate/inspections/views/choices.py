"""The choices the inspection forms offer: what the page lists, read through the selectors and the
organisation's facts. Offering a choice decides nothing: the services check every chosen record
again (competence, signs in force on the day, the writer of the body)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from mandate.inspections import competence, policy_records, selectors_statistics
from mandate.inspections import selectors_records as selectors
from mandate.inspections.models import InspectingBody, Inspection, InspectionSubject, ViolationSign
from mandate.inspections.policy_sensitive import may_write_records
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import subtree_q, valid_on_q
from mandate.people.models import Person, Position, User
from mandate.people.scopes import today
from mandate.people.selectors import valid_positions_q
from mandate.tasks.forms import Choices


def writer_bodies(actor: User | None) -> Choices:
    """The bodies the actor writes for today (he creates their inspections)."""
    ids = policy_records.writer_body_ids(actor)
    bodies = InspectingBody.objects.filter(pk__in=ids).select_related("unit").order_by("unit__path")
    return [(body.pk, body.unit.name) for body in bodies]


def may_read_statistics(actor: User | None) -> bool:
    """Whether the statistics page has a body to show him (the link is offered only then)."""
    return bool(selectors_statistics.statistics_bodies(reader=competence.readership(actor), limit=1))


def open_lines(actor: User | None) -> Choices:
    """The lines of readable plans no inspection was made from yet."""
    lines = []
    plans = list(selectors.plan_list(actor=actor).filter(withdrawn_at__isnull=True))
    progress = selectors.plans_progress(plans=plans)
    for plan in plans:
        for row in progress[plan.pk].lines:
            if row.inspection is None:
                lines.append(
                    (
                        row.line.pk,
                        f"{plan.year} · {plan.title[:60]} · {row.line.order}. {row.line.subject_matter[:80]}",
                    )
                )
    return lines


def competence_units(body: InspectingBody) -> Choices:
    units = OrgUnit.objects.filter(subtree_q("path", body.competence_path)).order_by("path")
    return [(unit.pk, unit.name) for unit in units]


def competence_people(body: InspectingBody) -> Choices:
    """The people holding a position within the body's competence today, and the body's own."""
    within = Position.objects.filter(
        valid_positions_q(today()), subtree_q("unit__path", body.competence_path), person=OuterRef("pk")
    )
    own = Position.objects.filter(
        valid_positions_q(today()), subtree_q("unit__path", body.unit.path), person=OuterRef("pk")
    )
    people = Person.objects.filter(Exists(within) | Exists(own)).order_by("full_name", "id")
    return [(person.pk, person.full_name) for person in people]


def subject_label(subject: InspectionSubject) -> str:
    if subject.person_id is not None:
        return subject.person.full_name if subject.person else ""
    return subject.unit.name if subject.unit else ""


def signs_in_force() -> Choices:
    """The signs in force today in catalogues in force, grouped by catalogue (the service checks
    the catalogue belongs to the body and the day of the finding)."""
    day = today()
    signs = (
        ViolationSign.objects.filter(valid_on_q(day), valid_on_q(day, "catalogue__"))
        .select_related("catalogue")
        .order_by("catalogue_id", "code")
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    for sign in signs:
        groups.setdefault(str(sign.catalogue), []).append((sign.pk, f"{sign.code} — {sign.text[:120]}"))
    return list(groups.items())


def body_of(inspection: Inspection) -> InspectingBody:
    return InspectingBody.objects.select_related("unit", "competence_unit").get(pk=inspection.body_id)


def writable_subjects(actor: User, subjects: list[InspectionSubject]) -> Choices:
    """The subjects shown whose findings and conclusions the actor records (``policy_sensitive``)."""
    return [
        (s.pk, subject_label(s))
        for s in subjects
        if s.withdrawn_at is None and may_write_records(actor, s).allowed
    ]


def current_members(inspection: Inspection) -> Choices:
    """The team members who have not left (the one who leaves is chosen among them)."""
    members = inspection.team.filter(left_on__isnull=True).select_related("person").order_by("id")
    return [(member.pk, f"{member.person.full_name} — {member.get_role_display()}") for member in members]


def active_subjects(subjects: list[InspectionSubject]) -> Choices:
    return [(s.pk, subject_label(s)) for s in subjects if s.withdrawn_at is None]
