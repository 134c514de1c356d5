"""API plumbing shared by every app: one error shape, pagination, the user's language, versions."""

from __future__ import annotations

import logging
from typing import Any

from django.core import exceptions as django_exceptions
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions as drf_exceptions
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mandate.core import security_log
from mandate.core.api_query import check_query
from mandate.core.exceptions import ApplicationError, VersionRequiredError
from mandate.core.parsers import MalformedBodyError

logger = logging.getLogger(__name__)


class Pagination(PageNumberPagination):
    """Every list of the API: ``{count, next, previous, results}``.

    DRF quietly falls back to the default for a page size it cannot read and answers "Invalid
    page." in English for a page number it cannot read; here both are a 400 naming the parameter,
    and a page past the end a 404 that says so, in the user's language.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = gettext_lazy("There is no page {page_number}.")  # type: ignore[assignment]

    def _number(self, request: Request, name: str, maximum: int) -> int | None:
        raw = request.query_params.get(name)
        if raw is None:
            return None
        if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= maximum:
            message = _("Must be a whole number from 1 to %(maximum)s.") % {"maximum": maximum}
            raise ApplicationError(message, fields={name: [message]})
        return int(raw)

    def get_page_size(self, request: Request) -> int:
        return self._number(request, "page_size", self.max_page_size) or self.page_size

    def get_page_number(self, request: Request, paginator: Any) -> Any:
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return paginator.num_pages
        return self._number(request, self.page_query_param, 2**31 - 1) or 1

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        bounds = {"page": 2**31 - 1, "page_size": self.max_page_size}
        for parameter in parameters:
            parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": bounds[parameter["name"]]}
        return parameters


def _field_errors(detail: Any, path: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as one level, ``{"lead_units.0": ["…"]}``: ``fields`` is always a map
    of lists of texts, as the schema says, however deep the body was."""
    name = path or "non_field_errors"
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_field_errors(value, f"{path}.{key}" if path else str(key)))
        return flat
    if isinstance(detail, list):
        flat = {}
        texts = [str(item) for item in detail if not isinstance(item, dict | list)]
        if texts:
            flat[name] = texts
        for index, item in enumerate(detail):
            if isinstance(item, dict | list) and item:
                flat.update(_field_errors(item, f"{path}.{index}" if path else str(index)))
        return flat
    return {name: [str(detail)]}


