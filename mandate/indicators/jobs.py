"""The indicators app's jobs: the reminders to units that have not submitted a set's values, at
the time of ``MANDATE_JOBS_SCHEDULE["indicators.reminders"]``, after the sweep (ADR 0037)."""

from __future__ import annotations

import datetime as dt

from mandate.core.job_engine import job
from mandate.indicators.services import reminders


@job("indicators.reminders", catch_up=True)
def remind(day: str | None = None) -> dict[str, int]:
    """Reminders and escalations for ``day`` (YYYY-MM-DD; today). Every notice carries a dedupe
    key, so a run repeated after a killed consumer sends nothing twice."""
    return reminders.remind(day=dt.date.fromisoformat(day) if day else None)
