"""Fixtures of the inspection reference data: the rules file loaded, the Directive the example
catalogue cites, an inspection commission with its office, and catalogue files in each format."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook  # type: ignore[import-untyped]

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = DATA / "example_catalogue_ct24.yaml"
RULES = DATA / "discipline_rules.yaml"
CATALOGUE_FIELDS = (
    "key",
    "name",
    "name_en",
    "source_document",
    "source_issued_on",
    "valid_from",
    "is_example",
)
GROUP_FIELDS = ("code", "name", "name_en", "kind", "order", "official_count")
SIGN_FIELDS = ("code", "group", "text", "text_en", "order", "valid_from", "valid_to")


@pytest.fixture
def rules(db: Any) -> Any:
    from mandate.inspections import services

    return services.discipline_rules_load(actor=None, file=SimpleUploadedFile(RULES.name, RULES.read_bytes()))


@pytest.fixture
def directive(cast: SimpleNamespace, make_document: Any) -> Any:
    return make_document("24-CT/TU", cast.standing, issued_on=dt.date(2023, 8, 7), is_public=True)


@pytest.fixture
def commission(cast: SimpleNamespace) -> SimpleNamespace:
    """The City Party Committee's inspection commission, its office and one specialist there."""
    from conftest import _person, _unit

    c = SimpleNamespace()
    c.unit = _unit(cast.city_party, "Ủy ban Kiểm tra Thành ủy Mẫu", "party", "committee", "UBKTTU")
    c.office = _unit(c.unit, "Văn phòng Ủy ban Kiểm tra", "party", "office")
    c.kiem = _person("kiem", "Kiểm Tra Viên Kiểm", unit=c.office, title="Chuyên viên", role="specialist")
    return c


@pytest.fixture
def declared_commission(cast: SimpleNamespace, commission: SimpleNamespace) -> SimpleNamespace:
    """``commission`` declared an inspecting body of kind ``inspection_commission``, competent for
    the whole city (ADR 0047: the declaration, not the ``UBKT`` code, makes it one)."""
    from mandate.inspections import services
    from mandate.inspections.enums import BodyKind

    commission.body = services.inspecting_body_declare(
        actor=None,
        unit=commission.unit,
        kind=BodyKind.INSPECTION_COMMISSION,
        competence_unit=cast.city,
        valid_from=dt.date(2020, 1, 1),
    )
    return commission


def catalogue_rows(
    *, key: str = "ct24-test", valid_from: str = "2023-08-07", signs: list[tuple[str, str]] | None = None
) -> dict[str, list[dict[str, str]]]:
    """A small catalogue as rows of its three record kinds (``signs``: (code, group) pairs)."""
    signs = signs if signs is not None else [("T-VP-01", "VP"), ("T-VP-02", "VP"), ("T-NT-01", "NT")]
    return {
        "catalogue": [
            {
                "key": key,
                "name": "Danh mục thử",
                "name_en": "Test catalogue",
                "source_document": "24-CT/TU",
                "source_issued_on": "2023-08-07",
                "valid_from": valid_from,
                "is_example": "no",
            }
        ],
        "group": [
            {
                "code": "VP",
                "name": "Vi phạm",
                "name_en": "Violations",
                "kind": "violation",
                "order": "1",
                "official_count": "12",
            },
            {
                "code": "NT",
                "name": "Né tránh",
                "name_en": "Evasion",
                "kind": "violation",
                "order": "2",
                "official_count": "9",
            },
        ],
        "sign": [
            {
                "code": code,
                "group": group,
                "text": f"Biểu hiện {code}",
                "text_en": f"Sign {code}",
                "order": str(n),
                "valid_from": "",
                "valid_to": "",
            }
            for n, (code, group) in enumerate(signs, start=1)
        ],
    }


