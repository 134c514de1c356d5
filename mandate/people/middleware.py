"""Holds a half-signed-in session at the second-factor pages (ADR 0034).

A session whose account needs a second factor (``second_factor.requires_second_factor``) and has
not given it reaches only the views marked ``second_factor_exempt`` (the code page, the
enrolment page, sign-out). Every other page redirects there; every other API call is 403
``second_factor_required``. On a public route (the sign-in page, the schema, the token route)
and with an ``Authorization: Token`` header the session counts for nothing: the request is
anonymous, or the token's, never the half-signed-in account's. Decided per request, so an
account that gains a sensitive role while signed in is stopped at its next request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from rest_framework.permissions import AllowAny

from mandate.core import security_log
from mandate.people.second_factor import is_half_signed_in
from mandate.people.second_factor_services import is_enrolled

View = TypeVar("View", bound=Callable[..., Any])


def second_factor_exempt(view: View) -> View:
    """Mark a view that a half-signed-in session may open as its account (the second-factor
    pages and sign-out)."""
    view.second_factor_exempt = True  # type: ignore[attr-defined]
    return view


def _is_public(view: Any) -> bool:
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    if view_class is not None and hasattr(view_class, "permission_classes"):
        return AllowAny in view_class.permission_classes
    return getattr(view, "login_required", True) is False


def _has_token(request: HttpRequest) -> bool:
    return request.headers.get("Authorization", "").split(" ", 1)[0].lower() == "token"


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if getattr(view_func, "second_factor_exempt", False) or not is_half_signed_in(request):
            return None
        is_api = request.path_info.startswith("/api/")
        if _is_public(view_func) or (is_api and _has_token(request)):
            request.user = AnonymousUser()
            return None
        security_log.denied(request, status=403)
        if is_api:
            body = {
                "code": "second_factor_required",
                "message": str(_("Enter the code of your second factor first (on the sign-in page).")),
                "fields": {},
            }
            return JsonResponse(body, status=403)
        step = "second_factor_verify" if is_enrolled(request.user) else "second_factor_enrol"  # type: ignore[arg-type]
        query = f"?{urlencode({'next': request.get_full_path()})}" if request.method == "GET" else ""
        return HttpResponseRedirect(reverse(step) + query)
