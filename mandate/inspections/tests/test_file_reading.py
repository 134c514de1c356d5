"""Reading an administrator's file, without the database: what is refused before any field is
checked, and where each problem is said to be."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from mandate.inspections.catalogue import read_catalogue
from mandate.inspections.file_reading import FileRefused, file_format
from mandate.inspections.tests.conftest import as_csv, as_xlsx, as_yaml, catalogue_rows


def _found(symbol: str, issued_on: dt.date | None) -> tuple[int | None, str]:
    return 1, ""


def _problems(name: str, data: bytes) -> list[str]:
    with translation.override("en"):
        with pytest.raises(FileRefused) as refused:
            read_catalogue(name, data, find_source=_found)
        return refused.value.lines()


def test_a_file_with_aliases_is_refused_before_it_is_expanded():
    bomb = b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    assert _problems("bomb.yaml", bomb) == [
        "line 1: Anchors and aliases (& and *) are not accepted: write each value out."
    ]


def test_a_file_nested_too_deeply_is_refused_without_exhausting_the_stack():
    assert _problems("deep.yaml", b"catalogue: " + b"[" * 5000 + b"]" * 5000) == [
        "line 1: The file is nested too deeply to be a catalogue or a set of rules."
    ]


def test_a_file_that_is_not_utf8_is_refused_at_its_line():
    data = as_yaml(catalogue_rows()).replace("Danh mục thử".encode(), "Danh m\xfcc".encode("latin-1"))
    assert _problems("latin.yaml", data) == ["line 3: The file is not UTF-8 text: save it as UTF-8."]


def test_the_format_is_judged_by_content_for_excel_and_zip_files():
    xlsx = as_xlsx(catalogue_rows())
    assert file_format("a.xlsx", xlsx) == "xlsx"
    assert file_format("a.xlsx", as_csv(catalogue_rows())) is None
    assert file_format("a.csv", xlsx) is None
    assert file_format("a.yml", b"x: 1") == "yaml"
    assert file_format("a.txt", b"x: 1") is None


def test_a_workbook_without_the_three_sheets_is_refused_naming_them():
    from io import BytesIO

    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook()
    workbook.active.title = "catalogue"
    out = BytesIO()
    workbook.save(out)
    assert _problems("thieu.xlsx", out.getvalue()) == [
        "sheet “groups”, row 1: The workbook needs the sheets catalogue, groups, signs.",
        "sheet “signs”, row 1: The workbook needs the sheets catalogue, groups, signs.",
    ]


def test_an_unknown_field_and_a_missing_one_are_named_at_their_places():
    rows = catalogue_rows()
    rows["sign"][0]["colour"] = "red"
    rows["sign"][1]["text"] = ""
    problems = _problems("a.csv", as_csv(rows))
    assert problems[0].startswith("line 5, column “colour”: Unknown field “colour”.")
    assert problems[1] == "line 6, column “text”: “text” is required."


def test_a_csv_row_kind_must_be_named():
    data = as_csv(catalogue_rows()).replace(b"\ngroup,", b"\nnhom,", 1)
    assert (
        _problems("a.csv", data)[0] == "line 3, column “record”: “record” is one of: catalogue, group, sign."
    )


def test_the_same_content_has_the_same_checksum_in_every_format():
    rows = catalogue_rows()
    sums = {
        read_catalogue(name, data, find_source=_found).content_sha256()
        for name, data in (("a.yaml", as_yaml(rows)), ("a.csv", as_csv(rows)), ("a.xlsx", as_xlsx(rows)))
    }
    assert len(sums) == 1
