"""The notices page: the signed-in user's own notices, unread first, and marking them read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
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
    return render(
        request,
        "notifications/list.html",
        {"page": page, "notices": list(page.object_list), "here": request.get_full_path()},
    )


@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notice = selectors.notification_get_for(actor=actor_of(request.user), notification_id=notification_id)
    services.notification_mark_read(actor=actor_of(request.user), notification=notice)
    return _back(request)


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_all_read(actor=actor_of(request.user))
    return _back(request)
