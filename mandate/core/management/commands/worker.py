"""``mandate worker``: a job consumer (docs/adr/0023-job-engine.md). Start as many as you like, on
as many machines as share the database and ``MANDATE_JOBS_URL``: each job still runs once at a
time, and each scheduled moment once."""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mandate.core import job_engine


class Command(BaseCommand):
    help = (
        "Run a job consumer: the scheduled jobs (MANDATE_JOBS_SCHEDULE, Asia/Ho_Chi_Minh time) and "
        "those queued by the application, each recorded as a job run. Ctrl+C stops it after the "
        "running jobs end (a second Ctrl+C at once); a run cut short is run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.MANDATE_JOBS_WORKERS,
            help=f"jobs run at once by this consumer (default {settings.MANDATE_JOBS_WORKERS})",
        )
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="periodic",
            help="do not fire the schedule here (another consumer does); queued jobs still run",
        )
        parser.add_argument(
            "--max-delay",
            type=float,
            default=10.0,
            help="longest wait, in seconds, between two looks at an empty queue (default 10)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        huey = job_engine.get_huey()
        if huey.immediate:
            raise CommandError("MANDATE_JOBS_IMMEDIATE is on: jobs run where they are queued, not here.")
        self._log_to_stderr(options["verbosity"])
        recovered = job_engine.recover()
        caught_up = job_engine.catch_up()
        jobs = job_engine.discover()
        self.stderr.write(
            f"Job consumer on {type(huey.storage).__name__} queue {huey.name!r}: {options['workers']} "
            f"worker(s), schedule {'on' if options['periodic'] else 'off'}; jobs: {', '.join(sorted(jobs))}. "
            f"Queued again: {len(recovered)}, caught up: {len(caught_up)}."
        )
        consumer = huey.create_consumer(
            workers=options["workers"],
            periodic=options["periodic"],
            worker_type="thread",
            max_delay=options["max_delay"],
            check_worker_health=True,
        )
        consumer.run()

    def _log_to_stderr(self, verbosity: int) -> None:
        """huey's and the engine's log lines on stderr, unless something configured them."""
        level = logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s %(name)s: %(message)s"))
        for name in ("huey", "mandate.jobs"):
            logger = logging.getLogger(name)
            if not logger.handlers:
                logger.addHandler(handler)
                logger.setLevel(level)
                logger.propagate = False
