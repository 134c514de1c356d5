"""Progress reports with evidence, and extension requests with their decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.core.uploads import CheckedFile, check_uploads, sha256_of
from mandate.notifications.enums import NotificationKind
from mandate.people.models import User
from mandate.tasks import policy
from mandate.tasks.enums import EventKind, ExtensionStatus, TaskStatus
from mandate.tasks.models import Evidence, ExtensionRequest, ProgressReport, Task
from mandate.tasks.services.common import (
    assigner_side_users,
    lead_side_users,
    moment,
    record,
    require_text,
    tell,
)

MAX_FILES_PER_REPORT = 10
REPORTABLE = policy.REPORTABLE


def task_report_progress(
    *,
    actor: User | None,
    task: Task,
    percent: int,
    text: str,
    files: Sequence[UploadedFile[bytes]] = (),
    on: dt.date | None = None,
) -> ProgressReport:
    """A report from the lead unit's side; the last one sets the task's "last updated". Every file
    is checked (size, type by content) before anything is stored. The policy is asked before the
    files are read, on the task as it stands now (the caller's copy may be stale), and again on the
    locked row."""
    policy.require(actor, Task.objects.get(pk=task.pk), "progress")
    if not 0 <= percent <= 100:
        raise ApplicationError(fields={"percent": [_("Between 0 and 100.")]})
    text = require_text(text, "text", _("Say what was done."))
    if len(files) > MAX_FILES_PER_REPORT:
        raise ApplicationError(fields={"files": [_("At most %(n)s files.") % {"n": MAX_FILES_PER_REPORT}]})
    checked = check_uploads(files)
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            report = _save_report(
                actor=actor,
                task=task,
                percent=percent,
                text=text,
                files=files,
                checked=checked,
                stored=stored,
                on=on,
            )
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return report


def _save_report(
    *,
    actor: User | None,
    task: Task,
    percent: int,
    text: str,
    files: Sequence[UploadedFile[bytes]],
    checked: list[CheckedFile],
    stored: list[Evidence],
    on: dt.date | None,
) -> ProgressReport:
    task = Task.objects.select_for_update().get(pk=task.pk)
    policy.require(actor, task, "progress")
    report = ProgressReport.objects.create(
        task=task,
        percent=percent,
        text=text,
        reporter=actor,  # type: ignore[misc]  # required by the model: the system does not report
        reported_at=moment(on),
    )
    for upload, check in zip(files, checked, strict=True):
        evidence = Evidence(
            report=report,
            display_name=check.display_name,
            content_type=check.content_type,
            size=check.size,
            sha256=sha256_of(upload),
        )
        evidence.file.save(check.storage_name, upload, save=False)
        stored.append(evidence)
        evidence.save()
    old_status = task.status
    task.progress, task.last_progress_at = percent, moment(on)
    fields = ["progress", "last_progress_at", "version", "updated_at"]
    if task.status == TaskStatus.ASSIGNED:
        task.status = TaskStatus.IN_PROGRESS
        fields.append("status")
    bump_version(task)
    task.save(update_fields=fields)
    record(
        actor=actor,
        task=task,
        kind=EventKind.PROGRESS,
        action="report_progress",
        text=text,
        from_status=old_status,
        to_status=task.status,
        after={"report": report.pk, "percent": percent, "files": [e.sha256 for e in stored]},
        at=moment(on),
        report=report,
    )
    return report


@transaction.atomic
def extension_request(
    *, actor: User | None, task: Task, proposed_deadline_on: dt.date, reason: str, on: dt.date | None = None
) -> ExtensionRequest:
    """The lead unit's leader asks the assigner for a later deadline; one request open at a time."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    policy.require(actor, task, "extension_request")
    reason = require_text(reason, "reason", _("Give the reason."))
    assert task.deadline_on is not None
    if proposed_deadline_on <= task.deadline_on:
        message = _("The proposed deadline must be after the current one (%(day)s).") % {
            "day": task.deadline_on.strftime("%d/%m/%Y")
        }
        raise ApplicationError(message, fields={"proposed_deadline_on": [message]})
    if task.extension_requests.filter(status=ExtensionStatus.PENDING).exists():
        raise InvalidStateError(_("An extension request is already awaiting a decision."))
    request = ExtensionRequest.objects.create(
        task=task,
        requested_by=actor,  # type: ignore[misc]  # required by the model: the system does not ask
        current_deadline_on=task.deadline_on,
        proposed_deadline_on=proposed_deadline_on,
        reason=reason,
    )
    record(
        actor=actor,
        task=task,
        kind=EventKind.EXTENSION_REQUESTED,
        action="extension_request",
        text=reason,
        after={"request": request.pk, "proposed_deadline_on": proposed_deadline_on},
        at=moment(on),
    )
    tell(
        users=assigner_side_users(task),
        actor=actor,
        kind=NotificationKind.EXTENSION_REQUESTED,
        task=task,
        message=gettext_noop("Extension requested"),
        unit=task.assigner_unit,
    )
    return request


@transaction.atomic
def extension_decide(
    *,
    actor: User | None,
    request: ExtensionRequest,
    approve: bool,
    note: str = "",
    expected_version: int | None,
    on: dt.date | None = None,
) -> ExtensionRequest:
    """The assigner's leader decides. An approval moves the deadline; the old ones stay on file
    (the task's original deadline and every request's deadline when asked)."""
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    task = Task.objects.select_for_update().get(pk=request.task_id)
    policy.require(actor, task, "extension_decide", pending=request)
    check_version(obj=request, expected_version=expected_version)
    if not approve:
        note = require_text(note, "note", _("Say why the extension is refused."))
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    request.decided_by, request.decided_at, request.decision_note = actor, moment(on), note.strip()
    bump_version(request)
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "version", "updated_at"]
    )
    before = {"deadline_on": task.deadline_on}
    if approve:
        task.deadline_on = request.proposed_deadline_on
        # A new deadline restarts the reminders that belong to the old one.
        task.reminded_before_on = task.reminded_due_on = None
        bump_version(task)
        task.save(
            update_fields=["deadline_on", "reminded_before_on", "reminded_due_on", "version", "updated_at"]
        )
    record(
        actor=actor,
        task=task,
        kind=EventKind.EXTENSION_APPROVED if approve else EventKind.EXTENSION_REFUSED,
        action="extension_approve" if approve else "extension_refuse",
        text=note.strip(),
        before=before,
        after={"request": request.pk, "deadline_on": task.deadline_on},
        at=moment(on),
    )
    tell(
        users=lead_side_users(task),
        actor=actor,
        kind=NotificationKind.EXTENSION_DECIDED,
        task=task,
        message=gettext_noop("Extension approved") if approve else gettext_noop("Extension refused"),
        unit=task.lead_unit,
    )
    return request
