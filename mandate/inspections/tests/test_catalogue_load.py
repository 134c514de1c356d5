"""Loading a catalogue of violation signs: each format, all or nothing with the place of every
problem, the same file twice, new versions closing old ones, and who may load."""

from __future__ import annotations

import datetime as dt

import pytest

from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.core.models import AuditEntry
from mandate.inspections import selectors, services
from mandate.inspections.models import SignGroup, ViolationCatalogue, ViolationSign
from mandate.inspections.tests.conftest import EXAMPLE, as_csv, as_xlsx, as_yaml, catalogue_rows, upload


def _counts() -> tuple[int, int, int, int]:
    return (
        ViolationCatalogue.objects.count(),
        SignGroup.objects.count(),
        ViolationSign.objects.count(),
        AuditEntry.objects.filter(action="inspections.catalogue_load").count(),
    )


def _refusal(file, owner) -> ApplicationError:
    before = _counts()
    with pytest.raises(ApplicationError) as refused:
        services.catalogue_load(actor=None, file=file, owner_unit=owner)
    assert _counts() == before, "a refused file loads nothing and writes no audit entry"
    assert refused.value.code == "file_refused"
    return refused.value


def test_the_example_catalogue_loads_marked_as_an_example_with_the_three_groups(cast, directive):
    result = services.catalogue_load(
        actor=None, file=upload(EXAMPLE.name, EXAMPLE.read_bytes()), owner_unit=cast.city_party
    )

    catalogue = result.catalogue
    assert result.outcome == "loaded"
    assert catalogue.is_example
    assert catalogue.name.startswith("[Ví dụ]")
    assert catalogue.name_en.startswith("[Example]")
    assert catalogue.source_document == directive
    groups = {g.code: (g.kind, g.official_count, g.signs.count()) for g in catalogue.groups.all()}
    assert groups == {"VP": ("violation", 12, 5), "NT": ("violation", 9, 4), "BV": ("protection", 4, 2)}
    # Smaller than the official 25, and every sign says where in the Directive's body it comes from.
    assert catalogue.signs.count() == 11
    assert all(sign.basis.startswith("Seed 00") for sign in catalogue.signs.all())
    entry = AuditEntry.objects.get(action="inspections.catalogue_load")
    assert entry.after is not None
    assert entry.after["file_sha256"] == catalogue.file_sha256
    assert (entry.after["rows"], entry.after["signs"], entry.after["outcome"]) == (15, 11, "loaded")
    assert entry.actor_label == "system"


@pytest.mark.parametrize(
    ("name", "render"),
    [("danh-muc.yaml", as_yaml), ("danh-muc.csv", as_csv), ("danh-muc.xlsx", as_xlsx)],
)
def test_each_format_loads_the_same_catalogue(cast, directive, name, render):
    result = services.catalogue_load(
        actor=None, file=upload(name, render(catalogue_rows())), owner_unit=cast.city_party
    )

    catalogue = selectors.catalogue_get(catalogue_id=result.catalogue.pk)
    assert [(s.code, s.group.code, s.text_en, s.valid_from) for s in catalogue.signs.all()] == [
        ("T-VP-01", "VP", "Sign T-VP-01", dt.date(2023, 8, 7)),
        ("T-VP-02", "VP", "Sign T-VP-02", dt.date(2023, 8, 7)),
        ("T-NT-01", "NT", "Sign T-NT-01", dt.date(2023, 8, 7)),
    ]
    assert catalogue.source_document == directive
    assert not catalogue.is_example


def test_a_csv_written_by_excel_with_semicolons_loads_too(cast, directive):
    data = as_csv(catalogue_rows(), delimiter=";")
    result = services.catalogue_load(
        actor=None, file=upload("danh-muc.csv", data), owner_unit=cast.city_party
    )
    assert result.catalogue.signs.count() == 3


def test_the_same_content_in_another_format_is_recognised_and_changes_nothing(cast, directive):
    first = services.catalogue_load(
        actor=None, file=upload("a.yaml", as_yaml(catalogue_rows())), owner_unit=cast.city_party
    )
    before = _counts()

    again = services.catalogue_load(
        actor=None, file=upload("a.xlsx", as_xlsx(catalogue_rows())), owner_unit=cast.city_party
    )

    assert (again.outcome, again.catalogue.pk) == ("unchanged", first.catalogue.pk)
    assert _counts()[:3] == before[:3]


