from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandate.core.exceptions import ApplicationError
from mandate.inspections import services
from mandate.people.models import User

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "discipline_rules.yaml"


class Command(BaseCommand):
    help = (
        "Load the discipline forms and deferral reasons from the rules file (the one shipped with the app "
        "by default): rows are created, changed or retired to match it; the same file twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(DEFAULT), help="The rules file (YAML).")
        parser.add_argument("--user", required=True, help="The administrator's account that loads it.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active account “{options['user']}”.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            with path.open("rb") as handle:
                result = services.discipline_rules_load(actor=actor, file=File(handle, name=path.name))
        except ApplicationError as err:
            problems = [str(m) for messages in err.fields.values() for m in messages]
            raise CommandError("\n".join(problems or [str(err.message)])) from err
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.outcome}: {len(result.created)} created, {len(result.changed)} changed, "
                f"{len(result.retired)} retired."
            )
        )
