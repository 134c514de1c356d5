"""The access policy of the report routes (issue 13, item 8), part of ``tests/route_policy.ROUTES``.

A report is its author's and its unit's while it is a draft (whoever acts for the unit), and once
issued every reader of the unit's (mandate/reports/selectors.py); anyone else gets 404. Asking for
one and issuing it are for those who act for the unit (mandate/reports/policy.py). The figure's
records page reads through the owning apps' selectors (mandate/reports/records.py)."""

from __future__ import annotations

from tests.route_policy import Policy

REQUEST = {"kind": "sample", "unit": 1, "period": "2023-9M", "period_kind": "calendar", "language": "vi"}
REPORT = {"report_id": "report"}

REPORT_ROUTES: dict[str, Policy] = {
    "reports:list": Policy("signed_in"),
    "reports:new": Policy("signed_in", writes={"post": REQUEST}),
    "reports:records": Policy("signed_in"),
    "reports:detail": Policy("scoped_object", REPORT),
    "reports:progress": Policy("scoped_object", REPORT),
    "reports:issue": Policy("scoped_object", REPORT, writes={"post": {"version": 1}}, read=False),
    "reports:files_retry": Policy("scoped_object", REPORT, writes={"post": {}}, read=False),
    "reports:download": Policy("scoped_object", {**REPORT, "fmt": "report_format"}),
    "reports:chart": Policy("scoped_object", {**REPORT, "key": "report_chart"}),
    "api-reports": Policy("scoped_list", writes={"post": REQUEST}),
    "api-report": Policy("scoped_object", REPORT),
    "api-report-issue": Policy("scoped_object", REPORT, writes={"post": {"version": 1}}, read=False),
    "api-report-file": Policy("scoped_object", {**REPORT, "fmt": "report_format"}),
}
