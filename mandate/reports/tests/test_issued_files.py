"""An issued report's files, made by the job ``reports.files`` after the issue, not under the
register's lock (issue 13, item 8); a download waits for them; a failed conversion says why and is
retried; reports are made side by side, each once (its own lock, ADR 0023's ``lock_by``)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from mandate.core import job_engine
from mandate.core.models import AuditEntry, JobRun, JobState
from mandate.core.tests.test_job_engine import held_elsewhere
from mandate.reports import issued_files, outputs, services
from mandate.reports.models import Report, ReportState
from mandate.reports.render_pdf import PdfConversionError
from mandate.reports.tests.sample import SampleBuilder, request_sample

Api = Any
PDF = b"%PDF-1.4\n% a stand-in\n%%EOF\n"


def _issue(cast: SimpleNamespace) -> Report:
    report = request_sample(cast.dung, cast.culture)
    return services.report_issue(actor=cast.dung, report=report, expected_version=report.version)


def test_the_pdf_is_printed_after_the_number_is_taken_outside_the_issues_transaction(
    cast: SimpleNamespace, sample: SampleBuilder, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, int]] = []
    depth = len(connection.savepoint_ids)  # the test's own transaction
    freeze = services._freeze

    def frozen(**kwargs: Any) -> Report:
        report = freeze(**kwargs)
        seen.append(("frozen", len(connection.savepoint_ids) - depth))
        return report

    def printed(docx: bytes) -> bytes:
        seen.append(("pdf", len(connection.savepoint_ids) - depth))
        return PDF

    monkeypatch.setattr(services, "_freeze", frozen)
    monkeypatch.setattr(outputs, "pdf_bytes", printed)

    issued = _issue(cast)

    assert seen == [("frozen", 0), ("pdf", 0)]  # after the issue, no transaction of it open
    issued.refresh_from_db()
    assert issued.issued_number == 1 and issued.files_made
    assert issued.pdf.read() == PDF
    run = JobRun.objects.get(pk=issued.files_job_id or 0)
    assert (run.name, run.state) == ("reports.files", JobState.DONE)
    stored = AuditEntry.objects.filter(action="reports.files", target_id=str(issued.pk))
    assert [(entry.after or {})["files"][-1][-4:] for entry in stored.order_by("pk")] == ["xlsx", ".pdf"]


def test_the_files_are_made_once_and_a_run_cut_short_makes_only_what_is_missing(
    cast: SimpleNamespace, sample: SampleBuilder
) -> None:
    issued = _issue(cast)
    docx, xlsx = issued.docx.name, issued.xlsx.name
    assert issued_files.report_files(issued.pk) == {"stored": []}  # made: nothing again

    Report.objects.filter(pk=issued.pk).update(pdf="")  # killed before the PDF was stored
    assert issued_files.report_files(issued.pk) == {"stored": ["pdf"]}

    issued.refresh_from_db()
    assert (issued.docx.name, issued.xlsx.name) == (docx, xlsx)
    assert issued.files_made
    assert AuditEntry.objects.filter(action="reports.files", target_id=str(issued.pk)).count() == 3


def test_a_download_waits_while_the_files_are_being_made(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder
) -> None:
    issued = _issue(cast)
    Report.objects.filter(pk=issued.pk).update(pdf="")
    JobRun.objects.filter(pk=issued.files_job_id or 0).update(state=JobState.QUEUED)

    page = api(cast.dung).get(reverse("reports:download", args=[issued.pk, "pdf"]))
    through_api = api(cast.dung).get(reverse("api-report-file", args=[issued.pk, "pdf"]))
    docx = api(cast.dung).get(reverse("reports:download", args=[issued.pk, "docx"]))

    assert page.status_code == 202
    assert 'id="file-pending-message"' in page.content.decode()
    assert 'http-equiv="refresh"' in page.content.decode()
    assert (through_api.status_code, through_api.json()["code"]) == (409, "file_being_made")
    assert (docx.status_code, docx.content[:2]) == (200, b"PK")  # stored already


def test_a_failed_conversion_is_retried_says_why_and_is_asked_for_again(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.MANDATE_JOBS_MAX_ATTEMPTS = 2

    def broken(docx: bytes) -> bytes:
        raise PdfConversionError("LibreOffice did not convert report-0.docx within 120 s.")

    monkeypatch.setattr(outputs, "pdf_bytes", broken)
    issued = _issue(cast)
    issued.refresh_from_db()
    run = JobRun.objects.get(pk=issued.files_job_id or 0)
    assert (run.state, run.attempts) == (JobState.QUEUED, 1)  # to be tried again
    assert "(PdfConversionError: LibreOffice did not convert" in issued.files_failure  # "…; tried again"
    assert issued.docx and issued.xlsx and not issued.pdf  # what was made is kept

    job_engine.execute(run.pk)  # the last attempt
    issued.refresh_from_db()
    assert issued_files.files_state(issued) == issued_files.FilesState.FAILED
    assert issued.files_failure.startswith("PdfConversionError: LibreOffice did not convert")

    page = api(cast.dung).get(reverse("reports:detail", args=[issued.pk])).content.decode()
    assert 'id="report-files-failure"' in page and "LibreOffice did not convert" in page
    assert 'id="files-retry-form"' in page
    download = api(cast.dung).get(reverse("reports:download", args=[issued.pk, "pdf"]))
    assert download.status_code == 409 and "LibreOffice did not convert" in download.content.decode()

    refused = api(cast.oanh).post(reverse("reports:files_retry", args=[issued.pk]))
    assert refused.status_code == 403  # an official of the unit reads it, does not issue
    assert issued_files.files_state(Report.objects.get(pk=issued.pk)) == issued_files.FilesState.FAILED
    monkeypatch.setattr(outputs, "pdf_bytes", lambda docx: PDF)
    again = api(cast.dung).post(reverse("reports:files_retry", args=[issued.pk]))

    issued.refresh_from_db()
    assert again.status_code == 302
    assert issued.files_made and issued.files_failure == ""
    assert api(cast.dung).get(reverse("reports:download", args=[issued.pk, "pdf"])).content == PDF


def test_different_reports_are_made_side_by_side_the_same_one_once(
    cast: SimpleNamespace, sample: SampleBuilder
) -> None:
    first, second = request_sample(cast.dung, cast.culture), request_sample(cast.dung, cast.culture)
    for report in (first, second):  # both asked for, neither made yet
        Report.objects.filter(pk=report.pk).update(state=ReportState.REQUESTED, content=None)
        JobRun.objects.filter(pk=report.job_id or 0).update(state=JobState.QUEUED, attempts=0)
    calls = sample.calls

    with held_elsewhere(f"reports.make:{first.pk}"):  # first is being made by another consumer
        job_engine.execute(second.job_id or 0)
        job_engine.execute(first.job_id or 0)
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.state, second.state) == (ReportState.REQUESTED, ReportState.READY)
        assert JobRun.objects.get(pk=first.job_id or 0).attempts == 0  # waits, not counted

    job_engine.execute(first.job_id or 0)
    first.refresh_from_db()
    assert first.state == ReportState.READY
    assert sample.calls == calls + 2  # each made once
