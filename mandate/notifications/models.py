"""In-app notices and the log of the daily e-mail digests that carried them.

A notice is an output, not a record of the administration: it tells one person that something
happened to a task (or will, or should have). Its source of truth stays in the app that sent it,
so it points there with ``target_type``/``target_id`` (as ``core.AuditEntry`` does) and a ``url``,
without a foreign key: this app sits below ``tasks`` and ``documents`` and may not import them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mandate.notifications import messages
from mandate.notifications.enums import NotificationKind

__all__ = [
    "DEDUPE_KEY_MAX_LENGTH",
    "MESSAGE_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "URL_MAX_LENGTH",
    "DigestLog",
    "Notification",
    "NotificationKind",
]

TITLE_MAX_LENGTH = 300
URL_MAX_LENGTH = 200
DEDUPE_KEY_MAX_LENGTH = 200
MESSAGE_MAX_LENGTH = 200


class Notification(models.Model):
    # No index of its own: the inbox index and the dedupe key's both lead with the recipient, and
    # the sweep writes tens of thousands of notices a day at 1M tasks (docs/performance.md, F7).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="notifications",
        verbose_name=_("recipient"),
        db_index=False,
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("unit"),
        help_text=_("The unit the notice concerns; the daily digest is sent per unit."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    # What the notice says is kept as the English message (a msgid) and its values, and rendered
    # when it is read, in the reader's language (ADR 0027). ``title`` keeps it as rendered in the
    # default language when the notice was given: the admin's column, and the text of notices
    # without a message (older ones the migration could not recognise).
    title = models.CharField(pgettext_lazy("notification", "title"), max_length=TITLE_MAX_LENGTH)
    message = models.CharField(
        _("message"),
        max_length=MESSAGE_MAX_LENGTH,
        blank=True,
        default="",
        help_text=_("The notice's text in English, with named placeholders, translated when read."),
    )
    params = models.JSONField(
        _("message values"),
        blank=True,
        default=dict,
        help_text=_("The values of the message's placeholders; a text per language where it has one."),
    )
    body = models.TextField(_("text"), blank=True)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    url = models.CharField(_("link"), max_length=URL_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_on = models.DateField(
        _("e-mailed on"), null=True, blank=True, help_text=_("The day of the digest that carried it.")
    )
    # The same key for the same recipient is a notice already given: a sweep that runs twice, or
    # two sweeps that overlap, create it once (enforced by the database, not by a prior read).
    dedupe_key = models.CharField(
        _("deduplication key"), max_length=DEDUPE_KEY_MAX_LENGTH, blank=True, default=""
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="notification_dedupe_unique",
            ),
        ]
        indexes = [
            # The inbox: one person's unread notices, newest first, and the unread count.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx"),
            # The digest: what no digest has carried yet.
            models.Index(
                fields=["created_at"], condition=Q(emailed_on__isnull=True), name="notification_unsent_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"[:300]

    @property
    def text(self) -> str:
        """The title in the language active now: the reader's (ADR 0027)."""
        return messages.render(self.message, self.params, fallback=self.title)


class DigestLog(models.Model):
    """One row per digest e-mail sent: the unique key is what makes a digest go out at most once a
    day per (unit, recipient), however often the job runs or however many run at once."""

    unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient")
    )
    day = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    count = models.PositiveIntegerField(_("notices"))

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        ordering = ["-day", "-id"]
        constraints = [
            # NULLs are distinct in a unique index on both databases, so the digest of notices
            # without a unit needs its own partial constraint.
            models.UniqueConstraint(
                fields=["unit", "recipient", "day"],
                condition=Q(unit__isnull=False),
                name="digest_once_per_unit_recipient_day",
            ),
            models.UniqueConstraint(
                fields=["recipient", "day"],
                condition=Q(unit__isnull=True),
                name="digest_once_per_recipient_day_without_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.recipient_id} {self.unit_id}"
