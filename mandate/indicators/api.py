"""The indicators API, part one: the catalogue (indicators, sets with their reporting lines),
targets (list, revise) and allocations (list, allocate) — through the same selectors and
services as the pages. Actuals and submissions are in ``api_actuals``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, WRITE_ERRORS, ApiView, Pagination, expected_version
from mandate.core.api_fields import IdField, StrictCharField, VersionField, query_date, query_int
from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.core.models import Period
from mandate.core.request_values import parse_flag
from mandate.indicators import selectors
from mandate.indicators.api_outputs import (
    AllocationOutput,
    AllocationResultOutput,
    AmountField,
    IndicatorOutput,
    IndicatorSetDetailOutput,
    IndicatorSetOutput,
    TargetDetailOutput,
    TargetOutput,
)
from mandate.indicators.models import Indicator, IndicatorSet
from mandate.indicators.services import targets as target_services
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.people.scopes import today

FIGURE_FILTERS = [
    OpenApiParameter("set", int, description="Indicator set."),
    OpenApiParameter("indicator", int),
    OpenApiParameter("period", int, description="Period (core.Period id)."),
    OpenApiParameter("unit", int),
]


def as_field(field: str, fetch: Any) -> Any:
    """An id in a request body that the reader may not see is "not found" on that field (400)."""
    try:
        return fetch()
    except NotFoundError as err:
        raise ApplicationError(fields={field: [_("Not found.")]}) from err


def period_of(period_id: int | None, field: str = "period") -> Period:
    """Periods are reference data, open to every reader; a missing one is a 400 on the field."""
    found = Period.objects.filter(pk=period_id).first() if period_id else None
    if found is None:
        raise ApplicationError(fields={field: [_("Not found.")]})
    return found


def unit_of(unit_id: int, field: str) -> OrgUnit:
    found: OrgUnit = org_selectors.units_get(ids=[unit_id], field=field)[0]
    return found


def set_of(actor: User, set_id: int | None, field: str = "set") -> IndicatorSet:
    found: IndicatorSet = as_field(field, lambda: selectors.set_get_visible(actor=actor, set_id=set_id or 0))
    return found


def indicator_of(actor: User, indicator_id: int | None, field: str = "indicator") -> Indicator:
    found: Indicator = as_field(
        field, lambda: selectors.indicator_get_visible(actor=actor, indicator_id=indicator_id or 0)
    )
    return found


def figure_filters(request: Request) -> dict[str, Any]:
    """``set``, ``indicator``, ``period`` and ``unit`` of a list's query (an unknown one: 400)."""
    actor = actor_of(request.user)
    chosen: dict[str, Any] = {}
    set_id, indicator_id = query_int(request, "set"), query_int(request, "indicator")
    period_id, unit_id = query_int(request, "period"), query_int(request, "unit")
    if set_id:
        chosen["indicator_set"] = set_of(actor, set_id)
    if indicator_id:
        chosen["indicator"] = indicator_of(actor, indicator_id)
    if period_id:
        chosen["period"] = period_of(period_id)
    if unit_id:
        chosen["unit"] = unit_of(unit_id, "unit")
    return chosen


def _page(view: ApiView, request: Request, rows: Any, output: Any, **context: Any) -> Response:
    paginator = Pagination()
    page: Any = paginator.paginate_queryset(rows, request, view=view)
    return paginator.get_paginated_response(output(page, many=True, context=context).data)


class IndicatorListApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("set", int, description="Only the indicators of this set, in any order."),
            OpenApiParameter("q", str, description="Words of the code or the names."),
            OpenApiParameter("include_retired", bool),
        ],
        responses={200: IndicatorOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request.user)
        set_id = query_int(request, "set")
        rows = selectors.indicator_list_visible(
            actor=actor,
            indicator_set=set_of(actor, set_id) if set_id else None,
            search=(request.query_params.get("q") or "").strip()[:200],
            include_retired=parse_flag(request.query_params.get("include_retired")),
        ).prefetch_related("disaggregation__options")
        return _page(self, request, rows, IndicatorOutput)


