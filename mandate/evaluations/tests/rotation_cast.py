"""The rotation and proposals world on top of the named cast (conftest.py), for the tests of
issue 14, items 5 and 6: the example sectors; culture's office's "Chuyên viên" flagged as a
sensitive post (accounting, 36 months); its holders oanh (from 01/01/2020, due 01/01/2023) and
Khoa (no account, from 15/06/2021, due 15/06/2024, deferred for a child until 01/01/2025); the
office's head ``truong`` (a leader of the office: he proposes, the level above — dung — decides);
and a second office of culture, where moves go."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from mandate.evaluations.models import RotationSector
from mandate.evaluations.models.rotation import DeferralReason
from mandate.evaluations.services import proposals as proposal_services
from mandate.evaluations.services import rotation as services
from mandate.organisations.tests.factories import UnitFactory
from mandate.people import services as people_services
from mandate.people.tests.factories import AccountFactory

ON = dt.date(2023, 9, 15)


def build(cast: Any) -> SimpleNamespace:
    w = SimpleNamespace(cast=cast)
    services.sectors_load(actor=None)
    w.sector = RotationSector.objects.get(code="VD-KE-TOAN")
    w.second_office = UnitFactory.create(parent=cast.culture, name="Phòng Kế hoạch Tài chính")
    w.post = services.post_flag(
        actor=None, unit=cast.culture_office, title="Chuyên viên", sector=w.sector, on=dt.date(2020, 1, 1)
    )
    w.truong = AccountFactory.create(
        username="truong",
        full_name="Trưởng Phòng Trường",
        position={"unit": cast.culture_office, "title": "Trưởng phòng", "role": "leader", "is_head": True},
    )
    w.khoa = people_services.person_create(actor=None, full_name="Kế Toán Khoa")
    w.khoa_position = people_services.position_assign(
        actor=None,
        person=w.khoa,
        unit=cast.culture_office,
        title="Chuyên viên",
        role="official",
        valid_from=dt.date(2021, 6, 15),
    )
    w.deferral = services.deferral_record(
        actor=None,
        post=w.post,
        person=w.khoa,
        reason=DeferralReason.CHILD,
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2025, 1, 1),
        note="Giấy khai sinh của con (thử)",
    )
    w.oanh_position = cast.oanh.person.positions.get()
    return w


def propose(w: SimpleNamespace, *, kind: str = "move", actor: Any = None) -> Any:
    """truong's proposal to move oanh to the second office from 01/10/2023."""
    commend = kind == "commend"
    return proposal_services.proposal_create(
        actor=actor or w.truong,
        position=w.oanh_position,
        kind=kind,
        reason="Chậm tiến độ nhiều nhiệm vụ" if not commend else "Hoàn thành xuất sắc",
        grounds=[
            proposal_services.Ground(kind="signal", text="Quá hạn không báo cáo: 4 nhiệm vụ", ref_id=None),
            proposal_services.Ground(kind="monthly_grade", text="Tháng 8/2023: C", ref_id=17),
        ],
        on=ON,
        to_unit=None if commend else w.second_office,
        to_title="" if commend else "Chuyên viên",
        move_on=None if commend else dt.date(2023, 10, 1),
    )
