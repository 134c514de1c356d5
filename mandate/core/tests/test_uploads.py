import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.core.exceptions import ApplicationError, PayloadTooLargeError, UnsupportedFileTypeError
from mandate.core.uploads import check_upload, clean_display_name

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bao-cao.pdf", PDF, "pdf"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "png"),
        ("anh.JPG", b"\xff\xd8\xff\xe0" + b"0" * 20, "jpeg"),
        ("ke-hoach.docx", _zip({"word/document.xml": "<w/>", "[Content_Types].xml": "<t/>"}), "docx"),
        ("so-lieu.xlsx", _zip({"xl/workbook.xml": "<w/>"}), "xlsx"),
    ],
    ids=["pdf", "png", "jpeg", "docx", "xlsx"],
)
def test_accepted_files(name, content, kind):
    assert check_upload(SimpleUploadedFile(name, content)).kind == kind


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60),  # a Windows executable named .pdf
        ("report.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 40),
        ("report.docx", PDF),  # content and name disagree
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("report.pdf.exe", PDF),
        ("fake.docx", _zip({"evil.sh": "rm -rf /"})),
        ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
    ],
    ids=["exe-as-pdf", "elf-as-pdf", "pdf-as-docx", "html", "double-extension", "zip-not-office", "svg"],
)
def test_refused_by_content(name, content):
    with pytest.raises(UnsupportedFileTypeError):
        check_upload(SimpleUploadedFile(name, content))


def test_a_zip_bomb_is_refused():
    bomb = _zip({f"word/{i}.xml": "0" * 200_000 for i in range(1100)} | {"word/document.xml": "<w/>"})
    with pytest.raises(UnsupportedFileTypeError):
        check_upload(SimpleUploadedFile("bomb.docx", bomb))


def test_too_large_and_empty(settings):
    settings.MANDATE_MAX_UPLOAD_BYTES = 100
    with pytest.raises(PayloadTooLargeError):
        check_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * 200))
    with pytest.raises(ApplicationError):
        check_upload(SimpleUploadedFile("empty.pdf", b""))


def test_display_names_never_carry_paths_or_control_characters():
    assert clean_display_name("../../etc/passwd") == "passwd"
    assert clean_display_name("C:\\tmp\\báo cáo\u202e.pdf") == "báo cáo.pdf"
    assert len(clean_display_name("a" * 400 + ".pdf")) == 200