def as_yaml(rows: dict[str, list[dict[str, str]]]) -> bytes:
    def scalar(value: str) -> str:
        return f'"{value}"' if value != "" else ""

    lines = ["catalogue:"]
    lines += [f"  {name}: {scalar(value)}".rstrip() for name, value in rows["catalogue"][0].items()]
    for section, kind in (("groups", "group"), ("signs", "sign")):
        lines.append(f"{section}:")
        for record in rows[kind]:
            for n, (name, value) in enumerate(record.items()):
                lines.append(f"{'  - ' if n == 0 else '    '}{name}: {scalar(value)}".rstrip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def as_csv(rows: dict[str, list[dict[str, str]]], *, delimiter: str = ",") -> bytes:
    columns = ["record", *dict.fromkeys(name for records in rows.values() for r in records for name in r)]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, lineterminator="\n")
    writer.writeheader()
    for kind, records in rows.items():
        for record in records:
            writer.writerow({"record": kind, **record})
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows: dict[str, list[dict[str, Any]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, kind in (("catalogue", "catalogue"), ("groups", "group"), ("signs", "sign")):
        records = rows[kind]
        worksheet = workbook.create_sheet(sheet)
        columns = list(dict.fromkeys(name for r in records for name in r))
        worksheet.append(columns)
        for record in records:
            worksheet.append([record.get(name) if record.get(name) != "" else None for name in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def records(cast: SimpleNamespace, commission: SimpleNamespace) -> SimpleNamespace:
    """The inspection records' cast (``records_cast``)."""
    from mandate.inspections.tests.records_cast import build_records

    return build_records(cast, commission)


@pytest.fixture
def sensitive(cast: SimpleNamespace, rules: Any, directive: Any) -> SimpleNamespace:
    """The confidentiality cast (``factories.sensitive_world``) with a catalogue of the City Party
    Committee in force from 07/08/2023 (``sign``: T-VP-01) and the discipline rules."""
    from mandate.inspections import services
    from mandate.inspections.tests.factories import sensitive_world

    w = sensitive_world(cast)
    w.catalogue = services.catalogue_load(
        actor=None, file=upload("c.yaml", as_yaml(catalogue_rows())), owner_unit=cast.city_party
    ).catalogue
    w.sign = w.catalogue.signs.get(code="T-VP-01")
    return w


@pytest.fixture
def seed(cast: SimpleNamespace, make_document: Any) -> SimpleNamespace:
    """Seed 002 in small (the recommendations' and follow-up tests): the Standing Committee's team
    led by its Deputy Secretary at a department (``info``: ``tin`` leads it), on Directive
    24-CT/TU, concluded; and a commission's inspection led by an inspector."""
    from conftest import _person, _unit
    from mandate.inspections.enums import BodyKind, InspectionKind, InspectionState, TeamRole
    from mandate.inspections.tests.factories_stats import (
        add_organisations,
        join_team,
        make_body,
        make_inspection,
    )

    s = SimpleNamespace()
    s.directive = make_document("24-CT/TU", cast.standing, issued_on=dt.date(2023, 8, 7))
    s.phong = _person(
        "phong",
        "Nguyễn Văn Phong",
        unit=cast.standing,
        scope_unit=cast.city,
        title="Phó Bí thư",
        role="leader",
    )
    s.sc = make_body(cast.standing, BodyKind.STANDING_COMMITTEE, cast.city)
    s.inspection = make_inspection(
        s.sc, InspectionKind.PLANNED, state=InspectionState.CONCLUDED, subject_document=s.directive
    )
    (s.subject,) = add_organisations(s.inspection, cast.info, 1)
    join_team(s.inspection, s.phong.person, TeamRole.LEADER)
    s.ubkt = _unit(cast.city_party, "Ủy ban Kiểm tra Thành ủy Mẫu", "party", "committee", "UBKTTU")
    s.kiem = _person(
        "kiem", "Kiểm Tra Viên", unit=s.ubkt, scope_unit=cast.city, title="Ủy viên", role="inspector"
    )
    s.ic = make_body(s.ubkt, BodyKind.INSPECTION_COMMISSION, cast.city)
    s.ic_inspection = make_inspection(
        s.ic, InspectionKind.UPON_SIGNS, state=InspectionState.CONCLUDED, subject_document=s.directive
    )
    add_organisations(s.ic_inspection, cast.culture_party, 1)
    join_team(s.ic_inspection, s.kiem.person, TeamRole.LEADER)
    return s
