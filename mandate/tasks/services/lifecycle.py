"""Moves of a task through its declared life cycle (``tasks.enums.MOVES``), leaders'
instructions and chase-ups. Every move checks the map, then the side, then the version; writes a
timeline event and an audit entry; and tells the other side."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError
from mandate.core.uploads import CheckedFile
from mandate.documents import services as document_services
from mandate.documents.models import Document
from mandate.notifications.enums import NotificationKind
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, User
from mandate.tasks import permissions, policy
from mandate.tasks.enums import MOVES, EventKind, ExtensionStatus, Side, TaskStatus
from mandate.tasks.models import Evidence, ExtensionRequest, ProgressReport, Task
from mandate.tasks.services import done
from mandate.tasks.services.assignment import _check_lead_person, _check_units
from mandate.tasks.services.common import (
    assigner_side_users,
    lead_side_users,
    moment,
    record,
    require,
    require_text,
    tell,
    today,
)
from mandate.tasks.services.escalation import count_chase_up

_NOTICE = {
    "report_done": (NotificationKind.STATUS_CHANGED, Side.ASSIGNER),
    "return": (NotificationKind.STATUS_CHANGED, Side.ASSIGNER),
    "accept": (NotificationKind.STATUS_CHANGED, Side.LEAD),
    "rework": (NotificationKind.STATUS_CHANGED, Side.LEAD),
    "reassign": (NotificationKind.ASSIGNED, Side.LEAD),
    "cancel": (NotificationKind.STATUS_CHANGED, Side.LEAD),
    "reopen": (NotificationKind.STATUS_CHANGED, Side.LEAD),
}


def _check_move(*, actor: User | None, task: Task, action: str) -> None:
    if action not in MOVES:
        raise ApplicationError(
            _("Unknown action “%(action)s”.") % {"action": action}, fields={"action": [_("Not a choice.")]}
        )
    policy.require(actor, task, action)


def _close_pending_extension(*, task: Task, on: dt.date | None) -> int | None:
    """A request still pending when the task is reported done, accepted or cancelled is closed
    with it, in the same transaction: deciding it afterwards would rewrite the deadline the
    result is judged by ("completed late" turned "on time")."""
    request = (
        ExtensionRequest.objects.select_for_update().filter(task=task, status=ExtensionStatus.PENDING).first()
    )
    if request is None:
        return None
    request.status = ExtensionStatus.CLOSED
    request.decided_at = moment(on)
    request.decision_note = _("Closed without a decision: the task became “%(status)s”.") % {
        "status": TaskStatus(task.status).label
    }
    bump_version(request)
    request.save(update_fields=["status", "decided_at", "decision_note", "version", "updated_at"])
    return request.pk


def task_transition(
    *,
    actor: User | None,
    task: Task,
    action: str,
    expected_version: int | None,
    reason: str = "",
    lead_unit: OrgUnit | None = None,
    lead_person: Person | None = None,
    on: dt.date | None = None,
    files: Sequence[UploadedFile[bytes]] = (),
    product_document: Document | None = None,
) -> Task:
    """``on`` records a move made on an earlier day (the demo's history, imports); the audit
    entry keeps the real time it was entered. A done report carries its result (``reason``) and,
    where the task expects a product, the product: ``files`` or ``product_document``
    (``services.done``); the files are checked before the task is locked, once the policy allows
    the move, and removed again if the move fails."""
    if files:
        if action != "report_done":
            raise ApplicationError(fields={"files": [_("Files come with a done report only.")]})
        policy.require(actor, Task.objects.get(pk=task.pk), action)
    stored: list[Evidence] = []
    try:
        return _transition(
            actor=actor, task=task, action=action, expected_version=expected_version, reason=reason,
            lead_unit=lead_unit, lead_person=lead_person, on=on, files=files,
            product_document=product_document, stored=stored,
        )  # fmt: skip
    except Exception:
        for evidence in stored:
            evidence.file.delete(save=False)
        raise


@transaction.atomic
def _transition(
    *,
    actor: User | None,
    task: Task,
    action: str,
    expected_version: int | None,
    reason: str,
    lead_unit: OrgUnit | None,
    lead_person: Person | None,
    on: dt.date | None,
    files: Sequence[UploadedFile[bytes]],
    product_document: Document | None,
    stored: list[Evidence],
) -> Task:
    # Only the task's row: locking the units' rows too would serialise every move within a unit.
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("lead_unit", "assigner_unit")
        .get(pk=task.pk)
    )
    _check_move(actor=actor, task=task, action=action)
    check_version(obj=task, expected_version=expected_version)
    move = MOVES[action]
    if move.needs_reason:
        reason = require_text(reason, "reason", _("Give the reason."))
    checked: list[CheckedFile] = []
    product: dict[str, Any] = {}
    if action == "report_done":
        reason, checked = done.check_done_report(
            task=task, reason=reason, files=files, product_document=product_document
        )
    elif product_document is not None:
        raise ApplicationError(fields={"product_document": [_("A product comes with a done report only.")]})
    day = on or today()
    old_status = task.status
    before: dict[str, Any] = {"status": old_status}
    changed = ["status", "version", "updated_at"]
    done_report: ProgressReport | None = None
    if action == "report_done":
        done_report = ProgressReport.objects.create(
            task=task,
            percent=100,
            text=reason,
            reporter=actor,  # type: ignore[misc]  # the model requires one: the system reports nothing
            is_done_report=True,
            reported_at=moment(on),
            product_document=product_document,
        )
        stored += done.store_product(report=done_report, files=files, checked=checked)
        product = {
            "report": done_report.pk,
            "product_document": product_document.pk if product_document is not None else None,
            "files": [evidence.sha256 for evidence in stored],
        }
        task.done_reported_on, task.progress = day, 100
        changed += ["done_reported_on", "progress", "last_progress_at"]
        task.last_progress_at = moment(on)
    elif action == "accept":
        task.accepted_on = day
        changed.append("accepted_on")
    elif action == "rework":
        before["done_reported_on"] = task.done_reported_on
        task.done_reported_on = None
        changed.append("done_reported_on")
    elif action == "cancel":
        task.cancelled_on = day
        changed.append("cancelled_on")
    elif action == "reopen":
        before.update(accepted_on=task.accepted_on, cancelled_on=task.cancelled_on)
        task.accepted_on = task.cancelled_on = task.done_reported_on = None
        changed += ["accepted_on", "cancelled_on", "done_reported_on"]
    elif action == "reassign":
        if lead_unit is None:
            raise ApplicationError(fields={"lead_unit": [_("Choose the new lead unit.")]})
        require(
            actor is None
            or permissions.can_assign(actor=actor, assigner_unit=task.assigner_unit, units=[lead_unit]),
            _("You may assign tasks only into units you cover."),
        )
        refusal = policy.assignment_refusal(assigner_unit=task.assigner_unit, lead_unit=lead_unit)
        if refusal:
            raise ApplicationError(refusal, code="assigned_to_itself", fields={"lead_unit": [refusal]})
        _check_units(
            lead_unit=lead_unit,
            coordinating=[c.unit for c in task.coordinators.select_related("unit")],
            day=day,
        )
        _check_lead_person(lead_person, lead_unit, day)
        before.update(lead_unit=task.lead_unit_id, lead_person=task.lead_person_id)
        task.lead_unit, task.lead_path, task.lead_person = lead_unit, lead_unit.path, lead_person
        changed += ["lead_unit", "lead_path", "lead_person"]
        document_services.document_reach_add(actor=actor, document=task.document, unit=lead_unit)
    task.status = move.target
    bump_version(task)
    task.save(update_fields=changed)
    closed_request = (
        _close_pending_extension(task=task, on=on) if action in ("report_done", "accept", "cancel") else None
    )
    after: dict[str, Any] = {"status": task.status}
    if closed_request is not None:
        after["extension_closed"] = closed_request
    after.update(product)
    for name in before:
        if name != "status":
            after[name] = (
                getattr(task, f"{name}_id") if name in ("lead_unit", "lead_person") else getattr(task, name)
            )
    record(
        actor=actor,
        task=task,
        kind=move.event,
        action=action,
        text=reason,
        from_status=old_status,
        to_status=task.status,
        before=before,
        after=after,
        at=moment(on),
        report=done_report,
    )
    kind, side = _NOTICE.get(action, (None, None))
    if kind is not None:
        users = lead_side_users(task) if side == Side.LEAD else assigner_side_users(task)
        unit = task.lead_unit if side == Side.LEAD else task.assigner_unit
        params = {"event": EventKind(move.event).label, "task": str(task)[:120]}
        tell(
            users=users,
            actor=actor,
            kind=kind,
            task=task,
            unit=unit,
            message=gettext_noop("%(event)s: %(task)s"),
            params=params,
        )
    return task


@transaction.atomic
def task_instruct(*, actor: User | None, task: Task, text: str) -> Task:
    """A leader's instruction (ý kiến chỉ đạo), kept in the task's timeline for both sides."""
    policy.require(actor, task, "instruct")
    text = require_text(text, "text", _("Write the instruction."))
    record(actor=actor, task=task, kind=EventKind.INSTRUCTION, action="instruct", text=text)
    users = lead_side_users(task) + assigner_side_users(task)
    tell(
        users=users,
        actor=actor,
        kind=NotificationKind.INSTRUCTION,
        task=task,
        message=gettext_noop("Instruction on a task"),
        unit=task.lead_unit,
    )
    return task


@transaction.atomic
def task_chase_up(*, actor: User | None, task: Task, text: str = "", on: dt.date | None = None) -> Task:
    """The assigner's manual chase-up (đôn đốc). On an overdue task it counts as a reminder after
    the deadline, towards escalation after the third."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    policy.require(actor, task, "chase_up")
    record(
        actor=actor, task=task, kind=EventKind.CHASE_UP, action="chase_up", text=text.strip(), at=moment(on)
    )
    tell(
        users=lead_side_users(task),
        actor=actor,
        kind=NotificationKind.CHASE_UP,
        task=task,
        message=gettext_noop("Chase-up on a task"),
        unit=task.lead_unit,
    )
    count_chase_up(task=task, day=on or today())
    return task
