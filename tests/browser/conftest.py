"""Browser tests: real headless Chromium (Debian's), driven by Playwright — no browser download.

Under CI a missing Chromium or axe-core fails the run; elsewhere it skips with the reason.
Every test saves screenshots of the pages it visits under artifacts/screenshots/, and one of the
page on failure under artifacts/screenshots/failures/.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("MANDATE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
OFFICE = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: browser tests cannot run under CI without it.")
    pytest.skip(f"{what} is missing.")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
        ],
    }  # fmt: skip


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "viewport": OFFICE, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture(autouse=True)
def _chromium_present() -> None:
    if not Path(CHROMIUM).exists():
        _missing(f"Chromium ({CHROMIUM})")


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call" and report.failed:
        page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
        if page is not None:
            target = SCREENSHOTS / "failures" / f"{item.name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            # A failed screenshot must not hide the test's own failure.
            with contextlib.suppress(Exception):
                page.screenshot(path=str(target), full_page=True)


class Pages:
    """What every browser test does to a page: look at it (screenshot), check it is accessible
    (axe-core: no serious or critical violation) and that it never scrolls sideways."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url

    def open(self, path: str) -> Any:
        self.page.goto(self.base_url + path)
        return self.page

    def sign_in(self, username: str, password: str = "mandate-test-password") -> None:
        self.open("/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("#main button[type=submit]")

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def assert_accessible(self) -> None:
        if not AXE.exists():
            _missing(f"axe-core ({AXE}; run `make setup`)")
        # Evaluated through the debugging protocol, which the page's CSP does not govern (an
        # injected <script> tag would be refused, rightly).
        self.page.evaluate("() => {" + AXE.read_text(encoding="utf-8") + "\n; window.axe = axe; }")
        result = self.page.evaluate(
            "async () => await window.axe.run(document, {resultTypes: ['violations']})"
        )
        bad = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], json.dumps(bad, ensure_ascii=False, indent=1)

    def assert_no_horizontal_scroll(self) -> None:
        for size in (OFFICE, PHONE):
            self.page.set_viewport_size(size)
            overflow = self.page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{self.page.url} scrolls sideways by {overflow}px at {size}"
        self.page.set_viewport_size(OFFICE)

    def check(self, name: str) -> None:
        """Screenshot, accessibility and both screen widths, for a main page."""
        self.screenshot(name)
        self.assert_accessible()
        self.assert_no_horizontal_scroll()


@pytest.fixture(autouse=True)
def _audit_guard_around_flush(transactional_db: Any) -> Iterator[None]:
    """A live-server test cannot roll back; Django empties every table after it. The audit
    trail refuses DELETE, rightly, so its guards (entries and seals) are lifted only for that
    cleaning and put back (as migrations core/0002 and 0005 made them) before the next test."""
    from mandate.core.tests.intruder import lift_guards, restore_guards

    restore_guards()
    yield
    lift_guards()


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After a live-server test Django empties every table, the rows data migrations loaded
    included (the document types), with the audit guards lifted for that. Put both back, so the
    next test on this worker, browser test or not, finds the database as migrated."""
    yield
    if item.get_closest_marker("browser") is None:
        return
    import importlib

    from django.apps import apps
    from pytest_django.plugin import blocking_manager_key

    from mandate.core.tests.intruder import restore_guards

    with item.config.stash[blocking_manager_key].unblock():
        restore_guards()
        importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture
def pages(page: Any, live_server: Any) -> Pages:
    return Pages(page, live_server.url)
