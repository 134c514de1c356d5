"""Changing the working-day calendar: the administrator's overrides of the holiday library.

Every deadline in the system is counted on this calendar, so a change moves deadlines that are
already running. That is why only holders of ``core.change_calendaroverride`` (and superusers)
may make one, why it must cite a reason, and why each change is in the audit trail.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit, workdays
from mandate.core.accounts import Account
from mandate.core.concurrency import bump_version
from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.locks import lock_for_transaction
from mandate.core.models import CalendarOverride

OVERRIDE_FIELDS = ["day", "is_working_day", "reason", "source_document", "retired_at", "retired_reason"]
CHANGE_PERMISSION = "core.change_calendaroverride"


def can_change_calendar(*, actor: Account) -> bool:
    """Superusers and holders of the Django permission; an inactive account never."""
    if not getattr(actor, "is_active", False):
        return False
    return bool(actor.is_superuser or actor.has_perm(CHANGE_PERMISSION))


def _require_right(actor: Account | None) -> None:
    # ``actor=None`` is the system (migrations of data, the demo loader), as in every service.
    if actor is not None and not can_change_calendar(actor=actor):
        raise PermissionDeniedError(_("Only an administrator of the calendar may change working days."))


def _require_text(name: str, value: str, *, required: bool, limit: int) -> str:
    value = value.strip()
    if required and not value:
        raise ApplicationError(_("Give the reason."), fields={name: [_("Give the reason.")]})
    if len(value) > limit:
        message = _("Shorten this to %(limit)s characters.") % {"limit": limit}
        raise ApplicationError(message, fields={name: [message]})
    return value


def _forget_cached_overrides() -> None:
    """Clear now, for readers later in this transaction, and again when it commits.

    The second clearing is the one that matters to everybody else: a reader in another thread may
    have loaded the year between the first clearing and the commit, without this change.
    """
    workdays.clear_override_cache()
    transaction.on_commit(workdays.clear_override_cache)


@transaction.atomic
def calendar_override_set(
    *, actor: Account | None, day: dt.date, is_working_day: bool, reason: str, source_document: str = ""
) -> CalendarOverride:
    """Declare ``day`` a working day or a day off, whatever the holiday library says.

    The day is the key: setting a day that already has a row changes that row, and brings it back
    if it was retired, so a day never has two rulings. Setting the same ruling again changes
    nothing and records nothing.
    """
    _require_right(actor)
    reason = _require_text("reason", reason, required=True, limit=300)
    source_document = _require_text("source_document", source_document, required=False, limit=100)
    if isinstance(day, dt.datetime) or not workdays.FIRST_YEAR <= day.year <= workdays.LAST_YEAR:
        message = _("Choose a day from %(first)s to %(last)s.") % {
            "first": workdays.FIRST_YEAR,
            "last": workdays.LAST_YEAR,
        }
        raise ApplicationError(message, fields={"day": [message]})
    # A missing row cannot be locked with SELECT FOR UPDATE; this lock serialises the creators.
    lock_for_transaction("calendar-overrides")
    override = CalendarOverride.objects.select_for_update().filter(day=day).first()
    values = {
        "is_working_day": is_working_day,
        "reason": reason,
        "source_document": source_document,
        "retired_at": None,
        "retired_reason": "",
    }
    if override is None:
        override = CalendarOverride(day=day, **values)
        override.save()
        before = None
        after = audit.snapshot(override, OVERRIDE_FIELDS)
    else:
        old = audit.snapshot(override, OVERRIDE_FIELDS)
        for name, value in values.items():
            setattr(override, name, value)
        changed_before, after = audit.changes(old, audit.snapshot(override, OVERRIDE_FIELDS))
        if not after:
            return override
        bump_version(override)
        override.save(update_fields=[*values, "version", "updated_at"])
        before = changed_before
    audit.record(actor=actor, action="core.calendar_override", target=override, before=before, after=after)
    _forget_cached_overrides()
    return override


@transaction.atomic
def calendar_override_remove(
    *, actor: Account | None, override: CalendarOverride, reason: str
) -> CalendarOverride:
    """Stop applying an override; the day follows the holiday library again.

    Nothing is deleted: the row is retired with the reason, so the trail of what the calendar
    said, and why deadlines moved, stays readable.
    """
    _require_right(actor)
    reason = _require_text("reason", reason, required=True, limit=300)
    lock_for_transaction("calendar-overrides")
    override = CalendarOverride.objects.select_for_update().get(pk=override.pk)
    if override.retired_at is not None:
        raise ApplicationError(_("This override was already removed."), code="already_retired")
    override.retired_at = timezone.now()
    override.retired_reason = reason
    bump_version(override)
    override.save(update_fields=["retired_at", "retired_reason", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="core.calendar_override_remove",
        target=override,
        before={"retired_at": None, "retired_reason": ""},
        after={"retired_at": override.retired_at, "retired_reason": override.retired_reason},
    )
    _forget_cached_overrides()
    return override
