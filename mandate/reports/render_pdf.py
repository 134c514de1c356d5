"""A report's Word file as PDF, printed by LibreOffice (issue 13 item 8; Debian's
libreoffice-writer-nogui, installed by ``make libreoffice``).

Why LibreOffice and not a PDF library: the PDF must be the Word file as an office prints it (the
same page breaks, the same fonts: Liberation Serif for Times New Roman, metric-compatible), not a
second rendering that could differ from the .docx people download.

Each conversion runs ``soffice --headless --convert-to pdf`` in a temporary folder with a user
profile of its own (``-env:UserInstallation``): two conversions at once (two job consumers, a
job and a test) would otherwise share one profile, and the second LibreOffice would hand its
work to the first or fail on the profile's lock. The process and everything it started are
killed after ``timeout`` seconds. ``render_pdfs`` converts several files in one LibreOffice run
(it starts in seconds; the files then take a fraction of that each). The same way of running it as
the tests' CSV conversions (``core/tests/libreoffice.py``).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

CONTENT_TYPE = "application/pdf"
TIMEOUT = 120.0


class PdfConversionError(RuntimeError):
    """LibreOffice is missing, failed, or took too long: the message says which."""


def soffice() -> str | None:
    """The LibreOffice program: ``MANDATE_SOFFICE`` when set, else ``soffice`` on the PATH."""
    configured = os.environ.get("MANDATE_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdfs(documents: Sequence[bytes], *, timeout: float = TIMEOUT) -> list[bytes]:
    """Each .docx in ``documents`` as the bytes of a PDF, in order, in one LibreOffice run."""
    program = soffice()
    if program is None:
        raise PdfConversionError(
            "LibreOffice (soffice) is not installed or MANDATE_SOFFICE names no program: "
            "`make libreoffice` installs it."
        )
    with tempfile.TemporaryDirectory(prefix="mandate-pdf-") as work:
        folder = Path(work)
        sources = []
        for number, document in enumerate(documents):
            source = folder / f"report-{number}.docx"
            source.write_bytes(document)
            sources.append(source)
        out = folder / "out"
        env = {**os.environ, "HOME": str(folder)}
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault",
            "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), *map(str, sources),
        ]  # fmt: skip
        process = subprocess.Popen(  # noqa: S603 - a fixed program and our own arguments
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfConversionError(
                f"LibreOffice did not convert the report to PDF within {timeout:g} s."
            ) from None
        results = [out / f"{source.stem}.pdf" for source in sources]
        missing = [result.name for result in results if not result.exists()]
        if process.returncode != 0 or missing:
            said = f"{stdout.decode(errors='replace')} {stderr.decode(errors='replace')}".strip()
            raise PdfConversionError(
                f"LibreOffice did not convert the report to PDF (exit {process.returncode}"
                f"{', no ' + ', '.join(missing) if missing else ''}): {said or 'it said nothing'}"
            )
        return [result.read_bytes() for result in results]


def render_pdf(docx: bytes, *, timeout: float = TIMEOUT) -> bytes:
    """The .docx as the bytes of a PDF."""
    return render_pdfs([docx], timeout=timeout)[0]
