"""The Word file printed by LibreOffice: A4, the two header blocks and the number line of each
layout, the page number from page 2 — read from the PDF's text (pypdf). One LibreOffice run
prints the four files (State and Party, Vietnamese and English); the failures of the conversion
are tried with stand-in programs, without LibreOffice."""

from __future__ import annotations

import io
import stat
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from mandate.reports.content import Layout
from mandate.reports.render_docx import render_docx
from mandate.reports.render_pdf import PdfConversionError, render_pdf, render_pdfs
from mandate.reports.tests.report_fixtures import content

A4_POINTS = (595.3, 841.9)
CASES = {
    "state-vi": (Layout.STATE, "vi", False),
    "party-vi": (Layout.PARTY, "vi", True),
    "state-en": (Layout.STATE, "en", True),
    "party-en": (Layout.PARTY, "en", False),
}
EXPECTED = {
    "state-vi": ("UBND THÀNH PHỐ HÀ NỘI", "SỞ VĂN HÓA VÀ THỂ THAO", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "Số: …/BC-SVHTT", "Hà Nội, ngày … tháng … năm …"),
    "party-vi": ("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI", "THÀNH ỦY HÀ NỘI", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 125-BC/TU",
                 "Hà Nội, ngày 15 tháng 9 năm 2023"),
    "state-en": ("SỞ VĂN HÓA VÀ THỂ THAO", "SOCIALIST REPUBLIC OF VIETNAM",
                 "Independence - Freedom - Happiness", "No.: 125/BC-SVHTT", "Hanoi, 15 September 2023"),
    "party-en": ("THÀNH ỦY HÀ NỘI", "COMMUNIST PARTY OF VIETNAM", "No. …-BC/TU", "Hanoi, date …"),
}  # fmt: skip


@pytest.mark.libreoffice(conversions=1)
def test_libreoffice_prints_both_layouts_on_a4_with_their_heads_and_page_numbers_from_page_2(
    libreoffice: object,
) -> None:
    documents = [render_docx(content(*case[:2], issued=case[2])) for case in CASES.values()]
    pdfs = dict(zip(CASES, render_pdfs(documents), strict=True))
    for name, pdf in pdfs.items():
        assert pdf.startswith(b"%PDF-"), name
        pages = PdfReader(io.BytesIO(pdf)).pages
        assert len(pages) >= 2, name  # the fixtures run onto a second page
        for page in pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(A4_POINTS, abs=1), name
        first = pages[0].extract_text()
        for text in EXPECTED[name]:
            assert text in first, (name, text)
        if name.startswith("state"):
            assert "Số:" in first or "No.:" in first
        else:
            assert "Số:" not in first and "No.:" not in first  # Guideline 36: no colon
        first_lines = [line.strip() for line in first.splitlines()]
        assert "1" not in first_lines, name  # no number on the first page
        for number, page in enumerate(pages[1:], start=2):
            assert page.extract_text().splitlines()[0].strip() == str(number), (name, number)
    state = PdfReader(io.BytesIO(pdfs["state-vi"]))
    text = "\n".join(page.extract_text() for page in state.pages)
    assert "8.051" in text and "82,07%" in text and "Nơi nhận:" in text
    assert "Trần Thị Hà" in text


def _program(folder: Path, script: str) -> str:
    path = folder / "soffice"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def test_a_missing_libreoffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MANDATE_SOFFICE", str(tmp_path / "nowhere"))
    with pytest.raises(PdfConversionError, match="not installed"):
        render_pdf(b"docx")


def test_a_failed_conversion_says_what_libreoffice_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(
        "MANDATE_SOFFICE", _program(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    )
    with pytest.raises(
        PdfConversionError, match=r"exit 1, no report-0.pdf\): Error: source file could not be loaded"
    ):
        render_pdf(b"docx")


def test_a_conversion_that_hangs_is_killed_with_what_it_started(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    marker = tmp_path / "child.pid"
    # The stand-in starts a child of its own, as soffice.bin does, and both would sleep a minute.
    monkeypatch.setenv("MANDATE_SOFFICE", _program(tmp_path, f"sleep 60 & echo $! > {marker}; wait"))
    with pytest.raises(PdfConversionError, match=r"within 0\.5 s"):
        render_pdf(b"docx", timeout=0.5)
    child = int(marker.read_text())
    assert _ended(child)


def _ended(pid: int) -> bool:
    """Gone, or a zombie waiting for its new parent to reap it (killed all the same)."""
    for _attempt in range(40):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state == "Z":
            return True
        time.sleep(0.05)
    return False