class IndicatorDetailApi(ApiView):
    @extend_schema(responses={200: IndicatorOutput, **ERRORS})
    def get(self, request: Request, indicator_id: int) -> Response:
        indicator = selectors.indicator_get_visible(actor=actor_of(request.user), indicator_id=indicator_id)
        return Response(IndicatorOutput(indicator).data)


class SetListApi(ApiView):
    @extend_schema(responses={200: IndicatorSetOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        return _page(
            self, request, selectors.set_list_visible(actor=actor_of(request.user)), IndicatorSetOutput
        )


class SetDetailApi(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("on", str, description="The day of the reporting lines (YYYY-MM-DD).")],
        responses={200: IndicatorSetDetailOutput, **ERRORS},
    )
    def get(self, request: Request, set_id: int) -> Response:
        indicator_set = selectors.set_get_visible(actor=actor_of(request.user), set_id=set_id)
        on = query_date(request) or today()
        return Response(IndicatorSetDetailOutput(indicator_set, context={"on": on}).data)


class TargetListApi(ApiView):
    @extend_schema(parameters=FIGURE_FILTERS, responses={200: TargetOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        rows = selectors.target_list_visible(actor=actor_of(request.user), **figure_filters(request))
        return _page(self, request, rows, TargetOutput)


class TargetDetailApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        value = AmountField()
        reason = StrictCharField(max_length=2000)
        version = VersionField()

    @extend_schema(responses={200: TargetDetailOutput, **ERRORS})
    def get(self, request: Request, target_id: int) -> Response:
        target = selectors.target_get_visible(actor=actor_of(request.user), target_id=target_id)
        return Response(TargetDetailOutput(target).data)

    @extend_schema(request=InputSerializer, responses={200: TargetDetailOutput, **WRITE_ERRORS})
    def patch(self, request: Request, target_id: int) -> Response:
        """Revise a target, with a reason (the side that set it)."""
        actor = actor_of(request.user)
        target = selectors.target_get_visible(actor=actor, target_id=target_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target_services.target_revise(
            actor=actor,
            target=target,
            value=data.validated_data["value"],
            reason=data.validated_data["reason"],
            expected_version=expected_version(request),
        )
        return Response(
            TargetDetailOutput(selectors.target_get_visible(actor=actor, target_id=target_id)).data
        )


class AllocationEntry(serializers.Serializer[Any]):
    unit = IdField()
    value = AmountField()
    version = VersionField(help_text="The version of the unit's target you read, if it has one.")


class AllocationListApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        set = IdField()
        indicator = IdField()
        unit = IdField(help_text="The allocating unit: the collecting unit or one units report to.")
        period = IdField()
        targets = AllocationEntry(many=True, min_length=1, max_length=10000)  # type: ignore[call-arg]
        reason = StrictCharField(required=False, default="", allow_blank=True, max_length=2000)

    @extend_schema(parameters=FIGURE_FILTERS, responses={200: AllocationOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        """The allocations the reader may see (those of units whose figures he reads)."""
        rows = selectors.allocation_list_visible(actor=actor_of(request.user), **figure_filters(request))
        return _page(self, request, rows, AllocationOutput)

    @extend_schema(request=InputSerializer, responses={201: AllocationResultOutput, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Give targets to the units reporting to ``unit``: the children's total is checked
        against ``unit``'s own target and the difference returned (``flagged`` unless balanced)."""
        actor = actor_of(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        entries = [
            target_services.TargetEntry(
                unit=unit_of(entry["unit"], f"targets.{index}.unit"),
                value=entry["value"],
                version=entry.get("version"),
            )
            for index, entry in enumerate(values["targets"])
        ]
        result = target_services.targets_allocate(
            actor=actor,
            indicator_set=set_of(actor, values["set"]),
            indicator=indicator_of(actor, values["indicator"]),
            unit=unit_of(values["unit"], "unit"),
            period=period_of(values["period"]),
            targets=entries,
            reason=values["reason"],
        )
        return Response(AllocationResultOutput(result).data, status=201)
