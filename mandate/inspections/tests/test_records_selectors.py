"""The reads of inspections under the one reading rule (docs/adr/0040, 0041): competence reaches
down to a lower body's inspections, the team reads while on it, and no audit entry about a
person subject names him."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from mandate.core.exceptions import NotFoundError
from mandate.core.models import AuditEntry
from mandate.inspections import services
from mandate.inspections.enums import BodyKind, InspectionKind, TeamRole
from mandate.inspections.selectors_records import inspection_get, inspection_list, plan_list, subjects_visible

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_inspection(records: SimpleNamespace) -> SimpleNamespace:
    """The district People's Committee declared a body for its district (bao leads it)."""
    cast = records.cast
    body = services.inspecting_body_declare(
        actor=None, unit=cast.district_state, kind=BodyKind.PARTY_COMMITTEE, competence_unit=cast.district,
        valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    inspection = services.inspection_create(
        actor=cast.bao, body=body, kind=InspectionKind.PUBLIC_SERVICE, title="Kiểm tra công vụ",
        subject_matter="Giờ giấc",
    )  # fmt: skip
    services.plan_create(actor=cast.bao, body=body, year=2024, title="Kế hoạch của huyện")
    return SimpleNamespace(body=body, inspection=inspection)


def test_a_higher_body_reads_a_lower_body_s_inspections_and_plans(
    records: SimpleNamespace, district_inspection: SimpleNamespace
) -> None:
    ours = {records.inspection.pk, district_inspection.inspection.pk}
    assert set(inspection_list(actor=records.kt).values_list("pk", flat=True)) == ours
    assert set(inspection_list(actor=records.cast.bao).values_list("pk", flat=True)) == {
        district_inspection.inspection.pk
    }
    assert plan_list(actor=records.kt).filter(body=district_inspection.body).exists()
    assert not plan_list(actor=records.cast.bao).filter(body=records.body).exists()


def test_the_team_reads_while_on_it(records: SimpleNamespace) -> None:
    assert inspection_get(actor=records.cast.chanh, inspection_id=records.inspection.pk)
    services.team_member_remove(actor=records.kt, member=records.leader)
    with pytest.raises(NotFoundError):
        inspection_get(actor=records.cast.chanh, inspection_id=records.inspection.pk)


def test_the_system_administrator_reads_nothing_here(records: SimpleNamespace) -> None:
    assert not inspection_list(actor=records.cast.ad).exists()
    assert not plan_list(actor=records.cast.ad).exists()
    assert subjects_visible(actor=records.cast.ad, inspection=records.inspection) == []


def test_a_member_of_the_team_sees_the_person_subject_the_unit_s_leader_does_not(
    records: SimpleNamespace,
) -> None:
    services.team_member_add(
        actor=records.kt, inspection=records.inspection, person=records.cast.tin.person, role=TeamRole.MEMBER
    )
    kinds = {s.kind for s in subjects_visible(actor=records.cast.tin, inspection=records.inspection)}
    assert kinds == {"organisation", "member"}
    kinds = {s.kind for s in subjects_visible(actor=records.cast.dung, inspection=records.inspection)}
    assert kinds == {"organisation"}


def test_no_audit_entry_about_the_person_subject_names_him(records: SimpleNamespace) -> None:
    entries = AuditEntry.objects.filter(target_type="inspections.inspectionsubject")
    assert entries.count() == 2
    for entry in entries:
        assert "Vera" not in f"{entry.target_label} {entry.before} {entry.after}"
