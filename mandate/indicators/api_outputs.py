"""What the indicators API answers: indicators and sets, targets and allocations, actuals and
submissions (with the actions this reader may take), shared by ``api`` and ``api_actuals``.

Amounts are strings written as exact decimals without trailing zeros ("8051", "82.0693"), never
floats: the figures are checked to the digit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from rest_framework import serializers

from mandate.indicators import history, measurement, policy
from mandate.indicators.hierarchy import hierarchy_on
from mandate.indicators.models import (
    Actual,
    ActualRevision,
    Allocation,
    DisaggregationOption,
    Indicator,
    IndicatorSet,
    ReportingLine,
    Submission,
    SubmissionEvent,
    Target,
    TargetRevision,
)


class AmountField(serializers.DecimalField):
    """An exact amount as a string, without trailing zeros."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 4)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        if value is None:
            return None
        number = Decimal(value).normalize()
        return format(number if number != 0 else Decimal(0), "f")


class DisaggregationOptionOutput(serializers.ModelSerializer[DisaggregationOption]):
    class Meta:
        model = DisaggregationOption
        fields = ["id", "code", "name", "name_en"]


class IndicatorOutput(serializers.ModelSerializer[Indicator]):
    factor = AmountField(read_only=True)
    explanation_threshold = AmountField(read_only=True, allow_null=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", read_only=True)
    source_document_symbol = serializers.CharField(
        source="source_document.symbol", allow_null=True, default=None, read_only=True
    )
    options = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "definition",
            "measure",
            "direction",
            "kind",
            "numerator_label",
            "numerator_label_en",
            "denominator_label",
            "denominator_label_en",
            "factor",
            "provider",
            "aggregation",
            "period_kind",
            "source_document",
            "source_document_symbol",
            "parent",
            "disaggregation",
            "options",
            "explanation_threshold",
            "decimals",
            "owner_unit",
            "owner_unit_name",
            "retired_at",
            "version",
        ]

    def get_options(self, indicator: Indicator) -> list[dict[str, Any]]:
        if indicator.disaggregation is None:
            return []
        return list(DisaggregationOptionOutput(indicator.disaggregation.options.all(), many=True).data)


class IndicatorSetOutput(serializers.ModelSerializer[IndicatorSet]):
    collecting_unit_name = serializers.CharField(source="collecting_unit.name", read_only=True)

    class Meta:
        model = IndicatorSet
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "collecting_unit",
            "collecting_unit_name",
            "period_kind",
            "deadline_days",
            "source_document",
            "valid_from",
            "valid_to",
            "retired_at",
            "version",
        ]


class ReportingLineOutput(serializers.ModelSerializer[ReportingLine]):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    reports_to_name = serializers.CharField(source="reports_to.name", read_only=True)

    class Meta:
        model = ReportingLine
        fields = ["unit", "unit_name", "reports_to", "reports_to_name", "valid_from", "valid_to"]


class IndicatorSetDetailOutput(IndicatorSetOutput):
    indicators = serializers.SerializerMethodField()
    lines = serializers.SerializerMethodField(
        help_text="The reporting lines in force on ``on`` (today by default)."
    )

    class Meta(IndicatorSetOutput.Meta):
        fields = [*IndicatorSetOutput.Meta.fields, "indicators", "lines"]

    def get_indicators(self, indicator_set: IndicatorSet) -> list[int]:
        return list(indicator_set.items.order_by("position", "id").values_list("indicator_id", flat=True))

    def get_lines(self, indicator_set: IndicatorSet) -> list[dict[str, Any]]:
        from mandate.indicators.hierarchy import lines_on_q

        day: dt.date = self.context["on"]
        lines = indicator_set.lines.filter(lines_on_q(day)).select_related("unit", "reports_to")
        return list(ReportingLineOutput(lines, many=True).data)


class TargetOutput(serializers.ModelSerializer[Target]):
    value = AmountField(read_only=True)
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    period_code = serializers.CharField(source="period.code", read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "indicator_code",
            "indicator_set",
            "unit",
            "unit_name",
            "period",
            "period_code",
            "value",
            "set_by_unit",
            "handed_over_on",
            "version",
        ]


