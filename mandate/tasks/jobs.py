"""Background and scheduled work of the tasks app: called by cron or a job engine with plain
values, it loads what it needs and calls a service."""

from __future__ import annotations

import datetime as dt

from mandate.tasks.services import escalation


def sweep_tasks(day_iso: str | None = None) -> dict[str, int]:
    result = escalation.sweep(day=dt.date.fromisoformat(day_iso) if day_iso else None)
    return result.counts()
