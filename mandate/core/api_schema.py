"""How the OpenAPI schema describes the API, in one place, so that it tells what the views do.

- Lists are pages: a GET answered with ``many=True`` is documented as ``{count, next, previous,
  results}`` (the views page through ``core.api.Pagination``), unless the view says
  ``pagination_class = None``.
- Every operation documents the error shape for the refusals it can give: 400, 401, 403, 404 and
  429 always (401/403 not for public routes), and 409, 413 and 415 where a body is sent.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny

_ALWAYS = {"400": "Invalid input", "404": "Not found", "429": "Too many requests"}
_SIGNED_IN = {"401": "Not signed in", "403": "Not allowed"}
_WITH_BODY = {
    "409": "Changed since read, or not allowed in the current state",
    "413": "Too large",
    "415": "Type not accepted",
}


class AutoSchema(SpectacularAutoSchema):
    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        """Names a view's nested ``InputSerializer`` after its view: ``DocumentRetireInput``."""
        name: str = super().get_serializer_name(serializer, direction)
        qualname = type(serializer).__qualname__
        if "." in qualname:
            owner, inner = qualname.rsplit(".", 1)
            name = owner.removesuffix("Api") + inner.removesuffix("Serializer")
        return name

    def _get_paginator(self) -> Any:
        # Only a GET lists; a POST that creates several answers with a plain array.
        if self.method != "GET":
            return None
        return super()._get_paginator()  # type: ignore[no-untyped-call]

    def _is_public(self) -> bool:
        return any(p is AllowAny for p in getattr(self.view, "permission_classes", []))

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        from mandate.core.api import ConflictSerializer, ErrorSerializer

        responses: dict[str, Any] = super()._get_response_bodies(direction)
        errors = dict(_ALWAYS)
        if not self._is_public():
            errors.update(_SIGNED_IN)
        if self.method in ("POST", "PUT", "PATCH") and not self._is_public():
            errors.update(_WITH_BODY)
        for code, description in errors.items():
            if code in responses:
                continue
            serializer = ConflictSerializer if code == "409" else ErrorSerializer
            response = self._get_response_for_code(serializer, code, direction=direction)  # type: ignore[no-untyped-call]
            response["description"] = description
            responses[code] = response
        return dict(sorted(responses.items()))
