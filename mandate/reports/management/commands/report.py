"""``mandate report``: make a report from the command line, for schedules and scripts (issue 13,
item 9), on the configured database, and write it as a file. An unknown or ambiguous unit and a
malformed period end with a clear message and exit status 2.

It goes through the same service as the pages (``services.report_request``), so the report is in
the unit's list with its parameters, its data's time and its author, and the same job makes it:
the command runs that job's run here (``job_engine.execute``) with its bar on the terminal. If a
consumer took the run first, the command waits for the report; if the command is killed, the
run is found by a consumer's recovery and the report is made once all the same."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from mandate.core import job_engine, periods
from mandate.core.exceptions import ApplicationError
from mandate.core.models import Period
from mandate.core.period_spans import PeriodError
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.reports import outputs, services
from mandate.reports.forms import basis_of
from mandate.reports.lookup import UnitLookupError, unit_named
from mandate.reports.models import Report, ReportState
from mandate.reports.stored import content_from_json

USAGE_ERROR = 2
BAR_WIDTH = 30
WAIT_SECONDS = 0.5  # how often the command looks at a report a consumer is making


class TerminalProgress:
    """A progress bar on a terminal (stderr); nothing when the output is a file or a pipe."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.shown = hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.shown or total <= 0:
            return
        filled = BAR_WIDTH * min(done, total) // total
        self.stream.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")


class Command(BaseCommand):
    help = (
        "Make a report of a unit for a period and write it as .docx, .xlsx or .pdf. The period is "
        "2023, 2023-H1, 2023-Q3, 2023-07, 2023-9M or 2023-01-01..2023-09-15."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--unit", required=True, help="The unit: its id, its code if unique, or its exact name."
        )
        parser.add_argument(
            "--period", required=True, help="2023 | 2023-H1 | 2023-Q3 | 2023-07 | 2023-9M | A..B"
        )
        parser.add_argument("--period-kind", choices=["calendar", "reporting"], default="calendar")
        parser.add_argument("--on", help="The data's cut-off day (YYYY-MM-DD); the period's end by default.")
        parser.add_argument("--lang", choices=["vi", "en"], required=True)
        parser.add_argument("--format", choices=["docx", "xlsx", "pdf"], required=True)
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument("--kind", default="periodic", help="The kind of report (periodic by default).")
        parser.add_argument(
            "--as",
            dest="username",
            help=(
                "The report's author: it is made as this user may read the records and is listed "
                "with the unit's reports under this name. By default the first superuser (the "
                "lowest id)."
            ),
        )

    def _actor(self, username: str | None) -> User:
        users = get_user_model().objects.filter(is_active=True)
        actor = (
            users.filter(username=username).first()
            if username
            else users.filter(is_superuser=True).order_by("pk").first()
        )
        if actor is None:
            raise CommandError(
                "No such active user; name one with --as." if username else "No superuser: use --as."
            )
        return actor

    def handle(self, *args: Any, **options: Any) -> None:
        progress = TerminalProgress(self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr)
        with translation.override(options["lang"]):
            unit, period, cut_off = self._request(options)
            actor = self._actor(options["username"])
            try:
                with services.progress_shown(progress):
                    report = services.report_request(
                        actor=actor,
                        kind=options["kind"],
                        unit=unit,
                        period=period,
                        period_kind=options["period_kind"],
                        cut_off=cut_off,
                        language=options["lang"],
                    )
                    report = self._made(report, progress)
            except ApplicationError as refused:
                raise CommandError(str(refused.message)) from refused
            finally:
                progress.close()
            if report.state != ReportState.READY or report.content is None:
                raise CommandError(f"Report #{report.pk} could not be made: {report.failure}")
            content = content_from_json(report.content)
            data = outputs.render(content, options["format"], actor=actor)
        Path(options["out"]).write_bytes(data)
        counts = f"{len(content.figures)} figures, {len(content.flags)} flags"
        self.stdout.write(f"{options['out']}: {len(data)} bytes, {counts} (report #{report.pk}).")

    def _made(self, report: Report, progress: TerminalProgress) -> Report:
        """Run the report's job here (done already in the engine's immediate mode); if a consumer
        runs it, wait for it, showing the progress it writes."""
        if report.is_pending and report.job_id is not None:
            job_engine.execute(report.job_id)
        report.refresh_from_db()
        while report.is_pending:
            progress(report.progress_done, report.progress_total)
            time.sleep(WAIT_SECONDS)
            report.refresh_from_db()
        return report

    def _request(self, options: dict[str, Any]) -> tuple[OrgUnit, Period, dt.date | None]:
        try:
            unit = unit_named(options["unit"])
        except UnitLookupError as err:
            raise CommandError(str(err.message), returncode=USAGE_ERROR) from err
        try:
            period = periods.from_text(options["period"], basis_of(options["period_kind"]))
        except PeriodError as err:
            raise CommandError(str(err.message), returncode=USAGE_ERROR) from err
        cut_off = None
        if options["on"]:
            try:
                cut_off = dt.date.fromisoformat(options["on"])
            except ValueError as err:
                raise CommandError("Write the cut-off day as YYYY-MM-DD.", returncode=USAGE_ERROR) from err
        return unit, period, cut_off
