"""The writes of the indicator pages (mandate/indicators/urls.py, ADR 0039) for the write matrix:
the same objects as the API's indicator writes (tests/write_world_indicators.py), sent as forms;
and the API's writes of the validation rules (ADR 0036)."""

from __future__ import annotations

from typing import Any

from tests.write_request import Write
from tests.write_world import Target


def _page_figure_move(action: str, submission: str, **extra: Any) -> Write:
    """The same move from the pages (mandate/indicators/views/approval.py)."""

    def body(t: Target, actor: str) -> dict[str, Any]:
        return {"action": action, "version": t.figures[f"{submission}_version"], **extra}

    return Write("indicators:transition", "post", body, {"submission_id": submission}, variant=action)


INDICATOR_PAGE_WRITES: tuple[Write, ...] = (
    Write(
        "indicators:entry",
        "post",
        lambda t, a: {
            "unit": t.unit,
            "period": "2023",
            f"v{t.figures['indicator']}": "7",
            f"ver{t.figures['indicator']}": t.figures["actual_own_version"],
        },
        {"set_id": "set_up"},
    ),
    _page_figure_move("submit", "sub_own"),
    _page_figure_move("approve", "sub_child"),
    _page_figure_move("return", "sub_child", reason="Thiếu số liệu"),
    _page_figure_move("accept", "sub_down"),
    _page_figure_move("unlock", "sub_locked", reason="Báo cáo nhầm"),
    Write(
        "indicators:allocation",
        "post",
        lambda t, a: {
            "indicator": t.figures["indicator"],
            "unit": t.unit,
            "period": "2024",
            f"t{t.child_unit}": "11",
            f"ver{t.child_unit}": t.figures["target_child_version"],
        },
        {"set_id": "set_down"},
    ),
)


RULES_FILE = "rules:\n  - {code: L, left: '1', operator: '<=', right: '2', message: Mẫu}\n"
RULE_WRITES: tuple[Write, ...] = (
    # The validation rules of the set the unit collects (ADR 0036): its leaders and specialists
    # create, change, retire and load them.
    Write(
        "api-indicator-rules",
        "post",
        lambda t, a: {
            "set": t.figures["set_down"],
            "code": "R",
            "left": "1",
            "operator": "<=",
            "right": "2",
            "message": "Mẫu",
        },
    ),
    Write(
        "api-indicator-rule",
        "patch",
        lambda t, a: {"message": "Mới", "version": t.figures["rule_version"]},
        {"rule_id": "rule"},
    ),
    Write(
        "api-indicator-rule-retire",
        "post",
        lambda t, a: {"reason": "Thôi", "version": t.figures["rule_version"]},
        {"rule_id": "rule"},
    ),
    Write(
        "api-indicator-rules-load",
        "post",
        lambda t, a: {"set": t.figures["set_down"], "file": RULES_FILE},
    ),
)


# The indicator objects the read-side policy names (tests/route_policy.py), as Target attributes.
INDICATOR_POLICY_OBJECTS = {
    "indicator": "indicator",
    "indicator_set": "set_up",
    "indicator_target": "target_child",
    "indicator_actual": "actual_own",
    "indicator_submission": "sub_own",
    "indicator_period": "y2023",
    # A read-only route: any id builds its address, and every write answers 405.
    "indicator_import_job": "unit",
    "indicator_rule": "rule",
    # A read-only route (ADR 0035): any id builds its address, and every write answers 405.
    "indicator_statement": "unit",
}
