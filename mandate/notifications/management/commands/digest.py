from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mandate.notifications import services


def _day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as err:
        raise CommandError(f"Write the day as YYYY-MM-DD, not {raw!r}.") from err


class Command(BaseCommand):
    help = (
        "Send the daily digest e-mails: one per unit and recipient, at most once a day. "
        "Safe to run again; the second run sends nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", help="YYYY-MM-DD; today (Asia/Ho_Chi_Minh) by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["day"]) if options["day"] else timezone.localdate()
        sent = services.send_daily_digests(day=day)
        self.stdout.write(self.style.SUCCESS(f"{sent} digest e-mail(s) sent for {day:%d/%m/%Y}."))
