"""The report pages (issue 13, item 8): the list of the reports the reader sees, asking for one,
a report's page (its progress while it is made, polled by htmx; why it failed; the preview with
its charts, its flags and each figure linked to its records; issuing it), the files, the charts
and the records behind a figure. Thin: the selectors read, the services write, ``page`` arranges
the stored content."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mandate.core import periods
from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.indicators.views.common import add_service_errors
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.reports import issued_files, outputs, page, policy, records, selectors, services
from mandate.reports.content import RecordsLink
from mandate.reports.forms import IssueForm, RequestForm, kind_label
from mandate.reports.models import Report, ReportFormat, ReportState
from mandate.reports.stored import content_from_json

PAGE_SIZE = 100


def _unit_filter(request: HttpRequest) -> int | None:
    raw = request.GET.get("unit", "")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 10 else None


@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    unit_id = _unit_filter(request)
    filters = selectors.ReportFilters(unit_id=unit_id)
    reports = list(selectors.report_list(actor=actor, filters=filters)[:PAGE_SIZE])
    rows = [(report, kind_label(report.kind), page.status_of(report)) for report in reports]
    return render(
        request,
        "reports/list.html",
        {"rows": rows, "may_request": policy.requestable_units(actor).exists(), "unit_id": unit_id},
    )


def _request_form(request: HttpRequest, data: object = None) -> RequestForm:
    actor = actor_of(request.user)
    units = [(unit.pk, unit.name) for unit in policy.requestable_units(actor)[:500]]
    kinds = [(kind, kind_label(kind)) for kind in services.kinds()]
    initial = {"language": request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("vi", "en") else "vi"}
    return RequestForm(data, kinds=kinds, units=units, initial=initial)


@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    if not policy.requestable_units(actor).exists():
        raise NotFoundError()
    if request.method != "POST":
        return render(request, "reports/new.html", {"form": _request_form(request)})
    form = _request_form(request, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            unit = org_selectors.unit_get(unit_id=data["unit"])
            report = services.report_request(
                actor=actor,
                kind=data["kind"],
                unit=unit,
                period=periods.ensure(data["span"]),
                period_kind=data["period_kind"],
                cut_off=data["cut_off"],
                language=data["language"],
                document=_document(actor, data["document"], unit),
            )
        except ApplicationError as err:
            if err.status_code not in (400, 409):
                raise
            add_service_errors(form, err, {})
        else:
            messages.info(
                request, _("The report is being made; you may leave this page and find it in the list.")
            )
            return redirect("reports:detail", report_id=report.pk)
    return render(request, "reports/new.html", {"form": form}, status=400)


def _document(actor: User, symbol: str, unit: OrgUnit) -> Document | None:
    """The document a task report is of, by its symbol in the reader's register (the unit's own
    first); one he may not read is "none" (400 on the field)."""
    if not symbol.strip():
        return None
    try:
        return document_selectors.document_by_symbol_visible(actor=actor, symbol=symbol, prefer_issuer=unit)
    except NotFoundError as err:
        raise ApplicationError(fields={"document": [_("No document you may see has this symbol.")]}) from err
    except ApplicationError as err:
        raise ApplicationError(fields={"document": [str(err.message)]}) from err


def _detail(request: HttpRequest, report: Report, *, problem: str = "", status: int = 200) -> HttpResponse:
    actor = actor_of(request.user)
    context: dict[str, object] = {
        "report": report,
        "kind": kind_label(report.kind),
        "status": page.status_of(report),
        "formats": ReportFormat.choices,
        "problem": problem,
        **_files_context(actor, report),
    }
    if report.is_made and report.content is not None:
        content = content_from_json(report.content)
        issue = policy.check(actor, report, "issue")
        context.update(
            content=content,
            sections=page.shown_sections(report, content),
            figures=page.shown_figures(content),
            issue=issue,
            issue_form=IssueForm(initial={"version": report.version}) if issue.allowed else None,
        )
    return render(request, "reports/detail.html", context, status=status)


@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    return _detail(request, selectors.report_get(actor=actor_of(request.user), report_id=report_id))


@require_GET
def report_progress(request: HttpRequest, report_id: int) -> HttpResponse:
    """The progress bar, polled by htmx while the report is made; once finished, the page is
    reloaded (``HX-Refresh``) to show the report or why it failed."""
    report = selectors.report_get(actor=actor_of(request.user), report_id=report_id)
    status = page.status_of(report)
    response = render(request, "reports/_progress.html", {"report": report, "status": status})
    if status.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@require_POST
def report_issue(request: HttpRequest, report_id: int) -> HttpResponse:
    """Issue the report; a refusal shows the page again with why (400, 409; 403 as everywhere)."""
    actor = actor_of(request.user)
    report = selectors.report_get(actor=actor, report_id=report_id)
    form = IssueForm(request.POST)
    if not form.is_valid():
        problem = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _detail(request, report, problem=problem, status=400)
    try:
        issued = services.report_issue(
            actor=actor, report=report, expected_version=form.cleaned_data["version"]
        )
    except ApplicationError as err:
        if err.status_code not in (400, 409):
            raise
        return _detail(request, report, problem=str(err.message), status=err.status_code)
    messages.success(request, _("The report is issued as number %(n)s.") % {"n": issued.issued_number})
    return redirect("reports:detail", report_id=report.pk)


@require_GET
def report_download(request: HttpRequest, report_id: int, fmt: str) -> HttpResponse:
    actor = actor_of(request.user)
    report = selectors.report_get(actor=actor, report_id=report_id)
    if fmt not in ReportFormat.values or not report.is_made or report.content is None:
        raise NotFoundError()
    if outputs.file_pending(report, fmt):
        # The job ``reports.files`` is making it: this page reloads until the file is there
        # (202), or says why it failed, with the form to ask again (409).
        state = issued_files.files_state(report)
        context = _files_context(actor, report)
        context.update(report=report, fmt=fmt, message=issued_files.pending_message(report))
        status = 409 if state == issued_files.FilesState.FAILED else 202
        return render(request, "reports/file_pending.html", context, status=status)
    return outputs.file_response(report, fmt, actor=actor)


def _files_context(actor: User, report: Report) -> dict[str, object]:
    """An issued report's files as the page shows them: being made, made, or why they failed and
    (for those who issue) the button that asks for them again."""
    if report.state != ReportState.ISSUED:
        return {}
    state = issued_files.files_state(report)
    retry = state == issued_files.FilesState.FAILED and policy.check_files_retry(actor, report)
    return {"files_state": state, "files_failure": report.files_failure, "files_retry": retry}


@require_POST
def report_files_retry(request: HttpRequest, report_id: int) -> HttpResponse:
    """Ask again for an issued report's files whose making failed (403, 409 as the service says)."""
    actor = actor_of(request.user)
    report = selectors.report_get(actor=actor, report_id=report_id)
    try:
        issued_files.report_files_retry(actor=actor, report=report)
    except ApplicationError as err:
        if err.status_code not in (400, 409):
            raise
        return _detail(request, report, problem=str(err.message), status=err.status_code)
    messages.info(request, _("The report's files are being made again."))
    return redirect("reports:detail", report_id=report.pk)


@require_GET
def report_chart(request: HttpRequest, report_id: int, key: str) -> HttpResponse:
    report = selectors.report_get(actor=actor_of(request.user), report_id=report_id)
    if report.content is None:
        raise NotFoundError()
    content = content_from_json(report.content)
    chart = next((chart for chart in outputs.charts_of(content) if chart.key == key), None)
    if chart is None:
        raise NotFoundError()
    response = HttpResponse(outputs.chart_png(chart, content), content_type=outputs.PNG)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def figure_records(request: HttpRequest) -> HttpResponse:
    """The records a figure counts, as its link's query selects them (``records.records_of``)."""
    actor = actor_of(request.user)
    query = {name: str(request.GET.get(name, ""))[:100] for name in request.GET}
    try:
        listed = records.records_of(actor=actor, link=RecordsLink(route=records.ROUTE, query=query))
    except ApplicationError as err:
        if err.status_code != 400:
            raise
        return render(request, "reports/records.html", {"error": err.message}, status=400)
    return render(request, "reports/records.html", {"listed": listed, "at": timezone.now()})
