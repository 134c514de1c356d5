"""``mandate serve``: the demo (or a small deployment) served by gunicorn, static files included,
with one job consumer (``mandate worker``) beside it; Ctrl+C stops both."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext as _

DEFAULT_BIND = "127.0.0.1:8000"
DEFAULT_WORKERS = 2
STOP_SECONDS = 20


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


def worker_argv() -> list[str]:
    """The job consumer's command line (``mandate worker``), by this interpreter too."""
    return [sys.executable, "-m", "mandate.cli", "worker"]


def split_bind(bind: str) -> tuple[str, int] | None:
    """(host, port) of a TCP ``--bind``; None for a Unix socket or a form gunicorn reads itself."""
    if bind.startswith(("unix:", "fd://")):
        return None
    host, sep, port = bind.rpartition(":")
    if not sep:
        host, port = bind, "8000"
    host = host.strip("[]") or "0.0.0.0"  # noqa: S104 - gunicorn's meaning of ":8000"
    try:
        return host, int(port)
    except ValueError:
        return None


def port_taken(host: str, port: int) -> bool:
    """Whether another program listens on ``host:port``, checked as gunicorn will bind it
    (SO_REUSEADDR, so a port only in TIME_WAIT is free)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno in (errno.EADDRINUSE, errno.EACCES):
                return True
            raise
    return False


def port_taken_message(host: str, port: int) -> str:
    """One sentence in Vietnamese, then the same in English."""
    sentences = []
    for language in ("vi", "en"):
        with translation.override(language):
            sentences.append(
                _(
                    "Port %(port)s on %(host)s is already in use by another program: stop it, "
                    "or choose another port (make demo PORT=8001, or mandate serve --bind %(host)s:8001)."
                )
                % {"port": port, "host": host}
            )
    return "\n".join(sentences)


class Command(BaseCommand):
    help = (
        "Collect the static files, then serve the application with gunicorn "
        f"(default {DEFAULT_BIND}, {DEFAULT_WORKERS} workers) and run one job consumer beside it "
        "(`mandate worker`); Ctrl+C stops both. Run `mandate demo` first."
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
        parser.add_argument(
            "--no-jobs",
            action="store_false",
            dest="jobs",
            help="do not start a job consumer (consumers run elsewhere: `mandate worker`)",
        )
        parser.add_argument(
            "--check-port",
            action="store_true",
            help="only say whether the address is free (exit status 1 when taken), serve nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bind: str = options["bind"].strip()
        workers: int = options["workers"]
        if not bind:
            raise CommandError("Give the address to listen on, e.g. --bind 127.0.0.1:8000.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        address = split_bind(bind)
        if address is not None and port_taken(*address):
            self.stderr.write(port_taken_message(*address))
            sys.exit(1)
        if options["check_port"]:
            return
        # Static assets are served by the application itself (whitenoise), never from a CDN, so they
        # must be collected before the first request.
        call_command("collectstatic", interactive=False, verbosity=0)
        # The children read their settings from the environment, as this process did (``--settings``
        # is put there by Django too).
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)
        jobs = " and one job consumer" if options["jobs"] else ""
        self.stdout.write(f"Serving Mandate on http://{bind} with {workers} workers{jobs} (Ctrl+C stops it).")
        self.stdout.flush()
        connections.close_all()  # the children open their own
        argvs = [gunicorn_argv(bind=bind, workers=workers)]
        if options["jobs"]:
            argvs.append(worker_argv())
        sys.exit(run_together(argvs))


def run_together(argvs: list[list[str]]) -> int:
    """Run the commands side by side until one ends or this process is told to stop (Ctrl+C or
    SIGTERM), then stop the others, and answer the first one's exit status (0 when stopped)."""
    children = [subprocess.Popen(argv) for argv in argvs]  # noqa: S603 - fixed argv, no shell
    stopping: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    status = 0
    try:
        while not stopping:
            ended = [child for child in children if child.poll() is not None]
            if ended:
                status = ended[0].returncode or 0
                break
            time.sleep(0.2)
    finally:
        # Ctrl+C reached the whole process group: the children stop by themselves (the consumer
        # lets its running job end). Otherwise, or if they do not, SIGTERM, and at last SIGKILL.
        if stopping != [signal.SIGINT]:
            _signal_all(children, signal.SIGTERM)
        if not _wait_all(children, STOP_SECONDS):
            _signal_all(children, signal.SIGTERM)
            if not _wait_all(children, 5):
                _signal_all(children, signal.SIGKILL)
                _wait_all(children, 5)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return status


def _signal_all(children: list[subprocess.Popen[bytes]], sig: int) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(sig)


def _wait_all(children: list[subprocess.Popen[bytes]], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    for child in children:
        try:
            child.wait(timeout=max(0.01, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return False
    return True
