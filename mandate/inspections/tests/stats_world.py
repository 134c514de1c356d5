"""A small city of inspection records for the statistics tests: every row of seed 004's table has
a figure of its own, with subjects outside the period, withdrawn, outside the subtree, and one
organisation inspected twice.

    city (cast) ── city_party ── standing (SC body)        phong: Deputy Secretary, leader
               │              ├── ubkt (commission body)   kiem: inspector
               │              └── (city_party: PC body)
               └── district ── dparty (no body)            hoa: its secretary (a leader, reads nothing)
                            │   └── dubkt (commission body)
                            └── ward ── wparty (PC body)
    outsider ── its commission (a body of another province)
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from mandate.inspections.enums import BodyKind, InspectionKind
from mandate.inspections.tests.factories_stats import (
    add_members,
    add_organisations,
    conclude,
    make_body,
    make_inspection,
)

K = InspectionKind
IN_PERIOD = dt.date(2023, 4, 1)
START, END = dt.date(2023, 1, 1), dt.date(2023, 9, 15)


def build(cast: SimpleNamespace) -> SimpleNamespace:
    from conftest import _person, _unit

    w = SimpleNamespace()
    w.ubkt = _unit(cast.city_party, "Ủy ban Kiểm tra Thành ủy Mẫu", "party", "committee", "UBKTTU")
    w.dparty = _unit(cast.district, "Huyện ủy Mẫu", "party", "district", "HU")
    w.dubkt = _unit(w.dparty, "Ủy ban Kiểm tra Huyện ủy Mẫu", "party", "committee", "UBKTHU")
    w.ward = _unit(cast.district, "Xã Mẫu", "area", "commune")
    w.wparty = _unit(w.ward, "Đảng ủy xã Mẫu", "party", "commune", "ĐU")
    w.outsider_ubkt = _unit(cast.outsider, "Ủy ban Kiểm tra Tỉnh ủy Khác", "party", "committee", "UBKTTU")
    w.kiem = _person(
        "kiem", "Kiểm Tra Viên Kiểm", unit=w.ubkt, scope_unit=cast.city, title="Ủy viên", role="inspector"
    )
    w.phong = _person(
        "phong",
        "Nguyễn Văn Phong",
        unit=cast.standing,
        scope_unit=cast.city,
        title="Phó Bí thư",
        role="leader",
    )
    w.hoa = _person("hoa", "Bí Thư Hòa", unit=w.dparty, title="Bí thư", role="leader", is_head=True)

    w.sc = make_body(cast.standing, BodyKind.STANDING_COMMITTEE, cast.city)
    w.pc_city = make_body(cast.city_party, BodyKind.PARTY_COMMITTEE, cast.city)
    w.ic_city = make_body(w.ubkt, BodyKind.INSPECTION_COMMISSION, cast.city)
    w.ic_district = make_body(w.dubkt, BodyKind.INSPECTION_COMMISSION, cast.district)
    w.pc_ward = make_body(w.wparty, BodyKind.PARTY_COMMITTEE, w.ward)
    w.ic_outsider = make_body(w.outsider_ubkt, BodyKind.INSPECTION_COMMISSION, cast.outsider)
    _records(cast, w)
    return w


def _records(cast: SimpleNamespace, w: SimpleNamespace) -> None:
    city_org, ward_org = cast.culture_party, w.wparty
    # The Standing Committee's planned inspections: 2 inspections, 5 organisations (culture's
    # Party committee in both: counted twice), 3 members; one more subject withdrawn.
    first = make_inspection(w.sc, K.PLANNED, decided_on=dt.date(2023, 2, 10))
    add_organisations(first, city_org, 3)
    add_members(first, city_org, 1)
    withdrawn = add_organisations(first, city_org, 1)[0]
    withdrawn.withdrawn_at = timezone.now()
    withdrawn.save(update_fields=["withdrawn_at"])
    second = make_inspection(w.sc, K.PLANNED, decided_on=dt.date(2023, 9, 15))
    add_organisations(second, city_org, 2)
    add_members(second, city_org, 2)
    # Party committees' own inspections: the city's planned one, the ward's upon signs.
    add_organisations(make_inspection(w.pc_city, K.PLANNED, decided_on=IN_PERIOD), city_org, 1)
    add_members(make_inspection(w.pc_city, K.PLANNED, decided_on=IN_PERIOD), city_org, 1)
    add_organisations(make_inspection(w.pc_ward, K.UPON_SIGNS, decided_on=IN_PERIOD), ward_org, 1)
    # Party committees' supervision: the ward's regular, the Standing Committee's thematic.
    regular = make_inspection(w.pc_ward, K.SUPERVISION_REGULAR, decided_on=IN_PERIOD)
    add_organisations(regular, ward_org, 2)
    add_members(regular, ward_org, 1)
    add_organisations(make_inspection(w.sc, K.SUPERVISION_THEMATIC, decided_on=IN_PERIOD), city_org, 1)
    # The commissions upon signs, with conclusions.
    signs = make_inspection(w.ic_city, K.UPON_SIGNS, decided_on=dt.date(2023, 1, 1))
    org_violated, org_clean = add_organisations(signs, city_org, 2)
    conclude(org_violated, violated=True, proposes_discipline=True)
    conclude(org_clean, violated=False)
    violated, disciplined, _unconcluded = add_members(signs, city_org, 3, name="Đảng viên vi phạm")
    conclude(violated, violated=True)
    conclude(disciplined, violated=True, proposes_discipline=True)
    district_signs = make_inspection(w.ic_district, K.UPON_SIGNS, decided_on=IN_PERIOD)
    (ward_member,) = add_members(district_signs, ward_org, 1, name="Đảng viên xã")
    conclude(ward_member, violated=True, proposes_discipline=True)
    # The commissions' own kinds.
    add_organisations(make_inspection(w.ic_district, K.INSPECTION_TASKS, decided_on=IN_PERIOD), ward_org, 3)
    add_organisations(make_inspection(w.ic_city, K.DISCIPLINE_ENFORCEMENT, decided_on=IN_PERIOD), city_org, 2)
    add_organisations(make_inspection(w.ic_city, K.PARTY_FINANCE, decided_on=IN_PERIOD), city_org, 1)
    add_organisations(make_inspection(w.ic_city, K.PARTY_FEES, decided_on=IN_PERIOD), city_org, 4)
    thematic = make_inspection(w.ic_city, K.SUPERVISION_THEMATIC, decided_on=IN_PERIOD)
    add_organisations(thematic, city_org, 2)
    add_members(thematic, city_org, 2)
    # Not counted: outside the period (both sides), another province.
    add_members(make_inspection(w.ic_city, K.UPON_SIGNS, decided_on=dt.date(2023, 9, 16)), city_org, 1)
    add_organisations(make_inspection(w.ic_city, K.PARTY_FEES, decided_on=dt.date(2022, 12, 31)), city_org, 1)
    add_organisations(
        make_inspection(w.ic_outsider, K.PARTY_FEES, decided_on=IN_PERIOD), cast.outsider_state, 5
    )


# (organisations, members, inspections) by row, for the city's statistics (None: "—").
CITY_TABLE: dict[str, tuple[Any, Any, Any]] = {
    "standing_committee_planned": (5, 3, 2),
    "party_committees_inspected": (7, 4, None),
    "party_committees_supervised": (3, 1, None),
    "upon_signs": (2, 4, None),
    "upon_signs_violated": (1, 3, None),
    "upon_signs_to_discipline": (1, 2, None),
    "inspection_tasks": (3, None, None),
    "discipline_enforcement": (2, None, None),
    "party_finance": (1, None, None),
    "party_fees": (4, None, None),
    "thematic_supervision": (2, 2, None),
}
DISTRICT_TABLE: dict[str, tuple[Any, Any, Any]] = {
    "standing_committee_planned": (0, 0, 0),
    "party_committees_inspected": (1, 0, None),
    "party_committees_supervised": (2, 1, None),
    "upon_signs": (0, 1, None),
    "upon_signs_violated": (0, 1, None),
    "upon_signs_to_discipline": (0, 1, None),
    "inspection_tasks": (3, None, None),
    "discipline_enforcement": (0, None, None),
    "party_finance": (0, None, None),
    "party_fees": (0, None, None),
    "thematic_supervision": (0, 0, None),
}
