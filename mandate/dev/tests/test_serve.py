"""``mandate serve`` (and so ``make demo``): gunicorn and one job consumer side by side, stopped
together; a port in use said in one sentence, in Vietnamese and English, before anything starts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from mandate.dev.management.commands import serve

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A port another program listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What ``serve`` would run (collectstatic, then the commands side by side), not run."""
    calls: list[Any] = []
    monkeypatch.setattr(serve, "call_command", lambda name, **kwargs: calls.append(name))

    def run_together(argvs: list[list[str]]) -> int:
        calls.append(argvs)
        return 0

    monkeypatch.setattr(serve, "run_together", run_together)
    monkeypatch.setattr(connections, "close_all", lambda: None)
    return calls


def test_serve_collects_static_files_then_runs_gunicorn_and_a_job_consumer(started: list[Any]) -> None:
    with pytest.raises(SystemExit) as stopped:
        call_command("serve", "--bind", "127.0.0.1:0", "--workers", "3", stdout=StringIO())

    assert stopped.value.code == 0
    collect, (gunicorn, worker) = started
    assert collect == "collectstatic"
    assert gunicorn[1:] == [
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        "127.0.0.1:0",
        "--workers",
        "3",
        "--access-logfile",
        "-",
    ]
    assert worker == [sys.executable, "-m", "mandate.cli", "worker"]
    assert gunicorn[0] == sys.executable
    assert os.environ["DJANGO_SETTINGS_MODULE"]


def test_serve_without_jobs_runs_gunicorn_alone(started: list[Any]) -> None:
    with pytest.raises(SystemExit):
        call_command("serve", "--bind", "127.0.0.1:0", "--no-jobs", stdout=StringIO())

    (gunicorn,) = started[1]
    assert "gunicorn" in gunicorn


def test_a_taken_port_is_one_sentence_in_each_language_and_nothing_starts(
    started: list[Any], taken_port: int
) -> None:
    err = StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("serve", "--bind", f"127.0.0.1:{taken_port}", stdout=StringIO(), stderr=err)

    assert stopped.value.code == 1
    assert started == []
    vietnamese, english = err.getvalue().strip().splitlines()
    assert vietnamese.startswith(f"Cổng {taken_port} trên 127.0.0.1 đang được một chương trình khác dùng")
    assert "make demo PORT=8001" in vietnamese
    assert english.startswith(f"Port {taken_port} on 127.0.0.1 is already in use by another program")


def test_serve_refuses_zero_workers() -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("serve", "--workers", "0", stdout=StringIO())


def test_the_port_check_of_make_demo_answers_at_once_in_a_real_process(taken_port: int) -> None:
    """What `make demo PORT=…` runs before loading anything: no retries, no "Connection in use"."""
    began = time.monotonic()
    result = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "mandate.cli", "serve", "--bind", f"127.0.0.1:{taken_port}", "--check-port"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 2, result.stderr
    assert "Connection in use" not in result.stderr
    assert time.monotonic() - began < 30  # Django's start; gunicorn would retry for 5 s more

    free = subprocess.run(
        [sys.executable, "-m", "mandate.cli", "serve", "--bind", "127.0.0.1:0", "--check-port"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (free.returncode, free.stderr) == (0, "")


def _run_together_in_a_process(*argvs: list[str]) -> subprocess.Popen[str]:
    code = (
        "import sys; from mandate.dev.management.commands.serve import run_together; "
        f"sys.exit(run_together({list(argvs)!r}))"
    )
    # Ctrl+C as in a terminal: a shell's background job (``pytest … &``) starts with SIGINT
    # ignored, and an ignored signal is inherited through exec by the children it would stop.
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=_default_interrupt,  # the child is forked before any thread starts
    )


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


SLEEPER = [
    sys.executable,
    "-c",
    "import sys, time; sys.stdout.write('up\\n'); sys.stdout.flush(); time.sleep(60)",
]


def test_ctrl_c_stops_the_server_and_the_consumer_together() -> None:
    parent = _run_together_in_a_process(SLEEPER, SLEEPER)
    assert parent.stdout is not None
    assert parent.stdout.read(6).count("up") == 2  # both children started

    os.killpg(parent.pid, signal.SIGINT)  # what Ctrl+C in the terminal does: the whole group

    assert parent.wait(timeout=15) == 0
    with pytest.raises(ProcessLookupError):
        os.killpg(parent.pid, 0)  # no child left behind


def test_when_one_ends_the_other_is_stopped_and_its_status_returned() -> None:
    failing = [sys.executable, "-c", "import sys, time; time.sleep(0.5); sys.exit(3)"]
    parent = _run_together_in_a_process(SLEEPER, failing)

    assert parent.wait(timeout=30) == 3
    with pytest.raises(ProcessLookupError):
        os.killpg(parent.pid, 0)
