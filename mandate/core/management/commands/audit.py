from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandate.core import audit


class Command(BaseCommand):
    help = "Audit trail tools. `audit verify` walks the hash chain and names the first broken entry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit.verify()
        if not result.ok:
            raise CommandError(
                f"Audit trail BROKEN at entry #{result.broken_entry_id}: {result.reason} "
                f"({result.checked} entries before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit trail intact: {result.checked} entries verified."))
