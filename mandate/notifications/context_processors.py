from __future__ import annotations

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from mandate.notifications import selectors


def bell(request: HttpRequest) -> dict[str, object]:
    """The bell in the menu: the unread count (one query) and where the list is."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    try:
        url = reverse("notifications:list")
    except NoReverseMatch:
        url = ""
    unread = selectors.unread_count(actor=user) if url else 0
    return {"notifications_url": url, "unread_notifications": unread}
