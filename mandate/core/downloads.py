"""Sending a stored file back: always as an attachment, under the name the user gave it, never
sniffed into something the browser would run (ASVS 5.4.1–5.4.2)."""

from __future__ import annotations

from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

from mandate.core.uploads import ACCEPTED

# How the schema documents a download: the file itself, as one of the types an upload may have.
# application/octet-stream last, for generated clients that know no other binary type.
FILE_RESPONSES: dict[Any, Any] = {
    (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file")
    for content_type in [*(ct for _kinds, ct in ACCEPTED.values()), "application/octet-stream"]
}


def file_download(*, file: FieldFile, display_name: str, content_type: str) -> FileResponse:
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=display_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
