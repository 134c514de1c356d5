"""The indicators API, part two: actuals (list, enter, change one), submissions (list, detail
with the actions this reader may take, the moves of approval) and the approval queue of the
reader — through the same selectors and services as the pages (ADR 0030)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, WRITE_ERRORS, ApiView, Pagination, expected_version
from mandate.core.api_fields import IdField, StrictCharField, VersionField, query_date, refuse_unknown_fields
from mandate.core.exceptions import ApplicationError
from mandate.core.request_values import RequestValues
from mandate.indicators import policy, selectors
from mandate.indicators.api import FIGURE_FILTERS, figure_filters, indicator_of, period_of, set_of, unit_of
from mandate.indicators.api_outputs import (
    ActualDetailOutput,
    ActualOutput,
    AmountField,
    SubmissionDetailOutput,
    SubmissionOutput,
    as_recorded,
    targets_of,
)
from mandate.indicators.enums import SubmissionState
from mandate.indicators.models import Actual, DisaggregationOption, Indicator
from mandate.indicators.services import actuals as actual_services
from mandate.indicators.services import approval
from mandate.people.actors import actor_of


def _option(indicator: Indicator, option_id: int | None, field: str) -> DisaggregationOption | None:
    if option_id is None:
        return None
    found = DisaggregationOption.objects.filter(pk=option_id).first()
    if found is None:
        raise ApplicationError(fields={field: [_("Not found.")]})
    return found


class ActualEntryInput(serializers.Serializer[Any]):
    indicator = IdField()
    option = IdField(
        required=False, allow_null=True, default=None, help_text="A part of the breakdown; none: the total."
    )
    value = AmountField(
        required=False, allow_null=True, default=None, help_text="A number indicator's value."
    )
    numerator = AmountField(required=False, allow_null=True, default=None, help_text="A ratio's numerator.")
    denominator = AmountField(
        required=False, allow_null=True, default=None, help_text="A ratio's denominator."
    )
    explanation = StrictCharField(
        required=False,
        allow_null=True,
        default=None,
        allow_blank=True,
        max_length=5000,
        help_text="Why the value is below its target (none: keep the one stored).",
    )
    version = VersionField(help_text="The version of the value you read, if it exists.")


class ActualListApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        set = IdField()
        unit = IdField(help_text="The reporting unit.")
        period = IdField()
        entries = ActualEntryInput(many=True, min_length=1, max_length=5000)  # type: ignore[call-arg]

    @extend_schema(
        parameters=[
            *FIGURE_FILTERS,
            OpenApiParameter(
                "as_recorded_on",
                str,
                description="The values as they were recorded by the end of this day (YYYY-MM-DD): "
                "later changes left out, values entered later absent.",
            ),
        ],
        responses={200: ActualOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        on = query_date(request, "as_recorded_on")
        rows = selectors.actual_list_visible(actor=actor_of(request.user), **figure_filters(request))
        paginator = Pagination()
        page: list[Actual] = list(paginator.paginate_queryset(rows, request, view=self) or [])
        if on is not None:
            page = as_recorded(page, on=on)
        context = {"targets": targets_of(page)}
        return paginator.get_paginated_response(ActualOutput(page, many=True, context=context).data)

    @extend_schema(request=InputSerializer, responses={200: ActualOutput(many=True), **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Enter or change a unit's values for a set and period, all or none. A value that exists
        needs the version read; one equal to what is stored changes nothing."""
        actor = actor_of(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        indicator_set = set_of(actor, values["set"])
        entries = []
        for index, raw in enumerate(values["entries"]):
            indicator = indicator_of(actor, raw["indicator"], f"entries.{index}.indicator")
            entries.append(
                actual_services.ActualEntry(
                    indicator=indicator,
                    value=raw["value"],
                    numerator=raw["numerator"],
                    denominator=raw["denominator"],
                    explanation=raw["explanation"],
                    option=_option(indicator, raw["option"], f"entries.{index}.option"),
                    version=raw.get("version"),
                )
            )
        saved = actual_services.actuals_enter(
            actor=actor,
            indicator_set=indicator_set,
            unit=unit_of(values["unit"], "unit"),
            period=period_of(values["period"]),
            entries=entries,
        )
        fresh = list(selectors.actual_list_visible(actor=actor).filter(pk__in=[a.pk for a in saved]))
        order = {a.pk: i for i, a in enumerate(saved)}
        fresh.sort(key=lambda a: order[a.pk])
        return Response(ActualOutput(fresh, many=True, context={"targets": targets_of(fresh)}).data)


class ActualDetailApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        value = AmountField(required=False, allow_null=True, default=None)
        numerator = AmountField(required=False, allow_null=True, default=None)
        denominator = AmountField(required=False, allow_null=True, default=None)
        explanation = StrictCharField(
            required=False, allow_null=True, default=None, allow_blank=True, max_length=5000
        )
        version = VersionField()

    @extend_schema(responses={200: ActualDetailOutput, **ERRORS})
    def get(self, request: Request, actual_id: int) -> Response:
        return Response(
            ActualDetailOutput(
                selectors.actual_get_visible(actor=actor_of(request.user), actual_id=actual_id)
            ).data
        )

    @extend_schema(request=InputSerializer, responses={200: ActualDetailOutput, **WRITE_ERRORS})
    def patch(self, request: Request, actual_id: int) -> Response:
        """Change one value: 409 while it awaits approval or is locked, or when stale."""
        actor = actor_of(request.user)
        actual = selectors.actual_get_visible(actor=actor, actual_id=actual_id)
        data = self.InputSerializer(data=request.data)
        refuse_unknown_fields(request.data, data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        keep = values["value"] is None and values["numerator"] is None and values["denominator"] is None
        entry = actual_services.ActualEntry(
            indicator=actual.indicator,
            value=actual.value if keep and actual.numerator is None else values["value"],
            numerator=actual.numerator if keep else values["numerator"],
            denominator=actual.denominator if keep else values["denominator"],
            explanation=values["explanation"],
            option=actual.option,
            version=expected_version(request),
        )
        actual_services.actuals_enter(
            actor=actor,
            indicator_set=actual.submission.indicator_set,
            unit=actual.unit,
            period=actual.period,
            entries=[entry],
        )
        return Response(
            ActualDetailOutput(selectors.actual_get_visible(actor=actor, actual_id=actual_id)).data
        )


SUBMISSION_FILTERS = [
    OpenApiParameter("set", int),
    OpenApiParameter("period", int),
    OpenApiParameter("unit", int),
    OpenApiParameter("state", str, enum=SubmissionState.values),
]


class SubmissionListApi(ApiView):
    @extend_schema(parameters=SUBMISSION_FILTERS, responses={200: SubmissionOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        values = RequestValues(request.query_params, written_dates=False)
        state = values.choice("state", SubmissionState.values)
        values.raise_if_invalid()
        chosen = figure_filters(request)
        chosen.pop("indicator", None)
        rows = selectors.submission_list_visible(actor=actor_of(request.user), state=state, **chosen)
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(SubmissionOutput(page, many=True).data)


class SubmissionDetailApi(ApiView):
    @extend_schema(responses={200: SubmissionDetailOutput, **ERRORS})
    def get(self, request: Request, submission_id: int) -> Response:
        actor = actor_of(request.user)
        submission = selectors.submission_get_visible(actor=actor, submission_id=submission_id)
        return Response(SubmissionDetailOutput(submission, context={"actor": actor}).data)


class SubmissionTransitionApi(ApiView):
    """One move of approval: submit, approve, return (with a reason), accept (locks), unlock
    (with a reason)."""

    class InputSerializer(serializers.Serializer[Any]):
        action = serializers.ChoiceField(choices=[(m, m) for m in policy.MOVES])
        reason = StrictCharField(required=False, default="", allow_blank=True, max_length=2000)
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: SubmissionDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, submission_id: int) -> Response:
        actor = actor_of(request.user)
        submission = selectors.submission_get_visible(actor=actor, submission_id=submission_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        approval.submission_transition(
            actor=actor,
            submission=submission,
            action=data.validated_data["action"],
            expected_version=expected_version(request),
            reason=data.validated_data["reason"],
        )
        fresh = selectors.submission_get_visible(actor=actor, submission_id=submission_id)
        return Response(SubmissionDetailOutput(fresh, context={"actor": actor}).data)


class ApprovalQueueApi(ApiView):
    """The submissions awaiting a level the reader leads: approve, return or accept."""

    @extend_schema(responses={200: SubmissionOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        rows = selectors.approval_queue(actor=actor_of(request.user))
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(SubmissionOutput(page, many=True).data)
