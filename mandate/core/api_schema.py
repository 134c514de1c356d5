from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Names a view's nested ``InputSerializer`` after its view: ``DocumentRetireInput``."""

    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        name: str = super().get_serializer_name(serializer, direction)
        qualname = type(serializer).__qualname__
        if "." in qualname:
            owner, inner = qualname.rsplit(".", 1)
            name = owner.removesuffix("Api") + inner.removesuffix("Serializer")
        return name
