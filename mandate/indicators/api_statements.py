"""Stated figures over the API (ADR 0035): record a figure as written ("90/69 = 130,4%", or its
numbers apart) and list them, flagged only if asked — through ``services.statements`` and
``figures.statement_list_visible``. The reason for a verdict is computed when read, in the
reader's language."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core import periods
from mandate.core.api import ERRORS, WRITE_ERRORS, ApiView, Pagination
from mandate.core.api_fields import IdField, StrictCharField, query_int
from mandate.core.api_periods import CODE_HELP, PeriodCodeField
from mandate.core.exceptions import ApplicationError
from mandate.core.models import Period
from mandate.core.period_labels import label
from mandate.core.period_spans import PeriodError, parse_code
from mandate.core.request_values import parse_flag
from mandate.core.templatetags.mandate_format import percent
from mandate.documents import selectors as document_selectors
from mandate.indicators import figures
from mandate.indicators.api import as_field, indicator_of, unit_of
from mandate.indicators.api_outputs import AmountField
from mandate.indicators.models import StatedFigure
from mandate.indicators.services import statements as statement_services
from mandate.indicators.statement_reasons import reason_of
from mandate.people.actors import actor_of


class StatementOutput(serializers.ModelSerializer[StatedFigure]):
    indicator_code = serializers.CharField(
        source="indicator.code", allow_null=True, default=None, read_only=True
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    period_code = serializers.CharField(source="period.code", read_only=True)
    period_label = serializers.SerializerMethodField()
    numerator = AmountField(read_only=True, allow_null=True)
    denominator = AmountField(read_only=True, allow_null=True)
    stated = AmountField(read_only=True, allow_null=True)
    computed = AmountField(
        max_digits=24,
        read_only=True,
        allow_null=True,
        help_text="Numerator / denominator × 100 at the stated precision.",
    )
    computed_text = serializers.SerializerMethodField(help_text="As the reader's language writes it.")
    flagged = serializers.BooleanField(read_only=True, help_text="Wrong or malformed.")
    reason = serializers.SerializerMethodField(help_text="Why it is flagged, in the reader's language.")
    entered_by = serializers.CharField(
        source="entered_by.username", allow_null=True, default=None, read_only=True
    )

    class Meta:
        model = StatedFigure
        fields = [
            "id",
            "indicator",
            "indicator_code",
            "unit",
            "unit_name",
            "period",
            "period_code",
            "period_label",
            "text",
            "numerator_text",
            "denominator_text",
            "stated_text",
            "style",
            "quoted",
            "source_document",
            "source",
            "numerator",
            "denominator",
            "stated",
            "computed",
            "computed_text",
            "places",
            "verdict",
            "flagged",
            "code",
            "reason",
            "entered_by",
            "entered_at",
            "version",
        ]

    def get_period_label(self, figure: StatedFigure) -> str:
        return label(figure.period)

    def get_computed_text(self, figure: StatedFigure) -> str | None:
        if figure.computed is None:
            return None
        return percent(figure.computed, figure.places or 0)

    def get_reason(self, figure: StatedFigure) -> str:
        return reason_of(figure)


def _period_filter(request: Request) -> tuple[bool, Period | None]:
    """(asked, the period's row): a code no row has yet means no statement is about it."""
    code = request.query_params.get("period")
    if not code:
        return False, None
    try:
        span = parse_code(code)
    except PeriodError as err:
        raise ApplicationError(err.message, code=err.code, fields={"period": [err.message]}) from err
    return True, Period.objects.filter(code=span.code).first()


class StatementListApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        unit = IdField(help_text="The unit the figure is about.")
        period = PeriodCodeField()
        indicator = IdField(required=False, allow_null=True, default=None)
        text = StrictCharField(
            required=False,
            default="",
            allow_blank=True,
            max_length=500,
            help_text="As written: 90/69 = 130,4%.",
        )
        numerator = StrictCharField(required=False, default="", allow_blank=True, max_length=60)
        denominator = StrictCharField(required=False, default="", allow_blank=True, max_length=60)
        stated = StrictCharField(
            required=False,
            default="",
            allow_blank=True,
            max_length=60,
            help_text="The percentage as written.",
        )
        # DRF moves declared fields off the class, so these do not shadow Field.style and .source.
        style = serializers.ChoiceField(  # type: ignore[assignment]
            choices=["vi", "en"],
            required=False,
            allow_null=True,
            default=None,
            help_text="How the numbers are written; none: their own writing decides, Vietnamese first.",
        )
        quoted = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Quoted from a source: kept, flagged, even when a number is malformed; "
            "otherwise a malformed number is refused (400).",
        )
        source_document = IdField(required=False, allow_null=True, default=None)
        source = StrictCharField(  # type: ignore[assignment]
            required=False, default="", allow_blank=True, max_length=300
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("flagged", bool, description="Only the wrong and the malformed figures."),
            OpenApiParameter("unit", int),
            OpenApiParameter("indicator", int),
            OpenApiParameter("period", str, description=CODE_HELP),
        ],
        responses={200: StatementOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request.user)
        unit_id, indicator_id = query_int(request, "unit"), query_int(request, "indicator")
        asked, period = _period_filter(request)
        rows = figures.statement_list_visible(
            actor=actor,
            flagged=parse_flag(request.query_params.get("flagged")),
            unit=unit_of(unit_id, "unit") if unit_id else None,
            indicator=indicator_of(actor, indicator_id) if indicator_id else None,
            period=period,
        )
        if asked and period is None:
            rows = rows.none()
        paginator = Pagination()
        page: Any = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(StatementOutput(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: StatementOutput, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Record a figure as stated; it is recomputed and its verdict stored (``flagged`` unless
        right at the precision written)."""
        actor = actor_of(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        document = None
        if values["source_document"]:
            document = as_field(
                "source_document",
                lambda: document_selectors.document_get_visible(
                    actor=actor, document_id=values["source_document"]
                ),
            )
        figure = statement_services.statement_record(
            actor=actor,
            unit=unit_of(values["unit"], "unit"),
            period=periods.ensure(values["period"]),
            statement=statement_services.Statement(
                text=values["text"],
                numerator=values["numerator"],
                denominator=values["denominator"],
                stated=values["stated"],
                style=values["style"],
            ),
            indicator=indicator_of(actor, values["indicator"]) if values["indicator"] else None,
            quoted=values["quoted"],
            source_document=document,
            source=values["source"],
        )
        found = figures.statement_get_visible(actor=actor, statement_id=figure.pk)
        return Response(StatementOutput(found).data, status=201)


class StatementDetailApi(ApiView):
    @extend_schema(responses={200: StatementOutput, **ERRORS})
    def get(self, request: Request, statement_id: int) -> Response:
        found = figures.statement_get_visible(actor=actor_of(request.user), statement_id=statement_id)
        return Response(StatementOutput(found).data)
