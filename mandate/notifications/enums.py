from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notice is about. The sweep's reminders and escalation come first; the rest follow a
    task's life cycle. ``other`` keeps the list closed without blocking a new caller."""

    REMINDER_BEFORE = "reminder_before", _("Reminder before the deadline")
    REMINDER_DUE = "reminder_due", _("Reminder on the deadline")
    REMINDER_OVERDUE = "reminder_overdue", _("Reminder after the deadline")
    ESCALATION = "escalation", _("Escalation")
    ASSIGNED = "assigned", _("Assignment")
    STATUS_CHANGED = "status_changed", _("Change of status")
    INSTRUCTION = "instruction", _("Leader's instruction")
    CHASE_UP = "chase_up", _("Chase-up")
    EXTENSION_REQUESTED = "extension_requested", _("Extension requested")
    EXTENSION_DECIDED = "extension_decided", _("Extension decided")
    OTHER = "other", _("Other")
