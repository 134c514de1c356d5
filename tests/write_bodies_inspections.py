"""The writes of the inspection API (docs/adr/0041) for the write matrix, on the unit's
inspection objects (tests/write_world_inspections.py): the unit's body plans, creates an
inspection, forms its team, adds and withdraws subjects and decides it."""

from __future__ import annotations

from tests.write_request import Write

INSPECTION = {"inspection_id": "insp"}

INSPECTION_WRITES: tuple[Write, ...] = (
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
