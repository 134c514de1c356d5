"""Entry points for whatever runs jobs (cron today, the job engine later): each parses its plain
arguments and calls a service, so a queued job carries only strings."""

from __future__ import annotations

import datetime as dt

from mandate.notifications import services


def send_daily_digests_job(day_iso: str) -> int:
    """Send the digests of ``day_iso`` (YYYY-MM-DD); return how many e-mails went out."""
    return services.send_daily_digests(day=dt.date.fromisoformat(day_iso))
