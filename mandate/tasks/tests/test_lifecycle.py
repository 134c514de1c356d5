import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidStateError,
    PermissionDeniedError,
    UnsupportedFileTypeError,
)
from mandate.core.models import AuditEntry
from mandate.notifications.models import Notification
from mandate.tasks import policy
from mandate.tasks.enums import MOVES, TaskStatus
from mandate.tasks.models import Evidence, Task, TaskEvent
from mandate.tasks.services import lifecycle, progress

PDF = b"%PDF-1.4\n%%EOF\n"


def _move(task, actor, action, **values):
    task.refresh_from_db()
    return lifecycle.task_transition(
        actor=actor, task=task, action=action, expected_version=task.version, **values
    )


def test_the_main_path_with_history_audit_and_notices(cast, assign):
    task = assign(lead_person=cast.oanh.person)

    progress.task_report_progress(
        actor=cast.oanh,
        task=task,
        percent=40,
        text="Đã xây dựng kế hoạch",
        files=[SimpleUploadedFile("ke-hoach.pdf", PDF)],
    )
    _move(task, cast.oanh, "report_done", reason="Hoàn thành")
    _move(task, cast.chanh, "accept")

    task.refresh_from_db()
    assert task.status == TaskStatus.ACCEPTED
    assert task.done_reported_on == task.accepted_on
    kinds = list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True))
    assert kinds == ["assigned", "progress", "reported", "accepted"]
    actions = set(
        AuditEntry.objects.filter(target_id=str(task.pk), target_type="tasks.task").values_list(
            "action", flat=True
        )
    )
    assert {"tasks.assign", "tasks.report_progress", "tasks.report_done", "tasks.accept"} <= actions
    assert Evidence.objects.filter(report__task=task).count() == 1
    assert Notification.objects.filter(recipient=cast.oanh, kind="status_changed").exists()


@pytest.mark.parametrize("action", sorted(MOVES))
def test_every_move_outside_the_map_is_refused_with_409(cast, assign, action):
    task = assign()
    task.status = TaskStatus.CANCELLED if action != "reopen" else TaskStatus.ASSIGNED
    task.save(update_fields=["status"])
    before = (TaskEvent.objects.count(), AuditEntry.objects.count())

    with pytest.raises(InvalidStateError) as err:
        _move(task, cast.ad, action, reason="x")

    assert err.value.status_code == 409
    assert (TaskEvent.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize(
    ("action", "wrong_side", "status"),
    [
        ("start", "van", TaskStatus.ASSIGNED),
        ("report_done", "chanh", TaskStatus.IN_PROGRESS),
        ("accept", "dung", TaskStatus.REPORTED),
        ("accept", "van", TaskStatus.REPORTED),  # a specialist of the right side: approvals need a leader
        ("rework", "oanh", TaskStatus.REPORTED),
        ("return", "oanh", TaskStatus.IN_PROGRESS),  # the lead side, but returning needs its leader
        ("cancel", "dung", TaskStatus.IN_PROGRESS),
        ("reopen", "dung", TaskStatus.ACCEPTED),
    ],
)
def test_the_wrong_side_gets_403_and_nothing_changes(cast, assign, action, wrong_side, status):
    task = assign()
    Task.objects.filter(pk=task.pk).update(status=status)

    with pytest.raises(PermissionDeniedError):
        _move(task, getattr(cast, wrong_side), action, reason="x")

    task.refresh_from_db()
    assert task.status == status


def test_return_and_reassign(cast, assign):
    task = assign()
    with pytest.raises(ApplicationError):
        _move(task, cast.dung, "return", reason="  ")
    _move(task, cast.dung, "return", reason="Không thuộc chức năng của Sở")
    _move(task, cast.van, "reassign", lead_unit=cast.info)

    task.refresh_from_db()
    assert (task.status, task.lead_unit, task.lead_path) == (TaskStatus.ASSIGNED, cast.info, cast.info.path)


def test_a_task_is_not_reassigned_to_its_own_assigner(cast, assign):
    """Reassigning is assigning again: the rule of ``assignment_refusal`` holds for it too."""
    task = assign()
    _move(task, cast.dung, "return", reason="Không thuộc chức năng của Sở")
    with pytest.raises(ApplicationError) as err:
        _move(task, cast.van, "reassign", lead_unit=task.assigner_unit)

    assert err.value.code == "assigned_to_itself"
    task.refresh_from_db()
    assert (task.status, task.lead_unit) == (TaskStatus.RETURNED, cast.culture)


def test_rework_reopen_and_cancel(cast, assign):
    task = assign()
    _move(task, cast.oanh, "report_done", reason="Xong")
    _move(task, cast.chanh, "rework", reason="Thiếu số liệu")
    task.refresh_from_db()
    assert (task.status, task.done_reported_on) == (TaskStatus.IN_PROGRESS, None)
    _move(task, cast.oanh, "report_done", reason="Xong")
    _move(task, cast.chanh, "accept")
    _move(task, cast.van, "reopen", reason="Phát sinh yêu cầu mới")
    _move(task, cast.van, "cancel", reason="Không còn cần thiết")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED


def test_a_stale_move_is_409_and_a_missing_version_400(cast, assign):
    from mandate.core.exceptions import VersionRequiredError

    task = assign()
    with pytest.raises(VersionRequiredError):
        lifecycle.task_transition(actor=cast.oanh, task=task, action="start", expected_version=None)
    lifecycle.task_transition(actor=cast.oanh, task=task, action="start", expected_version=1)
    with pytest.raises(ConflictError):
        lifecycle.task_transition(actor=cast.oanh, task=task, action="report_done", expected_version=1)


def test_a_regular_task_is_never_reported_done(cast, assign):
    task = assign(kind="regular")
    with pytest.raises(InvalidStateError):
        _move(task, cast.oanh, "report_done", reason="Xong")


def test_progress_with_a_bad_file_stores_nothing(cast, assign, settings):
    task = assign()
    with pytest.raises(UnsupportedFileTypeError):
        progress.task_report_progress(
            actor=cast.oanh, task=task, percent=10, text="x", files=[SimpleUploadedFile("a.pdf", b"MZ\x90")]
        )
    task.refresh_from_db()
    assert (task.progress, task.last_progress_at, task.progress_reports.count()) == (0, None, 0)


def test_only_the_lead_side_reports_progress(cast, assign):
    task = assign()
    with pytest.raises(PermissionDeniedError):
        progress.task_report_progress(actor=cast.van, task=task, percent=10, text="Văn phòng báo cáo hộ")


def test_extension_requested_by_the_lead_leader_and_approved_by_the_assigner_leader(cast, assign):
    task = assign()
    with pytest.raises(PermissionDeniedError):
        progress.extension_request(
            actor=cast.oanh, task=task, proposed_deadline_on=dt.date(2024, 5, 31), reason="x"
        )
    request = progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=dt.date(2024, 5, 31), reason="Chờ số liệu quý"
    )
    with pytest.raises(InvalidStateError):
        progress.extension_request(
            actor=cast.dung, task=task, proposed_deadline_on=dt.date(2024, 6, 30), reason="y"
        )
    with pytest.raises(PermissionDeniedError):
        progress.extension_decide(actor=cast.van, request=request, approve=True, expected_version=1)

    progress.extension_decide(actor=cast.chanh, request=request, approve=True, expected_version=1)

    task.refresh_from_db()
    assert (task.deadline_on, task.original_deadline_on) == (dt.date(2024, 5, 31), dt.date(2024, 4, 30))
    with pytest.raises(InvalidStateError):
        progress.extension_decide(
            actor=cast.chanh, request=request, approve=False, note="x", expected_version=2
        )


