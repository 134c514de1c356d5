"""The files of an issued report (issue 13, item 8), made by the job ``reports.files`` after the
report is issued, not while it is issued: issuing holds the lock of the unit's outgoing register
(``documents.services.outgoing_number_next``), and LibreOffice takes seconds to print a PDF, so
printing under that lock would make every other registration of the unit wait for it.

The job is idempotent and safe to kill (docs/adr/0023): it renders only the files not stored yet,
stores the Word and Excel files first and the PDF after (a failed conversion keeps the first two),
and stores each in a transaction that first checks the field is still empty — a run repeated
after a killed consumer, or a second message, stores nothing twice. A file written to storage by
a run killed before its transaction committed is left unreferenced, never shown.

A conversion that fails is retried by the engine; each attempt's reason is on the report for the
page, and after the last attempt those who may issue the report ask for it again
(``report_files_retry``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from mandate.core import audit, job_engine
from mandate.core.models import JobRun, JobState
from mandate.people.models import User
from mandate.reports import outputs, policy
from mandate.reports.models import Report, ReportState
from mandate.reports.stored import content_from_json

logger = logging.getLogger("mandate.reports")

JOB_NAME = "reports.files"
FORMATS = ("docx", "xlsx", "pdf")


class FilesState:
    MADE = "made"
    MAKING = "making"
    FAILED = "failed"


def files_state(report: Report) -> str:
    """Made (every file stored), failed (the last attempt failed: ``files_failure`` says why) or
    being made. Only an issued report has files; a draft's are rendered when downloaded."""
    if report.files_made:
        return FilesState.MADE
    run = report.files_job
    if run is not None and run.state == JobState.FAILED:
        return FilesState.FAILED
    return FilesState.MAKING


def pending_message(report: Report) -> str:
    """What a download of a file not stored yet says: being made, or why it failed."""
    if files_state(report) == FilesState.FAILED:
        return _("The report's files could not be made: %(reason)s") % {"reason": report.files_failure}
    return _("The report's files are being made; try again in a moment.")


def queue(report: Report) -> Report:
    """Queue the making of an issued report's files (after the issue's transaction commits: the
    engine queues on commit; in immediate mode, the tests, it runs now)."""
    run = job_engine.enqueue(JOB_NAME, report_id=report.pk)
    Report.objects.filter(pk=report.pk).update(files_job=run)
    report.refresh_from_db()
    return report


def _store(report_id: int, rendered: dict[str, bytes]) -> list[str]:
    """Write the files and name them on the report where the field is still empty; a file another
    run stored first is kept and this one removed."""
    report = Report.objects.get(pk=report_id)
    written = {}
    for name, data in rendered.items():
        field = getattr(report, name)
        field.save(f"bao-cao-{report.pk}.{name}", ContentFile(data), save=False)
        written[name] = field.name
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = Report.objects.select_for_update().get(pk=report_id)
            chosen = [name for name in written if not getattr(locked, name)]
            for name in chosen:
                setattr(locked, name, written[name])
            if chosen:
                locked.save(update_fields=[*chosen, "updated_at"])
                audit.record(
                    actor=None,
                    action="reports.files",
                    target=locked,
                    after={"files": [written[name] for name in chosen]},
                )
        stored = chosen
    finally:
        for name, path in written.items():
            if name not in stored:
                getattr(report, name).storage.delete(path)
    return stored


def _last_attempt(report_id: int) -> bool:
    run = JobRun.objects.filter(name=JOB_NAME, args__report_id=report_id).order_by("-pk").first()
    return run is None or run.attempts >= settings.MANDATE_JOBS_MAX_ATTEMPTS


def report_files(report_id: int) -> dict[str, Any]:
    """Make the files of the issued report not stored yet (the job ``reports.files``): Word and
    Excel from the frozen content, then the PDF from the Word file by LibreOffice."""
    report = Report.objects.select_related("author").filter(pk=report_id).first()
    if report is None or report.state != ReportState.ISSUED or report.content is None:
        return {"state": report.state if report else "missing"}
    content = content_from_json(report.content)
    stored: list[str] = []
    try:
        with translation.override(report.language):
            if report.docx:
                with report.docx.open("rb") as handle:
                    docx = handle.read()
            else:
                docx = outputs.docx_bytes(content)
            first = {"docx": docx} if not report.docx else {}
            if not report.xlsx:
                first["xlsx"] = outputs.xlsx_bytes(content, actor=report.author)
            if first:
                stored += _store(report.pk, first)
            if not report.pdf:
                stored += _store(report.pk, {"pdf": outputs.pdf_bytes(docx)})
    except Exception as err:
        reason = f"{type(err).__name__}: {err}"
        if not _last_attempt(report.pk):
            reason = _("An attempt failed (%(reason)s); it is tried again.") % {"reason": reason}
        Report.objects.filter(pk=report.pk).update(files_failure=reason[:2000])
        raise
    Report.objects.filter(pk=report.pk).exclude(files_failure="").update(files_failure="")
    return {"stored": stored}


def report_files_retry(*, actor: User, report: Report) -> Report:
    """Ask again for the files whose making failed after its last attempt: for those who may issue
    the unit's reports (403 otherwise; 409 when nothing failed)."""
    locked = Report.objects.select_related("unit", "files_job").get(pk=report.pk)
    policy.require_files_retry(actor, locked, failed=files_state(locked) == FilesState.FAILED)
    audit.record(
        actor=actor, action="reports.files_retry", target=locked, after={"reason": locked.files_failure}
    )
    Report.objects.filter(pk=locked.pk).update(files_failure="")
    return queue(locked)
