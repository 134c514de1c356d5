"""The notices page: the signed-in user's own notices, unread first, opening them and marking
them read. Each reads in the reader's language (ADR 0027)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mandate.notifications import selectors, services
from mandate.people.actors import actor_of

PAGE_SIZE = 50


def _back(request: HttpRequest) -> HttpResponseRedirect:
    """Back to where the button was pressed (a page of this site), else to the list."""
    target = request.POST.get("next", "")
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("notifications:list")
    return HttpResponseRedirect(target)


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notices = (
        selectors.notification_list_for(actor=actor_of(request.user))
        .annotate(
            unread=Case(
                When(read_at__isnull=True, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-unread", "-created_at", "-id")
    )
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    gone = selectors.out_of_reach(actor=actor_of(request.user), notices=shown)
    for notice in shown:
        notice.out_of_reach = notice.pk in gone  # type: ignore[attr-defined]
    return render(
        request,
        "notifications/list.html",
        {"page": page, "notices": shown, "here": request.get_full_path()},
    )


def _is_local(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


@require_POST
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Opening a notice marks it read and goes where it points; a notice about something the
    reader may no longer see says so on the list instead of leading to a 404."""
    actor = actor_of(request.user)
    notice = selectors.notification_get_for(actor=actor, notification_id=notification_id)
    services.notification_mark_read(actor=actor, notification=notice)
    if selectors.out_of_reach(actor=actor, notices=[notice]):
        message = _(
            "“%(title)s”: what this notice is about has left the units you may see since it was sent."
        )
        messages.warning(request, message % {"title": notice.text})
        return _back(request)
    if _is_local(notice.url):
        return HttpResponseRedirect(notice.url)
    return _back(request)


@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notice = selectors.notification_get_for(actor=actor_of(request.user), notification_id=notification_id)
    services.notification_mark_read(actor=actor_of(request.user), notification=notice)
    return _back(request)


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(actor=actor_of(request.user))
    return _back(request)
