"""The writes of the monthly evaluation's routes for the write matrix
(tests/write_world_monthly.py): opening (reading the records again), the month's settings and
its submission by a leader of the unit; the self-assessment (the official himself) and the
decision (a leader of the unit), through the API and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.write_request import Write
from tests.write_world import Target

MONTH = {"unit_id": "unit", "month": "evaluation_month"}
MONTHLY = {"evaluation_id": "monthly_evaluation"}


def _closes_on() -> dt.date:
    """Ten days into the next month: after the month, and never before today."""
    first = timezone.localdate().replace(day=28) + dt.timedelta(days=4)
    return first.replace(day=10)


def _settings(t: Target, actor: str) -> dict[str, Any]:
    return {
        "closes_on": _closes_on().isoformat(),
        "exceptionally_outstanding": False,
        "version": t.figures["evaluation_sheet_version"],
    }


def _settings_page(t: Target, actor: str) -> dict[str, Any]:
    return {"closes_on": f"{_closes_on():%d/%m/%Y}", "version": t.figures["evaluation_sheet_version"]}


def _scores(t: Target, actor: str) -> dict[str, Any]:
    return {
        "discipline": "19",
        "task": "55",
        "bonus": "1",
        "note": "",
        "version": t.figures["monthly_evaluation_version"],
    }


def _version(t: Target, actor: str) -> dict[str, Any]:
    return {"version": t.figures["evaluation_sheet_version"]}


MONTHLY_WRITES: tuple[Write, ...] = (
    Write("api-evaluations-month-open", "post", lambda t, a: {}, MONTH),
    Write("evaluations:monthly_open", "post", lambda t, a: {}, MONTH),
    Write("api-evaluations-month-settings", "post", _settings, MONTH),
    Write("evaluations:monthly_settings", "post", _settings_page, MONTH),
    Write("api-evaluations-month-submit", "post", _version, MONTH),
    Write("evaluations:monthly_submit", "post", _version, MONTH),
    Write("api-evaluations-monthly-self", "post", _scores, MONTHLY),
    Write("evaluations:monthly_self", "post", _scores, MONTHLY),
    Write("api-evaluations-monthly-decide", "post", _scores, MONTHLY),
    Write("evaluations:monthly_decide", "post", _scores, MONTHLY),
)

# The objects the read-side policy names (tests/route_policy_evaluations.py).
MONTHLY_POLICY_OBJECTS = {"monthly_evaluation": "monthly_evaluation", "evaluation_month": "evaluation_month"}
