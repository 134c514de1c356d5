"""Every write of reports (issue 13, items 5, 7 and 8): asking for a report, making it (the job),
issuing it.

Making a report is a job of the job engine (``reports.make``; docs/adr/0023), so it is retried on
failure and survives a consumer killed in the middle. It is made once: ``report_make`` reads the
records outside any long transaction (its progress is written as it goes, for the page), then
stores the content, the data's time and the state in one transaction that first checks the report
is still being made. A run cut short has stored nothing but its progress; the run queued again
makes it from the start, and a second run after a finished one finds it made and does nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mandate.core import audit, job_engine
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.core.models import JobRun, Period
from mandate.documents import selectors as document_selectors
from mandate.documents import services as document_services
from mandate.documents.enums import Direction
from mandate.documents.models import Document, DocumentType
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.reports import issued_files, making, policy
from mandate.reports.content import Issuer, Layout, ReportContent, as_json
from mandate.reports.models import PENDING, PeriodKind, Report, ReportLanguage, ReportState
from mandate.reports.sections import REGISTRY, Progress, ReportRequest, register_known
from mandate.reports.stored import content_from_json

logger = logging.getLogger("mandate.reports")

JOB_NAME = "reports.make"
DOCUMENT_KIND = "tasks"  # the kind a report of one document is
REPORT_TYPE = "bao-cao"  # the document type of a report in the register (documents/catalogue.py)
AUDITED = ["kind", "unit", "period", "period_kind", "cut_off", "language", "state", "version"]


def _refuse(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, fields={field: [message]})


def stored_request(
    *,
    kind: str,
    unit: OrgUnit,
    period: Period,
    period_kind: str,
    cut_off: dt.date,
    language: str,
    actor: User,
    document: Document | None = None,
) -> dict[str, Any]:
    """The request as plain values: a report can be made again from these alone."""
    return {
        "document_id": document.pk if document is not None else None,
        "kind": kind,
        "unit_id": unit.pk,
        "period": period.code,
        "period_kind": period_kind,
        "cut_off": cut_off.isoformat(),
        "language": language,
        "author_id": actor.pk,
    }


def kinds() -> list[str]:
    """The kinds of report that can be asked for: those the reports app knows and those later
    apps registered (``sections.register``)."""
    register_known()
    return sorted(REGISTRY)


def _check_request(*, kind: str, period: Period, period_kind: str, cut_off: dt.date, language: str) -> None:
    if kind not in kinds():
        raise _refuse("kind", _("Not a choice."))
    if period_kind not in PeriodKind.values:
        raise _refuse("period_kind", _("Not a choice."))
    if language not in ReportLanguage.values:
        raise _refuse("language", _("Not a choice."))
    if cut_off < period.starts_on:
        raise _refuse(
            "cut_off",
            _("The cut-off day cannot be before the period starts (%(day)s).")
            % {"day": period.starts_on.strftime("%d/%m/%Y")},
        )
    if cut_off > timezone.localdate():
        raise _refuse("cut_off", _("The cut-off day cannot be in the future: the records are not there yet."))


def _check_document(actor: User, kind: str, document: Document | None) -> None:
    """A document's report is a task report, of a document the actor reads: one he may not read
    is refused as one that does not exist (400 on the field, never saying which)."""
    if document is None:
        return
    if kind != DOCUMENT_KIND:
        raise _refuse("document", _("Only a task report is made of one document."))
    try:
        document_selectors.document_get_visible(actor=actor, document_id=document.pk)
    except NotFoundError:
        raise _refuse("document", _("No such document.")) from None


@transaction.atomic
def report_request(
    *,
    actor: User,
    kind: str,
    unit: OrgUnit,
    period: Period,
    period_kind: str,
    cut_off: dt.date | None,
    language: str,
    document: Document | None = None,
) -> Report:
    """Ask for a report; it is made in the background (``report_make``). The cut-off day is the
    period's last day unless given (and never after today). A task report may be of one
    ``document`` (its tasks and those of the documents implementing it) that the actor reads."""
    policy.require_request(actor, unit)
    day = cut_off or min(period.ends_on, timezone.localdate())
    _check_request(kind=kind, period=period, period_kind=period_kind, cut_off=day, language=language)
    _check_document(actor, kind, document)
    report = Report.objects.create(
        subject_document=document,
        kind=kind,
        unit=unit,
        period=period,
        period_kind=period_kind,
        cut_off=day,
        language=language,
        author=actor,
        request=stored_request(
            kind=kind,
            unit=unit,
            period=period,
            period_kind=period_kind,
            cut_off=day,
            language=language,
            actor=actor,
            document=document,
        ),
    )
    audit.record(actor=actor, action="reports.request", target=report, after=audit.snapshot(report, AUDITED))
    run = job_engine.enqueue(JOB_NAME, report_id=report.pk)
    Report.objects.filter(pk=report.pk).update(job=run)
    report.refresh_from_db()
    return report


# --- making (the job) ---------------------------------------------------------------------------


def request_of(report: Report) -> ReportRequest:
    return ReportRequest(
        kind=report.kind,
        unit=report.unit,
        period=report.period,
        period_kind=report.period_kind,
        cut_off=report.cut_off,
        language=report.language,
        actor=report.author,
        document=report.subject_document,
        recorded_on=report.recorded_on,
    )


# Someone else who wants to see the progress in this process: the command line's bar.
_watching: contextvars.ContextVar[Progress | None] = contextvars.ContextVar("report_progress", default=None)


@contextlib.contextmanager
def progress_shown(listener: Progress) -> Iterator[None]:
    """Within the block, the reports made in this process tell ``listener`` how far they are too
    (``mandate report``'s bar on the terminal)."""
    token = _watching.set(listener)
    try:
        yield
    finally:
        _watching.reset(token)


class _Progress:
    """Writes how far the making has come on the report (its own UPDATE, committed at once, so
    the page sees it while the job runs) and on the job run: whenever the whole percentage or the
    number of steps changes, so at most about a hundred writes however many steps there are."""

    def __init__(self, report_id: int) -> None:
        self.report_id = report_id
        self.shown: tuple[int, int] | None = None

    def __call__(self, done: int, total: int) -> None:
        done = max(0, min(done, total))
        listener = _watching.get()
        if listener is not None:
            listener(done, total)
        shown = (100 * done // total if total else 0, total)
        if shown == self.shown:
            return
        self.shown = shown
        Report.objects.filter(pk=self.report_id, state=ReportState.MAKING).update(
            progress_done=done, progress_total=total
        )
        job_engine.report_progress(stage="sections", done=done, total=total)


def _start(report_id: int) -> Report | None:
    """Claim the report for this run; None when there is nothing to make (made, or failed). The
    day the entries are read as recorded is fixed by the first run, and kept by the re-runs."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.state not in PENDING:
            return None
        Report.objects.filter(pk=report.pk).update(
            state=ReportState.MAKING, progress_done=0, recorded_on=report.recorded_on or timezone.localdate()
        )
    return Report.objects.select_related("unit", "period", "author", "subject_document").get(pk=report_id)


def _last_attempt(report: Report) -> bool:
    """Whether the running attempt is the engine's last (the run is found by its argument: in
    immediate mode it runs before the report names it)."""
    run = JobRun.objects.filter(name=JOB_NAME, args__report_id=report.pk).order_by("-pk").first()
    return run is None or run.attempts >= settings.MANDATE_JOBS_MAX_ATTEMPTS


def _fail(report: Report, reason: str) -> dict[str, Any]:
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.state not in PENDING:
            return {"state": locked.state}
        before = audit.snapshot(locked, ["state", "version"])
        locked.state = ReportState.FAILED
        locked.failure = reason[:2000]
        bump_version(locked)
        locked.save(update_fields=["state", "failure", "version", "updated_at"])
        audit.record(
            actor=None,
            action="reports.fail",
            target=locked,
            before=before,
            after={**audit.snapshot(locked, ["state", "version"]), "failure": locked.failure},
        )
    return {"state": ReportState.FAILED, "failure": reason}


def _store(report: Report, content: ReportContent) -> dict[str, Any]:
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.state != ReportState.MAKING:  # made (or failed) by another run: made once
            return {"state": locked.state}
        before = audit.snapshot(locked, ["state", "version"])
        locked.content = as_json(content)
        locked.data_time = content.made_at or timezone.now()
        locked.state = ReportState.READY
        locked.failure = ""
        locked.progress_total = max(locked.progress_total, 1)
        locked.progress_done = locked.progress_total
        bump_version(locked)
        locked.save()
        after = {**audit.snapshot(locked, ["state", "version", "data_time"]), "flags": len(content.flags)}
        audit.record(actor=None, action="reports.make", target=locked, before=before, after=after)
    return {"state": ReportState.READY, "figures": len(content.figures), "flags": len(content.flags)}


def report_make(report_id: int) -> dict[str, Any]:
    """Make the report (the job ``reports.make``): read the records as of its cut-off day, as its
    author may read them, and store the content. A request the records refuse (a domain error)
    fails at once with its reason; anything else is retried by the engine, and the report says
    why it failed after the last attempt."""
    report = _start(report_id)
    if report is None:
        state = Report.objects.filter(pk=report_id).values_list("state", flat=True).first()
        return {"state": state or "missing"}
    try:
        with translation.override(report.language):
            content = making.build_content(request_of(report), _Progress(report.pk))
    except ApplicationError as refused:
        return _fail(report, str(refused.message))
    except Exception as err:
        reason = f"{type(err).__name__}: {err}"
        if _last_attempt(report):
            _fail(report, reason)
        else:
            note = _("An attempt failed (%(reason)s); it is tried again.") % {"reason": reason}
            Report.objects.filter(pk=report.pk).update(failure=note)
        raise
    return _store(report, content)


# --- issuing --------------------------------------------------------------------------------------


def symbol_for(issuer: Issuer, number: int) -> str:
    """The report's symbol in the register: "12/BC-SVHTT" (Decree 30), "12-BC/TU" (Party)."""
    separator = "-" if issuer.layout == Layout.PARTY else "/"
    return f"{number}{separator}{issuer.symbol}"


def report_issue(*, actor: User, report: Report, expected_version: int | None) -> Report:
    """Issue (freeze) a made report: its number from the unit's outgoing register (a register
    entry of type "Báo cáo") and its date, in the content, which no longer changes. 403 for
    someone who may not, 409 for a report not ready or changed since. Its files are made from the
    frozen content by the job ``reports.files`` once this has committed (``issued_files``): the
    register's lock is held only while the number is taken, never while LibreOffice prints."""
    return issued_files.queue(_freeze(actor=actor, report=report, expected_version=expected_version))


@transaction.atomic
def _freeze(*, actor: User, report: Report, expected_version: int | None) -> Report:
    locked = Report.objects.select_for_update().select_related("unit").get(pk=report.pk)
    policy.require(actor, locked, "issue")
    check_version(obj=locked, expected_version=expected_version)
    assert locked.content is not None
    content = content_from_json(locked.content)
    today = timezone.localdate()
    number = document_services.outgoing_number_next(issuing_unit=locked.unit, year=today.year)
    document = document_services.document_register(
        actor=actor,
        document_type=DocumentType.objects.get(slug=REPORT_TYPE),
        symbol=symbol_for(content.issuer, number),
        issuing_unit=locked.unit,
        issued_on=today,
        title=" ".join(content.title.split()),
        signer=content.issuer.signer_name,
        recipients_text="; ".join(content.issuer.recipients),
        direction=Direction.OUTGOING,
        outgoing_number=number,
    )
    issued = replace(content, issuer=replace(content.issuer, number=str(number), signed_on=today))
    before = audit.snapshot(locked, ["state", "version"])
    locked.content = as_json(issued)
    locked.state = ReportState.ISSUED
    locked.issued_at = timezone.now()
    locked.issued_by = actor
    locked.issued_number = number
    locked.document = document
    bump_version(locked)
    locked.save()
    after = audit.snapshot(locked, ["state", "version", "issued_number", "document"])
    audit.record(actor=actor, action="reports.issue", target=locked, before=before, after=after)
    return locked
