"""Recommendations become tasks of the inspected unit (issue 12, item 4; docs/adr/0043): issued in
the inspecting body's name by whoever the tasks' policy lets sign for it, from the document
inspected, with a deadline in working days; their tasks' states show on the inspection."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.core.exceptions import ApplicationError, InvalidStateError, NotFoundError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.core.workdays import add_working_days
from mandate.inspections import services
from mandate.inspections.enums import InspectionState
from mandate.inspections.selectors_recommendations import recommendation_list_visible
from mandate.inspections.tests.factories_stats import add_members
from mandate.tasks.enums import TaskStatus

TEXT = "Đẩy mạnh tuyên truyền chức năng, nhiệm vụ của Sở"


def _add(cast: Any, seed: SimpleNamespace, actor: Any = None, inspection: Any = None) -> Any:
    return services.recommendation_add(
        actor=actor or seed.phong,
        inspection=inspection or seed.inspection,
        text=TEXT,
        lead_unit=cast.info,
        expected_product="Báo cáo kết quả tuyên truyền",
        subject=seed.subject if inspection is None else None,
    )


def test_the_team_leader_issues_a_task_of_the_inspected_unit(cast: Any, seed: SimpleNamespace) -> None:
    recommendation = _add(cast, seed)
    task = services.recommendation_issue(
        actor=seed.phong, recommendation=recommendation, working_days=10, assigned_on=dt.date(2024, 7, 22)
    )

    recommendation.refresh_from_db()
    assert recommendation.task == task and recommendation.order == 1
    assert (task.lead_unit, task.assigner_unit, task.document) == (cast.info, cast.standing, seed.directive)
    assert (task.content, task.expected_product, task.status) == (
        TEXT,
        "Báo cáo kết quả tuyên truyền",
        TaskStatus.ASSIGNED,
    )
    assert task.deadline_on == add_working_days(dt.date(2024, 7, 22), 10)
    assert task.assigned_by == seed.phong


def test_the_office_under_a_declared_delegation_issues_it(cast: Any, seed: SimpleNamespace) -> None:
    """van (the Party Office's specialist) acts for the Standing Committee by a declared delegation."""
    task = services.recommendation_issue(
        actor=cast.van, recommendation=_add(cast, seed), deadline_on=dt.date(2031, 1, 1)
    )

    assert task.assigner_unit == cast.standing and task.assigned_by == cast.van


def test_a_commission_inspector_leading_a_team_drafts_but_does_not_sign(
    cast: Any, seed: SimpleNamespace
) -> None:
    recommendation = _add(cast, seed, actor=seed.kiem, inspection=seed.ic_inspection)

    with pytest.raises(PermissionDeniedError, match="Ủy ban Kiểm tra Thành ủy Mẫu"):
        services.recommendation_issue(actor=seed.kiem, recommendation=recommendation, working_days=5)
    recommendation.refresh_from_db()
    assert recommendation.task is None


@pytest.mark.parametrize("who", ["dung", "tin", "olga", "ad", "oanh"])
def test_others_neither_write_nor_issue(cast: Any, seed: SimpleNamespace, who: str) -> None:
    recommendation = _add(cast, seed)
    before = AuditEntry.objects.count()

    with pytest.raises(PermissionDeniedError):
        _add(cast, seed, actor=getattr(cast, who))
    with pytest.raises(PermissionDeniedError):
        services.recommendation_issue(actor=getattr(cast, who), recommendation=recommendation, working_days=5)
    assert AuditEntry.objects.count() == before


def test_issued_once_and_only_once_concluded(cast: Any, seed: SimpleNamespace) -> None:
    recommendation = _add(cast, seed)
    services.recommendation_issue(actor=seed.phong, recommendation=recommendation, working_days=5)
    with pytest.raises(InvalidStateError):
        services.recommendation_issue(actor=seed.phong, recommendation=recommendation, working_days=5)

    seed.inspection.state = InspectionState.UNDER_WAY
    seed.inspection.save(update_fields=["state"])
    second = _add(cast, seed)
    with pytest.raises(InvalidStateError, match="kết luận"):
        services.recommendation_issue(actor=seed.phong, recommendation=second, working_days=5)


def test_a_task_comes_from_a_document(cast: Any, seed: SimpleNamespace, make_document: Any) -> None:
    seed.inspection.subject_document = None
    seed.inspection.save(update_fields=["subject_document"])
    recommendation = _add(cast, seed)

    with pytest.raises(ApplicationError) as refused:
        services.recommendation_issue(actor=seed.phong, recommendation=recommendation, working_days=5)
    notice = make_document("15-TB/TU", cast.standing, type_slug="thong-bao")
    task = services.recommendation_issue(
        actor=seed.phong, recommendation=recommendation, working_days=5, document=notice
    )

    assert refused.value.code == "recommendation_without_document"
    assert task.document == notice


def test_the_unit_must_be_within_the_bodys_competence(cast: Any, seed: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.recommendation_add(
            actor=seed.phong, inspection=seed.inspection, text=TEXT, lead_unit=cast.outsider_state
        )

    assert "lead_unit" in refused.value.fields


def test_the_audit_holds_a_hash_never_the_text(cast: Any, seed: SimpleNamespace) -> None:
    recommendation = _add(cast, seed)

    entry = AuditEntry.objects.get(action="inspections.recommendation_add")
    assert entry.target_id == str(recommendation.pk)
    assert TEXT not in str(entry.after) and TEXT not in entry.target_label
    assert entry.after is not None and len(entry.after["text_sha256"]) == 64


def test_the_inspection_shows_its_recommendations_with_their_tasks_states(
    cast: Any, seed: SimpleNamespace
) -> None:
    issued = _add(cast, seed)
    task = services.recommendation_issue(
        actor=seed.phong,
        recommendation=issued,
        deadline_on=dt.date(2024, 8, 30),
        assigned_on=dt.date(2024, 7, 22),
    )
    _add(cast, seed)

    rows = recommendation_list_visible(
        actor=seed.phong, inspection_id=seed.inspection.pk, on=dt.date(2024, 9, 2)
    )
    unit_leader_rows = recommendation_list_visible(actor=cast.tin, inspection_id=seed.inspection.pk)

    assert [(r.recommendation.order, r.task, r.state) for r in rows] == [(1, task, "overdue"), (2, None, "")]
    assert len(unit_leader_rows) == 2  # tin leads the inspected department


@pytest.mark.parametrize("who", ["olga", "dung", "ad", "vera"])
def test_the_recommendations_of_an_inspection_are_404_to_others(
    cast: Any, seed: SimpleNamespace, who: str
) -> None:
    _add(cast, seed)

    with pytest.raises(NotFoundError):
        recommendation_list_visible(actor=getattr(cast, who), inspection_id=seed.inspection.pk)


def test_the_commission_reads_what_lies_within_its_competence(cast: Any, seed: SimpleNamespace) -> None:
    _add(cast, seed)

    assert len(recommendation_list_visible(actor=seed.kiem, inspection_id=seed.inspection.pk)) == 1


def test_a_person_subjects_recommendation_is_for_those_who_read_the_person(
    cast: Any, seed: SimpleNamespace
) -> None:
    (member,) = add_members(seed.inspection, cast.info, 1)
    services.recommendation_add(
        actor=seed.phong, inspection=seed.inspection, text=TEXT, lead_unit=cast.info, subject=member
    )

    assert len(recommendation_list_visible(actor=seed.phong, inspection_id=seed.inspection.pk)) == 1
    assert recommendation_list_visible(actor=cast.tin, inspection_id=seed.inspection.pk) == []


def test_an_existing_task_is_linked_as_the_recommendation_it_realises(
    cast: Any, seed: SimpleNamespace
) -> None:
    from mandate.tasks.services.assignment import task_assign

    task = task_assign(
        actor=None, content=TEXT, lead_unit=cast.info, assigner_unit=cast.standing, document=seed.directive,
        deadline_on=dt.date(2031, 1, 1),
    )  # fmt: skip
    elsewhere = task_assign(
        actor=None, content=TEXT, lead_unit=cast.culture, assigner_unit=cast.standing,
        document=seed.directive, deadline_on=dt.date(2031, 1, 1),
    )  # fmt: skip
    recommendation = _add(cast, seed)

    with pytest.raises(ApplicationError):
        services.recommendation_link_task(actor=None, recommendation=recommendation, task=elsewhere)
    services.recommendation_link_task(actor=None, recommendation=recommendation, task=task)

    recommendation.refresh_from_db()
    assert recommendation.task == task


def test_the_api_rows_show_the_task_as_the_inspections_side_sees_it(cast: Any, seed: SimpleNamespace) -> None:
    from mandate.inspections.api_recommendations import recommendation_rows_data

    task = services.recommendation_issue(
        actor=seed.phong,
        recommendation=_add(cast, seed),
        deadline_on=dt.date(2024, 8, 30),
        assigned_on=dt.date(2024, 7, 22),
    )
    rows = recommendation_list_visible(
        actor=cast.tin, inspection_id=seed.inspection.pk, on=dt.date(2024, 8, 30)
    )

    (row,) = recommendation_rows_data(rows)
    assert (row["task"], row["task_status"], row["task_deadline_on"], row["task_state"]) == (
        task.pk,
        "assigned",
        "2024-08-30",
        "due_today",
    )
    assert (row["lead_unit_name"], row["order"]) == (cast.info.name, 1)
