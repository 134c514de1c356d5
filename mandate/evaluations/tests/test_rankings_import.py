"""Scores from Excel (issue 14, item 4): all or nothing, with every problem named row by row; the
right is checked before the file is read; the same file twice changes nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped]

from mandate.core.exceptions import PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.core.sheet_import import ALREADY_IMPORTED, APPLIED, SheetRefused
from mandate.evaluations.models import RankingMethod, RankingScore
from mandate.evaluations.ranking_import import ranking_scores_import
from mandate.evaluations.selectors_rankings import ranking_table
from mandate.evaluations.tests.rankings_factories import make_index, score

pytestmark = pytest.mark.django_db


def workbook(
    rows: list[tuple[Any, ...]], header: tuple[str, ...] = ("Đơn vị", "C1", "C2")
) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("diem.xlsx", buffer.getvalue(), content_type="application/octet-stream")


def _method(cast: Any) -> RankingMethod:
    return RankingMethod.objects.get(index=make_index(cast), year=2023)


def test_a_good_file_is_imported_whole_and_once(cast: Any) -> None:
    method = _method(cast)
    upload = workbook([(cast.culture.name, 40, 45.5), (cast.info.name, 30, 50)])

    outcome = ranking_scores_import(actor=cast.vp, method=method, upload=upload)

    assert outcome.state == APPLIED
    table = ranking_table(index=method.index, year=2023)
    assert [(row.unit.pk, str(row.total)) for row in table.rows] == [
        (cast.culture.pk, "85.50"),
        (cast.info.pk, "80.00"),
    ]
    scores = RankingScore.objects.count()
    upload.seek(0)
    same_file = SimpleUploadedFile("diem.xlsx", upload.read(), content_type="application/octet-stream")
    assert ranking_scores_import(actor=cast.vp, method=method, upload=same_file).state == ALREADY_IMPORTED
    # another file (openpyxl stamps the time it was saved) with the same values changes nothing
    other = ranking_scores_import(
        actor=cast.vp,
        method=method,
        upload=workbook([(cast.info.name, 30, 50), (cast.culture.name, 40, 45.5)]),
    )
    assert other.state == APPLIED
    assert (other.batch.updated, other.batch.unchanged) == (0, 2)  # type: ignore[union-attr]
    assert RankingScore.objects.count() == scores


def test_one_bad_row_refuses_the_whole_file_naming_each_problem_by_row(cast: Any) -> None:
    method = _method(cast)
    score(method.index, 2023, cast.culture, C1="10", C2="10")
    scores, entries = (
        list(RankingScore.objects.values_list("pk", "value", "superseded_at")),
        AuditEntry.objects.count(),
    )
    upload = workbook(
        [
            (cast.culture.name, 40, 45),  # good: must not be written either
            (cast.info.name, 51, 20),  # C1 over its 50 points
            ("Sở Không Có", 10, 10),  # no such unit in the field
            (cast.outsider_state.name, 10, "mười"),  # outside the field, and not a number
        ]
    )

    with translation.override("en"), pytest.raises(SheetRefused) as refused:
        ranking_scores_import(actor=cast.vp, method=method, upload=upload)

    problems = [(p.row, p.header) for p in refused.value.problems]
    assert problems == [(3, "C1"), (4, "Đơn vị"), (5, "Đơn vị"), (5, "C2")]
    assert list(RankingScore.objects.values_list("pk", "value", "superseded_at")) == scores
    assert AuditEntry.objects.count() == entries


def test_who_may_not_write_is_refused_before_the_file_is_read(cast: Any) -> None:
    method = _method(cast)
    with pytest.raises(PermissionDeniedError):
        ranking_scores_import(
            actor=cast.dung, method=method, upload=SimpleUploadedFile("x.xlsx", b"not a workbook")
        )
    assert RankingScore.objects.count() == 0
