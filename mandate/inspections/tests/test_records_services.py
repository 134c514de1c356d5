"""The services of inspecting bodies, plans and inspections (docs/adr/0041): who may write,
what is refused and why, and what is copied for the statistics."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.inspections import services
from mandate.inspections.enums import BodyKind, InspectedKind, InspectionKind, InspectionState, TeamRole
from mandate.inspections.models import InspectingBody, InspectionSubject, TeamMember
from mandate.inspections.selectors_records import plan_progress

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 7, 1)


def test_a_body_is_declared_by_a_system_administrator_with_its_competence_copied(
    cast: SimpleNamespace, commission: SimpleNamespace
) -> None:
    body = services.inspecting_body_declare(
        actor=cast.ad,
        unit=commission.unit,
        kind=BodyKind.INSPECTION_COMMISSION,
        competence_unit=cast.city_party,
        valid_from=dt.date(2023, 1, 1),
        valid_to=dt.date(2023, 12, 31),
    )
    assert body.competence_path == cast.city_party.path
    assert AuditEntry.objects.filter(action="inspections.body_declare", target_id=str(body.pk)).exists()


def test_only_a_system_administrator_declares_a_body(
    cast: SimpleNamespace, commission: SimpleNamespace
) -> None:
    with pytest.raises(PermissionDeniedError):
        services.inspecting_body_declare(
            actor=cast.chanh,
            unit=commission.unit,
            kind=BodyKind.INSPECTION_COMMISSION,
            competence_unit=cast.city,
            valid_from=dt.date(2023, 1, 1),
        )
    assert not InspectingBody.objects.exists()


def test_an_overlapping_declaration_of_the_same_unit_is_refused(records: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.inspecting_body_declare(
            actor=None,
            unit=records.commission.unit,
            kind=BodyKind.INSPECTION_COMMISSION,
            competence_unit=records.cast.city,
            valid_from=dt.date(2024, 1, 1),
        )
    assert refused.value.code == "body_overlap"
    assert "01/01/2020" in str(refused.value.message)


def test_a_plan_is_made_by_the_body_and_its_lines_show_their_progress(records: SimpleNamespace) -> None:
    plan = services.plan_create(
        actor=records.kvp, body=records.body, year=2024, title="Kế hoạch kiểm tra 2024"
    )
    first = services.plan_line_add(
        actor=records.kt,
        plan=plan,
        kind=InspectionKind.PLANNED,
        subject_matter="Chỉ thị 24-CT/TU",
        subject_units=[records.cast.info],
        month=7,
    )
    services.plan_line_add(
        actor=records.kt, plan=plan, kind=InspectionKind.PARTY_FEES, subject_matter="Đảng phí",
        subjects_text="Chi bộ Sở", month=9,
    )  # fmt: skip
    progress = plan_progress(plan=plan)
    assert progress.counts == {"total": 2, "done": 0, "under_way": 0, "not_started": 2}
    inspection = services.inspection_create(
        actor=records.kt, body=records.body, kind=InspectionKind.PLANNED, title="Kiểm tra Sở",
        subject_matter="Chỉ thị 24-CT/TU", planned=first,
    )  # fmt: skip
    services.team_member_add(
        actor=records.kt, inspection=inspection, person=records.cast.tin.person, role="leader"
    )
    services.subject_add(actor=records.kt, inspection=inspection, unit=records.cast.info)
    inspection.refresh_from_db()
    services.inspection_decide(
        actor=records.kt, inspection=inspection, decision_number="01-QĐ/UBKT", decided_on=DAY,
        expected_version=inspection.version,
    )  # fmt: skip
    progress = plan_progress(plan=plan)
    assert [row.progress for row in progress.lines] == ["under_way", "not_started"]
    assert progress.counts["under_way"] == 1


def test_a_plan_line_outside_the_competence_is_refused(records: SimpleNamespace) -> None:
    plan = services.plan_create(actor=records.kt, body=records.body, year=2024, title="Kế hoạch")
    with pytest.raises(ApplicationError) as refused:
        services.plan_line_add(
            actor=records.kt, plan=plan, kind=InspectionKind.PLANNED, subject_matter="X",
            subject_units=[records.cast.outsider_state], month=3,
        )  # fmt: skip
    assert refused.value.code == "outside_competence"
    assert "Ủy ban nhân dân tỉnh Khác" in str(refused.value.message)


def test_a_withdrawn_plan_takes_no_more_lines(records: SimpleNamespace) -> None:
    plan = services.plan_create(actor=records.kt, body=records.body, year=2024, title="Kế hoạch")
    plan = services.plan_withdraw(
        actor=records.kt, plan=plan, reason="Lập nhầm", expected_version=plan.version
    )
    assert plan.withdrawn_at is not None
    with pytest.raises(ApplicationError) as refused:
        services.plan_line_add(
            actor=records.kt,
            plan=plan,
            kind=InspectionKind.PLANNED,
            subject_matter="X",
            subjects_text="Y",
            month=3,
        )
    assert refused.value.status_code == 409


@pytest.mark.parametrize("who", ["kiem", "dung", "olga", "ad"])
def test_people_who_do_not_write_for_the_body_may_not_plan_or_create(
    records: SimpleNamespace, who: str
) -> None:
    actor = records.commission.kiem if who == "kiem" else getattr(records.cast, who)
    with pytest.raises(PermissionDeniedError):
        services.plan_create(actor=actor, body=records.body, year=2024, title="Kế hoạch")
    with pytest.raises(PermissionDeniedError):
        services.inspection_create(
            actor=actor, body=records.body, kind=InspectionKind.SURPRISE, title="T", subject_matter="S"
        )


def test_the_copies_for_the_statistics_are_filled_and_counted_on_is_the_decision_date(
    records: SimpleNamespace,
) -> None:
    subject = records.person_subject
    assert subject.kind == InspectedKind.MEMBER
    assert subject.subject_path == records.cast.culture.path  # vera's position's unit
    assert subject.body_path == records.commission.unit.path
    assert subject.body_kind == BodyKind.INSPECTION_COMMISSION
    assert subject.inspection_kind == InspectionKind.UPON_SIGNS
    assert subject.counted_on is None
    services.inspection_decide(
        actor=records.kt, inspection=records.inspection, decision_number="05-QĐ/UBKT", decided_on=DAY,
        expected_version=records.inspection.version,
    )  # fmt: skip
    assert set(InspectionSubject.objects.values_list("counted_on", flat=True)) == {DAY}
    late = services.subject_add(actor=records.kt, inspection=records.inspection, unit=records.cast.info)
    assert late.counted_on == DAY


def test_a_subject_outside_the_competence_is_refused_with_a_clear_message(records: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.subject_add(
            actor=records.kt, inspection=records.inspection, unit=records.cast.outsider_state
        )
    assert refused.value.status_code == 400
    assert "Ủy ban nhân dân tỉnh Khác" in str(refused.value.message)
    with pytest.raises(ApplicationError) as person:
        services.subject_add(actor=records.kt, inspection=records.inspection, person=records.cast.olga.person)
    assert person.value.code == "outside_competence"
    assert "tỉnh Khác" not in str(person.value.message)  # the person's unit is not named


def test_a_subject_is_added_once_and_withdrawn_with_a_reason(records: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError):
        services.subject_add(actor=records.kt, inspection=records.inspection, unit=records.cast.culture)
    subject = services.subject_withdraw(actor=records.kt, subject=records.org_subject, reason="Nhầm đơn vị")
    assert subject.withdrawn_at is not None
    assert InspectionSubject.objects.filter(pk=subject.pk).exists()  # never deleted
    entry = AuditEntry.objects.get(action="inspections.subject_withdraw")
    assert entry.after == {"reason": "Nhầm đơn vị"}


def test_the_team_has_one_leader_and_a_member_leaves_never_deleted(records: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.team_member_add(
            actor=records.kt,
            inspection=records.inspection,
            person=records.cast.van.person,
            role=TeamRole.LEADER,
        )
    assert refused.value.code == "team_leader_exists"
    member = services.team_member_remove(actor=records.kt, member=records.leader, left_on=DAY)
    assert member.left_on == DAY
    assert TeamMember.objects.filter(pk=member.pk).exists()
    services.team_member_add(
        actor=records.kt, inspection=records.inspection, person=records.cast.van.person, role=TeamRole.LEADER
    )
    with pytest.raises(ApplicationError) as again:
        services.team_member_add(
            actor=records.kt, inspection=records.inspection, person=records.cast.chanh.person, role="member"
        )
    assert again.value.code == "team_member_exists"


def test_the_team_leader_moves_his_inspection_but_does_not_change_its_subjects(
    records: SimpleNamespace,
) -> None:
    inspection = services.inspection_decide(
        actor=records.cast.chanh, inspection=records.inspection, decision_number="05-QĐ/UBKT",
        decided_on=DAY, expected_version=records.inspection.version,
    )  # fmt: skip
    assert inspection.state == InspectionState.DECIDED
    with pytest.raises(PermissionDeniedError):
        services.subject_add(actor=records.cast.chanh, inspection=inspection, unit=records.cast.info)