def test_a_refusal_needs_a_reason_and_keeps_the_deadline(cast, assign):
    task = assign()
    request = progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=dt.date(2024, 5, 31), reason="Chờ số liệu"
    )
    with pytest.raises(ApplicationError):
        progress.extension_decide(actor=cast.chanh, request=request, approve=False, expected_version=1)
    progress.extension_decide(
        actor=cast.chanh, request=request, approve=False, note="Đủ thời gian", expected_version=1
    )
    task.refresh_from_db()
    assert task.deadline_on == dt.date(2024, 4, 30)


def test_instructions_and_chase_ups_are_events(cast, assign):
    task = assign()
    lifecycle.task_instruct(actor=cast.chanh, task=task, text="Đề nghị Sở khẩn trương")
    lifecycle.task_chase_up(actor=cast.van, task=task, text="Đôn đốc lần 1")
    with pytest.raises(PermissionDeniedError):
        lifecycle.task_instruct(actor=cast.oanh, task=task, text="x")
    with pytest.raises(PermissionDeniedError):
        lifecycle.task_chase_up(actor=cast.dung, task=task)
    assert set(task.events.values_list("kind", flat=True)) >= {"instruction", "chase_up"}


def test_allowed_actions_show_each_side_its_moves(cast, assign):
    task = assign()
    assert policy.allowed_names(cast.oanh, task) == ["progress", "report_done", "start"]
    assert set(policy.allowed_names(cast.dung, task)) == {
        "progress", "report_done", "start", "extension_request", "lead_person", "instruct", "return",
    }  # fmt: skip
    assert policy.allowed_names(cast.van, task) == ["lead_person", "edit", "chase_up", "cancel"]
    assert policy.allowed_names(cast.bao, task) == []


def test_a_head_whose_head_position_ended_is_not_told_through_another_position(cast):
    """``heads_of`` reads one position for all its conditions: dung's head position of the
    department ended yesterday; his new, running position elsewhere does not make him its head."""
    import datetime as dt

    from django.utils import timezone

    from mandate.people import services as people
    from mandate.people.models import Position
    from mandate.tasks.services.common import heads_of

    today = timezone.localdate()
    head = Position.objects.get(person__user=cast.dung, unit=cast.culture, is_head=True)
    assert cast.dung in heads_of([cast.culture.pk])
    people.position_end(actor=cast.ad, position=head, last_day=today - dt.timedelta(days=1))
    people.position_assign(
        actor=cast.ad,
        person=head.person,
        unit=cast.info,
        title="Chuyên viên",
        role="official",
        valid_from=today - dt.timedelta(days=10),
    )
    assert cast.dung not in heads_of([cast.culture.pk])
