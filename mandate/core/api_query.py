"""The query string of an API request checked against what the view documents, before the view
reads it: each parameter given once, yes/no as ``true``/``false``, numbers as digits, choices
from their list. The views then read values already known to be of the right form
(``core.api_fields``), and the schema's promise — what it documents is what is accepted — holds
for every route without each view repeating the checks.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.request import Request

from mandate.core.exceptions import ApplicationError
from mandate.core.request_values import API_FALSE, API_TRUE

_BOOLEAN = {API_TRUE, API_FALSE}


_DECLARED: dict[tuple[type[Any], str], dict[str, OpenApiParameter]] = {}


def _declared(view: Any, method: str) -> dict[str, OpenApiParameter]:
    """The query parameters that ``@extend_schema`` declares on the view's handler (read once
    per view and method, the way drf-spectacular reads them)."""
    key = (type(view), method)
    if key not in _DECLARED:
        handler = getattr(type(view), method.lower(), None)
        schema_class = getattr(handler, "kwargs", {}).get("schema")
        declared: dict[str, OpenApiParameter] = {}
        if schema_class is not None:
            inspector = schema_class()
            inspector.view = view
            inspector.method = method
            for parameter in inspector.get_override_parameters():
                if isinstance(parameter, OpenApiParameter) and parameter.location == "query":
                    declared[parameter.name] = parameter
        _DECLARED[key] = declared
    return _DECLARED[key]


def _refuse(name: str, message: str) -> ApplicationError:
    return ApplicationError(message, fields={name: [message]})


def check_query(view: Any, request: Request) -> None:
    for name, values in request.query_params.lists():
        if len(values) > 1:
            raise _refuse(name, _("Give this parameter once."))
    for name, parameter in _declared(view, request.method or "GET").items():
        raw = request.query_params.get(name)
        if raw is None:
            continue
        kind = parameter.type
        if kind in (bool, OpenApiTypes.BOOL) and raw not in _BOOLEAN:
            raise _refuse(name, _("Write true or false."))
        if kind in (int, OpenApiTypes.INT) and not (raw.isascii() and raw.removeprefix("-").isdigit()):
            raise _refuse(name, _("Must be a whole number."))
        if parameter.enum and raw not in {str(v) for v in parameter.enum}:
            raise _refuse(name, _("Not a choice."))
