from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandate.core.exceptions import ApplicationError
from mandate.inspections import services
from mandate.organisations import selectors as org_selectors
from mandate.people.models import User


class Command(BaseCommand):
    help = (
        "Load a catalogue of violation signs (YAML, CSV or Excel) for an owner unit, as an administrator "
        "or an inspection commission's member: all or nothing, and the same file twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The .yaml, .csv or .xlsx file.")
        parser.add_argument("--owner-unit", type=int, required=True, help="The owner unit's id.")
        parser.add_argument("--user", required=True, help="The account that loads it (its rights apply).")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None:
            raise CommandError(f"No active account “{options['user']}”.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        try:
            owner = org_selectors.unit_get(unit_id=options["owner_unit"])
            with path.open("rb") as handle:
                result = services.catalogue_load(
                    actor=actor, file=File(handle, name=path.name), owner_unit=owner
                )
        except ApplicationError as err:
            problems = [str(m) for messages in err.fields.values() for m in messages]
            raise CommandError("\n".join(problems or [str(err.message)])) from err
        catalogue = result.catalogue
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.outcome}: {catalogue.name} (key {catalogue.key}, id {catalogue.pk}, "
                f"from {catalogue.valid_from:%d/%m/%Y}, {catalogue.signs.count()} signs)."
            )
        )
        if result.closed is not None:
            self.stdout.write(
                f"Closed version {result.closed.pk}: in force until {result.closed.valid_to:%d/%m/%Y}."
            )
