"""The indicators app's jobs: the reminders to units that have not submitted a set's values, at
the time of ``MANDATE_JOBS_SCHEDULE["indicators.reminders"]``, after the sweep (ADR 0037); and
the importer of values, which the core job ``core.sheet_import`` runs for a large file,
registered here where a consumer finds it (``job_engine.discover`` imports every app's ``jobs``
module; ADRs 0032, 0038)."""

from __future__ import annotations

import datetime as dt

from mandate.core.job_engine import job
from mandate.indicators import sheet_values  # noqa: F401 - registers the importer
from mandate.indicators.services import reminders


@job("indicators.reminders", catch_up=True)
def remind(day: str | None = None) -> dict[str, int]:
    """Reminders and escalations for ``day`` (YYYY-MM-DD; today). Every notice carries a dedupe
    key, so a run repeated after a killed consumer sends nothing twice."""
    return reminders.remind(day=dt.date.fromisoformat(day) if day else None)
