"""The writes of the report routes for the write matrix (tests/write_world_reports.py): asking
for a report of the unit (API and page), issuing the unit's ready report (API and page) and asking
again for its files (page)."""

from __future__ import annotations

from typing import Any

from tests.write_request import Write
from tests.write_world import Target


def _request(t: Target, actor: str) -> dict[str, Any]:
    return {
        "kind": "sample",
        "unit": t.unit,
        "period": "2023-9M",
        "period_kind": "calendar",
        "language": "vi",
    }


def _issue(t: Target, actor: str) -> dict[str, Any]:
    return {"version": t.figures["report_version"]}


REPORT_WRITES: tuple[Write, ...] = (
    Write("api-reports", "post", _request),
    Write("reports:new", "post", lambda t, a: {**_request(t, a), "cut_off": ""}),
    Write("api-report-issue", "post", _issue, {"report_id": "report"}),
    Write("reports:issue", "post", _issue, {"report_id": "report"}),
    # The unit's ready report has no files being made: 409 for its issuers, 403, 404 as issuing.
    Write("reports:files_retry", "post", lambda t, a: {}, {"report_id": "report"}),
)


# The report objects the read-side policy names: the unit's ready report, a format, a chart.
REPORT_POLICY_OBJECTS = {"report": "report", "report_format": "report_format", "report_chart": "report_chart"}
