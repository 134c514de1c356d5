"""Issue 13's browser acceptance, in Chromium: a specialist of the city's Party Office (van, who
acts for the Standing Committee) asks for the city's 9-month report, watches its progress bar move
while the job makes it, previews it (its sentences, its chart, its flags), follows a figure to the
records it counts, and downloads the .docx.

The job is run by the real consumer — huey's consumer as ``mandate worker`` builds it (thread
workers, the engine's ``run_job`` task taking the run from the queue), started in this process:
the live server's test database on SQLite is in this process's memory, where another process
cannot read it, and the report's first section is held in the middle (a builder registered here)
until the test has seen the bar move, so the bar is seen moving. The page's request only queues
the report (the queue is not immediate here); the consumer finds it on the queue."""

from __future__ import annotations

import datetime as dt
import importlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from mandate.core import job_engine
from mandate.core.models import JobRun, JobState
from mandate.reports.content import Section
from mandate.reports.models import PENDING, Report, ReportState
from mandate.reports.sections import REGISTRY, FigureBook, Progress, ReportRequest, register_known

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _document_types(transactional_db: Any) -> None:
    from django.apps import apps

    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


class HeldInTheMiddle:
    """Put before the periodic report's own sections: half-way through its share of the bar,
    waits until the test lets it go on; adds nothing to the report."""

    key = "held"

    def __init__(self) -> None:
        self.go_on = threading.Event()

    def build(self, request: ReportRequest, book: FigureBook, progress: Progress) -> Section | None:
        progress(1, 2)
        self.go_on.wait(timeout=60)
        return None


@pytest.fixture
def held() -> Iterator[HeldInTheMiddle]:
    builder = HeldInTheMiddle()
    register_known()
    known = REGISTRY["periodic"]
    REGISTRY["periodic"] = [builder, *known]
    huey = job_engine.get_huey()
    huey.immediate = False  # the page's request queues the report; the consumer runs the job
    huey.flush()
    try:
        yield builder
    finally:
        builder.go_on.set()
        REGISTRY["periodic"] = known
        huey.flush()
        huey.immediate = True


@pytest.fixture
def work(cast: Any, make_document: Any) -> None:
    """A task the Standing Committee assigned the Department of Culture and Sports in 2023."""
    from mandate.tasks.services import assignment

    program = make_document("01-CTr/TU", cast.standing, issued_on=dt.date(2023, 1, 5))
    assignment.task_assign(
        actor=cast.van,
        document=program,
        content="Tổng kết công tác xây dựng Đảng",
        lead_unit=cast.culture,
        assigner_unit=cast.standing,
        deadline_on=dt.date(2023, 8, 31),
        assigned_on=dt.date(2023, 1, 10),
    )


@pytest.fixture
def consumer(held: HeldInTheMiddle) -> Iterator[None]:
    """The job consumer of ``mandate worker`` (core/management/commands/worker.py: huey's, thread
    workers, no schedule here), running in this process until the test ends. huey sets the
    process's signal handlers when it starts; pytest's are put back."""
    signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    saved = {number: signal.getsignal(number) for number in signals}
    running = job_engine.get_huey().create_consumer(
        workers=1, periodic=False, worker_type="thread", max_delay=0.5, check_worker_health=True
    )
    running.start()
    for number, handler in saved.items():
        signal.signal(number, handler)
    try:
        yield
    finally:
        held.go_on.set()
        running.stop(graceful=True)


def test_a_specialist_makes_the_citys_report_watches_it_previews_it_and_downloads_it(
    cast: Any, pages: Any, held: HeldInTheMiddle, consumer: None, work: None
) -> None:
    page = pages.page
    pages.sign_in("van")
    pages.open("/reports/")
    pages.check("reports-list-empty")
    with page.expect_navigation():
        page.click("#new-report")
    page.select_option("#id_kind", "periodic")
    page.select_option("#id_unit", str(cast.standing.pk))
    page.fill("#id_period", "2023-9M")
    pages.check("report-new")
    with page.expect_navigation():
        page.click("#report-form button[type=submit]")

    report = Report.objects.get()
    assert report.state in PENDING  # queued, or already taken by the consumer
    expect(page.locator("#report-progress-bar")).to_be_visible()
    expect(page.locator("#report-percent")).not_to_have_text("0%", timeout=15_000)  # polled by htmx
    moved = page.locator("#report-percent").inner_text()
    assert moved != "100%"
    pages.screenshot("report-progress")
    held.go_on.set()

    expect(page.locator("#report-preview")).to_be_visible(timeout=15_000)  # the page reloads when made
    expect(page.locator("#report-preview")).to_contain_text("BÁO CÁO")
    expect(page.locator("#report-preview")).to_contain_text("9 tháng đầu năm 2023")
    pages.check("report-preview")
    run = JobRun.objects.get(pk=report.job_id or 0)
    assert (run.state, run.attempts) == (JobState.DONE, 1)
    assert not run.consumer.endswith(":MainThread")  # a worker of the consumer ran it
    report.refresh_from_db()
    assert report.state == ReportState.READY

    with page.expect_download() as download:
        page.click("#download-docx")
    assert download.value.suggested_filename == f"bao-cao-{report.pk}-du-thao.docx"
    with open(download.value.path(), "rb") as handle:
        assert handle.read(2) == b"PK"

    with page.expect_navigation():
        page.locator("#report-preview a.figure-link").first.click()
    expect(page.locator("#records-count")).to_be_visible()
    expect(page.locator("#records-table")).to_contain_text("Tổng kết công tác xây dựng Đảng")
    pages.check("report-figure-records")