def test_loading_the_same_file_twice_changes_nothing_and_each_load_is_audited(cast, directive):
    data = EXAMPLE.read_bytes()
    first = services.catalogue_load(
        actor=cast.ad, file=upload(EXAMPLE.name, data), owner_unit=cast.city_party
    )
    rows = list(ViolationSign.objects.values_list("pk", "code", "text", "valid_from", "valid_to"))
    version = ViolationCatalogue.objects.get().version

    again = services.catalogue_load(
        actor=cast.ad, file=upload(EXAMPLE.name, data), owner_unit=cast.city_party
    )

    assert again.outcome == "unchanged"
    assert again.catalogue.pk == first.catalogue.pk
    assert list(ViolationSign.objects.values_list("pk", "code", "text", "valid_from", "valid_to")) == rows
    assert ViolationCatalogue.objects.get().version == version
    entries = AuditEntry.objects.filter(action="inspections.catalogue_load").order_by("id")
    assert [(e.actor_label, (e.after or {})["outcome"], (e.after or {})["rows"]) for e in entries] == [
        ("ad", "loaded", 15),
        ("ad", "unchanged", 15),
    ]


def _line_of(data: bytes, text: str, occurrence: int = 1) -> int:
    """The line of a sign's code: ``code: "X"`` in YAML, ``sign,…,X,…`` in CSV."""
    lines = data.decode("utf-8-sig").splitlines()
    if text.startswith("sign,"):
        code = text.removeprefix("sign,").strip(",")
        found = [
            n for n, line in enumerate(lines, start=1) if line.startswith("sign,") and f",{code}," in line
        ]
    else:
        found = [n for n, line in enumerate(lines, start=1) if text in line]
    return found[occurrence - 1]


DUPLICATE = catalogue_rows(signs=[("T-VP-01", "VP"), ("T-NT-01", "NT"), ("T-VP-01", "VP")])


def test_a_yaml_file_with_a_duplicate_code_is_refused_whole_with_its_line_named(cast, directive):
    data = as_yaml(DUPLICATE)

    refused = _refusal(upload("trung.yaml", data), cast.city_party)

    first, second = _line_of(data, 'code: "T-VP-01"'), _line_of(data, 'code: "T-VP-01"', 2)
    assert refused.fields["file"] == [
        f"dòng {second}: Mã biểu hiện “T-VP-01” bị dùng hai lần (lần đầu ở dòng {first})."
    ]
    assert f"dòng {second}" in str(refused.message)


def test_a_csv_file_with_a_duplicate_code_is_refused_whole_with_its_line_and_column_named(cast, directive):
    data = as_csv(DUPLICATE)

    refused = _refusal(upload("trung.csv", data), cast.city_party)

    second = _line_of(data, "sign,T-VP-01,", 2)
    assert [str(m) for m in refused.fields["file"]] == [
        f"dòng {second}, cột “code”: Mã biểu hiện “T-VP-01” bị dùng hai lần "
        f"(lần đầu ở dòng {_line_of(data, 'sign,T-VP-01,')}, cột “code”)."
    ]


def test_an_excel_file_with_a_duplicate_code_is_refused_whole_with_sheet_row_and_column(cast, directive):
    refused = _refusal(upload("trung.xlsx", as_xlsx(DUPLICATE)), cast.city_party)

    assert [str(m) for m in refused.fields["file"]] == [
        "trang tính “signs”, hàng 4, cột A (code): Mã biểu hiện “T-VP-01” bị dùng hai lần "
        "(lần đầu ở trang tính “signs”, hàng 2, cột A (code))."
    ]


def test_every_problem_of_a_file_is_named_at_once(cast, directive):
    rows = catalogue_rows(signs=[("T-VP-01", "VP"), ("T-XX-01", "XX")])
    rows["catalogue"][0]["source_document"] = "99-CT/TU"
    rows["sign"][0]["valid_from"] = "31/02/2024"
    data = as_csv(rows)

    refused = _refusal(upload("sai.csv", data), cast.city_party)

    messages = [str(m) for m in refused.fields["file"]]
    assert len(messages) == 3
    assert messages[0].startswith("dòng 2, cột “source_document”: Không tìm thấy văn bản “99-CT/TU”")
    assert messages[1].startswith(
        f"dòng {_line_of(data, 'sign,T-VP-01,')}, cột “valid_from”: “31/02/2024” không phải"
    )
    assert messages[2].startswith(f"dòng {_line_of(data, 'sign,T-XX-01,')}, cột “group”: Nhóm “XX” không có")


def test_a_bad_date_in_excel_is_named_by_its_cell(cast, directive):
    rows: dict = catalogue_rows()
    rows["catalogue"][0]["valid_from"] = "ngày 7 tháng 8"

    refused = _refusal(upload("sai.xlsx", as_xlsx(rows)), cast.city_party)

    assert str(refused.fields["file"][0]).startswith("trang tính “catalogue”, hàng 2, cột F (valid_from): ")


