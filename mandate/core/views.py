from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mandate.core.api import error_body


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse(error_body(code="not_found", message=_("Not found.")), status=404)
    return render(request, "404.html", status=404)


@login_not_required
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refuses before any view (e.g. too many form fields): on the API, in the
    API's error shape rather than an HTML page."""
    if request.path_info.startswith("/api/"):
        body = error_body(
            code="malformed", message=_("The request has too many fields or files, or cannot be read.")
        )
        return JsonResponse(body, status=400)
    return render(request, "400.html", status=400)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        body = error_body(
            code="server_error", message=_("Something went wrong on our side. Try again later.")
        )
        return JsonResponse(body, status=500)
    return render(request, "500.html", status=500)
