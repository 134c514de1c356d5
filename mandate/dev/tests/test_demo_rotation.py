"""The demo's rotation data (issue 14, item 9): a validating loader that refuses a wrong file
with its lines, and plays a right one through the services — some officials due, one deferred,
the Director reading them and an official reading only herself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from mandate.core.models import AuditEntry
from mandate.dev import demo_rotation
from mandate.dev.datafiles import DataError
from mandate.evaluations import selectors_rotation as selectors
from mandate.evaluations.models import RotationSector

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


def units(cast: SimpleNamespace) -> dict[str, int]:
    """The demo's unit keys, played by the cast's culture department and its office."""
    return {
        "so_vhtt_phong_ke_hoach_tai_chinh": cast.culture_office.pk,
        "so_vhtt_phong_to_chuc_phap_che": cast.culture_party.pk,
    }


def test_the_demo_has_officials_due_and_one_deferred(cast: SimpleNamespace) -> None:
    assert demo_rotation.load_demo_rotation(units=units(cast), today=TODAY) == 3

    rows = selectors.rotation_rows(actor=cast.dung, on=TODAY, within_months=12)

    due = {row.person.full_name: row.status for row in rows}
    assert due == {
        "Phạm Thị Tổ Chức (demo)": "due",  # 57 months in a 60-month post
        "Lê Thị Kế Toán (demo)": "due",  # 34 of 36
        "Trần Văn Mua Sắm (demo)": "deferred",  # 38 of 36, raising a child
    }
    assert all(row.post.sector.is_example for row in rows)
    assert selectors.rotation_rows(actor=cast.oanh, on=TODAY) == []
    assert AuditEntry.objects.filter(action="evaluations.rotation_deferral_record").count() == 1
    assert demo_rotation.load_demo_rotation(units=units(cast), today=TODAY) == 0  # a second run adds nothing


def test_a_wrong_file_is_refused_with_its_lines(cast: SimpleNamespace, tmp_path: Path) -> None:
    demo_rotation.load_demo_rotation(units=units(cast), today=TODAY)
    wrong = tmp_path / "rotation.yaml"
    wrong.write_text(
        "posts:\n"
        "  - {unit: nowhere, title: X, sector: VD-KE-TOAN}\n"
        "holders:\n"
        "  - {full_name: A, unit: nowhere, title: Y, months_ago: many}\n"
        "deferrals:\n"
        "  - {full_name: B, unit: nowhere, title: X, reason: holiday,\n"
        "     from_months_ago: 1, months_ahead: 2, note: n}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as refused:
        demo_rotation.read(
            wrong, units=units(cast), sectors=set(RotationSector.objects.values_list("code", flat=True))
        )
    text = str(refused.value)
    assert "rotation.yaml:2: unknown unit 'nowhere'" in text
    assert "rotation.yaml:4: months_ago is a whole number of months" in text
    assert "rotation.yaml:6: reason is one of" in text
    assert "rotation.yaml:4: the post is not declared under posts" in text
