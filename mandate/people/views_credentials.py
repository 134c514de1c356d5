"""Pages of one's credentials ("Sessions and access tokens") and of the sign-in lock's way out:
the one-time unlock link a locked-out user asks for by e-mail."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mandate.core import request_context
from mandate.core.exceptions import ApplicationError
from mandate.people import credentials, second_factor, second_factor_services
from mandate.people.actors import actor_of
from mandate.people.models import User


def when(moment: dt.datetime) -> str:
    """A moment as people here read it: dd/mm/yyyy HH:MM, local time."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def lock_notice(request: HttpRequest, username: str) -> tuple[str, dt.datetime | None]:
    """What the sign-in page says after a failure: the tries left, or when the lock ends. The same
    for a user name that does not exist (the lock counts names, not accounts)."""
    if not username:
        return "", None
    failures, ends_at = credentials.sign_in_failures(
        username=username, client_ip=request_context.client_ip.get()
    )
    if ends_at is not None:
        return _("Signing in under this name from here is locked until %(time)s.") % {
            "time": when(ends_at)
        }, ends_at
    if failures == 0:
        return "", None
    left = settings.AXES_FAILURE_LIMIT - failures
    return (
        _("%(left)s tries left before signing in under this name is locked for a while.") % {"left": left},
        None,
    )


def _user(request: HttpRequest) -> User:
    return actor_of(request.user)


@require_http_methods(["GET", "POST"])
def credentials_page(request: HttpRequest) -> HttpResponse:
    """The user's API tokens (create, revoke) and "sign out everywhere else"."""
    actor = _user(request)
    new_key = ""
    error = ""
    if request.method == "POST":
        try:
            _token, new_key = credentials.api_token_issue(
                actor=actor,
                name=request.POST.get("name", ""),
                second_factor=second_factor.session_is_verified(request),
            )
        except ApplicationError as exc:
            error = str(exc.message)
    tokens = credentials.api_token_list_visible(actor=actor)[:100]
    rows = [(token, credentials.api_token_is_live(token)[0]) for token in tokens]
    context = {
        "rows": rows,
        "new_key": new_key,
        "error": error,
        "when": when,
        "second_factor": _second_factor_state(request, actor),
    }
    return render(request, "people/credentials.html", context, status=400 if error else 200)


def _second_factor_state(request: HttpRequest, actor: User) -> dict[str, object]:
    """What the page says of the account's second factor (ADR 0034)."""
    enrolled = second_factor_services.is_enrolled(actor)
    verified_at = second_factor.verified_at(request)
    return {
        "required": second_factor.requires_second_factor(actor),
        "enrolled": enrolled,
        "verified_at": when(verified_at) if verified_at else "",
        "codes_left": second_factor_services.backup_codes_left(actor) if enrolled else 0,
    }


@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    actor = _user(request)
    token = credentials.api_token_get_visible(actor=actor, token_id=token_id)
    credentials.api_token_revoke(actor=actor, token=token)
    messages.success(request, _("The token was revoked."))
    return HttpResponseRedirect(reverse("credentials"))


@require_POST
def sign_out_elsewhere(request: HttpRequest) -> HttpResponse:
    """Every other session and every token of the account die; this session stays."""
    actor = credentials.credentials_revoke_all(actor=_user(request), user=_user(request))
    update_session_auth_hash(request, actor)
    messages.success(request, _("You were signed out everywhere else, and your tokens were revoked."))
    return HttpResponseRedirect(reverse("credentials"))


@login_not_required
@require_http_methods(["GET", "POST"])
def unlock_request(request: HttpRequest) -> HttpResponse:
    """Ask for an unlock link. The answer never says whether the user name exists."""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()[:150]
        if username:
            credentials.sign_in_unlock_request(username=username, client_ip=request_context.client_ip.get())
        return render(
            request, "people/unlock_sent.html", {"unlock_minutes": settings.MANDATE_UNLOCK_LINK_MINUTES}
        )
    return render(request, "people/unlock_request.html", {"username": request.GET.get("username", "")[:150]})


@login_not_required
@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest, key: str) -> HttpResponse:
    """The link from the e-mail: a page with one button (a mail scanner that opens links must not
    use it up), which lifts the lock. It signs nobody in."""
    if request.method == "POST":
        credentials.sign_in_unlock_use(key=key)
        messages.success(request, _("The lock is lifted. Sign in with your password."))
        return HttpResponseRedirect(reverse("login"))
    unlock_link = credentials.sign_in_unlock_get(key=key)
    return render(request, "people/unlock_confirm.html", {"username": unlock_link.user.username})
