"""Rows of inspection records for the statistics and recommendations tests, made directly (the
services that make them in life are another change's): each subject carries the copies the
statistics read — ``body_path``, ``body_kind``, ``inspection_kind``, ``counted_on`` (the
inspection's decision date) — as ADR 0040 says the services write them."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from mandate.inspections.enums import InspectedKind, InspectionState, TeamRole
from mandate.inspections.models import (
    Conclusion,
    InspectingBody,
    Inspection,
    InspectionSubject,
    TeamMember,
)
from mandate.people.models import Person

_numbers = itertools.count(1)


def make_body(
    unit: Any, kind: str, competence_unit: Any, *, valid_from: dt.date = dt.date(2020, 1, 1)
) -> InspectingBody:
    return InspectingBody.objects.create(
        unit=unit,
        kind=kind,
        competence_unit=competence_unit,
        competence_path=competence_unit.path,
        valid_from=valid_from,
    )


def make_inspection(
    body: InspectingBody,
    kind: str,
    *,
    decided_on: dt.date = dt.date(2023, 3, 1),
    state: str = InspectionState.UNDER_WAY,
    subject_document: Any = None,
    title: str = "",
) -> Inspection:
    number = next(_numbers)
    return Inspection.objects.create(
        body=body,
        body_path=body.unit.path,
        kind=kind,
        title=title or f"Cuộc kiểm tra {number}",
        subject_matter="Việc thực hiện Chỉ thị 24-CT/TU",
        subject_document=subject_document,
        decision_number=f"{number}-QĐ/KT",
        decided_on=decided_on,
        state=state,
    )


def _subject(inspection: Inspection, *, unit: Any = None, person: Any = None, path: str) -> InspectionSubject:
    return InspectionSubject.objects.create(
        inspection=inspection,
        kind=InspectedKind.MEMBER if person is not None else InspectedKind.ORGANISATION,
        unit=unit,
        person=person,
        subject_path=path,
        body_path=inspection.body_path,
        body_kind=inspection.body.kind,
        inspection_kind=inspection.kind,
        counted_on=inspection.decided_on,
    )


def add_organisations(inspection: Inspection, unit: Any, count: int) -> list[InspectionSubject]:
    """``count`` subjects about the same organisation (a unit inspected many times counts as
    many: enough for the statistics, which count subjects)."""
    return [_subject(inspection, unit=unit, path=unit.path) for _ in range(count)]


def add_members(
    inspection: Inspection, unit: Any, count: int, *, name: str = "Đảng viên"
) -> list[InspectionSubject]:
    """``count`` people of ``unit`` (no account), each a subject."""
    return [
        _subject(
            inspection, person=Person.objects.create(full_name=f"{name} {next(_numbers)}"), path=unit.path
        )
        for _ in range(count)
    ]


def conclude(subject: InspectionSubject, *, violated: bool, proposes_discipline: bool = False) -> Conclusion:
    return Conclusion.objects.create(
        subject=subject,
        violated=violated,
        severity="serious" if violated else "",
        proposes_discipline=proposes_discipline,
        text="Kết luận",
        concluded_on=subject.inspection.decided_on or dt.date(2023, 6, 1),
    )


def join_team(inspection: Inspection, person: Person, role: str = TeamRole.MEMBER) -> TeamMember:
    return TeamMember.objects.create(inspection=inspection, person=person, role=role)
