from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandate.core.exceptions import ApplicationError
from mandate.evaluations.rule_sets_load import DEFAULT_FILE, annual_rule_sets_load
from mandate.people.models import User


class Command(BaseCommand):
    help = (
        "Load the annual classification rule sets from their file (the app's own by default): rows are "
        "created, changed or retired to match it, all or nothing; the same file twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE), help="The rule sets file (YAML).")
        parser.add_argument("--user", required=True, help="The administrator's account that loads it.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["user"], is_active=True, is_superuser=True).first()
        if actor is None:
            raise CommandError(f"No active administrator account “{options['user']}”.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            result = annual_rule_sets_load(actor=actor, text=path.read_text(encoding="utf-8"))
        except ApplicationError as err:
            raise CommandError(str(err.message)) from err
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.created)} created, {len(result.changed)} changed, "
                f"{len(result.retired)} retired."
            )
        )
