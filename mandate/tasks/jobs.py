"""The tasks app's jobs: the sweep, at the time of ``MANDATE_JOBS_SCHEDULE["tasks.sweep"]``
(docs/adr/0014-sweep.md, 0023-job-engine.md). ``mandate sweep`` runs the same service by hand,
under the same lock."""

from __future__ import annotations

import datetime as dt

from mandate.core.job_engine import job
from mandate.tasks.services import escalation


@job("tasks.sweep", catch_up=True)
def sweep(day: str | None = None) -> dict[str, int]:
    """Overdue and not-updated marks, reminders, escalations for ``day`` (YYYY-MM-DD; today).
    One transaction: a run cut short leaves nothing, and a second run on a day changes nothing,
    so a run repeated after a killed consumer completes once in effect."""
    result = escalation.sweep(day=dt.date.fromisoformat(day) if day else None)
    return result.counts()
