"""Checks an uploaded file before anything is stored: size, then type by content, not by name.

Office files are zip archives, so they are opened and bounded (entries, uncompressed size) to
refuse zip bombs. The bound is measured by inflating every member, never read from the central
directory, which an attacker writes as he likes (a 153 KB file claiming 1 KB that inflates to
150 MB). The name the user gave is kept for display only, never used as a path.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import unicodedata
import uuid
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from mandate.core.exceptions import ApplicationError, PayloadTooLargeError, UnsupportedFileTypeError
from mandate.core.upload_size import TOO_LARGE_FILE, TOO_LARGE_FILES, megabytes

MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED = 100 * 1024 * 1024
# Office XML rarely inflates more than 20 times; a file may inflate to 100 times its size (at
# least 10 MB, at most MAX_ZIP_UNCOMPRESSED).
MAX_ZIP_RATIO = 100
MIN_ZIP_BUDGET = 10 * 1024 * 1024
_CHUNK = 64 * 1024

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


def _inflated_size(upload: UploadedFile[bytes], info: zipfile.ZipInfo, budget: int) -> int:
    """What one member really inflates to, stopping once past ``budget`` (then ``budget + 1``).

    Read from the member's local header on, with the sizes of neither directory trusted: the
    deflate stream ends itself, and a stored member is no larger than the file that holds it.
    """
    upload.seek(info.header_offset)
    header = upload.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("no local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    upload.seek(info.header_offset + 30 + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_STORED:
        return min(info.compress_size, upload.size or 0)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile("compression not used by office files")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    while not inflater.eof and size <= budget:
        chunk = upload.read(_CHUNK)
        if not chunk:
            break
        # Once the stream has ended, what is left of the chunk stays in ``unconsumed_tail``
        # (it belongs to the next member): stop there, or this loop never ends.
        while chunk and not inflater.eof and size <= budget:
            size += len(inflater.decompress(chunk, _CHUNK))
            chunk = inflater.unconsumed_tail
    return size if size <= budget else budget + 1


def _inflates_within_budget(upload: UploadedFile[bytes], infos: list[zipfile.ZipInfo]) -> bool:
    budget = min(MAX_ZIP_UNCOMPRESSED, max(MIN_ZIP_BUDGET, MAX_ZIP_RATIO * (upload.size or 0)))
    for info in infos:
        budget -= _inflated_size(upload, info, budget)
        if budget < 0:
            return False
    return True


def _zip_kind(upload: UploadedFile[bytes]) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_ZIP_UNCOMPRESSED:
                return None
            if not _inflates_within_budget(upload, infos):
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
    except (zipfile.BadZipFile, OSError, ValueError, zlib.error, struct.error):
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
            % {"size": megabytes(declared), "limit": megabytes(limit)}
        )


def _too_large(message: str) -> PayloadTooLargeError:
    return PayloadTooLargeError(message, fields={"file": [message]})


def sha256_of(upload: UploadedFile[bytes]) -> str:
    """The file's SHA-256, read in chunks from its start; the file is left at its start for the
    next reader (storage, openpyxl)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check_uploads(uploads: Sequence[UploadedFile[bytes]]) -> list[CheckedFile]:
    """Check the files of one request: their sum, then each (the limit bounds the files of a
    request together, as the API bounds its whole body)."""
    limit: int = settings.MANDATE_MAX_UPLOAD_BYTES
    total = sum(upload.size or 0 for upload in uploads)
    if len(uploads) > 1 and total > limit:
        raise _too_large(_(TOO_LARGE_FILES) % {"size": megabytes(total), "limit": megabytes(limit)})
    return [check_upload(upload) for upload in uploads]


def check_upload(upload: UploadedFile[bytes]) -> CheckedFile:
    size = upload.size or 0
    limit: int = settings.MANDATE_MAX_UPLOAD_BYTES
    if size > limit or getattr(upload, "oversized", False):
        name = clean_display_name(upload.name or "file")
        raise _too_large(
            _(TOO_LARGE_FILE) % {"name": name, "size": megabytes(size), "limit": megabytes(limit)}
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
