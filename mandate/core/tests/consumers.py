"""Real job consumers for the tests: separate processes on the test's database and its own queue.

A consumer process cannot open the in-memory SQLite database of the tests: on SQLite the test's
committed rows are copied to a file the consumers use (``share_database``) and copied back for the
assertions (``take_back_database``). On PostgreSQL the consumers open the test database itself.
The queue is the test settings' one (SQLite file, PostgreSQL or Redis by ``MANDATE_JOBS_URL``),
one per pytest-xdist worker.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from mandate.core import job_engine

ROOT = Path(settings.BASE_DIR)


class SharedDatabase:
    """The database the consumers of one test use, and how the test reads it meanwhile."""

    def __init__(self, folder: Path) -> None:
        self.file: Path | None = None
        if connection.vendor == "sqlite":
            self.file = folder / "consumers.sqlite3"
            target = sqlite3.connect(self.file)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.file}"
        else:
            db = connection.settings_dict
            self.url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def value(self, sql: str, params: list[Any]) -> Any:
        """One value read now, as the consumers see it."""
        if self.file is not None:
            with sqlite3.connect(self.file, timeout=20) as reader:
                row = reader.execute(sql.replace("%s", "?"), params).fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                row = cursor.fetchone()
        return row[0] if row else None

    def run_state(self, run_id: int) -> str | None:
        return self.value("SELECT state FROM core_jobrun WHERE id = %s", [run_id])

    def take_back(self) -> None:
        """Make what the consumers wrote the test's database again (SQLite: copy it back)."""
        if self.file is not None:
            source = sqlite3.connect(self.file)
            connection.ensure_connection()
            source.backup(connection.connection)
            source.close()


def consumer_env(database: SharedDatabase, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": database.url,
        "MANDATE_JOBS_IMMEDIATE": "0",
        "MANDATE_JOBS_CATCH_UP": "0",
        "MANDATE_JOBS_HEARTBEAT_SECONDS": "1",
        "MANDATE_JOBS_RETRY_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


class Consumer:
    """A consumer process; its output goes to a file the test can read."""

    def __init__(
        self, env: dict[str, str], log: Path, *, module: str = "mandate.cli", periodic: bool = False
    ):
        argv = [sys.executable, "-m", module, "worker", "--workers", "1", "--max-delay", "0.2"]
        if not periodic:
            argv.append("--no-periodic")
        self.log = log
        self._out = log.open("wb")
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._out, stderr=subprocess.STDOUT)  # noqa: S603

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is cleaned up."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._out.close()


def wait_for(condition: Callable[[], Any], *, seconds: float, what: str, consumers: list[Consumer]) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        for consumer in consumers:
            if consumer.process.poll() is not None:
                raise AssertionError(f"A consumer ended while waiting for {what}:\n{consumer.output()}")
        time.sleep(0.1)
    logs = "\n---\n".join(consumer.output() for consumer in consumers)
    raise AssertionError(f"Timed out waiting for {what}. Consumers said:\n{logs}")


@contextmanager
def real_queue() -> Iterator[None]:
    """The test process puts its messages on the configured queue (not immediate), emptied first."""
    huey = job_engine.get_huey()
    huey.immediate = False
    huey.flush()
    try:
        yield
    finally:
        huey.flush()
        huey.immediate = True
