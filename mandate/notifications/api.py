"""The signed-in user's own notices: his inbox, its unread count, and marking them read."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, ApiView, Pagination
from mandate.core.request_values import RequestValues
from mandate.notifications import selectors, services
from mandate.notifications.models import Notification
from mandate.people.actors import actor_of


def _query_flag(request: Request, name: str) -> bool:
    """A yes/no query parameter (``core.api_query`` holds it to true/false, the schema's
    boolean); anything else is a 400 naming it, so a typo does not silently show everything."""
    values = RequestValues(request.query_params, written_dates=False)
    flag = values.flag(name)
    values.raise_if_invalid()
    return flag


class NotificationOutput(serializers.ModelSerializer[Notification]):
    """A notice in the reader's language (his setting, else the request's Accept-Language)."""

    title = serializers.CharField(source="text", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True, allow_null=True)
    target_visible = serializers.SerializerMethodField(
        help_text="false: what the notice is about has left the reader's scope since; its url would be a 404."
    )

    def get_target_visible(self, notice: Notification) -> bool:
        return notice.pk not in self.context.get("out_of_reach", set())

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "unit",
            "unit_name",
            "target_type",
            "target_id",
            "target_visible",
            "url",
            "created_at",
            "read_at",
        ]


class NotificationListApi(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="true: only the notices not read yet.")],
        responses={200: NotificationOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        notices = selectors.notification_list_for(
            actor=actor_of(request.user), unread_only=_query_flag(request, "unread")
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(notices, request, view=self) or []
        gone = selectors.out_of_reach(actor=actor_of(request.user), notices=page)
        return paginator.get_paginated_response(
            NotificationOutput(page, many=True, context={"out_of_reach": gone}).data
        )


class NotificationUnreadCountApi(ApiView):
    @extend_schema(
        responses={200: inline_serializer("UnreadCount", {"unread": serializers.IntegerField()}), **ERRORS}
    )
    def get(self, request: Request) -> Response:
        return Response({"unread": selectors.unread_count(actor=actor_of(request.user))})


class NotificationReadApi(ApiView):
    @extend_schema(request=None, responses={200: NotificationOutput, **ERRORS})
    def post(self, request: Request, notification_id: int) -> Response:
        notice = selectors.notification_get_for(actor=actor_of(request.user), notification_id=notification_id)
        notice = services.notification_mark_read(actor=actor_of(request.user), notification=notice)
        gone = selectors.out_of_reach(actor=actor_of(request.user), notices=[notice])
        return Response(NotificationOutput(notice, context={"out_of_reach": gone}).data)


class NotificationReadAllApi(ApiView):
    @extend_schema(
        request=None,
        responses={200: inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}), **ERRORS},
    )
    def post(self, request: Request) -> Response:
        return Response({"marked": services.notifications_mark_all_read(actor=actor_of(request.user))})
