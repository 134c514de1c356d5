"""The annual classification's API (issue 14 items 3 and 7; ADR 0053): the rule sets, the
classifications a reader may see, a leader's proposal and the final decision. Thin: the same
selectors and services as the sheet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, WRITE_ERRORS, ApiView, Pagination, expected_version
from mandate.core.api_fields import IdField, StrictCharField, VersionField, query_int, query_year
from mandate.core.exceptions import ApplicationError
from mandate.evaluations import policy_annual, selectors_annual
from mandate.evaluations.models.annual import (
    AnnualClassification,
    AnnualLevel,
    AnnualRuleSet,
    AnnualSubjectKind,
)
from mandate.evaluations.rule_sets import RANK
from mandate.evaluations.services import annual as services
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of
from mandate.people.models import Person

LIST_PURPOSE = "evaluations.annual_list"
DETAIL_PURPOSE = "evaluations.annual_detail"


class RuleSetOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    key = serializers.CharField()
    subject_kinds = serializers.ListField(child=serializers.CharField())
    source_document = serializers.CharField()
    source_title = serializers.CharField()
    source_title_en = serializers.CharField()
    source_url = serializers.CharField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    to_verify = serializers.BooleanField()
    to_verify_note = serializers.CharField()
    to_verify_note_en = serializers.CharField()
    rules = serializers.JSONField(
        help_text="Scale, parts, thresholds, overrides and quotas, each rule with its mark."
    )


class OverrideOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    ceiling = serializers.CharField()
    reason = serializers.CharField()
    reason_en = serializers.CharField()
    to_verify = serializers.BooleanField()


class ActionOutput(serializers.Serializer[Any]):
    name = serializers.CharField()
    allowed = serializers.BooleanField()
    reason = serializers.CharField()


class ClassificationOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    subject_kind = serializers.ChoiceField(choices=AnnualSubjectKind.choices)
    person = serializers.IntegerField(source="person_id", allow_null=True)
    person_name = serializers.CharField(source="person.full_name", allow_null=True, default=None)
    unit = serializers.IntegerField(source="unit_id")
    rule_set = RuleSetOutput()
    months_worked = serializers.IntegerField()
    maternity_leave = serializers.BooleanField()
    leave_months = serializers.IntegerField()
    degradation_concluded = serializers.BooleanField()
    managed_unit_corruption = serializers.BooleanField()
    points = serializers.DictField(child=serializers.CharField())
    state = serializers.CharField()
    proposed_level = serializers.ChoiceField(choices=AnnualLevel.choices)
    proposal_result = serializers.ChoiceField(choices=AnnualLevel.choices)
    proposal_overrides = OverrideOutput(many=True)
    proposal_note = serializers.CharField()
    proposed_by = serializers.CharField(source="proposed_by.username")
    proposed_at = serializers.DateTimeField()
    decided_level = serializers.CharField()
    decision_result = serializers.CharField()
    decision_overrides = OverrideOutput(many=True)
    decision_note = serializers.CharField()
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    decided_at = serializers.DateTimeField(allow_null=True)
    result = serializers.CharField()
    monthly = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_monthly(self, row: AnnualClassification) -> dict[str, int]:
        if row.person_id is None:
            return {}
        return selectors_annual.monthly_summary(person_id=row.person_id, year=row.year)

    @extend_schema_field(ActionOutput(many=True))
    def get_actions(self, row: AnnualClassification) -> list[dict[str, Any]]:
        return [
            {"name": a.name, "allowed": a.allowed, "reason": a.reason}
            for a in policy_annual.available_actions(self.context["actor"], row)
        ]


class PointsInput(serializers.DictField):
    child = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100)
    )


class RuleSetListApi(ApiView):
    """The rule sets loaded, with their sources and "to verify" marks (reference data)."""

    @extend_schema(responses={200: RuleSetOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        rows = AnnualRuleSet.objects.filter(retired_at__isnull=True).order_by("valid_from", "key")
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(RuleSetOutput(page, many=True).data)


def _object(model: type[OrgUnit] | type[Person], pk: int, field: str) -> Any:
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ApplicationError(fields={field: ["Not found."]})
    return found


def _response(request: Request, row_id: int, *, status: int = 200) -> Response:
    actor = actor_of(request.user)
    row = selectors_annual.classification_get(actor=actor, classification_id=row_id, purpose=None)
    return Response(ClassificationOutput(row, context={"actor": actor}).data, status=status)


class ClassificationListApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        year = serializers.IntegerField(min_value=1990, max_value=2100)
        subject_kind = serializers.ChoiceField(choices=AnnualSubjectKind.choices)
        unit = IdField()
        person = IdField(required=False, allow_null=True)
        level = serializers.ChoiceField(choices=list(RANK), required=False, allow_null=True)
        points = PointsInput(required=False)
        months_worked = serializers.IntegerField(min_value=0, max_value=12, default=12)
        maternity_leave = serializers.BooleanField(default=False)
        leave_months = serializers.IntegerField(min_value=0, max_value=12, default=0)
        degradation_concluded = serializers.BooleanField(default=False)
        managed_unit_corruption = serializers.BooleanField(default=False)
        note = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", int, description="Only the classifications of this unit's subtree."),
            OpenApiParameter("year", int),
        ],
        responses={200: ClassificationOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request.user)
        rows = selectors_annual.classification_list(
            actor=actor, unit_id=query_int(request, "unit"), year=query_year(request)
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        selectors_annual.log_reads(actor=actor, rows=list(page or []), purpose=LIST_PURPOSE)
        return paginator.get_paginated_response(
            ClassificationOutput(page, many=True, context={"actor": actor}).data
        )

    @extend_schema(request=InputSerializer, responses={201: ClassificationOutput, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        row = services.annual_propose(
            actor=actor_of(request.user),
            year=values["year"],
            subject_kind=values["subject_kind"],
            unit=_object(OrgUnit, values["unit"], "unit"),
            person=_object(Person, values["person"], "person") if values.get("person") else None,
            inputs=services.Inputs(
                level=values.get("level"),
                points=dict(values.get("points") or {}),
                months_worked=values["months_worked"],
                maternity_leave=values["maternity_leave"],
                leave_months=values["leave_months"],
                degradation_concluded=values["degradation_concluded"],
                managed_unit_corruption=values["managed_unit_corruption"],
                note=values["note"],
            ),
        )
        return _response(request, row.pk, status=201)


class ClassificationDetailApi(ApiView):
    @extend_schema(responses={200: ClassificationOutput, **ERRORS})
    def get(self, request: Request, classification_id: int) -> Response:
        actor = actor_of(request.user)
        row = selectors_annual.classification_get(
            actor=actor, classification_id=classification_id, purpose=DETAIL_PURPOSE
        )
        return Response(ClassificationOutput(row, context={"actor": actor}).data)


class ClassificationDecideApi(ApiView):
    """The final decision: the level (a scale of levels) or the points (a points scale)."""

    class InputSerializer(serializers.Serializer[Any]):
        level = serializers.ChoiceField(choices=list(RANK), required=False, allow_null=True)
        points = PointsInput(required=False)
        note = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: ClassificationOutput, **WRITE_ERRORS})
    def post(self, request: Request, classification_id: int) -> Response:
        actor = actor_of(request.user)
        row = selectors_annual.classification_get(
            actor=actor, classification_id=classification_id, purpose=None
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.annual_decide(
            actor=actor,
            classification=row,
            level=values.get("level"),
            points=dict(values["points"]) if values.get("points") else None,
            note=values["note"],
            expected_version=expected_version(request),
        )
        return _response(request, row.pk)
