from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, ApiView
from mandate.core.api_fields import query_date, query_int
from mandate.core.exceptions import ApplicationError
from mandate.core.workdays import add_working_days


class DeadlineApi(ApiView):
    """The date N working days after a day (day 1 is the first working day after it), under the
    Vietnamese calendar and the administrator's overrides — what a form shows before saving."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", str, required=True, description="YYYY-MM-DD"),
            OpenApiParameter("working_days", int, required=True),
        ],
        responses={200: inline_serializer("Deadline", {"deadline_on": serializers.DateField()}), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        start, days = query_date(request, "from"), query_int(request, "working_days")
        errors: dict[str, Any] = {}
        if start is None:
            errors["from"] = [_("Required.")]
        if days is None or days > 1000:
            errors["working_days"] = [_("Between 1 and 1000 working days.")]
        if errors:
            raise ApplicationError(fields=errors)
        assert start is not None
        assert days is not None
        try:
            deadline = add_working_days(start, days)
        except ValueError as err:
            raise ApplicationError(fields={"from": [_("Choose a day between 2000 and 2100.")]}) from err
        return Response({"deadline_on": deadline})
