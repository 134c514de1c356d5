from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _

from mandate.core import request_context, security_log, upload_size
from mandate.core.exceptions import ApplicationError, PayloadTooLargeError

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Gives every request an id (kept from ``X-Request-ID`` when well-formed) for the audit trail,
    and notes the client's address and the route for it and for the access log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        t1 = request_context.request_id.set(rid)
        t2 = request_context.client_ip.set(request.META.get("REMOTE_ADDR", ""))
        t3 = request_context.route.set(f"{request.method} {request.path}"[:300])
        try:
            response = self.get_response(request)
        finally:
            request_context.request_id.reset(t1)
            request_context.client_ip.reset(t2)
            request_context.route.reset(t3)
        response["X-Request-ID"] = rid
        return response


class RejectNulMiddleware:
    """A NUL character in the query string is never meaningful, and PostgreSQL cannot store or
    compare it: refuse it at the edge (400) instead of failing deep inside a query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            body = {
                "code": "invalid",
                "message": str(_("The address contains a NUL character.")),
                "fields": {},
            }
            return JsonResponse(body, status=400)
        return self.get_response(request)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Pages speak the language the person chose, and Vietnamese when he chose none.

    A choice is the switch's cookie (then the account's setting, applied after sign-in by
    ``UserLanguageMiddleware``). The browser's Accept-Language is not a choice: many offices run
    English browsers and their staff read Vietnamese (issue 10 §9, ADR 0027). The API is a
    program's interface and keeps Django's negotiation (cookie, then Accept-Language).
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path_info.startswith("/api/"):
            super().process_request(request)
            return
        language = settings.LANGUAGE_CODE
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if cookie:
            try:
                language = translation.get_supported_language_variant(cookie)
            except LookupError:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if request.path_info.startswith("/api/"):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class UserLanguageMiddleware:
    """A signed-in user's own language setting wins over Accept-Language (pages)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class SizeLimitMiddleware:
    """A page's upload over the limit comes back inside its form, with what was typed: the size
    handler goes first among the upload handlers of every page's multipart POST. A body declared
    larger than ``MANDATE_MAX_REQUEST_BYTES`` is refused before it is read (upload_size.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_page_upload = (
            request.method == "POST"
            and not request.path_info.startswith(("/api/", "/admin/"))
            and request.content_type == "multipart/form-data"
        )
        if is_page_upload:
            declared = upload_size.declared_length(request)
            if declared > upload_size.request_limit():
                error = PayloadTooLargeError(
                    _("What you sent is %(size)s MB; a page takes at most %(limit)s MB of files.")
                    % {
                        "size": upload_size.megabytes(declared),
                        "limit": upload_size.megabytes(upload_size.upload_limit()),
                    }
                )
                return render(request, "400.html", {"error": error}, status=413)
            request.upload_handlers.insert(0, upload_size.SizeLimitUploadHandler(request))
        return self.get_response(request)


class ApplicationErrorMiddleware:
    """Pages answer a service's refusal the way the API does: not found is a 404 page, a
    forbidden action a 403 page, any other refusal a 400 page with its message. (Views that
    show forms catch ``ApplicationError`` themselves to re-show the form with the message.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path_info.startswith("/api/") or not isinstance(exception, ApplicationError):
            return None
        security_log.refused(request, exception)
        template = {404: "404.html", 403: "403.html"}.get(exception.status_code, "400.html")
        return render(request, template, {"error": exception}, status=exception.status_code)


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Pages need a signed-in user unless their view is marked ``login_not_required``.

    The API answers for itself (401 with the error shape), so it is left to DRF's permission
    classes; the admin has its own sign-in.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.path_info.startswith(("/api/", "/admin/")):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PrivateResponseMiddleware:
    """What a signed-in user sees is his alone: no shared or browser cache keeps it (ASVS 14.3.2).
    The API's answers depend on the ``Authorization`` header, and say so for any cache between."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        is_api = request.path_info.startswith("/api/")
        user = getattr(request, "user", None)
        if is_api or (user is not None and user.is_authenticated):
            response.headers.pop("Cache-Control", None)
            patch_cache_control(response, private=True, no_store=True)
        if is_api:
            patch_vary_headers(response, ["Authorization"])
        return response
