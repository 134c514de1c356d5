"""The monthly evaluation's API (issue 14, items 2 and 7), under ``/api/v1/evaluations/``: the
same services and selectors as the pages. A unit's month is named ``YYYY-MM``; a change to a
closed month answers 409 with the day it closed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, WRITE_ERRORS, ApiView, Pagination, expected_version
from mandate.core.api_fields import DateField, StrictCharField, VersionField
from mandate.evaluations import selectors_monthly as selectors
from mandate.evaluations.models import EvaluationState, MonthlyEvaluation
from mandate.evaluations.services import monthly as services
from mandate.people.actors import actor_of


def points(maximum: int, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=maximum, **kwargs)


class EvaluationOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="sheet.unit_id")
    month = serializers.DateField(source="sheet.month")
    person = serializers.CharField(source="person.full_name")
    position = serializers.CharField(source="position_title")
    state = serializers.ChoiceField(choices=EvaluationState.choices)
    task_prefill = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    prefill = serializers.JSONField(help_text="The task part's lines, each with its task and deductions.")
    prefill_as_of = serializers.DateField()
    self_discipline = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    self_task = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    self_bonus = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    self_note = serializers.CharField()
    discipline = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    task_points = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    bonus = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    leader_note = serializers.CharField()
    total = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    grade = serializers.CharField()
    closes_on = serializers.DateField(source="sheet.closes_on")
    version = serializers.IntegerField()


class MonthOutput(serializers.Serializer[Any]):
    unit = serializers.IntegerField(source="unit.pk")
    month = serializers.DateField()
    rules = serializers.CharField(source="rules.code")
    opened = serializers.SerializerMethodField()
    closes_on = serializers.DateField()
    closed = serializers.BooleanField()
    exceptionally_outstanding = serializers.SerializerMethodField()
    rated = serializers.IntegerField()
    a_quota = serializers.IntegerField(source="quota")
    a_quota_percent = serializers.IntegerField(source="quota_percent")
    a_given = serializers.IntegerField(source="given")
    submittable = serializers.SerializerMethodField()
    refusal = serializers.SerializerMethodField()
    submitted_at = serializers.SerializerMethodField()
    version = serializers.SerializerMethodField()
    evaluations = EvaluationOutput(source="rows", many=True)

    def get_opened(self, view: selectors.MonthView) -> bool:
        return view.sheet is not None

    def get_exceptionally_outstanding(self, view: selectors.MonthView) -> bool:
        return bool(view.sheet and view.sheet.exceptionally_outstanding)

    def get_submittable(self, view: selectors.MonthView) -> bool:
        return view.sheet is not None and not view.closed and not view.refusal[1]

    def get_refusal(self, view: selectors.MonthView) -> str:
        return view.refusal[1]

    @extend_schema(responses=serializers.DateTimeField(allow_null=True))
    def get_submitted_at(self, view: selectors.MonthView) -> str | None:
        return view.sheet.submitted_at.isoformat() if view.sheet and view.sheet.submitted_at else None

    def get_version(self, view: selectors.MonthView) -> int | None:
        return view.sheet.version if view.sheet else None


def month_response(request: Request, unit_id: int, month: dt.date, *, status: int = 200) -> Response:
    view = selectors.month_get(
        actor=actor_of(request.user), unit_id=unit_id, month=month, on=timezone.localdate(),
        purpose="evaluations.monthly_month",
    )  # fmt: skip
    return Response(MonthOutput(view).data, status=status)


def evaluation_response(request: Request, evaluation: MonthlyEvaluation) -> Response:
    fresh = selectors.evaluation_get(
        actor=actor_of(request.user), evaluation_id=evaluation.pk, purpose="evaluations.monthly_detail"
    )
    return Response(EvaluationOutput(fresh).data)


class MonthlyOwnListApi(ApiView):
    """One's own monthly evaluations, newest first."""

    @extend_schema(responses={200: EvaluationOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        paginator = Pagination()
        rows = paginator.paginate_queryset(
            selectors.own_evaluations(actor=actor_of(request.user)), request, view=self
        )
        return paginator.get_paginated_response(EvaluationOutput(rows, many=True).data)


class MonthDetailApi(ApiView):
    """A unit's month for its leader: the evaluations, the A quota and why it cannot be submitted."""

    @extend_schema(responses={200: MonthOutput, **ERRORS})
    def get(self, request: Request, unit_id: int, month: str) -> Response:
        return month_response(request, unit_id, selectors.month_from_code(month))


class MonthOpenApi(ApiView):
    """Open the month: an evaluation for each official, the task part read from the records."""

    @extend_schema(request=None, responses={201: MonthOutput, **WRITE_ERRORS})
    def post(self, request: Request, unit_id: int, month: str) -> Response:
        day = selectors.month_from_code(month)
        actor = actor_of(request.user)
        unit = selectors.unit_for_leader(actor=actor, unit_id=unit_id)
        services.month_open(actor=actor, unit=unit, month=day)
        return month_response(request, unit_id, day, status=201)


class MonthSettingsApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        closes_on = DateField()
        exceptionally_outstanding = serializers.BooleanField()
        outstanding_basis = StrictCharField(max_length=300, required=False, allow_blank=True, default="")
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: MonthOutput, **WRITE_ERRORS})
    def post(self, request: Request, unit_id: int, month: str) -> Response:
        actor = actor_of(request.user)
        sheet = selectors.sheet_get(actor=actor, unit_id=unit_id, month=selectors.month_from_code(month))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.month_settings(
            actor=actor, sheet=sheet, closes_on=values["closes_on"],
            exceptionally_outstanding=values["exceptionally_outstanding"],
            outstanding_basis=values["outstanding_basis"], expected_version=expected_version(request),
        )  # fmt: skip
        return month_response(request, unit_id, sheet.month)


class MonthSubmitApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: MonthOutput, **WRITE_ERRORS})
    def post(self, request: Request, unit_id: int, month: str) -> Response:
        actor = actor_of(request.user)
        sheet = selectors.sheet_get(actor=actor, unit_id=unit_id, month=selectors.month_from_code(month))
        self.InputSerializer(data=request.data).is_valid(raise_exception=True)
        services.month_submit(actor=actor, sheet=sheet, expected_version=expected_version(request))
        return month_response(request, unit_id, sheet.month)


class EvaluationDetailApi(ApiView):
    @extend_schema(responses={200: EvaluationOutput, **ERRORS})
    def get(self, request: Request, evaluation_id: int) -> Response:
        evaluation = selectors.evaluation_get(
            actor=actor_of(request.user), evaluation_id=evaluation_id, purpose="evaluations.monthly_detail"
        )
        return Response(EvaluationOutput(evaluation).data)


class EvaluationSelfAssessApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        discipline = points(20)
        task = points(70)
        bonus = points(10)
        note = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: EvaluationOutput, **WRITE_ERRORS})
    def post(self, request: Request, evaluation_id: int) -> Response:
        actor = actor_of(request.user)
        evaluation = selectors.evaluation_for_write(actor=actor, evaluation_id=evaluation_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.evaluation_self_assess(
            actor=actor, evaluation=evaluation, discipline=values["discipline"], task=values["task"],
            bonus=values["bonus"], note=values["note"], expected_version=expected_version(request),
        )  # fmt: skip
        return evaluation_response(request, evaluation)


class EvaluationDecideApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        discipline = points(20)
        task = points(
            70, required=False, allow_null=True, help_text="Omitted: the part read from the records."
        )
        bonus = points(10)
        note = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: EvaluationOutput, **WRITE_ERRORS})
    def post(self, request: Request, evaluation_id: int) -> Response:
        actor = actor_of(request.user)
        evaluation = selectors.evaluation_for_write(actor=actor, evaluation_id=evaluation_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.evaluation_decide(
            actor=actor, evaluation=evaluation, discipline=values["discipline"], task=values.get("task"),
            bonus=values["bonus"], note=values["note"], expected_version=expected_version(request),
        )  # fmt: skip
        return evaluation_response(request, evaluation)
