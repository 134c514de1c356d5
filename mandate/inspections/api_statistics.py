"""The inspection statistics API (issue 12, items 6 and 8; docs/adr/0043): the table of a body
for a period, the records behind each figure, and the table as an .xlsx in seed 004's layout.

The period is a period code (``period=2023-C0915``, ADR 0028) or two days (``from``, ``to``).
A body whose statistics the reader may not see does not exist (404); a figure's records name only
the subjects the reader may read, the others are counted (``not_listed``), never named.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseBase
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core import period_labels, period_spans
from mandate.core.api import ERRORS, ApiView, Pagination
from mandate.core.api_fields import query_date, query_int
from mandate.core.exceptions import ApplicationError
from mandate.core.sheet_export import (
    CONTENT_TYPE,
    INTEGER,
    TEXT,
    ExportColumn,
    TitleBlock,
    write_table,
    xlsx_response,
)
from mandate.inspections import selectors_statistics as stats
from mandate.inspections.models import InspectingBody, InspectionSubject
from mandate.inspections.statistics import COUNTS, MEMBERS, ORGANISATIONS, ROWS_BY_KEY
from mandate.people.actors import actor_of

BODY = OpenApiParameter("body", int, required=True, description="The inspecting body.")
PERIOD = OpenApiParameter("period", str, description="A period code (2023-C0915); or from and to.")
FROM = OpenApiParameter("from", str, description="The first day (YYYY-MM-DD), with to.")
TO = OpenApiParameter("to", str, description="The last day (YYYY-MM-DD), with from.")
ROW = OpenApiParameter("row", str, required=True, enum=list(ROWS_BY_KEY))
COUNT = OpenApiParameter("count", str, required=True, enum=list(COUNTS))
TABLE_PARAMETERS = [BODY, PERIOD, FROM, TO]
XLSX_RESPONSES: dict[Any, Any] = {
    (200, content_type): OpenApiResponse(OpenApiTypes.BINARY, description="The workbook (.xlsx)")
    for content_type in (CONTENT_TYPE, "application/octet-stream")
}


def _period(request: Request) -> period_spans.PeriodSpan:
    code = request.query_params.get("period") or ""
    if code:
        return period_spans.parse_code(code[:40])
    starts_on, ends_on = stats.check_period(query_date(request, "from"), query_date(request, "to"))
    return period_spans.range_span(starts_on, ends_on)


def _body(request: Request) -> tuple[InspectingBody, Any]:
    body_id = query_int(request, "body")
    if body_id is None:
        raise ApplicationError(fields={"body": [_("Required.")]})
    return stats.body_get_for_statistics(actor=actor_of(request.user), body_id=body_id)


def _link(name: str, body: InspectingBody, span: period_spans.PeriodSpan, **extra: str) -> str:
    query: dict[str, str | int] = {
        "body": body.pk,
        "from": span.starts_on.isoformat(),
        "to": span.ends_on.isoformat(),
        **extra,
    }
    return f"{reverse(name)}?{urlencode(query)}"


class FigureOutput(serializers.Serializer[Any]):
    key = serializers.CharField()
    name = serializers.CharField(help_text="The row's wording, in the reader's language.")
    indent = serializers.IntegerField()
    organisations = serializers.IntegerField(allow_null=True, help_text="None: the row has no such column.")
    members = serializers.IntegerField(allow_null=True)
    inspections = serializers.IntegerField(allow_null=True)
    organisations_link = serializers.CharField(allow_null=True)
    members_link = serializers.CharField(allow_null=True)


class TableOutput(serializers.Serializer[Any]):
    body = serializers.IntegerField()
    body_name = serializers.CharField()
    period = serializers.CharField()
    period_label = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    rows = FigureOutput(many=True)


def table_body(table: stats.Table, span: period_spans.PeriodSpan) -> dict[str, Any]:
    def link(key: str, column: str, value: int | None) -> str | None:
        if value is None:
            return None
        return _link("api-inspection-statistics-records", table.body, span, row=key, count=column)

    return {
        "body": table.body.pk,
        "body_name": table.body.unit.name,
        "period": span.code,
        "period_label": period_labels.label(span),
        "starts_on": span.starts_on,
        "ends_on": span.ends_on,
        "rows": [
            {
                "key": f.row.key,
                "name": str(f.row.label),
                "indent": f.row.indent,
                "organisations": f.organisations,
                "members": f.members,
                "inspections": f.inspections,
                "organisations_link": link(f.row.key, ORGANISATIONS, f.organisations),
                "members_link": link(f.row.key, MEMBERS, f.members),
            }
            for f in table.figures
        ],
    }


class StatisticsApi(ApiView):
    """The table of seed 004 for a body's competence and a period."""

    @extend_schema(parameters=TABLE_PARAMETERS, responses={200: TableOutput, **ERRORS})
    def get(self, request: Request) -> Response:
        body, _reader = _body(request)
        span = _period(request)
        table = stats.statistics_table(body=body, starts_on=span.starts_on, ends_on=span.ends_on)
        return Response(TableOutput(table_body(table, span)).data)


