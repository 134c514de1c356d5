"""Sending a stored file back: always as an attachment, under the name the user gave it, never
sniffed into something the browser would run (ASVS 5.4.1–5.4.2)."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse


def file_download(*, file: FieldFile, display_name: str, content_type: str) -> FileResponse:
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=display_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
