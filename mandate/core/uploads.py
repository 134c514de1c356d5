"""Checks an uploaded file before anything is stored: size, then type by content, not by name.

Office files are zip archives, so they are opened and bounded (entries, uncompressed size) to
refuse zip bombs; the name the user gave is kept for display only, never used as a path.
"""

from __future__ import annotations

import os
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from mandate.core.exceptions import ApplicationError, PayloadTooLargeError, UnsupportedFileTypeError

MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024

# kind -> (accepted extensions, content type)
ACCEPTED: dict[str, tuple[frozenset[str], str]] = {
    "pdf": (frozenset({".pdf"}), "application/pdf"),
    "docx": (
        frozenset({".docx"}),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (frozenset({".xlsx"}), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": (frozenset({".odt"}), "application/vnd.oasis.opendocument.text"),
    "ods": (frozenset({".ods"}), "application/vnd.oasis.opendocument.spreadsheet"),
    "png": (frozenset({".png"}), "image/png"),
    "jpeg": (frozenset({".jpg", ".jpeg"}), "image/jpeg"),
}


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content_type: str
    display_name: str
    storage_name: str
    size: int


def _accepted_list() -> str:
    return ", ".join(sorted(ext for exts, _ct in ACCEPTED.values() for ext in exts))


def _zip_kind(upload: UploadedFile[bytes]) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_ZIP_UNCOMPRESSED:
                return None
            names = {i.filename for i in infos}
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return {
                    "application/vnd.oasis.opendocument.text": "odt",
                    "application/vnd.oasis.opendocument.spreadsheet": "ods",
                }.get(mimetype)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return None


def detect_kind(upload: UploadedFile[bytes]) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def clean_display_name(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/"))
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r"\s+", " ", base).strip(" .")
    return base[:200] or "file"


# Room for the multipart envelope and the other fields around one file.
_ENVELOPE_BYTES = 64 * 1024


def refuse_oversized_body(meta: Mapping[str, Any]) -> None:
    """Refuse an upload whose declared length (``request.META``) is over the limit, before its
    body is read."""
    try:
        declared = int(meta.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    limit: int = settings.MANDATE_MAX_UPLOAD_BYTES
    if declared > limit + _ENVELOPE_BYTES:
        raise PayloadTooLargeError(
            _("The upload is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(declared / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )


def check_upload(upload: UploadedFile[bytes]) -> CheckedFile:
    size = upload.size or 0
    limit: int = settings.MANDATE_MAX_UPLOAD_BYTES
    if size > limit:
        raise PayloadTooLargeError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    if size == 0:
        raise ApplicationError(_("The file is empty."), fields={"file": [_("The file is empty.")]})
    display_name = clean_display_name(upload.name or "file")
    extension = os.path.splitext(display_name)[1].lower()
    kind = detect_kind(upload)
    if kind is None or extension not in ACCEPTED[kind][0]:
        raise UnsupportedFileTypeError(
            _("“%(name)s” is not an accepted file. Accepted: %(list)s, checked by content.")
            % {"name": display_name, "list": _accepted_list()}
        )
    return CheckedFile(
        kind=kind,
        content_type=ACCEPTED[kind][1],
        display_name=display_name,
        storage_name=f"{uuid.uuid4().hex}{extension}",
        size=size,
    )
