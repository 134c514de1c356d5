"""Background and scheduled work of the tasks app: called by cron or a job engine with plain
values, it loads what it needs and calls a service."""

from __future__ import annotations

import datetime as dt

from mandate.notifications import services as notification_services
from mandate.tasks.services import escalation


def sweep_tasks(day_iso: str | None = None) -> dict[str, int]:
    """The hourly job: the sweep, then the day's digests (sent once per unit and recipient)."""
    result = escalation.sweep(day=dt.date.fromisoformat(day_iso) if day_iso else None)
    counts = result.counts()
    counts["digests"] = notification_services.send_daily_digests(day=result.day)
    return counts
