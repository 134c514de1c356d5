"""The indicators API, part three: a set's validation rules (list, create, change, retire, load a
rules file), the warnings they left per unit and period (ADR 0036), and the reporting rate of a
set for a period (ADR 0037) — through the same selectors and services as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, WRITE_ERRORS, ApiView, Pagination, expected_version
from mandate.core.api_fields import (
    IdField,
    StrictCharField,
    VersionField,
    query_date,
    query_int,
    refuse_unknown_fields,
)
from mandate.core.api_periods import PeriodOutput
from mandate.core.request_values import parse_flag
from mandate.indicators import reporting_rates, selectors, selectors_rules
from mandate.indicators.api import figure_filters, period_of, set_of
from mandate.indicators.api_outputs import AmountField
from mandate.indicators.enums import ReportingStatus, RuleImportance, RuleOperator, SubmissionState
from mandate.indicators.models import ValidationRule, ValidationWarning
from mandate.indicators.rule_templates import RuleSpec
from mandate.indicators.services import rules as rule_services
from mandate.indicators.services.common import require_period_in_set
from mandate.indicators.services.validation import message_of, warning_message
from mandate.people.actors import actor_of
from mandate.people.scopes import today


class RuleOutput(serializers.ModelSerializer[ValidationRule]):
    set_code = serializers.CharField(source="indicator_set.code", read_only=True)
    operator_sign = serializers.CharField(source="get_operator_display", read_only=True)
    message_shown = serializers.SerializerMethodField(help_text="The message in the reader's language.")

    class Meta:
        model = ValidationRule
        fields = [
            "id",
            "indicator_set",
            "set_code",
            "code",
            "left",
            "operator",
            "operator_sign",
            "right",
            "importance",
            "message",
            "message_en",
            "message_shown",
            "retired_at",
            "retired_reason",
            "version",
        ]

    def get_message_shown(self, rule: ValidationRule) -> str:
        return message_of(rule)


class WarningOutput(serializers.ModelSerializer[ValidationWarning]):
    rule_code = serializers.CharField(source="rule.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    period_code = serializers.CharField(source="period.code", read_only=True)
    indicator = serializers.IntegerField(
        source="actual.indicator_id", allow_null=True, default=None, read_only=True
    )
    left_value = AmountField(read_only=True, allow_null=True, max_digits=30)
    right_value = AmountField(read_only=True, allow_null=True, max_digits=30)
    message = serializers.SerializerMethodField(help_text="The rule's message with both sides' figures.")
    entered_by = serializers.CharField(
        source="entered_by.username", allow_null=True, default=None, read_only=True
    )

    class Meta:
        model = ValidationWarning
        fields = [
            "id",
            "rule",
            "rule_code",
            "indicator_set",
            "unit",
            "unit_name",
            "period",
            "period_code",
            "actual",
            "indicator",
            "left_value",
            "right_value",
            "message",
            "entered_by",
            "first_seen_at",
            "last_seen_at",
            "resolved_at",
        ]

    def get_message(self, warning: ValidationWarning) -> str:
        return warning_message(warning)


class RuleListApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        set = IdField()
        code = StrictCharField(max_length=60)
        left = StrictCharField(max_length=1000, help_text="e.g. #{DV-KN-THPT}")
        operator = serializers.ChoiceField(choices=RuleOperator.choices)
        right = StrictCharField(max_length=1000, help_text="e.g. #{DV-KN}")
        importance = serializers.ChoiceField(choices=RuleImportance.choices, default=RuleImportance.ERROR)
        message = StrictCharField(max_length=500)
        message_en = StrictCharField(max_length=500, required=False, default="", allow_blank=True)

    @extend_schema(
        parameters=[OpenApiParameter("set", int), OpenApiParameter("include_retired", bool)],
        responses={200: RuleOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request.user)
        set_id = query_int(request, "set")
        rows = selectors_rules.rule_list_visible(
            actor=actor,
            indicator_set=set_of(actor, set_id) if set_id else None,
            include_retired=parse_flag(request.query_params.get("include_retired")),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(RuleOutput(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: RuleOutput, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """A rule of a set: left side, operator, right side, importance and message (the
        collecting unit's leaders and specialists)."""
        actor = actor_of(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        indicator_set = set_of(actor, values.pop("set"))
        rule = rule_services.rule_create(actor=actor, indicator_set=indicator_set, spec=RuleSpec(**values))
        return Response(RuleOutput(rule).data, status=201)


class RuleDetailApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        left = StrictCharField(max_length=1000, required=False)
        operator = serializers.ChoiceField(choices=RuleOperator.choices, required=False)
        right = StrictCharField(max_length=1000, required=False)
        importance = serializers.ChoiceField(choices=RuleImportance.choices, required=False)
        message = StrictCharField(max_length=500, required=False)
        message_en = StrictCharField(max_length=500, required=False, allow_blank=True)
        version = VersionField()

    @extend_schema(responses={200: RuleOutput, **ERRORS})
    def get(self, request: Request, rule_id: int) -> Response:
        return Response(
            RuleOutput(selectors_rules.rule_get_visible(actor=actor_of(request.user), rule_id=rule_id)).data
        )

    @extend_schema(request=InputSerializer, responses={200: RuleOutput, **WRITE_ERRORS})
    def patch(self, request: Request, rule_id: int) -> Response:
        actor = actor_of(request.user)
        rule = selectors_rules.rule_get_visible(actor=actor, rule_id=rule_id)
        data = self.InputSerializer(data=request.data)
        refuse_unknown_fields(request.data, data)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k != "version"}
        rule_services.rule_update(
            actor=actor, rule=rule, expected_version=expected_version(request), changes=changes
        )
        return Response(RuleOutput(selectors_rules.rule_get_visible(actor=actor, rule_id=rule_id)).data)


class RuleRetireApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        reason = StrictCharField(max_length=2000)
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: RuleOutput, **WRITE_ERRORS})
    def post(self, request: Request, rule_id: int) -> Response:
        """Retire a rule, with a reason: it is no longer checked; its warnings stay."""
        actor = actor_of(request.user)
        rule = selectors_rules.rule_get_visible(actor=actor, rule_id=rule_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rule_services.rule_retire(
            actor=actor,
            rule=rule,
            expected_version=expected_version(request),
            reason=data.validated_data["reason"],
        )
        return Response(RuleOutput(selectors_rules.rule_get_visible(actor=actor, rule_id=rule_id)).data)


class RulesLoadResultOutput(serializers.Serializer[Any]):
    created = serializers.ListField(child=serializers.CharField())
    updated = serializers.ListField(child=serializers.CharField())
    retired = serializers.ListField(child=serializers.CharField())
    unchanged = serializers.ListField(child=serializers.CharField())


class RulesLoadApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        set = IdField()
        file = StrictCharField(
            max_length=500_000, help_text="The rules file's text (YAML, a list under “rules:”)."
        )

    @extend_schema(request=InputSerializer, responses={200: RulesLoadResultOutput, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        """Make the set's rules what the file says: all or nothing, every problem listed."""
        actor = actor_of(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        indicator_set = set_of(actor, data.validated_data["set"])
        result = rule_services.rules_load(
            actor=actor, indicator_set=indicator_set, text=data.validated_data["file"]
        )
        return Response(RulesLoadResultOutput(result).data)


class WarningListApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("set", int),
            OpenApiParameter("period", int),
            OpenApiParameter("unit", int),
            OpenApiParameter("include_resolved", bool),
        ],
        responses={200: WarningOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        """The warnings left on the values the reader reads, per unit and period (open ones)."""
        chosen = figure_filters(request)
        chosen.pop("indicator", None)
        rows = selectors_rules.warning_list_visible(
            actor=actor_of(request.user),
            include_resolved=parse_flag(request.query_params.get("include_resolved")),
            **chosen,
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(WarningOutput(page, many=True).data)


class CountsOutput(serializers.Serializer[Any]):
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    returned = serializers.IntegerField()
    not_submitted = serializers.IntegerField()
    rate = AmountField(allow_null=True, help_text="Submitted / expected × 100, rounded half up.")
    on_time_rate = AmountField(allow_null=True)


class UnitStatusOutput(serializers.Serializer[Any]):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    reports_to = serializers.IntegerField(source="reports_to.pk")
    reports_to_name = serializers.CharField(source="reports_to.name")
    status = serializers.ChoiceField(choices=ReportingStatus.choices)
    state = serializers.ChoiceField(choices=SubmissionState.choices, allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    submission = serializers.IntegerField(source="submission_id", allow_null=True)


class LevelShareOutput(serializers.Serializer[Any]):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    counts = CountsOutput()


class ReportingRateOutput(serializers.Serializer[Any]):
    indicator_set = serializers.IntegerField(source="indicator_set.pk")
    period = PeriodOutput()
    deadline = serializers.DateField()
    on = serializers.DateField(help_text="The day the rate is read as of.")
    rows = UnitStatusOutput(many=True)
    levels = LevelShareOutput(many=True, help_text="The share of each level over the units below it.")


class ReportingRateApi(ApiView):
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("period", int, description="Period (core.Period id); none: the last one ended."),
            OpenApiParameter(
                "on", str, description="As recorded by the end of this day (YYYY-MM-DD; today)."
            ),
        ],
        responses={200: ReportingRateOutput, **ERRORS},
    )
    def get(self, request: Request, set_id: int) -> Response:
        """Which reporting units submitted the set's values for the period, on time or late, and
        which did not; with the share per level."""
        actor = actor_of(request.user)
        indicator_set = selectors.set_get_visible(actor=actor, set_id=set_id)
        period_id, on = query_int(request, "period"), query_date(request) or today()
        period = period_of(period_id) if period_id else reporting_rates.last_ended(indicator_set, on)
        require_period_in_set(indicator_set, period)
        rate = reporting_rates.reporting_rate(actor=actor, indicator_set=indicator_set, period=period, on=on)
        return Response(ReportingRateOutput(rate).data)
