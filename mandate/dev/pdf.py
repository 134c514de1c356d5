"""A small, valid one-page PDF with a few lines of text: the product file of the demo's done
reports, and the scan of the browser tests' documents. Base-14 fonts know no Vietnamese, so the
text is written without diacritics."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn" and ord(ch) < 128)
    return ascii_only.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def simple_pdf(lines: Sequence[str]) -> bytes:
    """One A4 page, the lines in Helvetica from the top."""
    text = "\n".join(
        f"BT /F1 12 Tf 56 {790 - 18 * index} Td ({_plain(line)[:110]}) Tj ET"
        for index, line in enumerate(lines[:40])
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
