"""The access log: every read of a sensitive record, who read it, when, by which route and for what
(issue 12 item 7: findings and discipline about a person; issue 15 item 6: a citizen's contact
details; ADR 0034).

The apps that hold such records call ``record_read`` from the selector that returns one to a
person (``record_reads`` from a list: one INSERT for the whole page), after the scope check and
before the answer is built, so that a refused read is not logged as a read and no read escapes:

    finding = finding_get_visible(actor=actor, finding_id=finding_id)   # 404 if not his
    access_log.record_read(actor=actor, record_type=Finding, record_id=finding.pk,
                           purpose="inspections.finding_detail")

Why apart from the audit trail: the trail records changes, under a keyed chain whose sequencer
takes a lock; a read must never wait for it, nor slow a list. An entry here is a plain INSERT,
no lock, no hash; append-only all the same (``AccessLogEntry``, and the database's triggers).
Only the auditor reads it (``is_auditor``): the administrator who manages accounts does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import request_context
from mandate.core.audit import Actor
from mandate.core.exceptions import PermissionDeniedError
from mandate.core.models import AccessLogEntry

# The permission that makes an account the system's auditor, given through a group. Holders must
# sign in with a second factor (``people.second_factor.requires_second_factor``).
AUDITOR_PERMISSION = "core.view_accesslogentry"

RecordType = str | type[models.Model]


def is_auditor(user: Any) -> bool:
    """The system's auditor: a superuser, or a staff account holding ``core.view_accesslogentry``.
    Staff only, so that an ordinary account never costs a permission query."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or (user.is_staff and user.has_perm(AUDITOR_PERMISSION)))


def _type_name(record_type: RecordType) -> str:
    if isinstance(record_type, type) and issubclass(record_type, models.Model):
        return str(record_type._meta.label_lower)
    name = str(record_type).strip()
    if not name:
        raise ValueError("An access log entry names the type of the record read.")
    return name[:80]


def _entry(
    actor: Actor | None, record_type: str, record_id: Any, purpose: str, at: dt.datetime
) -> AccessLogEntry:
    if not purpose.strip():
        raise ValueError("An access log entry says for what the record was read.")
    return AccessLogEntry(
        at=at,
        actor_id=actor.pk if actor is not None else None,
        actor_label=actor.get_username()[:150] if actor is not None else "system",
        record_type=record_type,
        record_id=str(record_id)[:64],
        purpose=purpose.strip()[:200],
        route=request_context.route.get(),
        request_id=request_context.request_id.get(),
        ip_address=request_context.client_ip.get(),
    )


def record_read(
    *, actor: Actor | None, record_type: RecordType, record_id: Any, purpose: str
) -> AccessLogEntry:
    """One read of one record: a plain INSERT (no audit lock, no hash). ``record_type`` is the
    record's model (or its label, ``"inspections.finding"``); ``purpose`` says why it was read,
    usually the route's name (``"inspections.finding_detail"``)."""
    entry = _entry(actor, _type_name(record_type), record_id, purpose, timezone.now())
    entry.save()
    return entry


def record_reads(
    *, actor: Actor | None, record_type: RecordType, record_ids: Iterable[Any], purpose: str
) -> int:
    """The records of a list page, read at once: one INSERT for all of them (none when the page is
    empty). Returns how many were logged."""
    now = timezone.now()
    name = _type_name(record_type)
    entries = [_entry(actor, name, record_id, purpose, now) for record_id in dict.fromkeys(record_ids)]
    if entries:
        AccessLogEntry.objects.bulk_create(entries)
    return len(entries)


def entry_list(
    *,
    actor: Any,
    record_type: str = "",
    record_id: str = "",
    actor_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> models.QuerySet[AccessLogEntry]:
    """The log for the auditor, newest first, narrowed by record, reader and days (inclusive, in
    local time). Anyone else is refused: the route shows no object, so 403."""
    if not is_auditor(actor):
        raise PermissionDeniedError(_("Only the auditor reads the access log."))
    entries = AccessLogEntry.objects.order_by("-id")
    if record_type:
        entries = entries.filter(record_type=record_type)
    if record_id:
        entries = entries.filter(record_id=record_id)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if since is not None:
        entries = entries.filter(at__gte=_start_of(since))
    if until is not None:
        entries = entries.filter(at__lt=_start_of(until + dt.timedelta(days=1)))
    return entries


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
