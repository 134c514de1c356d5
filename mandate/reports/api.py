"""The reports API (issue 13, item 8), under ``/api/v1/reports/``: the same services and selectors
as the pages. Asking for a report answers at once (201) with the report ``requested`` or being
made; its ``status`` (state, progress, why it failed) is read again until it is ``ready``; then
its ``content`` is there and it may be issued; its files are downloaded from ``files``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core import periods
from mandate.core.api import ERRORS, WRITE_ERRORS, ApiView, Pagination, expected_version
from mandate.core.api_fields import DateField, IdField, StrictCharField, VersionField, query_int
from mandate.core.exceptions import ApplicationError, InvalidStateError, NotFoundError
from mandate.core.period_spans import PeriodError, PeriodSpan, parse_code
from mandate.core.period_text import parse_period_text
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.organisations import selectors as org_selectors
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.reports import issued_files, outputs, page, policy, selectors, services
from mandate.reports.forms import basis_of
from mandate.reports.models import PeriodKind, Report, ReportFormat, ReportLanguage, ReportState

PERIOD_HELP = (
    "The period: 2023, 2023-H1, 2023-Q3, 2023-07, 2023-9M or 2023-01-01..2023-09-15 (on the basis "
    "of period_kind), or a period code (2023-C0915)."
)
FILE_RESPONSES: dict[Any, Any] = {
    (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="The file")
    for content_type in [*outputs.CONTENT_TYPES.values(), "application/octet-stream"]
}


class ReportStatusOutput(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=ReportState.choices)
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    failure = serializers.CharField()


class ReportUnitOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReportActionOutput(serializers.Serializer[Any]):
    name = serializers.CharField()
    allowed = serializers.BooleanField()
    reason = serializers.CharField()


class ReportOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    unit = ReportUnitOutput()
    period = serializers.CharField(source="period.code")
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    cut_off = serializers.DateField()
    document = serializers.IntegerField(source="subject_document_id", allow_null=True)
    language = serializers.ChoiceField(choices=ReportLanguage.choices)
    author = serializers.CharField(source="author.username")
    status = serializers.SerializerMethodField()
    data_time = serializers.DateTimeField(allow_null=True)
    issued_number = serializers.IntegerField(allow_null=True)
    issued_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    version = serializers.IntegerField()
    actions = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    @extend_schema_field(ReportStatusOutput)
    def get_status(self, report: Report) -> dict[str, Any]:
        status = page.status_of(report)
        return {
            "state": status.state,
            "done": status.done,
            "total": status.total,
            "percent": status.percent,
            "failure": status.failure,
        }

    @extend_schema_field(ReportActionOutput(many=True))
    def get_actions(self, report: Report) -> list[dict[str, Any]]:
        actor: User = self.context["actor"]
        return [
            {"name": a.name, "allowed": a.allowed, "reason": a.reason}
            for a in policy.available_actions(actor, report)
        ]

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_files(self, report: Report) -> dict[str, str]:
        if not report.is_made:
            return {}
        return {fmt: reverse("api-report-file", args=[report.pk, fmt]) for fmt in ReportFormat.values}


class ReportDetailOutput(ReportOutput):
    content = serializers.JSONField(allow_null=True, help_text="The report's content (ADR 0046), once made.")


def _period(values: dict[str, Any]) -> PeriodSpan:
    text = values["period"]
    try:
        return parse_period_text(text, basis_of(values["period_kind"]))
    except PeriodError as first:
        try:
            return parse_code(text)
        except PeriodError:
            raise ApplicationError(fields={"period": [str(first.message)]}) from first


def _document(actor: User, document_id: int | None) -> Document | None:
    """The document a task report is of; one the actor may not read is refused as unknown."""
    if document_id is None:
        return None
    try:
        return document_selectors.document_get_visible(actor=actor, document_id=document_id)
    except NotFoundError as err:
        raise ApplicationError(fields={"document": ["Not found."]}) from err


def report_response(request: Request, report_id: int, *, status: int = 200) -> Response:
    actor = actor_of(request.user)
    report = selectors.report_get(actor=actor, report_id=report_id)
    return Response(ReportDetailOutput(report, context={"actor": actor}).data, status=status)


class ReportListApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        kind = StrictCharField(max_length=40)
        unit = IdField()
        period = StrictCharField(max_length=40, help_text=PERIOD_HELP)
        period_kind = serializers.ChoiceField(choices=PeriodKind.choices, default=PeriodKind.CALENDAR)
        cut_off = DateField(
            required=False, allow_null=True, help_text="The data's day (default: the period's end)."
        )
        language = serializers.ChoiceField(choices=ReportLanguage.choices)
        document = IdField(
            required=False,
            allow_null=True,
            help_text="A task report of one document (its tasks and those of the documents implementing it).",
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="Only the reports of this unit."),
            OpenApiParameter("state", str, enum=ReportState.values),
        ],
        responses={200: ReportOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request.user)
        state = request.query_params.get("state") or None
        if state is not None and state not in ReportState.values:
            raise ApplicationError(fields={"state": ["Not a choice."]})
        filters = selectors.ReportFilters(unit_id=query_int(request, "unit"), state=state)
        paginator = Pagination()
        rows = paginator.paginate_queryset(
            selectors.report_list(actor=actor, filters=filters), request, view=self
        )
        return paginator.get_paginated_response(ReportOutput(rows, many=True, context={"actor": actor}).data)

    @extend_schema(request=InputSerializer, responses={201: ReportDetailOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            unit = org_selectors.unit_get(unit_id=values["unit"])
        except NotFoundError as err:
            raise ApplicationError(fields={"unit": ["Not found."]}) from err
        report = services.report_request(
            actor=actor_of(request.user),
            kind=values["kind"],
            unit=unit,
            period=periods.ensure(_period(values)),
            period_kind=values["period_kind"],
            cut_off=values.get("cut_off"),
            language=values["language"],
            document=_document(actor_of(request.user), values.get("document")),
        )
        return report_response(request, report.pk, status=201)


class ReportDetailApi(ApiView):
    @extend_schema(responses={200: ReportDetailOutput, **ERRORS})
    def get(self, request: Request, report_id: int) -> Response:
        return report_response(request, report_id)


class ReportIssueApi(ApiView):
    """Issue a made report: its number from the unit's outgoing register, its files frozen."""

    class InputSerializer(serializers.Serializer[Any]):
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: ReportDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, report_id: int) -> Response:
        actor = actor_of(request.user)
        report = selectors.report_get(actor=actor, report_id=report_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_issue(actor=actor, report=report, expected_version=expected_version(request))
        return report_response(request, report.pk)


class ReportFileApi(ApiView):
    """The report as .docx, .xlsx or .pdf: an issued report's stored file, a draft's rendered now.
    409 ``file_being_made`` while an issued report's files are being made (or why they failed)."""

    pagination_class = None

    @extend_schema(responses={**FILE_RESPONSES, **ERRORS})
    def get(self, request: Request, report_id: int, fmt: str) -> HttpResponse:
        actor = actor_of(request.user)
        report = selectors.report_get(actor=actor, report_id=report_id)
        if fmt not in ReportFormat.values or not report.is_made or report.content is None:
            raise NotFoundError()
        if outputs.file_pending(report, fmt):
            raise InvalidStateError(issued_files.pending_message(report), code="file_being_made")
        return outputs.file_response(report, fmt, actor=actor)
