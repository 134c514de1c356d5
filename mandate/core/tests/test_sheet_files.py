"""No file makes a server error: malformed, disguised, oversized and hostile files sent to the
import service are each refused with a 4xx reason, and nothing is written (ADR 0032)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.core import sheet_import
from mandate.core.exceptions import ApplicationError
from mandate.core.models import AuditEntry, CalendarOverride, ImportBatch
from mandate.core.sheet_reader import check_workbook, read_sheet
from mandate.core.tests.sheet_example import GOOD_ROWS, IMPORTER, SPEC, upload, workbook_of

VALID = workbook_of(GOOD_ROWS)


def _rezip(content: bytes, change: dict[str, bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    """``content`` (a zip) with members replaced (bytes) or left out (None), and members added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in change:
                replacement = change[info.filename]
                if replacement is not None:
                    target.writestr(info.filename, replacement)
            else:
                target.writestr(info, source.read(info))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _sheet_xml() -> bytes:
    with zipfile.ZipFile(io.BytesIO(VALID)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def _bomb() -> bytes:
    """A member that inflates to 150 MB from about 150 KB."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(VALID)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        with target.open("xl/media/padding.bin", "w") as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(150):
                member.write(block)
    return out.getvalue()


def _missing_shared_string() -> bytes:
    """A data cell pointing at the 8th shared string of a workbook that has none."""
    cell = re.compile(rb'<c r="B5" t="inlineStr"><is><t>[^<]*</t></is></c>')
    xml, count = cell.subn(b'<c r="B5" t="s"><v>7</v></c>', _sheet_xml())
    assert count == 1
    return _rezip(VALID, {"xl/worksheets/sheet1.xml": xml})


def _entity_expansion() -> bytes:
    doctype = (
        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    body = _sheet_xml().split(b"?>", 1)[-1].replace(b"<t>", b"<t>&c;", 1)
    return _rezip(VALID, {"xl/worksheets/sheet1.xml": doctype + body})


def _far_row() -> bytes:
    far = b'<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row>'
    return _rezip(
        VALID, {"xl/worksheets/sheet1.xml": _sheet_xml().replace(b"</sheetData>", far + b"</sheetData>")}
    )


# Each case: (the file's content, made when the test runs, and its name).
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty": (lambda: b"", "lich.xlsx"),
    "csv renamed": (lambda: "Ngày,Lý do\n01/05/2025,Nghỉ\n".encode(), "lich.xlsx"),
    "random bytes": (lambda: bytes(range(256)) * 40, "lich.xlsx"),
    "truncated zip": (lambda: VALID[: len(VALID) // 2], "lich.xlsx"),
    "zip, not a workbook": (lambda: _rezip(VALID, {"xl/workbook.xml": None}), "lich.xlsx"),
    "old .xls name": (lambda: VALID, "lich.xls"),
    "macro-enabled name": (lambda: VALID, "lich.xlsm"),
    "macros inside an .xlsx": (
        lambda: _rezip(VALID, {}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" * 64}),
        "lich.xlsx",
    ),
    "ods name": (lambda: VALID, "lich.ods"),
    "sheet xml garbage": (
        lambda: _rezip(VALID, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"}),
        "lich.xlsx",
    ),
    "styles garbage": (lambda: _rezip(VALID, {"xl/styles.xml": b"\xff\xfe not xml"}), "lich.xlsx"),
    "a shared string that is not there": (_missing_shared_string, "lich.xlsx"),
    "entity expansion": (_entity_expansion, "lich.xlsx"),
    "a row numbered a billion": (_far_row, "lich.xlsx"),
    "zip bomb": (_bomb, "lich.xlsx"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_or_malformed_file_is_refused_with_a_reason_and_writes_nothing(cast, case):
    make, name = HOSTILE[case]
    content = make()
    with pytest.raises(ApplicationError) as refused:
        sheet_import.sheet_import(actor=cast.ad, importer=IMPORTER, params={}, upload=upload(content, name))
    assert 400 <= refused.value.status_code < 500
    assert str(refused.value.message)
    assert CalendarOverride.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert not AuditEntry.objects.filter(action="core.sheet_import").exists()


def test_a_file_over_the_upload_limit_is_refused_before_it_is_opened(settings):
    settings.MANDATE_MAX_UPLOAD_BYTES = len(VALID) - 1
    with pytest.raises(ApplicationError) as refused:
        check_workbook(upload(VALID))
    assert refused.value.status_code == 413


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_damaged_workbook_is_read_or_refused_never_a_crash(data: st.DataObject) -> None:
    """Bytes of a valid workbook's members flipped, cut or inflated: each is read (it may still be
    a workbook) or refused as unreadable, never another exception."""
    with zipfile.ZipFile(io.BytesIO(VALID)) as archive:
        names = [info.filename for info in archive.infolist()]
        member = data.draw(st.sampled_from(names))
        original = archive.read(member)
    cut = data.draw(st.integers(min_value=0, max_value=len(original)))
    noise = data.draw(st.binary(max_size=40))
    damaged = _rezip(VALID, {member: original[:cut] + noise + original[cut + len(noise) :]})
    file = upload(damaged)
    status = 200
    try:
        checked = check_workbook(file)
        read_sheet(file, SPEC, name=checked.name)
    except ApplicationError as refused:
        status = refused.status_code
    assert status == 200 or 400 <= status < 500
