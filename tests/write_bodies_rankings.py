"""The writes of the ranking routes for the write matrix (tests/write_world_rankings.py): a unit's
scores (API and page), a workbook of scores (API and page), the values taken from indicators."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook  # type: ignore[import-untyped]

from mandate.organisations.models import OrgUnit
from tests.write_request import Write
from tests.write_world import Target

URL = {"index_id": "ranking_index", "year": "ranking_year"}


def _file(t: Target, actor: str) -> dict[str, Any]:
    book = Workbook()
    sheet = book.active
    sheet.append(("unit", "C1", "C2"))
    sheet.append((OrgUnit.objects.get(pk=t.child_unit).name, 7, 8))
    buffer = io.BytesIO()
    book.save(buffer)
    return {
        "file": SimpleUploadedFile("diem.xlsx", buffer.getvalue(), content_type="application/octet-stream")
    }


RANKING_WRITES: tuple[Write, ...] = (
    Write(
        "api-evaluation-ranking-scores",
        "post",
        lambda t, a: {"unit": t.child_unit, "values": {"C1": "7"}},
        URL,
    ),
    Write("evaluations:ranking-scores", "post", lambda t, a: {"unit": t.child_unit, "c_C1": "7"}, URL),
    Write("api-evaluation-ranking-import", "post", _file, URL, multipart=True),
    Write("evaluations:ranking-import", "post", _file, URL, multipart=True),
    Write("api-evaluation-ranking-pull", "post", lambda t, a: {}, URL),
)

RANKING_POLICY_OBJECTS = {"ranking_index": "ranking_index", "ranking_year": "ranking_year"}
