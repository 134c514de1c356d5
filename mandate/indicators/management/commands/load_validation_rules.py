from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandate.core.exceptions import ApplicationError
from mandate.indicators.models import IndicatorSet
from mandate.indicators.services import rules
from mandate.people.models import User


class Command(BaseCommand):
    help = (
        "Load a set's validation rules from a rules file (YAML, ADR 0036): rules are created, changed or "
        "retired to match it; the same file twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("set", help="The indicator set's code.")
        parser.add_argument("file", help="The rules file (YAML).")
        parser.add_argument(
            "--user", required=True, help="The account that loads it (of the collecting unit)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active account “{options['user']}”.")
        indicator_set = IndicatorSet.objects.filter(code=options["set"]).first()
        if indicator_set is None:
            raise CommandError(f"No indicator set “{options['set']}”.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            result = rules.rules_load(actor=actor, indicator_set=indicator_set, text=path.read_text("utf-8"))
        except ApplicationError as err:
            problems = [str(m) for messages in err.fields.values() for m in messages]
            raise CommandError("\n".join(problems or [str(err.message)])) from err
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.created)} created, {len(result.updated)} changed, "
                f"{len(result.retired)} retired, {len(result.unchanged)} unchanged."
            )
        )