def test_an_excel_date_cell_is_read_as_a_date(cast, directive):
    rows: dict = catalogue_rows()
    rows["catalogue"][0]["valid_from"] = dt.datetime(2023, 8, 7)
    result = services.catalogue_load(
        actor=None, file=upload("a.xlsx", as_xlsx(rows)), owner_unit=cast.city_party
    )
    assert result.catalogue.valid_from == dt.date(2023, 8, 7)


def test_an_example_must_say_so_in_its_name(cast, directive):
    rows = catalogue_rows()
    rows["catalogue"][0]["is_example"] = "yes"

    refused = _refusal(upload("vi-du.yaml", as_yaml(rows)), cast.city_party)

    assert "[Ví dụ]" in str(refused.fields["file"][0])


def test_a_file_that_is_none_of_the_formats_is_refused(cast, directive):
    refused = _refusal(upload("danh-muc.pdf", b"%PDF-1.4\n%%EOF\n"), cast.city_party)
    assert ".yaml, .csv" in str(refused.fields["file"][0])


def test_a_new_version_closes_the_old_one_and_deletes_nothing(cast, directive):
    old = services.catalogue_load(
        actor=None, file=upload("v1.yaml", as_yaml(catalogue_rows())), owner_unit=cast.city_party
    ).catalogue
    new_rows = catalogue_rows(valid_from="2024-01-01", signs=[("T-VP-01", "VP"), ("T-VP-03", "VP")])

    result = services.catalogue_load(
        actor=None, file=upload("v2.yaml", as_yaml(new_rows)), owner_unit=cast.city_party
    )

    old.refresh_from_db()
    assert old.valid_to == dt.date(2023, 12, 31)
    assert old.signs.count() == 3
    assert result.closed == old
    in_2023 = [c.pk for c in selectors.catalogue_list(on=dt.date(2023, 9, 1))]
    in_2024 = [c.pk for c in selectors.catalogue_list(on=dt.date(2024, 2, 1))]
    assert (in_2023, in_2024) == ([old.pk], [result.catalogue.pk])
    codes_2023 = {s.code for s in selectors.signs_in_force(on=dt.date(2023, 9, 1))}
    assert codes_2023 == {"T-VP-01", "T-VP-02", "T-NT-01"}
    entry = AuditEntry.objects.filter(action="inspections.catalogue_load").latest("id")
    assert (entry.after or {})["closed"] == {
        "catalogue": old.pk,
        "valid_to_before": None,
        "valid_to": "2023-12-31",
    }


def test_other_content_for_a_loaded_version_day_is_409_and_changes_nothing(cast, directive):
    services.catalogue_load(
        actor=None, file=upload("v1.yaml", as_yaml(catalogue_rows())), owner_unit=cast.city_party
    )
    before = _counts()
    other = catalogue_rows(signs=[("T-VP-01", "VP")])

    with pytest.raises(InvalidStateError) as refused:
        services.catalogue_load(
            actor=None, file=upload("v1b.yaml", as_yaml(other)), owner_unit=cast.city_party
        )

    assert refused.value.code == "catalogue_version_exists"
    assert _counts() == before


def test_an_older_version_after_a_newer_one_is_refused(cast, directive):
    newer = catalogue_rows(valid_from="2024-01-01")
    services.catalogue_load(actor=None, file=upload("v2.yaml", as_yaml(newer)), owner_unit=cast.city_party)

    with pytest.raises(InvalidStateError) as refused:
        services.catalogue_load(
            actor=None, file=upload("v1.yaml", as_yaml(catalogue_rows())), owner_unit=cast.city_party
        )
    assert refused.value.code == "catalogue_later_version"


def test_a_districts_own_catalogue_stands_beside_the_citys(cast, directive):
    services.catalogue_load(
        actor=None, file=upload("tp.yaml", EXAMPLE.read_bytes()), owner_unit=cast.city_party
    )
    district_party = _district_party(cast)
    services.catalogue_load(
        actor=None,
        file=upload("huyen.yaml", as_yaml(catalogue_rows(key="39-ct-hu"))),
        owner_unit=district_party,
    )

    in_force = {(c.owner_unit_id, c.key) for c in selectors.catalogue_list(on=dt.date(2023, 9, 1))}
    assert in_force == {(cast.city_party.pk, "ct24-example"), (district_party.pk, "39-ct-hu")}


def _district_party(cast):
    from conftest import _unit

    return _unit(cast.city_party, "Huyện ủy Mẫu", "party", "district", "HU")
