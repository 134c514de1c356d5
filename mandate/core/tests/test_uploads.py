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


def _lying_docx(inflated_mb=150, claimed=1024):
    """A .docx whose document inflates to ``inflated_mb`` MB while both directories claim
    ``claimed`` bytes (the sizes patched in the bytes, as an attacker would)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=False) as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(inflated_mb):
                member.write(block)
    data = bytearray(buffer.getvalue())
    real = inflated_mb * 1024 * 1024
    patched = 0
    for signature, size_offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) != -1:
            if int.from_bytes(data[at + size_offset : at + size_offset + 4], "little") == real:
                data[at + size_offset : at + size_offset + 4] = claimed.to_bytes(4, "little")
                patched += 1
            start = at + 4
    assert patched == 2
    return bytes(data)


def test_a_zip_whose_directory_lies_about_its_size_is_refused():
    content = _lying_docx()
    assert len(content) < 200 * 1024
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert sum(i.file_size for i in archive.infolist()) < 2048  # what the directory claims

    with pytest.raises(UnsupportedFileTypeError):
        check_upload(SimpleUploadedFile("ke-hoach.docx", content))


def test_a_zip_that_really_inflates_past_the_budget_is_refused_even_when_honest():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    with pytest.raises(UnsupportedFileTypeError):
        check_upload(SimpleUploadedFile("ke-hoach.docx", buffer.getvalue()))


def test_too_many_members_are_refused(monkeypatch):
    from mandate.core import uploads

    monkeypatch.setattr(uploads, "MAX_ZIP_ENTRIES", 5)
    members = {"word/document.xml": "<w/>", **{f"word/media/{i}.xml": "<m/>" for i in range(10)}}
    with pytest.raises(UnsupportedFileTypeError):
        check_upload(SimpleUploadedFile("ke-hoach.docx", _zip(members)))


def test_a_member_whose_stream_ends_inside_a_read_is_measured_and_the_check_ends():
    """A sheet that inflates to more than one read's worth (64 KB) and ends with input left in the
    read: the check once looped for ever on it (every real workbook of a few thousand rows)."""
    import signal

    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="n"><v>{n * 7919 % 100003}</v></c></row>' for n in range(1, 9000)
    )
    content = _zip(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/worksheets/sheet1.xml": f"<worksheet><sheetData>{rows}</sheetData></worksheet>",
            "xl/workbook.xml": "<workbook/>",
        }
    )

    def stuck(*_args):
        raise TimeoutError("the upload check did not end")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    try:
        checked = check_upload(SimpleUploadedFile("bang.xlsx", content))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert checked.kind == "xlsx"
