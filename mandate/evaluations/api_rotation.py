"""The rotation list in the API (issue 14, items 5 and 7; ADR 0055): the holders of the sensitive
posts the reader may see, with their time in post, due date and any exemption or deferral; the
sectors say on every row whether they are an example (the annex's list is not official here)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, ApiView, Pagination
from mandate.core.api_fields import query_date, query_int
from mandate.core.exceptions import ApplicationError
from mandate.evaluations import selectors_rotation as selectors
from mandate.people.actors import actor_of
from mandate.people.scopes import today

MAX_WITHIN = 120


class RotationRowOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField(help_text="The holder's position.")
    person = serializers.IntegerField()
    person_name = serializers.CharField()
    position = serializers.IntegerField()
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    title = serializers.CharField()
    sector = serializers.CharField()
    sector_name = serializers.CharField()
    sector_is_example = serializers.BooleanField()
    period_months = serializers.IntegerField()
    since = serializers.DateField()
    months_held = serializers.IntegerField()
    due_on = serializers.DateField()
    status = serializers.CharField(help_text="due, deferred or exempt.")
    deferral_reason = serializers.CharField(allow_null=True)
    deferral_ends_on = serializers.DateField(allow_null=True)


def row_data(row: selectors.RotationRow) -> dict[str, Any]:
    return {
        "id": row.position.pk,
        "person": row.person.pk,
        "person_name": row.person.full_name,
        "position": row.position.pk,
        "unit": row.position.unit_id,
        "unit_name": row.position.unit.name,
        "title": row.position.title,
        "sector": row.post.sector.code,
        "sector_name": row.post.sector.name,
        "sector_is_example": row.post.sector.is_example,
        "period_months": row.post.period_months,
        "since": row.since,
        "months_held": row.months_held,
        "due_on": row.due_on,
        "status": row.status,
        "deferral_reason": row.deferral.reason if row.deferral else None,
        "deferral_ends_on": row.deferral.ends_on if row.deferral else None,
    }


def within_months(value: int | None) -> int | None:
    if value is not None and value > MAX_WITHIN:
        message = _("Must be a whole number from 1 to %(maximum)s.") % {"maximum": MAX_WITHIN}
        raise ApplicationError(message, fields={"within": [message]})
    return value


class RotationListApi(ApiView):
    """The holders of sensitive posts: a leader's unit's, or one's own."""

    @extend_schema(
        parameters=[
            OpenApiParameter("on", str, description="The day (YYYY-MM-DD); today by default."),
            OpenApiParameter("within", int, description="Only those due within this many months (1–120)."),
        ],
        responses={200: RotationRowOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request.user)
        rows = selectors.rotation_rows(
            actor=actor,
            on=query_date(request, "on") or today(),
            within_months=within_months(query_int(request, "within")),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        page_rows = list(page or [])
        selectors.log_rows(actor=actor, rows=page_rows, purpose="api-evaluation-rotation")
        return paginator.get_paginated_response(
            RotationRowOutput([row_data(r) for r in page_rows], many=True).data
        )
