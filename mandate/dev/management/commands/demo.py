"""``mandate demo``: the one command that turns an empty machine into a running demo's database."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from mandate.dev.demo_city import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_loaded, load_demo_city

DEMO_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "Create the database if needed and load the demo city (Hanoi 2023 and its 2025 reorganisation) "
        "with its demo accounts. Safe to run again: a loaded demo is left as it is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Why migrate here: `make demo` must work on a fresh clone, where no database exists yet.
        call_command("migrate", interactive=False, verbosity=0)
        if demo_loaded():
            self.stdout.write("The demo city is already loaded; nothing was changed.")
        else:
            started = time.monotonic()
            load_demo_city(stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS(f"Demo city loaded in {time.monotonic() - started:.1f} s."))
        self.write_accounts()

    def write_accounts(self) -> None:
        """The accounts a visitor can sign in with, so nobody has to look them up."""
        self.stdout.write("")
        self.stdout.write(f"Start the server with `mandate serve`, then open {DEMO_URL}")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        width = max(len(account.username) for account in DEMO_ACCOUNTS)
        self.stdout.write(f"  {'username'.ljust(width)}  {'password'.ljust(len(DEMO_PASSWORD))}  who")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(
                f"  {account.username.ljust(width)}  {DEMO_PASSWORD}  {account.who} — {account.who_en}"
            )
