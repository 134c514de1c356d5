"""Rows of inspection for the tests of findings, conclusions and discipline, made directly (the
life-cycle services are another change's): every copy ADR 0040 asks for is written as the
services write it — the inspection's ``body_path`` from its body's unit, the subject's
``subject_path`` (the organisation's path, or the person's unit's), ``body_path``, ``body_kind``,
``inspection_kind`` and ``counted_on`` (the decision date).

``sensitive_world(cast)`` is the cast of the confidentiality tests: the city's inspection
commission (competence: the whole city) with its inspector ``kiemtra`` and its leader ``truongban``
(role leader), a Deputy Secretary ``phong`` on the team who is no inspector, a synthetic member
``duc`` of the culture department's office, and one inspection under way of the department and of
``duc``.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from mandate.inspections.enums import BodyKind, InspectedKind, InspectionKind, InspectionState, TeamRole
from mandate.inspections.models import InspectingBody, Inspection, InspectionSubject, TeamMember
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person

# Synthetic texts, searched for in every answer and in the audit trail.
PERSON_FINDING = "TỔNG HỢP-BÍ-MẬT: đảng viên Đức né tránh việc khó"
UNIT_FINDING = "Sở chậm ban hành kế hoạch"
PERSON_CONCLUSION = "KẾT-LUẬN-BÍ-MẬT về đảng viên Đức"
DISCIPLINE_REASON = "LÝ-DO-KỶ-LUẬT-BÍ-MẬT của Đức"


def make_body(
    unit: OrgUnit,
    *,
    competence: OrgUnit,
    kind: str = BodyKind.INSPECTION_COMMISSION,
    valid_from: dt.date = dt.date(2020, 1, 1),
) -> InspectingBody:
    return InspectingBody.objects.create(
        unit=unit,
        kind=kind,
        competence_unit=competence,
        competence_path=competence.path,
        valid_from=valid_from,
    )


def make_inspection(
    body: InspectingBody,
    *,
    kind: str = InspectionKind.UPON_SIGNS,
    state: str = InspectionState.UNDER_WAY,
    decided_on: dt.date = dt.date(2024, 7, 1),
    title: str = "Kiểm tra khi có dấu hiệu vi phạm",
) -> Inspection:
    return Inspection.objects.create(
        body=body,
        body_path=body.unit.path,
        kind=kind,
        title=title,
        subject_matter="Thực hiện Chỉ thị 24-CT/TU",
        decision_number="01-QĐ/UBKTTU",
        decided_on=decided_on,
        starts_on=decided_on,
        state=state,
    )


def add_subject(
    inspection: Inspection,
    *,
    unit: OrgUnit | None = None,
    person: Person | None = None,
    person_unit: OrgUnit | None = None,
) -> InspectionSubject:
    """An organisation (``unit``) or a person (``person`` with his unit ``person_unit``)."""
    if person is not None:
        assert person_unit is not None, "a person is inspected in his unit"
        kind, path = InspectedKind.MEMBER, person_unit.path
    else:
        assert unit is not None
        kind, path = InspectedKind.ORGANISATION, unit.path
    return InspectionSubject.objects.create(
        inspection=inspection,
        kind=kind,
        unit=unit if person is None else None,
        person=person,
        subject_path=path,
        body_path=inspection.body_path,
        body_kind=inspection.body.kind,
        inspection_kind=inspection.kind,
        counted_on=inspection.decided_on,
    )


def add_member(inspection: Inspection, person: Person, role: str = TeamRole.MEMBER) -> TeamMember:
    return TeamMember.objects.create(inspection=inspection, person=person, role=role)


def sensitive_world(cast: SimpleNamespace, *, signs: Any = None) -> SimpleNamespace:
    from conftest import _person, _unit

    w = SimpleNamespace()
    w.commission = _unit(cast.city_party, "Ủy ban Kiểm tra Thành ủy Mẫu", "party", "committee", "UBKTTU")
    w.body = make_body(w.commission, competence=cast.city)
    w.kiemtra = _person(
        "kiemtra", "Kiểm Tra Viên", unit=w.commission, title="Kiểm tra viên", role="inspector"
    )
    w.truongban = _person(
        "truongban", "Chủ Nhiệm Ủy Ban", unit=w.commission, title="Chủ nhiệm", role="leader", is_head=True
    )
    w.phong = _person("phong", "Phó Bí Thư Phong", unit=cast.standing, title="Phó Bí thư", role="leader")
    w.duc = _person("duc", "Đảng Viên Đức", unit=cast.culture_office, title="Chuyên viên", role="official")
    w.inspection = make_inspection(w.body)
    w.unit_subject = add_subject(w.inspection, unit=cast.culture)
    w.person_subject = add_subject(w.inspection, person=w.duc.person, person_unit=cast.culture_office)
    add_member(w.inspection, w.phong.person, TeamRole.LEADER)
    add_member(w.inspection, w.kiemtra.person)
    return w
