"""LibreOffice in the tests: ``convert_to_csv`` reads a workbook as another program shows it (Calc,
headless, in a Vietnamese or English locale), so a test can check that an export's figures are
numbers formatted the reader's way and not text (issue 11; ADR 0032).

A conversion starts LibreOffice (seconds), so the suite spends at most ``BUDGET`` of them: a test
declares its conversions with ``@pytest.mark.libreoffice(conversions=N)`` and takes the
``libreoffice`` fixture; collection fails when the declared conversions pass the budget, and the
fixture fails a test that converts more than it declared. Conversions run in the SQLite pass
only (on PostgreSQL the fixture skips, saying so). A missing LibreOffice skips with the reason,
and fails under CI (``CI`` set), as Chromium does for the browser tests. ``make libreoffice``
installs it (``make test`` does).

Loaded by the root ``conftest.py`` (``pytest_plugins``).
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection

BUDGET = 4  # 2 exports (core, indicators), the report workbook as CSV, the report files as PDF
MARKER = "libreoffice"
SOFFICE = os.environ.get("MANDATE_SOFFICE") or shutil.which("soffice") or "/usr/bin/soffice"
LOCALES = {"vi": "vi_VN.UTF-8", "en": "en_US.UTF-8"}
# Comma-separated, '"' around text, UTF-8 (76), from line 1, no column formats, system language,
# text not all quoted, (import only), cells saved as shown: the numbers in the locale's format.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,true"


class ConversionError(AssertionError):
    pass


def convert_to_csv(path: Path | str, *, language: str = "vi", timeout: float = 120) -> list[list[str]]:
    """The first sheet of the workbook at ``path`` as LibreOffice Calc shows it in ``language``'s
    locale (vi: 8.051 and 82,07%; en: 8,051 and 82.07%), read back as rows of texts.

    LibreOffice runs headless with a user profile of its own in a temporary folder
    (``-env:UserInstallation``), so runs never share or leave state, and is killed, with the
    processes it started, after ``timeout`` seconds."""
    source = Path(path)
    with tempfile.TemporaryDirectory(prefix="mandate-lo-") as work:
        folder = Path(work)
        out = folder / "out"
        locale = LOCALES[language]
        env = {**os.environ, "LANG": locale, "LC_ALL": locale, "HOME": str(folder)}
        command = [
            SOFFICE,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck", "--nodefault",
            "--convert-to", CSV_FILTER, "--outdir", str(out), str(source),
        ]  # fmt: skip
        process = subprocess.Popen(  # noqa: S603 - a fixed program and our own arguments
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
        )
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionError(f"LibreOffice did not convert {source.name} within {timeout} s.") from None
        result = out / f"{source.stem}.csv"
        if process.returncode != 0 or not result.exists():
            raise ConversionError(
                f"LibreOffice did not convert {source.name} (exit {process.returncode}): "
                f"{stdout.decode(errors='replace')} {stderr.decode(errors='replace')}"
            )
        with result.open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))


def _declared(item: pytest.Item) -> int:
    marker = item.get_closest_marker(MARKER)
    if marker is None:
        return 0
    return int(marker.kwargs.get("conversions", 1))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(conversions=N): converts workbooks with LibreOffice, N times (at most {BUDGET} in all)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Before any deselection: the conversions every collected test declares, against the budget."""
    declared = {item.nodeid: _declared(item) for item in items if _declared(item)}
    if sum(declared.values()) > BUDGET:
        listed = ", ".join(f"{nodeid} ({count})" for nodeid, count in declared.items())
        raise pytest.UsageError(
            f"The tests declare {sum(declared.values())} LibreOffice conversions; the suite allows "
            f"{BUDGET} (mandate/core/tests/libreoffice.py): {listed}."
        )


@pytest.fixture
def libreoffice(request: pytest.FixtureRequest) -> Callable[..., list[list[str]]]:
    """``convert_to_csv``, counted against the test's declared conversions."""
    allowed = _declared(request.node)
    if not allowed:
        pytest.fail(f"A test that uses LibreOffice declares @pytest.mark.{MARKER}(conversions=N).")
    if connection.vendor == "postgresql":
        pytest.skip("LibreOffice conversions run in the SQLite pass only (DATABASE_URL is PostgreSQL).")
    if not Path(SOFFICE).exists():
        if os.environ.get("CI"):
            pytest.fail(f"LibreOffice ({SOFFICE}) is missing: its tests cannot run under CI without it.")
        pytest.skip(f"LibreOffice ({SOFFICE}) is missing; `make libreoffice` installs it.")
    used = 0

    def convert(path: Path | str, *, language: str = "vi", timeout: float = 120) -> list[list[str]]:
        nonlocal used
        used += 1
        if used > allowed:
            pytest.fail(f"This test declared {allowed} LibreOffice conversion(s) and asked for more.")
        return convert_to_csv(path, language=language, timeout=timeout)

    return convert
