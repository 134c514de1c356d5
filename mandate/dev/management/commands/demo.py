"""``mandate demo``: the one command that turns an empty machine into a running demo's database,
and brings a demo loaded on an earlier day up to today."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mandate.dev.datafiles import DataError
from mandate.dev.replay import ReplayError

DEMO_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Create the database if needed and load the demo city (Hanoi 2023, its 2025 reorganisation and "
        "a living office up to today) from mandate/dev/data/, with its demo accounts. Run again on a later "
        "day, it plays the days since the last run; nothing else is changed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Why migrate here: `make demo` must work on a fresh clone, where no database exists yet.
        call_command("migrate", interactive=False, verbosity=0)
        started = time.monotonic()
        try:
            self.load_or_bring_up()
        except (DataError, ReplayError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
        self.write_accounts()

    def load_or_bring_up(self) -> None:
        # Imported here: the data files are read on import, and a wrong file is a message, not a trace.
        from mandate.dev import demo_city, living

        today = timezone.localdate()
        if not demo_city.demo_loaded():
            demo_city.load_demo_city(stdout=self.stdout, today=today)
            self.stdout.write("Demo city loaded.")
            return
        played = living.bring_up(today=today, stdout=self.stdout)
        self.reference_data()
        if played is None:
            self.stdout.write(
                "The demo city is already loaded, from before its days were recorded; nothing was changed."
            )
        elif not played["days"]:
            self.stdout.write("The demo city is already loaded and up to today; nothing was changed.")

    def reference_data(self) -> None:
        """A demo loaded before the inspection reference data existed gets it (issue 12)."""
        from mandate.dev import demo_inspections
        from mandate.dev.records import find_city
        from mandate.dev.schemas import demo_data
        from mandate.organisations.models import OrgUnit

        city = find_city(demo_data())
        owner = OrgUnit.objects.get(pk=city.units[demo_inspections.OWNER_KEY])
        for loaded in demo_inspections.load_reference_data(owner=owner):
            self.stdout.write(f"Inspection reference data: {loaded}")
        # A demo loaded before the rotation records existed gets them (issue 14, item 9).
        from django.db import transaction

        from mandate.dev.demo_rotation import load_demo_rotation

        with transaction.atomic():
            load_demo_rotation(units=city.units, today=timezone.localdate(), stdout=self.stdout)
        from mandate.dev.demo_rankings import load_demo_rankings

        load_demo_rankings(city=city, stdout=self.stdout)  # a demo loaded before them gets them (issue 14)
        from mandate.evaluations.rule_sets_load import annual_rule_sets_load

        annual_rule_sets_load(actor=None)  # the annual classification's rule sets (ADR 0053)

    def write_accounts(self) -> None:
        """The accounts a visitor can sign in with, so nobody has to look them up."""
        from mandate.dev.demo_city import DEMO_ACCOUNTS, DEMO_PASSWORD

        self.stdout.write("")
        self.stdout.write(f"Start the server with `mandate serve`, then open {DEMO_URL}")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        width = max(len(account.username) for account in DEMO_ACCOUNTS)
        self.stdout.write(f"  {'username'.ljust(width)}  {'password'.ljust(len(DEMO_PASSWORD))}  who")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account.username.ljust(width)}  {DEMO_PASSWORD}  {account.who} — {account.who_en}"
            )
