from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandate.tasks.services import escalation


class Command(BaseCommand):
    help = (
        "Mark overdue and not-updated tasks, send reminders and escalate after the third one. "
        "Safe to run every hour: a second run on the same day changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="Act as on this day (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["on"]:
            try:
                day = dt.date.fromisoformat(options["on"])
            except ValueError as err:
                raise CommandError("Write the day as YYYY-MM-DD.") from err
        result = escalation.sweep(day=day)
        counts = ", ".join(f"{name} {count}" for name, count in result.counts().items())
        self.stdout.write(self.style.SUCCESS(f"Sweep of {result.day.isoformat()}: {counts}."))