class RecordOutput(serializers.Serializer[Any]):
    subject = serializers.IntegerField(source="pk")
    kind = serializers.CharField()
    counted_on = serializers.DateField()
    inspection = serializers.IntegerField(source="inspection_id")
    inspection_title = serializers.CharField(source="inspection.title")
    decision_number = serializers.CharField(source="inspection.decision_number")
    inspecting_unit = serializers.CharField(source="inspection.body.unit.name")
    inspection_kind = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id", allow_null=True)
    unit_name = serializers.CharField(source="unit.name", allow_null=True, default=None)
    person = serializers.IntegerField(source="person_id", allow_null=True)
    person_name = serializers.CharField(source="person.full_name", allow_null=True, default=None)


class RecordsOutput(serializers.Serializer[Any]):
    row = serializers.CharField()
    count_kind = serializers.CharField()
    counted = serializers.IntegerField(help_text="The figure: every subject counted.")
    not_listed = serializers.IntegerField(help_text="Counted, but not yours to read: never named.")
    count = serializers.IntegerField(help_text="Listed (those you may read).")
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = RecordOutput(many=True)


class StatisticsRecordsApi(ApiView):
    """The subjects one figure counts: exactly those, the ones the reader may read named."""

    @extend_schema(parameters=[ROW, COUNT, *TABLE_PARAMETERS], responses={200: RecordsOutput, **ERRORS})
    def get(self, request: Request) -> Response:
        actor = actor_of(request.user)
        body, reader = _body(request)
        span = _period(request)
        records = stats.statistics_records(
            actor=actor,
            reader=reader,
            body=body,
            key=request.query_params.get("row", "")[:60],
            count=request.query_params.get("count", "")[:20],
            starts_on=span.starts_on,
            ends_on=span.ends_on,
        )
        paginator = Pagination()
        page: list[InspectionSubject] = list(
            paginator.paginate_queryset(records.listed, request, view=self) or []
        )
        stats.log_person_reads(actor=actor, records=records, subjects=page)
        response = paginator.get_paginated_response(RecordOutput(page, many=True).data)
        listed = int(response.data["count"])
        response.data = {
            "row": records.row.key,
            "count_kind": records.count,
            "counted": records.counted,
            "not_listed": records.counted - listed,
            **response.data,
        }
        return response


COLUMNS = (
    ExportColumn(gettext_lazy("No."), TEXT, 6),
    ExportColumn(gettext_lazy("Content"), TEXT, 60),
    ExportColumn(gettext_lazy("Party organisations"), INTEGER, 14),
    ExportColumn(pgettext_lazy("statistics column", "Party members"), INTEGER, 14),
    ExportColumn(gettext_lazy("Inspections held"), INTEGER, 14),
)


def table_rows(table: stats.Table) -> list[list[Any]]:
    """Seed 004's layout: numbered rows, the sub-rows of "upon signs" indented under it, "—"
    where a row has no members' figure (text), every figure a number."""
    rows: list[list[Any]] = []
    number = 0
    for figure in table.figures:
        if figure.row.indent:
            place, label = None, f"— {figure.row.label}"
        else:
            number += 1
            place, label = str(number), str(figure.row.label)
        rows.append([place, label, figure.organisations, figure.members, figure.inspections])
    return rows


class StatisticsExportApi(ApiView):
    """The table as an .xlsx workbook (numbers as numbers)."""

    @extend_schema(parameters=TABLE_PARAMETERS, responses={**XLSX_RESPONSES, **ERRORS})
    def get(self, request: Request) -> HttpResponseBase:
        body, _reader = _body(request)
        span = _period(request)
        table = stats.statistics_table(body=body, starts_on=span.starts_on, ends_on=span.ends_on)
        title = TitleBlock(
            title=_("Inspection and supervision: %(unit)s") % {"unit": body.unit.name},
            period=period_labels.label(span),
            exported_by=_who(request),
        )
        workbook = write_table(columns=COLUMNS, rows=table_rows(table), title=title, sheet=_("Statistics"))
        return xlsx_response(workbook, filename="thong-ke-kiem-tra-giam-sat.xlsx")


def _who(request: Request) -> str:
    person = getattr(actor_of(request.user), "person", None)
    return str(person.full_name) if person is not None else ""
