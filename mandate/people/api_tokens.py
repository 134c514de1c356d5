"""API of one's own credentials: list, create and revoke API tokens (administrators: anyone's)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, ApiView, Pagination
from mandate.core.api_fields import StrictCharField, query_int
from mandate.people import credentials, second_factor
from mandate.people.actors import actor_of
from mandate.people.models import ApiToken, User


class TokenOutput(serializers.ModelSerializer[ApiToken]):
    user = serializers.CharField(source="user.username", read_only=True)
    revoked_by = serializers.CharField(
        source="revoked_by.username", read_only=True, allow_null=True, default=None
    )
    active = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = [
            "id", "user", "name", "prefix", "created_at", "expires_at", "last_used_at",
            "revoked_at", "revoked_by", "revoke_reason", "active",
        ]  # fmt: skip

    def get_active(self, token: ApiToken) -> bool:
        live, _why = credentials.api_token_is_live(token)
        return live


def _actor(request: Request) -> User:
    return actor_of(request.user)


def _after_second_factor(request: Request) -> bool:
    """Whether this request comes after a second factor: a session that gave it, or a token that
    was itself issued after one (ADR 0034)."""
    if isinstance(request.auth, ApiToken):
        return request.auth.second_factor
    return second_factor.session_is_verified(request._request)


class TokenListCreateApi(ApiView):
    """One's API tokens (an administrator may read another account's with ``?user=<id>``), and a
    new one for a script: its key is shown in this answer only."""

    class InputSerializer(serializers.Serializer[Any]):
        name = StrictCharField(max_length=100)
        days = serializers.IntegerField(required=False, min_value=1, max_value=3650)

    @extend_schema(
        parameters=[OpenApiParameter("user", int, description="An account's id (administrators)")],
        responses={200: TokenOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        user_id = query_int(request, "user")
        tokens = credentials.api_token_list_visible(actor=_actor(request), user_id=user_id)
        paginator = Pagination()
        page = paginator.paginate_queryset(tokens, request, view=self)
        return paginator.get_paginated_response(TokenOutput(page, many=True).data)

    @extend_schema(
        request=InputSerializer,
        responses={
            201: inline_serializer(
                "NewToken",
                {
                    "token": serializers.CharField(),
                    "id": serializers.IntegerField(),
                    "expires_at": serializers.DateTimeField(),
                },
            ),
            **ERRORS,
        },
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = credentials.api_token_issue(
            actor=_actor(request),
            name=data.validated_data["name"],
            days=data.validated_data.get("days"),
            second_factor=_after_second_factor(request),
        )
        return Response(
            {"token": key, "id": token.pk, "expires_at": token.expires_at}, status=status.HTTP_201_CREATED
        )


class TokenRevokeApi(ApiView):
    """Switch a token off for good (its owner, or an administrator)."""

    class InputSerializer(serializers.Serializer[Any]):
        reason = StrictCharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(request=InputSerializer, responses={200: TokenOutput, **ERRORS})
    def post(self, request: Request, token_id: int) -> Response:
        token = credentials.api_token_get_visible(actor=_actor(request), token_id=token_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token = credentials.api_token_revoke(
            actor=_actor(request), token=token, reason=data.validated_data.get("reason", "")
        )
        return Response(TokenOutput(token).data)