class TargetRevisionOutput(serializers.ModelSerializer[TargetRevision]):
    value = AmountField(read_only=True)
    previous_value = AmountField(read_only=True, allow_null=True)
    by = serializers.CharField(source="actor_label", read_only=True)

    class Meta:
        model = TargetRevision
        fields = ["change", "value", "previous_value", "reason", "allocation", "by", "at"]


class TargetDetailOutput(TargetOutput):
    revisions = TargetRevisionOutput(many=True, read_only=True)

    class Meta(TargetOutput.Meta):
        fields = [*TargetOutput.Meta.fields, "revisions"]


class AllocationOutput(serializers.ModelSerializer[Allocation]):
    parent_target = AmountField(read_only=True, allow_null=True)
    children_total = AmountField(read_only=True, allow_null=True)
    difference = AmountField(
        read_only=True, allow_null=True, help_text="Children's total − own target: negative is a shortfall."
    )
    flagged = serializers.BooleanField(
        read_only=True, help_text="Anything but balanced: shown, never silent."
    )
    by = serializers.CharField(source="actor_label", read_only=True)

    class Meta:
        model = Allocation
        fields = [
            "id",
            "indicator",
            "indicator_set",
            "unit",
            "period",
            "parent_target",
            "children_total",
            "difference",
            "status",
            "flagged",
            "reason",
            "by",
            "at",
        ]


class AllocationResultOutput(serializers.Serializer[Any]):
    allocation = AllocationOutput()
    targets = TargetOutput(many=True)
    children = serializers.IntegerField(help_text="Units reporting to the allocating unit.")
    children_without_target = serializers.IntegerField()


def _username(field: str) -> serializers.CharField:
    return serializers.CharField(source=f"{field}.username", allow_null=True, default=None, read_only=True)


class SubmissionOutput(serializers.ModelSerializer[Submission]):
    set_name = serializers.CharField(source="indicator_set.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    period_code = serializers.CharField(source="period.code", read_only=True)
    next_unit_name = serializers.CharField(
        source="next_unit.name", allow_null=True, default=None, read_only=True
    )
    submitted_by = _username("submitted_by")
    approved_by = _username("approved_by")
    accepted_by = _username("accepted_by")
    returned_by = _username("returned_by")
    unlocked_by = _username("unlocked_by")
    locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "indicator_set",
            "set_name",
            "unit",
            "unit_name",
            "period",
            "period_code",
            "state",
            "locked",
            "approved_through",
            "next_unit",
            "next_unit_name",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "accepted_by",
            "accepted_at",
            "returned_by",
            "returned_at",
            "return_reason",
            "unlocked_by",
            "unlocked_at",
            "unlock_reason",
            "version",
        ]


class ActualOutput(serializers.ModelSerializer[Actual]):
    value = AmountField(read_only=True)
    numerator = AmountField(read_only=True, allow_null=True)
    denominator = AmountField(read_only=True, allow_null=True)
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    period_code = serializers.CharField(source="period.code", read_only=True)
    indicator_set = serializers.IntegerField(source="submission.indicator_set_id", read_only=True)
    state = serializers.CharField(source="submission.state", read_only=True)
    locked = serializers.BooleanField(source="submission.locked", read_only=True)
    entered_by = _username("entered_by")
    submitted_by = _username("submission.submitted_by")
    submitted_at = serializers.DateTimeField(
        source="submission.submitted_at", read_only=True, allow_null=True
    )
    approved_by = _username("submission.approved_by")
    approved_at = serializers.DateTimeField(source="submission.approved_at", read_only=True, allow_null=True)
    locked_by = _username("submission.accepted_by")
    locked_at = serializers.DateTimeField(source="submission.accepted_at", read_only=True, allow_null=True)
    target = serializers.SerializerMethodField(
        help_text="The target it is measured against (its period or longer)."
    )
    achievement = serializers.SerializerMethodField(
        help_text="Actual / target × 100, rounded half up (two places)."
    )

    class Meta:
        model = Actual
        fields = [
            "id",
            "submission",
            "indicator_set",
            "indicator",
            "indicator_code",
            "unit",
            "unit_name",
            "period",
            "period_code",
            "option",
            "value",
            "numerator",
            "denominator",
            "explanation",
            "state",
            "locked",
            "entered_by",
            "entered_at",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "locked_by",
            "locked_at",
            "target",
            "achievement",
            "version",
        ]

    def _target(self, actual: Actual) -> Target | None:
        targets: dict[int, Target | None] = self.context.get("targets", {})
        if actual.pk in targets:
            return targets[actual.pk]
        return measurement.target_for(
            indicator=actual.indicator, unit_id=actual.unit_id, period=actual.period
        )

    def get_target(self, actual: Actual) -> str | None:
        found = self._target(actual)
        return AmountField().to_representation(found.value) if found is not None else None

    def get_achievement(self, actual: Actual) -> str | None:
        if actual.option_id is not None:
            return None
        achieved = measurement.achievement_of(actual, self._target(actual))
        return str(achieved) if achieved is not None else None


