"""Reads of notices. A notice belongs to its recipient alone, so these filter by the actor
himself rather than by ``read_scope``: a leader who may read every record of his department
still does not read his deputy's inbox, and neither does a superuser (the admin site is the
place for inspecting them). An anonymous visitor has no notices."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from mandate.core.exceptions import NotFoundError
from mandate.notifications import targets
from mandate.notifications.models import Notification
from mandate.people.models import User


def _own(actor: User | AnonymousUser) -> QuerySet[Notification]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=actor.pk)


def notification_list_for(
    *, actor: User | AnonymousUser, unread_only: bool = False
) -> QuerySet[Notification]:
    """The actor's notices, newest first (the inbox index serves this order)."""
    notices = _own(actor)
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    return notices.select_related("unit").order_by("-created_at", "-id")


def unread_count(*, actor: User | AnonymousUser) -> int:
    return _own(actor).filter(read_at__isnull=True).count()


def notification_get_for(*, actor: User | AnonymousUser, notification_id: int) -> Notification:
    """One of the actor's notices; anyone else's does not exist for him (404)."""
    notice = _own(actor).filter(pk=notification_id).select_related("unit").first()
    if notice is None:
        raise NotFoundError()
    return notice


def out_of_reach(*, actor: User | AnonymousUser, notices: Iterable[Notification]) -> set[int]:
    """The ids of the notices whose target the actor may no longer see (a task moved out of his
    scope since): they say so instead of leading to a 404. One query per kind of target."""
    if not isinstance(actor, User):
        return set()
    notices = list(notices)
    gone = targets.out_of_reach(actor=actor, targets=((n.target_type, n.target_id) for n in notices))
    return {n.pk for n in notices if (n.target_type, n.target_id) in gone}
