from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandate.core import job_locks
from mandate.notifications import services as notification_services
from mandate.tasks.services import escalation


class Command(BaseCommand):
    help = (
        "Mark overdue and not-updated tasks, send reminders and escalate after the third one. "
        "Safe to run every hour: a second run on the same day changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="Act as on this day (YYYY-MM-DD); today by default.")
        parser.add_argument(
            "--no-digest", action="store_true", help="Do not send the day's e-mail digests afterwards."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["on"]:
            try:
                day = dt.date.fromisoformat(options["on"])
            except ValueError as err:
                raise CommandError("Write the day as YYYY-MM-DD.") from err
        # The job engine's lock: never beside a sweep a consumer is running (ADR 0023).
        with job_locks.hold("tasks.sweep") as held:
            if not held:
                raise CommandError("A sweep is running (a job consumer's); it does the same work.")
            result = escalation.sweep(day=day)
        counts = ", ".join(f"{name} {count}" for name, count in result.counts().items())
        self.stdout.write(self.style.SUCCESS(f"Sweep of {result.day.isoformat()}: {counts}."))
        if not options["no_digest"]:
            # After the sweep's transaction: mail goes out only for notices that were committed.
            sent = notification_services.send_daily_digests(day=result.day)
            self.stdout.write(f"Digests sent: {sent}.")
