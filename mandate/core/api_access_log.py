"""``GET /api/v1/access-log/``: the reads of sensitive records, for the auditor (ADR 0034)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core import access_log
from mandate.core.api import ERRORS, ApiView, Pagination
from mandate.core.api_fields import query_date, query_int
from mandate.core.dates import WORK_DATES
from mandate.core.exceptions import PermissionDeniedError
from mandate.core.models import AccessLogEntry


class AccessLogEntryOutput(serializers.ModelSerializer[AccessLogEntry]):
    class Meta:
        model = AccessLogEntry
        fields = [
            "id", "at", "actor_id", "actor_label", "record_type", "record_id", "purpose", "route",
            "request_id", "ip_address",
        ]  # fmt: skip


class AccessLogListApi(ApiView):
    """Who read which sensitive record, when, by which route and for what; newest first. The
    auditor's only (``core.view_accesslogentry`` on a staff account, or a superuser): 403 for
    everyone else, administrators included."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "record_type", str, description='The record\'s model, e.g. "inspections.finding"'
            ),
            OpenApiParameter("record_id", str, description="The record's id (with record_type)"),
            OpenApiParameter("actor", int, description="The reader's account id"),
            OpenApiParameter("from", str, description="First day, YYYY-MM-DD (local time)"),
            OpenApiParameter("to", str, description="Last day, YYYY-MM-DD (local time)"),
        ],
        responses={200: AccessLogEntryOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        if not access_log.is_auditor(request.user):  # before reading anything of the query
            raise PermissionDeniedError(_("Only the auditor reads the access log."))
        entries = access_log.entry_list(
            actor=request.user,
            record_type=request.query_params.get("record_type", "")[:80],
            record_id=request.query_params.get("record_id", "")[:64],
            actor_id=query_int(request, "actor"),
            since=query_date(request, "from", dates=WORK_DATES),
            until=query_date(request, "to", dates=WORK_DATES),
        )
        paginator = Pagination()
        page: list[AccessLogEntry] | None = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(AccessLogEntryOutput(page, many=True).data)
