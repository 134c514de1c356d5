"""The writes of findings, conclusions and discipline (ADR 0042) for the write matrix, on one
unit's inspection records (tests/write_world_inspections.py). No actor of the cast is an inspector
or on a team: findings and conclusions are refused to all (404 where the record is not theirs to
read, 403 where it is); a unit's leaders decide and annul the discipline of its own people."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.write_request import Write
from tests.write_world import PDF, Target


def _finding(t: Target, actor: str) -> dict[str, Any]:
    return {
        "subject": t.figures["inspection_subject"],
        "text": "Phát hiện",
        "signs": [],
        "recorded_on": "2024-07-20",
    }


def _evidence(t: Target, actor: str) -> dict[str, Any]:
    return {"files": [SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")]}


def _decision(t: Target, actor: str) -> dict[str, Any]:
    return {
        "subject_kind": "civil_servant_without_post",
        "person": t.figures["disciplined_person"],
        "unit": t.unit,
        "deciding_unit": t.unit,
        "number": "2/QĐ-KL",
        "decided_on": "2023-09-02",
        "form": "warning",
        "reason": "Vi phạm",
        "effective_from": "2023-09-02",
    }


CONCLUSION = {"violated": False, "text": "Không vi phạm", "concluded_on": "2024-07-25"}

INSPECTION_WRITES: tuple[Write, ...] = (
    Write("api-inspection-findings", "post", _finding, {"inspection_id": "inspection"}),
    Write(
        "api-inspection-finding-withdraw",
        "post",
        lambda t, a: {"reason": "Ghi nhầm", "version": 1},
        {"finding_id": "finding"},
    ),
    Write(
        "api-inspection-finding-evidence-upload", "post", _evidence, {"finding_id": "finding"}, multipart=True
    ),
    Write("api-inspection-conclusion", "post", lambda t, a: CONCLUSION, {"subject_id": "inspection_subject"}),
    Write(
        "api-inspection-conclusion",
        "patch",
        lambda t, a: {**CONCLUSION, "text": "Sửa", "version": 1},
        {"subject_id": "inspection_unit_subject"},
    ),
    Write("api-inspection-discipline-decisions", "post", _decision),
    Write(
        "api-inspection-discipline-annul",
        "post",
        lambda t, a: {"annulled_on": "2023-10-01", "reason": "Khiếu nại", "version": 1},
        {"decision_id": "discipline"},
    ),
)

# The objects tests/route_policy_inspections.py names, as Target figures.
INSPECTION_POLICY_OBJECTS = {
    name: name
    for name in (
        "inspection",
        "inspection_subject",
        "finding",
        "finding_evidence",
        "discipline",
        "disciplined_person",
    )
}