class ActualRevisionOutput(serializers.ModelSerializer[ActualRevision]):
    value = AmountField(read_only=True)
    numerator = AmountField(read_only=True, allow_null=True)
    denominator = AmountField(read_only=True, allow_null=True)
    by = serializers.CharField(source="actor_label", read_only=True)

    class Meta:
        model = ActualRevision
        fields = ["change", "value", "numerator", "denominator", "explanation", "by", "at"]


class ActualDetailOutput(ActualOutput):
    revisions = ActualRevisionOutput(many=True, read_only=True)

    class Meta(ActualOutput.Meta):
        fields = [*ActualOutput.Meta.fields, "revisions"]


class SubmissionEventOutput(serializers.ModelSerializer[SubmissionEvent]):
    by = serializers.CharField(source="actor_label", read_only=True)

    class Meta:
        model = SubmissionEvent
        fields = ["kind", "from_state", "to_state", "level_unit", "reason", "by", "at"]


class SubmissionDetailOutput(SubmissionOutput):
    actuals = serializers.SerializerMethodField()
    events = SubmissionEventOutput(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField(
        help_text="What this reader may do now: enter, submit, approve, return, accept, unlock."
    )

    class Meta(SubmissionOutput.Meta):
        fields = [*SubmissionOutput.Meta.fields, "actuals", "events", "allowed_actions"]

    def get_actuals(self, submission: Submission) -> list[dict[str, Any]]:
        rows = submission.actuals.select_related("indicator", "unit", "period", "entered_by").order_by(
            "indicator__code", "option_id"
        )
        return list(ActualOutput(rows, many=True).data)

    def get_allowed_actions(self, submission: Submission) -> list[str]:
        hierarchy = hierarchy_on(submission.indicator_set, submission.period.ends_on)
        return policy.allowed_names(self.context["actor"], submission, hierarchy)


def targets_of(actuals: list[Actual]) -> dict[int, Target | None]:
    """The target each actual is measured against, for a page of actuals in one query."""
    if not actuals:
        return {}
    candidates = Target.objects.filter(
        indicator_id__in={a.indicator_id for a in actuals}, unit_id__in={a.unit_id for a in actuals}
    ).select_related("period")
    by_key: dict[tuple[int, int], list[Target]] = {}
    for target in candidates:
        by_key.setdefault((target.indicator_id, target.unit_id), []).append(target)
    found: dict[int, Target | None] = {}
    for actual in actuals:
        covering = [
            t
            for t in by_key.get((actual.indicator_id, actual.unit_id), [])
            if t.period.starts_on <= actual.period.starts_on and t.period.ends_on >= actual.period.ends_on
        ]
        covering.sort(key=lambda t: (-t.period.starts_on.toordinal(), t.period.ends_on, t.pk))
        found[actual.pk] = covering[0] if covering else None
    return found


def as_recorded(actuals: list[Actual], *, on: dt.date) -> list[Actual]:
    """The page's actuals as they were recorded by the end of ``on`` (their figures and their
    submission's state then); those entered later are left out."""
    revisions = history.values_as_recorded([a.pk for a in actuals], on=on)
    states = history.states_on({a.submission_id for a in actuals}, on=on)
    shown: list[Actual] = []
    for actual in actuals:
        revision = revisions.get(actual.pk)
        if revision is None:
            continue
        actual.value, actual.numerator, actual.denominator = (
            revision.value,
            revision.numerator,
            revision.denominator,
        )
        actual.explanation = revision.explanation
        actual.submission.state = states[actual.submission_id]
        shown.append(actual)
    return shown
