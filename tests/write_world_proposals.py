"""The rotation and proposal objects of one unit of the write matrix (tests/write_world.py) and
of the permission matrix's foreign unit (tests/test_permission_matrix.py; issue 14, items 5 and
6; ADR 0055): a person's post flagged as sensitive, and a proposal, made by the system, to
commend him (a commendation: deciding it changes no position, so every actor's decision is tried
on the same state).

In the write matrix the person is an official of the unit's first child unit
(``proposal_objects_below``): the unit's leaders are then the level above him, who decide (dung
for culture's office), as well as proposers; the matrix has no "child" relation otherwise."""

from __future__ import annotations

import datetime as dt

from mandate.evaluations.models import RotationSector
from mandate.evaluations.services import proposals, rotation
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, Position

ON = dt.date(2023, 9, 15)


def _sector() -> RotationSector:
    if not RotationSector.objects.exists():
        rotation.sectors_load(actor=None)
    return RotationSector.objects.get(code="VD-KE-TOAN")


def proposal_objects(unit: OrgUnit, person: Person) -> dict[str, int]:
    position = Position.objects.filter(person=person, unit=unit).order_by("valid_from").first()
    assert position is not None
    rotation.post_flag(actor=None, unit=unit, title=position.title, sector=_sector(), on=dt.date(2020, 1, 1))
    proposal = proposals.proposal_create(
        actor=None,
        position=position,
        kind="commend",
        reason="Hoàn thành xuất sắc nhiệm vụ",
        grounds=[proposals.Ground(kind="other", text="Bằng khen (thử)")],
        on=ON,
    )
    return {"proposal": proposal.pk, "proposal_version": proposal.version, "proposal_position": position.pk}


def proposal_objects_below(unit: OrgUnit, child: OrgUnit) -> dict[str, int]:
    from mandate.people import services as people_services

    person = people_services.person_create(actor=None, full_name=f"Chuyên viên {child.name}")
    people_services.position_assign(
        actor=None,
        person=person,
        unit=child,
        title="Chuyên viên thử",
        role="official",
        valid_from=child.valid_from,
    )
    return proposal_objects(child, person)
