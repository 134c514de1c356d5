"""The writes of the inspection API for the write matrix, on the unit's inspection objects
(tests/write_world_inspections.py):

- the records' life cycle (ADR 0041): the unit's body plans, creates an inspection, forms its team,
  adds and withdraws subjects and decides it;
- findings, conclusions and discipline (ADR 0042), on the Standing Committee's inspection of the
  unit. No actor of the cast is an inspector or on a team: findings and conclusions are refused to
  all (404 where the record is not theirs to read, 403 where it is); a unit's leaders decide and
  annul the discipline of its own people."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.write_request import Write
from tests.write_world import PDF, Target

INSPECTION = {"inspection_id": "insp"}

RECORD_WRITES: tuple[Write, ...] = (
    Write(
        "api-inspection-plans",
        "post",
        lambda t, a: {"body": t.figures["insp_body"], "year": 2025, "title": "Kế hoạch 2025"},
    ),
    Write(
        "api-inspection-plan-lines",
        "post",
        lambda t, a: {
            "kind": "party_fees",
            "subject_matter": "Đảng phí",
            "subjects_text": "Chi bộ",
            "month": 9,
        },
        {"plan_id": "insp_plan"},
    ),
    Write(
        "api-inspection-plan-withdraw",
        "post",
        lambda t, a: {"reason": "Lập nhầm", "version": t.figures["insp_plan_version"]},
        {"plan_id": "insp_plan"},
    ),
    Write(
        "api-inspection-inspections",
        "post",
        lambda t, a: {
            "body": t.figures["insp_body"],
            "kind": "surprise",
            "title": "Kiểm tra đột xuất",
            "subject_matter": "Giờ giấc làm việc",
        },
    ),
    Write(
        "api-inspection-move",
        "post",
        lambda t, a: {
            "action": "decide",
            "decision_number": "01-QĐ/KT",
            "on": "2024-07-19",
            "version": t.figures["insp_version"],
        },
        INSPECTION,
        variant="decide",
    ),
    Write("api-inspection-team", "post", lambda t, a: {"person": t.person, "role": "member"}, INSPECTION),
    Write(
        "api-inspection-team-leave",
        "post",
        lambda t, a: {"left_on": "2024-07-20"},
        {**INSPECTION, "member_id": "insp_leader"},
    ),
    Write("api-inspection-subjects", "post", lambda t, a: {"person": t.person}, INSPECTION),
    Write(
        "api-inspection-subject-withdraw",
        "post",
        lambda t, a: {"reason": "Nhầm đối tượng"},
        {**INSPECTION, "subject_id": "insp_subject"},
    ),
)


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

SENSITIVE_WRITES: tuple[Write, ...] = (
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

# The inspection pages (mandate/inspections/urls.py): the same services, sent as the pages' forms.
PAGE_WRITES: tuple[Write, ...] = (
    Write(
        "inspections:create",
        "post",
        lambda t, a: {
            "body": t.figures["insp_body"],
            "kind": "surprise",
            "title": "Kiểm tra đột xuất",
            "subject_matter": "Giờ giấc làm việc",
        },
        multipart=True,
    ),
    Write(
        "inspections:act",
        "post",
        lambda t, a: {
            "action": "decide",
            "decide-decision_number": "01-QĐ/KT",
            "decide-on": "19/07/2024",
            "decide-version": t.figures["insp_version"],
        },
        INSPECTION,
        variant="decide",
        multipart=True,
    ),
)


def _page_act(action: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {"action": action, **{f"{action}-{name}": value for name, value in fields.items()}}


# The later forms of the pages (issue 12, item 8): plans, the life cycle's other moves on the unit's
# own inspection (``insp``), and the per-record forms on the Standing Committee's (``inspection``).
MORE_PAGE_WRITES: tuple[Write, ...] = (
    Write(
        "inspections:plan_create",
        "post",
        lambda t, a: {"body": t.figures["insp_body"], "year": 2025, "title": "Kế hoạch 2025"},
        multipart=True,
    ),
    Write(
        "inspections:plan_act",
        "post",
        lambda t, a: _page_act(
            "line_add",
            {"kind": "party_fees", "subject_matter": "Đảng phí", "subjects_text": "Chi bộ", "month": "9"},
        ),
        {"plan_id": "insp_plan"},
        variant="line_add",
        multipart=True,
    ),
    Write(
        "inspections:plan_act",
        "post",
        lambda t, a: _page_act("withdraw", {"reason": "Lập nhầm", "version": t.figures["insp_plan_version"]}),
        {"plan_id": "insp_plan"},
        variant="withdraw",
        multipart=True,
    ),
    Write(
        "inspections:act",
        "post",
        lambda t, a: _page_act("team_remove", {"member": t.figures["insp_leader"], "left_on": "20/07/2024"}),
        INSPECTION,
        variant="team_remove",
        multipart=True,
    ),
    Write(
        "inspections:act",
        "post",
        lambda t, a: _page_act("subject_withdraw", {"subject": t.figures["insp_subject"], "reason": "Nhầm"}),
        INSPECTION,
        variant="subject_withdraw",
        multipart=True,
    ),
    Write(
        "inspections:act",
        "post",
        lambda t, a: _page_act(
            "finding_withdraw", {"finding": t.figures["finding"], "reason": "X", "version": 1}
        ),
        {"inspection_id": "inspection"},
        variant="finding_withdraw",
        multipart=True,
    ),
    Write(
        "inspections:act",
        "post",
        lambda t, a: {
            "action": "evidence_add",
            "evidence_add-finding": t.figures["finding"],
            "evidence_add-evidence": _evidence(t, a)["files"],
        },
        {"inspection_id": "inspection"},
        variant="evidence_add",
        multipart=True,
    ),
    Write(
        "inspections:act",
        "post",
        lambda t, a: _page_act(
            "conclusion_correct",
            {
                "subject": t.figures["inspection_unit_subject"],
                "version": 1,
                "text": "Sửa",
                "concluded_on": "25/07/2024",
            },
        ),
        {"inspection_id": "inspection"},
        variant="conclusion_correct",
        multipart=True,
    ),
)

INSPECTION_WRITES = RECORD_WRITES + SENSITIVE_WRITES + PAGE_WRITES + MORE_PAGE_WRITES

# The objects tests/route_policy_inspections.py names, as Target figures: the life cycle's plan and
# team member are the unit's own body's; the inspection and its subject are the Standing
# Committee's inspection of the unit (both kinds of route act on an inspection and a subject).
INSPECTION_POLICY_OBJECTS = {
    "inspection_plan": "insp_plan",
    "inspection_member": "insp_leader",
    # A read-only route (a unit's history): any unit builds its address, every write answers 405.
    "inspected_unit": "unit",
} | {
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