def error_body(
    *, code: str, message: str, fields: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": fields or {}, **extra}


def _drf_message(exc: drf_exceptions.APIException, context: dict[str, Any]) -> str | None:
    """Our own words for DRF's refusals whose texts are English or quote internals; ``None``
    keeps the text DRF made (already in the user's language)."""
    request = context.get("request")
    view = context.get("view")
    if isinstance(exc, drf_exceptions.MethodNotAllowed):
        method = getattr(request, "method", "")
        return _("This address does not accept %(method)s.") % {"method": method}
    if isinstance(exc, drf_exceptions.UnsupportedMediaType):
        types = sorted({p.media_type for p in getattr(view, "parser_classes", [])}) or ["application/json"]
        return _("Send the body as %(types)s.") % {"types": ", ".join(types)}
    if isinstance(exc, drf_exceptions.NotAcceptable):
        return _("This address cannot answer in the format asked for (Accept header).")
    if isinstance(exc, MalformedBodyError):
        return str(exc.detail)
    if isinstance(exc, drf_exceptions.ParseError):
        return _("The body could not be read. Send JSON, or a multipart form where a file is uploaded.")
    if isinstance(exc, drf_exceptions.Throttled):
        wait = getattr(exc, "wait", None)
        if wait is None:
            return _("Too many requests. Try again later.")
        return _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": int(wait)}
    if isinstance(exc, drf_exceptions.NotFound) and str(exc.detail) != str(exc.default_detail):
        return str(exc.detail)  # a page past the end of a list (Pagination.invalid_page_message)
    return None


_DRF_MESSAGES: dict[type[drf_exceptions.APIException], tuple[str, Any]] = {
    drf_exceptions.NotAuthenticated: ("not_authenticated", gettext_lazy("Sign in first.")),
    drf_exceptions.AuthenticationFailed: (
        "not_authenticated",
        gettext_lazy("The credentials are not valid."),
    ),
    drf_exceptions.PermissionDenied: ("permission_denied", gettext_lazy("You may not do this.")),
    drf_exceptions.NotFound: ("not_found", gettext_lazy("Not found.")),
    drf_exceptions.MethodNotAllowed: ("method_not_allowed", None),
    drf_exceptions.UnsupportedMediaType: ("unsupported_media_type", None),
    drf_exceptions.NotAcceptable: ("not_acceptable", None),
    drf_exceptions.ParseError: ("malformed", None),
    drf_exceptions.Throttled: ("throttled", None),
}


def _inherited_message(exc: drf_exceptions.APIException) -> tuple[str | None, Any]:
    """A subclass with a code of its own (``token_expired``) keeps its code and message; one that
    only narrows DRF's class (``MalformedBodyError``) takes its parent's."""
    for kind, value in _DRF_MESSAGES.items():
        if isinstance(exc, kind):
            return value if exc.default_code == kind.default_code else (None, None)
    return (None, None)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error of the API leaves here in the shape ``{code, message, fields}``."""
    security_log.refused(context.get("request"), exc)
    if isinstance(exc, ApplicationError):
        fields = {k: [str(m) for m in v] for k, v in exc.fields.items()}
        return Response(
            error_body(code=exc.code, message=str(exc.message), fields=fields, **exc.extra()),
            status=exc.status_code,
        )
    if isinstance(exc, Http404 | django_exceptions.ObjectDoesNotExist):
        return Response(error_body(code="not_found", message=_("Not found.")), status=404)
    if isinstance(exc, django_exceptions.PermissionDenied):
        return Response(error_body(code="permission_denied", message=_("You may not do this.")), status=403)
    if isinstance(exc, django_exceptions.RequestDataTooBig):
        return Response(error_body(code="too_large", message=_("The request is too large.")), status=413)
    if isinstance(exc, django_exceptions.SuspiciousOperation):
        # Too many fields or files in a form (DATA_UPLOAD_MAX_NUMBER_FIELDS / _FILES), and the like.
        message = _("The request has too many fields or files, or cannot be read.")
        return Response(error_body(code="malformed", message=message), status=400)
    if isinstance(exc, django_exceptions.ValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(
            error_body(code="invalid", message=_("Some values are not valid."), fields=_field_errors(fields)),
            status=400,
        )
    if isinstance(exc, drf_exceptions.ValidationError):
        detail = exc.detail
        fields = _field_errors(detail)
        return Response(
            error_body(code="invalid", message=_("Some values are not valid."), fields=fields), status=400
        )
    if isinstance(exc, drf_exceptions.APIException):
        known = _DRF_MESSAGES.get(type(exc)) or _inherited_message(exc)
        code = known[0] or str(exc.default_code)
        text: str | None = str(known[1]) if known[1] is not None else None
        if isinstance(exc, drf_exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
            # A session without the CSRF token; a client with a token (Authorization) never meets it.
            code = "csrf_failed"
            text = _("The CSRF check failed: send the X-CSRFToken header with a session, or use a token.")
        text = _drf_message(exc, context) or text or str(exc.detail)
        headers: dict[str, str] = {}
        wait = getattr(exc, "wait", None)
        if isinstance(exc, drf_exceptions.Throttled) and wait is not None:
            headers["Retry-After"] = str(int(wait))
        if isinstance(exc, drf_exceptions.NotAuthenticated | drf_exceptions.AuthenticationFailed):
            headers["WWW-Authenticate"] = "Token"
        return Response(error_body(code=code, message=text), status=exc.status_code, headers=headers)
    return None


class ErrorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    message = serializers.CharField()
    # DRF moves declared fields off the class, so this does not shadow Serializer.fields.
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))  # type: ignore[assignment]


ConflictSerializer = inline_serializer(
    name="Conflict",
    fields={
        "code": serializers.CharField(),
        "message": serializers.CharField(),
        "fields": serializers.DictField(),
        # Only a version conflict carries these; a move refused in the current state does not.
        "current_version": serializers.IntegerField(required=False),
        "changed_by": serializers.CharField(allow_null=True, required=False),
        "changed_at": serializers.DateTimeField(allow_null=True, required=False),
    },
)

ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input"),
    401: OpenApiResponse(ErrorSerializer, description="Not signed in"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed"),
    404: OpenApiResponse(ErrorSerializer, description="Not found"),
}
WRITE_ERRORS = {**ERRORS, 409: OpenApiResponse(ConflictSerializer, description="Changed since read")}
UPLOAD_ERRORS = {
    **ERRORS,
    413: OpenApiResponse(ErrorSerializer, description="Too large"),
    415: OpenApiResponse(ErrorSerializer, description="Type not accepted"),
}


class ApiView(APIView):
    """Base of every API view: speaks the signed-in user's language once he is known.

    Token authentication happens inside the view, after the locale middleware, so the user's own
    setting can only be applied here. Its lists are pages of ``Pagination`` (the schema says so).
    """

    pagination_class: type[Pagination] | None = Pagination

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        try:
            super().initial(request, *args, **kwargs)
        finally:
            user = getattr(request, "_user", None)
            language = getattr(user, "language", "") if user is not None else ""
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        check_query(self, request)


def expected_version(request: Request) -> int | None:
    """The version the client read: the ``version`` field, else the ``If-Match`` header."""
    raw: Any = None
    if hasattr(request, "data") and isinstance(request.data, dict) and "version" in request.data:
        raw = request.data.get("version")
    elif request.headers.get("If-Match"):
        raw = request.headers["If-Match"].strip().removeprefix("W/").strip('"')
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError) as err:
        raise ApplicationError(
            _("The version must be a whole number."), code="invalid", fields={"version": [_("Not a number.")]}
        ) from err
    if value < 1:
        raise VersionRequiredError()
    return value
