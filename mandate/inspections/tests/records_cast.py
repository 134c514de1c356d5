"""The cast of the inspection records' tests (docs/adr/0041), on the root cast and the City
Party Committee's inspection commission (``conftest.commission``):

- ``kt``: inspector of the commission (reads and writes for the body); ``ktlead``: its head;
- ``kvp``: specialist of the commission's office acting for it under a declared delegation
  (writes for the body, reads no person's records); ``commission.kiem``: the office's specialist
  without a delegation (neither);
- the body: the commission, competent for the whole city (``cast.city``);
- ``inspection``: planned, about the Department of Culture (``dung`` leads it) and the person
  ``vera`` (of that department), led by ``chanh`` (on the team only), not decided yet.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

DELEGATION = "Quy chế làm việc của Ủy ban Kiểm tra Thành ủy"


def build_records(cast: SimpleNamespace, commission: SimpleNamespace) -> SimpleNamespace:
    from conftest import _person
    from mandate.inspections import services
    from mandate.inspections.enums import BodyKind, InspectionKind, TeamRole

    r = SimpleNamespace(cast=cast, commission=commission)
    r.kt = _person("kt", "Kiểm Tra Viên Thảo", unit=commission.unit, title="Kiểm tra viên", role="inspector")
    r.ktlead = _person(
        "ktlead", "Chủ Nhiệm Khải", unit=commission.unit, title="Chủ nhiệm", role="leader", is_head=True
    )
    r.kvp = _person(
        "kvp",
        "Chuyên Viên Văn Phòng UBKT",
        unit=commission.office,
        title="Chuyên viên",
        role="specialist",
        acts_for=commission.unit,
        acts_for_basis=DELEGATION,
    )
    r.body = services.inspecting_body_declare(
        actor=None,
        unit=commission.unit,
        kind=BodyKind.INSPECTION_COMMISSION,
        competence_unit=cast.city,
        valid_from=dt.date(2020, 1, 1),
    )
    r.inspection = services.inspection_create(
        actor=None,
        body=r.body,
        kind=InspectionKind.UPON_SIGNS,
        title="Kiểm tra khi có dấu hiệu vi phạm",
        subject_matter="Thực hiện Chỉ thị 24-CT/TU",
    )
    r.leader = services.team_member_add(
        actor=None, inspection=r.inspection, person=cast.chanh.person, role=TeamRole.LEADER
    )
    r.org_subject = services.subject_add(actor=None, inspection=r.inspection, unit=cast.culture)
    r.person_subject = services.subject_add(actor=None, inspection=r.inspection, person=cast.vera.person)
    r.inspection.refresh_from_db()
    return r


def conclude_every_subject(inspection: Any, on: dt.date) -> None:
    """What the findings' services will write; the life cycle only asks that it is there."""
    from mandate.inspections.models import Conclusion, InspectionSubject

    for subject in InspectionSubject.objects.filter(inspection=inspection, withdrawn_at__isnull=True):
        Conclusion.objects.get_or_create(
            subject=subject, defaults={"violated": False, "text": "Không vi phạm", "concluded_on": on}
        )
