"""The notifications app's jobs: the daily e-mail digests, at the time of
``MANDATE_JOBS_SCHEDULE["notifications.digests"]``; ``mandate digest`` sends them by hand."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mandate.core.job_engine import job
from mandate.notifications import services


@job("notifications.digests")
def digests(day: str | None = None) -> dict[str, int]:
    """Send the digests of ``day`` (YYYY-MM-DD; today in Asia/Ho_Chi_Minh). Each digest is sent
    at most once (``DigestLog``), so a repeated run sends only what is left."""
    on = dt.date.fromisoformat(day) if day else timezone.localdate()
    return {"sent": services.send_daily_digests(day=on)}
