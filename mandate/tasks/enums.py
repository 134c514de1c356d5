"""The vocabulary of tasks, and the declared map of their life cycle."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskKind(models.TextChoices):
    DEADLINE = "deadline", _("With a deadline")
    REGULAR = "regular", _("Regular (reported every period)")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent (Khẩn)")
    VERY_URGENT = "very_urgent", _("Very urgent (Thượng khẩn)")
    IMMEDIATE = "immediate", _("Immediate (Hỏa tốc)")


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported done")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned to the assigner")
    CANCELLED = "cancelled", _("Cancelled")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    # Still pending when the task was reported done, accepted or cancelled: closed with it.
    CLOSED = "closed", _("Closed with the task")


class EventKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    STARTED = "started", _("Work started")
    PROGRESS = "progress", _("Progress reported")
    REPORTED = "reported", _("Reported done")
    ACCEPTED = "accepted", _("Accepted")
    REWORK = "rework", _("Returned for rework")
    RETURNED = "returned", _("Returned to the assigner")
    REASSIGNED = "reassigned", _("Reassigned")
    CANCELLED = "cancelled", _("Cancelled")
    REOPENED = "reopened", _("Reopened")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_APPROVED = "extension_approved", _("Extension approved")
    EXTENSION_REFUSED = "extension_refused", _("Extension refused")
    LEAD_PERSON = "lead_person", _("Lead person named")
    EDITED = "edited", _("Edited")
    INSTRUCTION = "instruction", _("Leader's instruction")
    CHASE_UP = "chase_up", _("Chased up")
    REMINDER = "reminder", _("Reminder sent")
    ESCALATED = "escalated", _("Escalated")
    CORRECTED = "corrected", _("Record corrected")


class Side(models.TextChoices):
    """Who may make a move: the side that assigned the task or the lead unit's side."""

    ASSIGNER = "assigner", _("the assigner's side")
    LEAD = "lead", _("the lead unit's side")


@dataclass(frozen=True)
class Move:
    sources: frozenset[str]
    target: str
    side: str
    event: str
    needs_reason: bool = False
    # Only a leader (or whoever holds his acting or delegated position) may make it.
    needs_leader: bool = False
    # Not for regular tasks, which are never done: they report progress every period.
    deadline_tasks_only: bool = False


S = TaskStatus
MOVES: dict[str, Move] = {
    "start": Move(frozenset({S.ASSIGNED}), S.IN_PROGRESS, Side.LEAD, EventKind.STARTED),
    "report_done": Move(
        frozenset({S.ASSIGNED, S.IN_PROGRESS}), S.REPORTED, Side.LEAD, EventKind.REPORTED,
        deadline_tasks_only=True,
    ),
    "accept": Move(
        frozenset({S.REPORTED}), S.ACCEPTED, Side.ASSIGNER, EventKind.ACCEPTED, needs_leader=True
    ),
    "rework": Move(
        frozenset({S.REPORTED}), S.IN_PROGRESS, Side.ASSIGNER, EventKind.REWORK, needs_reason=True
    ),
    "return": Move(
        frozenset({S.ASSIGNED, S.IN_PROGRESS}), S.RETURNED, Side.LEAD, EventKind.RETURNED,
        needs_reason=True, needs_leader=True,
    ),
    "reassign": Move(frozenset({S.RETURNED}), S.ASSIGNED, Side.ASSIGNER, EventKind.REASSIGNED),
    "cancel": Move(
        frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REPORTED, S.RETURNED}), S.CANCELLED, Side.ASSIGNER,
        EventKind.CANCELLED, needs_reason=True,
    ),
    "reopen": Move(
        frozenset({S.ACCEPTED, S.CANCELLED}), S.IN_PROGRESS, Side.ASSIGNER, EventKind.REOPENED,
        needs_reason=True,
    ),
}  # fmt: skip
# The API's enum of moves, by a stable name (``TaskActionEnum`` in the OpenAPI schema).
MOVE_NAMES: tuple[str, ...] = tuple(sorted(MOVES))

OPEN_STATUSES = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REPORTED, S.RETURNED})
