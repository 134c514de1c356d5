"""Denied accesses and refused sign-ins, one structured line each on the ``mandate.security``
logger (ASVS 16.3.1–16.3.3): who, what, the result, and from where. Never a password or a token:
only names, ids, the method and the path are written.

The fields are passed in ``extra`` (for a JSON formatter) and repeated in the message (for the
plain console handler).
"""

from __future__ import annotations

import logging
from typing import Any

from mandate.core import request_context

logger = logging.getLogger("mandate.security")

# Route arguments that name an object: ``task_id`` → ("task", 12).
_OBJECT_SUFFIX = "_id"


def _who(request: Any) -> tuple[Any, str]:
    # A DRF Request whose authentication failed has no user yet; never authenticate again here.
    user = getattr(request, "_user", None) if hasattr(request, "_request") else getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "anonymous"
    return user.pk, user.get_username()


def _what(request: Any) -> tuple[str, Any]:
    match = getattr(request, "resolver_match", None)
    kwargs = dict(match.kwargs) if match is not None else {}
    objects = [(k.removesuffix(_OBJECT_SUFFIX), v) for k, v in kwargs.items() if k.endswith(_OBJECT_SUFFIX)]
    if not objects:
        return "", None
    return objects[-1]  # the innermost object: /tasks/1/extensions/2/ → extension 2


def _emit(event: str, result: str, fields: dict[str, Any], level: int = logging.WARNING) -> None:
    fields = {"event": event, "result": result, **fields}
    text = " ".join(f"{k}={v}" for k, v in fields.items() if v not in (None, ""))
    logger.log(level, "security %s", text, extra={"security": fields})


def denied(request: Any, exc: BaseException | None = None, *, status: int | None = None) -> None:
    """An access refused with 401, 403 or 404 (call it where the refusal becomes a response)."""
    result = status or getattr(exc, "status_code", None) or 0
    code = getattr(exc, "code", None) or getattr(exc, "default_code", None)
    user_id, username = _who(request)
    object_type, object_id = _what(request)
    _emit(
        "access_denied",
        str(result),
        {
            "user_id": user_id,
            "username": username,
            "method": getattr(request, "method", ""),
            "path": getattr(request, "path", ""),
            "object_type": object_type,
            "object_id": object_id,
            "code": code,
            "ip": request_context.client_ip.get(),
            "request_id": request_context.request_id.get(),
        },
        # A request that brings no credentials at all is routine (a client's first call): INFO.
        logging.INFO if code == "not_authenticated" else logging.WARNING,
    )


def sign_in_refused(request: Any, *, username: str, result: str = "refused") -> None:
    """A refused sign-in (wrong password, unknown name, switched-off account) or a lock."""
    _emit(
        "sign_in_" + result,
        result,
        {
            "username": username[:150],
            "method": getattr(request, "method", ""),
            "path": getattr(request, "path", ""),
            "ip": request_context.client_ip.get(),
            "request_id": request_context.request_id.get(),
        },
    )


def refused(request: Any, exc: BaseException) -> None:
    """Log ``exc`` if it is a refusal (401, 403, 404): the API's exception handler and the pages'
    error middleware call this with every exception they turn into a response."""
    from django.core import exceptions as django_exceptions
    from django.http import Http404
    from rest_framework import exceptions as drf_exceptions

    from mandate.core.exceptions import ApplicationError

    status: int | None = None
    if isinstance(exc, ApplicationError | drf_exceptions.APIException):
        status = exc.status_code
    elif isinstance(exc, Http404 | django_exceptions.ObjectDoesNotExist):
        status = 404
    elif isinstance(exc, django_exceptions.PermissionDenied):
        status = 403
    if status in (401, 403, 404) or isinstance(exc, drf_exceptions.NotAuthenticated):
        denied(request, exc, status=401 if isinstance(exc, drf_exceptions.NotAuthenticated) else status)
