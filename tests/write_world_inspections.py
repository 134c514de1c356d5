"""The inspection objects of one unit of the write matrix (tests/write_world.py), built through
the services as the system (docs/adr/0041).

For a unit U with the unit below it C: U is declared an inspecting body (a Party committee)
competent for its own subtree; ``insp_plan`` is its plan for 2024 with one line; ``insp`` is a
planned inspection by U of C (``insp_subject``), led by a person of U's (``insp_leader``, the
team membership): everything its decision needs is there, so the body's writers may decide it.
"""

from __future__ import annotations

import datetime as dt

from mandate.inspections import services
from mandate.inspections.enums import BodyKind, InspectionKind, TeamRole
from mandate.organisations.models import OrgUnit
from mandate.people import services as people_services


def inspection_objects(key: str, unit: OrgUnit, child: OrgUnit) -> dict[str, int]:
    body = services.inspecting_body_declare(
        actor=None,
        unit=unit,
        kind=BodyKind.PARTY_COMMITTEE,
        competence_unit=unit,
        valid_from=dt.date(2020, 1, 1),
    )
    plan = services.plan_create(actor=None, body=body, year=2024, title=f"Kế hoạch kiểm tra của {unit.name}")
    services.plan_line_add(
        actor=None, plan=plan, kind=InspectionKind.PLANNED, subject_matter="Chỉ thị 24-CT/TU",
        subjects_text="Các chi bộ trực thuộc", month=6,
    )  # fmt: skip
    plan.refresh_from_db()
    inspection = services.inspection_create(
        actor=None,
        body=body,
        kind=InspectionKind.PLANNED,
        title=f"Kiểm tra {key}",
        subject_matter="Chỉ thị 24",
    )
    leader = people_services.person_create(actor=None, full_name=f"Trưởng Đoàn {key}")
    member = services.team_member_add(actor=None, inspection=inspection, person=leader, role=TeamRole.LEADER)
    subject = services.subject_add(actor=None, inspection=inspection, unit=child)
    inspection.refresh_from_db()
    return {
        "insp_body": body.pk,
        "insp_plan": plan.pk,
        "insp_plan_version": plan.version,
        "insp": inspection.pk,
        "insp_version": inspection.version,
        "insp_leader": member.pk,
        "insp_subject": subject.pk,
    }
