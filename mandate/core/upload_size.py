"""How big an upload may be, said in the reader's numbers, and an oversized file that does not
cost the form what was typed around it (issue 10 §5).

Pages: ``SizeLimitMiddleware`` (before the CSRF check, which is the first to read a form) puts
``SizeLimitUploadHandler`` first among the request's upload handlers. The handler passes a file's
bytes on until the request's files exceed ``MANDATE_MAX_UPLOAD_BYTES``, then keeps nothing more
and stands in for each file it cut short with an ``OversizedUpload``: its name and true size, no
content. The fields around the files are parsed as usual, so the page answers inside the form,
with the message and the text kept; the upload check (``core.uploads.check_uploads``) refuses the
stand-in by its size before anything is stored. Only a body declared larger than
``MANDATE_MAX_REQUEST_BYTES`` is refused before it is read (a page with the message, no form).

The API refuses a declared body over the limit before reading it (``uploads.refuse_oversized_body``)
and answers 413: its clients read the error, not a form.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest
from django.utils import formats
from django.utils.translation import gettext_noop

_MEGABYTE = Decimal(1024 * 1024)

# The messages of a refused size: the server fills them (core/uploads.py) and so does the page's
# script before sending (static/js/upload-limit.js), from the same translated text.
TOO_LARGE_FILE = gettext_noop("“%(name)s” is %(size)s MB; the limit is %(limit)s MB.")
TOO_LARGE_FILES = gettext_noop(
    "The files together are %(size)s MB; the limit is %(limit)s MB. Send fewer or smaller files."
)


def megabytes(size: int) -> str:
    """A size in MB with one decimal, in the active language's numbers: "25,0" in Vietnamese,
    "25.0" in English."""
    amount = (Decimal(size) / _MEGABYTE).quantize(Decimal("0.1"))
    return formats.number_format(amount, decimal_pos=1, use_l10n=True, force_grouping=True)


def upload_limit() -> int:
    return int(settings.MANDATE_MAX_UPLOAD_BYTES)


def request_limit() -> int:
    return int(settings.MANDATE_MAX_REQUEST_BYTES)


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class OversizedUpload(UploadedFile[bytes]):
    """A file the size handler stopped keeping: what the form needs to say so, and no content."""

    def __init__(self, *, name: str, size: int, content_type: str | None, charset: str | None) -> None:
        super().__init__(io.BytesIO(b""), name=name, content_type=content_type, size=size, charset=charset)
        self.oversized = True


class SizeLimitUploadHandler(FileUploadHandler):
    """First of the request's handlers: counts the bytes of all its files and, past the limit,
    swallows the rest of every file (the later handlers, which store, receive nothing more)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = upload_limit()
        self.total = 0
        self.file_size = 0
        self.cut = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file_size = 0
        self.cut = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.file_size += len(raw_data)
        self.total += len(raw_data)
        if self.total > self.limit:
            self.cut = True
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile[bytes] | None:
        if not self.cut:
            return None  # the next handler has the whole file
        return OversizedUpload(
            name=self.file_name or "file",
            size=self.file_size,
            content_type=self.content_type,
            charset=self.charset,
        )
