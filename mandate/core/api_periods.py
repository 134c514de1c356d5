"""Periods in the API: the output every app's serializers nest, the input field that reads a code,
and ``GET /api/v1/periods/<code>/``, which says what a code means (ADR 0028)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, ApiView
from mandate.core.enums import PeriodBasis, PeriodKind
from mandate.core.exceptions import ApplicationError
from mandate.core.period_labels import as_of_text, label
from mandate.core.period_spans import PeriodError, PeriodLike, PeriodSpan, parse_code

CODE_PATTERN = r"^(N09-)?([0-9]{4}(-(M[0-9]{2}|Q[0-9]|H[0-9]|C[0-9]{2}([0-9]{2})?))?|R[0-9]{8}-[0-9]{8})$"
CODE_HELP = (
    "2023-M09 month, 2023-Q3 quarter, 2023-H1 half year, 2023 year, 2023-C09 first 9 months, "
    "2023-C0915 from 01/01/2023 to 15/09/2023, R20230101-20230915 date range; N09- in front: "
    "the data cut-offs of Decree 09/2019/NĐ-CP (the 15th of the previous month to the 14th)."
)


class PeriodOutput(serializers.Serializer[PeriodLike]):
    """A period as every answer gives it, a ``Period`` row or a span alike; the label in the
    reader's language, computed now."""

    code = serializers.CharField(help_text=CODE_HELP)
    kind = serializers.ChoiceField(choices=PeriodKind.choices)
    basis = serializers.ChoiceField(choices=PeriodBasis.choices)
    year = serializers.IntegerField()
    number = serializers.IntegerField(
        allow_null=True, help_text="Month 1-12, quarter 1-4, half 1-2, or N of the first N months."
    )
    starts_on = serializers.DateField(help_text="First day, inclusive.")
    ends_on = serializers.DateField(help_text="Last day, inclusive.")
    as_of = serializers.DateField(
        allow_null=True, help_text="The cut-off a cumulative value is stated as of."
    )
    # DRF moves declared fields off the class, so this does not shadow Field.label.
    label = serializers.SerializerMethodField()  # type: ignore[assignment]
    as_of_text = serializers.SerializerMethodField()

    def get_label(self, period: PeriodLike) -> str:
        return label(period)

    def get_as_of_text(self, period: PeriodLike) -> str | None:
        return as_of_text(period)


def period_data(period: PeriodLike) -> dict[str, Any]:
    """A period as the API writes it, for answers built by hand."""
    return dict(PeriodOutput(period).data)


class PeriodCodeField(serializers.CharField):
    """A period named by its code in a request body; its value is the span (a service makes the
    row with ``core.periods.ensure``). A bad code is this field's 400, with what a code looks like."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", CODE_HELP)
        super().__init__(**kwargs)
        # The validators would run on the span; ``parse_code`` refuses a code too long itself.
        self.validators = []

    def to_internal_value(self, data: Any) -> PeriodSpan:  # type: ignore[override]
        if not isinstance(data, str):
            self.fail("invalid")
        try:
            return parse_code(str(super().to_internal_value(data)))
        except PeriodError as err:
            raise serializers.ValidationError(str(err.message), code=err.code) from err


class PeriodApi(ApiView):
    """What a period code means: its days, its basis and its label. Any signed-in user may ask;
    nothing is written (the span is computed, no row is made)."""

    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("code", str, OpenApiParameter.PATH, pattern=CODE_PATTERN, description=CODE_HELP)
        ],
        responses={200: PeriodOutput, **ERRORS},
    )
    def get(self, request: Request, code: str) -> Response:
        try:
            span = parse_code(code)
        except PeriodError as err:
            raise ApplicationError(err.message, code=err.code, fields={"code": [err.message]}) from err
        return Response(PeriodOutput(span).data)
