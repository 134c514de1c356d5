"""``Authorization: Token <key>`` for the API, against ``ApiToken`` (hashed, expiring, revocable)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from mandate.people import credentials
from mandate.people.models import ApiToken, User


class TokenExpired(exceptions.AuthenticationFailed):
    default_detail = _("The token has expired. Sign in again for a new one.")
    default_code = "token_expired"


class TokenRevoked(exceptions.AuthenticationFailed):
    default_detail = _("The token was revoked. Sign in again for a new one.")
    default_code = "token_revoked"


class SecondFactorRequired(exceptions.PermissionDenied):
    """The account signs in with a second factor and the token was not issued after one (ADR 0034)."""

    default_detail = _(
        "This account signs in with a second factor. Sign in on the site with your code and create a "
        "token on the page “Sessions and access tokens”."
    )
    default_code = "second_factor_required"


class TokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        auth = get_authorization_header(request).split()
        if not auth or auth[0].lower() != self.keyword.lower().encode():
            return None
        if len(auth) != 2:
            raise exceptions.AuthenticationFailed()
        try:
            key = auth[1].decode("ascii")
        except UnicodeError as err:
            raise exceptions.AuthenticationFailed() from err
        token, why = credentials.api_token_authenticate(key=key)
        if token is None:
            if why == "expired":
                raise TokenExpired()
            if why == "revoked":
                raise TokenRevoked()
            if why == "second_factor":
                raise SecondFactorRequired()
            raise exceptions.AuthenticationFailed()
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Describes the scheme in the OpenAPI schema, as DRF's own token scheme was."""

    target_class = "mandate.people.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'A token from POST /api/v1/auth/token/, sent as "Token <key>". It expires.',
        }
