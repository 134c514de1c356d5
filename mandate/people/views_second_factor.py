"""The second factor's pages: the code after the password, setting up an authenticator app (its
QR code drawn here, as SVG, no outside service), and new backup codes (ADR 0034)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from mandate.core import request_context
from mandate.core.exceptions import ApplicationError, InvalidStateError, PermissionDeniedError
from mandate.people import credentials
from mandate.people import second_factor_services as services
from mandate.people.actors import actor_of
from mandate.people.forms import SecondFactorCodeForm
from mandate.people.middleware import second_factor_exempt
from mandate.people.second_factor import (
    PENDING_KEY,
    mark_session_verified,
    requires_second_factor,
    session_is_verified,
)
from mandate.people.views import locked_out_page
from mandate.people.views_credentials import lock_notice


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


def _with_next(route: str, next_url: str) -> str:
    return f"{reverse(route)}?{urlencode({'next': next_url})}"


def _grouped(text: str, size: int = 4) -> str:
    """A secret or a code in groups, the way it is read out and typed: ``JBSW Y3DP …``."""
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def _locked(request: HttpRequest, username: str) -> HttpResponse:
    """The name is locked from here: the half-signed-in session ends with it."""
    logout(request)
    return locked_out_page(request, username)


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The code after the password: from the app, or one of the backup codes. A wrong code
    counts against the sign-in lock like a wrong password."""
    user = actor_of(request.user)
    next_url = _next(request)
    if session_is_verified(request) or not requires_second_factor(user):
        if request.method == "POST":  # a code nobody asked for (a second tab, a replay)
            raise InvalidStateError(_("This session needs no code now."), code="second_factor_not_expected")
        return HttpResponseRedirect(next_url)
    if not services.is_enrolled(user):
        return HttpResponseRedirect(_with_next("second_factor_enrol", next_url))
    username = user.get_username()
    client_ip = request_context.client_ip.get()
    if credentials.sign_in_failures(username=username, client_ip=client_ip)[1] is not None:
        return _locked(request, username)
    form = SecondFactorCodeForm(request.POST if request.method == "POST" else None)
    error = ""
    if form.is_valid():
        check = services.second_factor_verify(user=user, code=form.cleaned_data["code"])
        if check.ok:
            mark_session_verified(request, device_id=check.device_id)
            credentials.sign_in_failures_clear(username=username, client_ip=client_ip)
            if check.method == "backup_code":
                messages.warning(request, _backup_codes_left_message(check.backup_codes_left))
            return HttpResponseRedirect(next_url)
        if check.wait_seconds:
            error = ngettext(
                "Too many wrong codes in a row: wait %(n)s second and try again.",
                "Too many wrong codes in a row: wait %(n)s seconds and try again.",
                check.wait_seconds,
            ) % {"n": check.wait_seconds}
        else:
            if credentials.sign_in_failure_record(request, username=username):
                return _locked(request, username)
            error = _("This code is not right. Check the app and try again.")
    notice = lock_notice(request, username)[0] if error else ""
    context = {"form": form, "next": next_url, "error": error, "lock_notice": notice, "half_signed_in": True}
    status = 400 if (error or form.errors) else 200
    return render(request, "people/second_factor_verify.html", context, status=status)


def _backup_codes_left_message(left: int) -> str:
    if left == 0:
        return _("You used your last backup code. Make new ones on the page “Sessions and access tokens”.")
    return ngettext(
        "You signed in with a backup code; %(n)s is left.",
        "You signed in with a backup code; %(n)s are left.",
        left,
    ) % {"n": left}


def _qr_code(uri: str) -> str:
    """The QR code as an SVG data address (the CSP allows ``data:`` images, nothing outside)."""
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, border=2))


@second_factor_exempt
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan the code (or type the secret), then confirm with the
    code the app shows. The secret stays in the session until then; the backup codes are shown
    once, on the answer."""
    user = actor_of(request.user)
    next_url = _next(request)
    is_post = request.method == "POST"
    if not requires_second_factor(user):
        if is_post:
            raise PermissionDeniedError(_("Your account does not need a second factor."))
        return render(request, "people/second_factor_not_needed.html", {"next": next_url})
    if services.is_enrolled(user):
        if is_post:
            raise InvalidStateError(
                _(
                    "Your second factor is already set up. To set up a new one, ask an administrator "
                    "to reset it."
                ),
                code="second_factor_enrolled",
            )
        if session_is_verified(request):
            return HttpResponseRedirect(reverse("credentials"))
        return HttpResponseRedirect(_with_next("second_factor_verify", next_url))
    key = str(request.session.get(PENDING_KEY) or "")
    if not key:
        if is_post:  # the page's secret is gone (another sign-in, an expired session): start again
            return _enrol_expired(request, next_url)
        key = services.new_secret()
        request.session[PENDING_KEY] = key
    form = SecondFactorCodeForm(request.POST if is_post else None)
    error = ""
    if form.is_valid():
        try:
            device, codes = services.second_factor_enrol(
                actor=user, key_hex=key, code=form.cleaned_data["code"]
            )
        except ApplicationError as exc:
            error = str(exc.message)
        else:
            mark_session_verified(request, device_id=str(device.persistent_id))
            credentials.sign_in_failures_clear(
                username=user.get_username(), client_ip=request_context.client_ip.get()
            )
            return _backup_codes_page(request, codes, next_url, enrolled=True)
    context = {
        "form": form,
        "next": next_url,
        "error": error,
        "qr_code": _qr_code(services.provisioning_uri(user=user, key_hex=key)),
        "secret": _grouped(services.secret_base32(key)),
        "half_signed_in": not session_is_verified(request),
    }
    status = 400 if (error or form.errors) else 200
    return render(request, "people/second_factor_enrol.html", context, status=status)


def _enrol_expired(request: HttpRequest, next_url: str) -> HttpResponse:
    context = {
        "form": SecondFactorCodeForm(),
        "next": next_url,
        "error": _("This page expired before your code came. Open it again and scan the new QR code."),
        "expired": True,
        "half_signed_in": not session_is_verified(request),
    }
    return render(request, "people/second_factor_enrol.html", context, status=400)


def _backup_codes_page(
    request: HttpRequest, codes: list[str], next_url: str, *, enrolled: bool
) -> HttpResponse:
    context = {"codes": [_grouped(code) for code in codes], "next": next_url, "enrolled": enrolled}
    return render(request, "people/second_factor_backup_codes.html", context)


@require_POST
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes in place of the old ones, shown once (a session that gave its code)."""
    if not session_is_verified(request):  # codes made without a code would be no second factor
        raise PermissionDeniedError(_("Sign in with your second factor first, then make new backup codes."))
    codes = services.backup_codes_renew(actor=actor_of(request.user))
    return _backup_codes_page(request, codes, reverse("credentials"), enrolled=False)
