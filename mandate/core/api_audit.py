from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core import audit
from mandate.core.api import ERRORS, ApiView, Pagination
from mandate.core.exceptions import PermissionDeniedError
from mandate.core.models import AuditEntry


class AuditEntryOutput(serializers.ModelSerializer[AuditEntry]):
    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor_id",
            "actor_label",
            "action",
            "target_type",
            "target_id",
            "target_label",
            "before",
            "after",
            "request_id",
            "hash",
        ]


class AuditListApi(ApiView):
    """The audit trail, for administrators (``core.view_auditentry``)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("action", str),
            OpenApiParameter("target_type", str),
            OpenApiParameter("target_id", str),
        ],
        responses={200: AuditEntryOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        if not request.user.has_perm("core.view_auditentry"):
            raise PermissionDeniedError()
        entries = audit.entry_list(filters=request.query_params)
        paginator = Pagination()
        page: list[AuditEntry] | None = paginator.paginate_queryset(entries, request, view=self)
        return paginator.get_paginated_response(AuditEntryOutput(page, many=True).data)
