"""Many subjects of one inspection at once (issue 12, item 9): a Party committee's inspection of
dozens of grassroots organisations and members, as seed 004's figures count them, is one act, and
the demo plays thousands of such subjects within its load time.

The same checks as ``subject_add`` — the policy, the body's competence for every unit and person,
no subject twice in the inspection — and one audit entry naming every subject made.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.exceptions import ApplicationError
from mandate.inspections import policy_records
from mandate.inspections.enums import InspectedKind
from mandate.inspections.models import InspectingBody, Inspection, InspectionSubject
from mandate.inspections.services.inspections import _locked, _touch, _unit_of
from mandate.inspections.services.plans import outside_competence
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, Position, User
from mandate.people.scopes import today
from mandate.people.selectors import valid_positions_q


def _units_of(persons: Sequence[Person]) -> dict[int, OrgUnit]:
    """``_unit_of`` for many persons in one query: each one's current position's unit, a head's
    position first, then the earliest."""
    found: dict[int, OrgUnit] = {}
    positions = (
        Position.objects.filter(valid_positions_q(today()), person__in=[person.pk for person in persons])
        .select_related("unit")
        .order_by("person_id", "-is_head", "valid_from", "id")
    )
    for position in positions:
        found.setdefault(position.person_id, position.unit)
    return found


@transaction.atomic
def subjects_add_many(
    *,
    actor: User | None,
    inspection: Inspection,
    units: Sequence[OrgUnit] = (),
    persons: Sequence[Person] = (),
) -> list[InspectionSubject]:
    """Organisations (``units``) and persons (each inspected in his current position's unit), all
    or none: the first refusal refuses the batch."""
    inspection = _locked(inspection)
    policy_records.require(actor, inspection, "subject_add")
    body = InspectingBody.objects.select_related("unit", "competence_unit").get(pk=inspection.body_id)
    active = InspectionSubject.objects.filter(inspection=inspection, withdrawn_at__isnull=True)
    taken_units = set(active.filter(kind=InspectedKind.ORGANISATION).values_list("unit_id", flat=True))
    taken_persons = set(active.filter(kind=InspectedKind.MEMBER).values_list("person_id", flat=True))
    made: list[InspectionSubject] = []
    common = {
        "inspection": inspection,
        "body_path": inspection.body_path,
        "body_kind": body.kind,
        "inspection_kind": inspection.kind,
        "counted_on": inspection.decided_on,
    }
    for unit in units:
        refusal = outside_competence(body, unit)
        if refusal:
            raise ApplicationError(refusal, code="outside_competence", fields={"units": [refusal]})
        if unit.pk in taken_units:
            raise ApplicationError(
                fields={"units": [_("This unit is already a subject of this inspection.")]}
            )
        taken_units.add(unit.pk)
        made.append(
            InspectionSubject(kind=InspectedKind.ORGANISATION, unit=unit, subject_path=unit.path, **common)
        )
    places = _units_of(persons)
    for person in persons:
        where = places.get(person.pk) or _unit_of(person, None)  # none today: refused as one
        if not where.path.startswith(body.competence_path):
            message = _("This person is outside the competence of the inspecting body “%(body)s”.") % {
                "body": body.unit.name
            }
            raise ApplicationError(message, code="outside_competence", fields={"persons": [message]})
        if person.pk in taken_persons:
            raise ApplicationError(
                fields={"persons": [_("This person is already a subject of this inspection.")]}
            )
        taken_persons.add(person.pk)
        made.append(
            InspectionSubject(kind=InspectedKind.MEMBER, person=person, subject_path=where.path, **common)
        )
    created = InspectionSubject.objects.bulk_create(made)
    _touch(inspection)
    audit.record(
        actor=actor,
        action="inspections.subjects_add_many",
        target=inspection,
        after={
            "subjects": [subject.pk for subject in created],
            "units": [unit.pk for unit in units],
            "persons": [person.pk for person in persons],
        },
    )
    return created
