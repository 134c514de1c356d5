"""``mandate serve``: the demo (or a small deployment) served by gunicorn, static files included."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

DEFAULT_BIND = "127.0.0.1:8000"
DEFAULT_WORKERS = 2


def gunicorn_argv(*, bind: str, workers: int) -> list[str]:
    """The gunicorn command line, run by this very interpreter so the project's venv is used."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
    ]


class Command(BaseCommand):
    help = (
        "Collect the static files, then serve the application with gunicorn "
        f"(default {DEFAULT_BIND}, {DEFAULT_WORKERS} workers). Run `mandate demo` first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default=DEFAULT_BIND, help=f"host:port to listen on (default {DEFAULT_BIND})"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=DEFAULT_WORKERS,
            help=f"worker processes (default {DEFAULT_WORKERS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bind: str = options["bind"].strip()
        workers: int = options["workers"]
        if not bind:
            raise CommandError("Give the address to listen on, e.g. --bind 127.0.0.1:8000.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        # Static assets are served by the application itself (whitenoise), never from a CDN, so they
        # must be collected before the first request.
        call_command("collectstatic", interactive=False, verbosity=0)
        # The workers read their settings from the environment, as this process did (``--settings``
        # is put there by Django too).
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
        self.stdout.write(f"Serving Mandate on http://{bind} with {workers} workers (Ctrl+C stops it).")
        self.stdout.flush()
        # Gunicorn replaces this process: close what it would otherwise inherit half-open.
        connections.close_all()
        argv = gunicorn_argv(bind=bind, workers=workers)
        os.execvp(argv[0], argv)  # noqa: S606 - a fixed argv, no shell; the user's --bind is one argument
