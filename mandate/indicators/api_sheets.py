"""The indicators API, part three: Excel in and out (issue 11 item 10; ADR 0038) — the template of
a set's values for a period, its upload back (all or nothing, every problem listed, once per
file, a large file as a job), the progress of such a job, and the exports of the tables the API
lists (values, targets, allocations). Thin: the same selectors and services as everywhere.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core import period_labels
from mandate.core.api import ERRORS, UPLOAD_ERRORS, ApiView
from mandate.core.api_fields import query_date, query_int
from mandate.core.exceptions import ApplicationError
from mandate.core.sheet_export import CONTENT_TYPE, xlsx_response
from mandate.core.sheet_import import QUEUED, sheet_import
from mandate.core.uploads import refuse_oversized_body
from mandate.indicators import exports, selectors, sheet_template, sheet_values
from mandate.indicators.api import FIGURE_FILTERS, figure_filters
from mandate.indicators.sheet_template import local_name
from mandate.people.actors import actor_of
from mandate.people.models import User

# As ``core.downloads.FILE_RESPONSES``: the workbook's type, then application/octet-stream for
# generated clients that know no other binary type.
XLSX_RESPONSES: dict[Any, Any] = {
    (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="The workbook (.xlsx)")
    for content_type in (CONTENT_TYPE, "application/octet-stream")
}


class ImportOutput(serializers.Serializer[Any]):
    state = serializers.ChoiceField(choices=["applied", "already_imported", "queued"])
    message = serializers.CharField(help_text="What happened, in the reader's language.")
    batch = serializers.IntegerField(allow_null=True)
    job = serializers.IntegerField(
        allow_null=True, help_text="A large file's job: GET indicators/imports/{job}/."
    )
    rows = serializers.IntegerField(allow_null=True)
    created = serializers.IntegerField(allow_null=True)
    updated = serializers.IntegerField(allow_null=True)
    unchanged = serializers.IntegerField(allow_null=True)


class ImportJobOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    state = serializers.CharField(help_text="queued, running, done or failed.")
    progress = serializers.JSONField(allow_null=True, help_text='{"stage", "done", "total"} while it runs.')
    result = serializers.JSONField(
        allow_null=True, help_text="The outcome: applied, already imported, or refused with the problems."
    )
    queued_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


class TemplateApi(ApiView):
    """The template of the set's values for the period: the units the reader enters values for
    (``unit``: only that one), each indicator and part, the target and the value stored now."""

    @extend_schema(
        parameters=[OpenApiParameter("unit", int, description="Only this reporting unit.")],
        responses={**XLSX_RESPONSES, **ERRORS},
    )
    def get(self, request: Request, set_id: int, period_id: int) -> HttpResponseBase:
        actor = actor_of(request.user)
        unit_id = query_int(request, "unit")
        scope = sheet_values.scope_of(actor, set_id, period_id, unit_id, require_units=False)
        workbook = sheet_template.write_template(scope, by=actor.get_username())
        return xlsx_response(workbook, filename=sheet_template.template_filename(scope))


class ImportApi(ApiView):
    """Upload the filled template: every value entered through the same service as a form (its
    rules, locks and versions), all or none; 400 ``sheet_refused`` lists every problem (sheet,
    row, column, value, what is wrong, how to mend it). The same file again changes nothing; a
    large file is imported by a job (202, ``job``)."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "IndicatorValuesUpload", {"file": serializers.FileField()}
            )
        },
        responses={200: ImportOutput, 202: ImportOutput, **UPLOAD_ERRORS},
    )
    def post(self, request: Request, set_id: int, period_id: int) -> Response:
        actor = actor_of(request.user)
        params = {"set": set_id, "period": period_id}
        # The set, the period and the right are settled before the body is read.
        sheet_values.IMPORTER.target(actor=actor, params=params)
        refuse_oversized_body(request.META)
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError(
                _("Attach the workbook in the field “file”."), fields={"file": [_("Required.")]}
            )
        outcome = sheet_import(actor=actor, importer=sheet_values.IMPORTER, params=params, upload=upload)
        return Response(outcome.as_dict(), status=202 if outcome.state == QUEUED else 200)


class ImportJobApi(ApiView):
    """A large import's progress and outcome, for the person who uploaded it."""

    @extend_schema(responses={200: ImportJobOutput, **ERRORS})
    def get(self, request: Request, job_id: int) -> Response:
        run = selectors.import_job_get(actor=actor_of(request.user), job_id=job_id)
        return Response(ImportJobOutput(run).data)


def _in_words(actor: User, chosen: dict[str, Any]) -> exports.Export:
    words = []
    if "indicator_set" in chosen:
        words.append(_("Set: %(name)s") % {"name": local_name(chosen["indicator_set"])})
    if "indicator" in chosen:
        words.append(_("Indicator: %(code)s") % {"code": chosen["indicator"].code})
    if "period" in chosen:
        words.append(_("Period: %(period)s") % {"period": period_labels.label(chosen["period"])})
    if "unit" in chosen:
        words.append(_("Unit: %(name)s") % {"name": local_name(chosen["unit"])})
    return exports.Export(filters=words, by=actor.get_username())


class ActualExportApi(ApiView):
    """The values the list shows (same filters, same order), as a workbook."""

    @extend_schema(
        parameters=[
            *FIGURE_FILTERS,
            OpenApiParameter("as_recorded_on", str, description="The values as recorded by this day."),
        ],
        responses={**XLSX_RESPONSES, **ERRORS},
    )
    def get(self, request: Request) -> HttpResponseBase:
        actor = actor_of(request.user)
        on = query_date(request, "as_recorded_on")
        chosen = figure_filters(request)
        rows = selectors.actual_list_visible(actor=actor, **chosen)
        exports.check_size(rows)
        workbook = exports.actuals_workbook(rows, export=_in_words(actor, chosen), on=on)
        return xlsx_response(workbook, filename="so-lieu-chi-tieu.xlsx")


class TargetExportApi(ApiView):
    """The targets the list shows, as a workbook."""

    @extend_schema(parameters=FIGURE_FILTERS, responses={**XLSX_RESPONSES, **ERRORS})
    def get(self, request: Request) -> HttpResponseBase:
        actor = actor_of(request.user)
        chosen = figure_filters(request)
        rows = selectors.target_list_visible(actor=actor, **chosen)
        exports.check_size(rows)
        workbook = exports.targets_workbook(rows, export=_in_words(actor, chosen))
        return xlsx_response(workbook, filename="chi-tieu-ke-hoach.xlsx")


class AllocationExportApi(ApiView):
    """The allocations the list shows, as a workbook."""

    @extend_schema(parameters=FIGURE_FILTERS, responses={**XLSX_RESPONSES, **ERRORS})
    def get(self, request: Request) -> HttpResponseBase:
        actor = actor_of(request.user)
        chosen = figure_filters(request)
        rows = selectors.allocation_list_visible(actor=actor, **chosen)
        exports.check_size(rows)
        workbook = exports.allocations_workbook(rows, export=_in_words(actor, chosen))
        return xlsx_response(workbook, filename="phan-bo-chi-tieu.xlsx")
