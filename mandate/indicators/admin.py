"""The admin shows indicators, sets, targets, submissions, actuals and stated figures. Names and
definitions can be corrected here (audited, versioned: ``AuditedAdmin``); everything with a rule — targets,
actuals, submissions, the reporting hierarchy — is read-only, changed only through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mandate.core.admin_audit import AuditedAdmin
from mandate.indicators.models import (
    Actual,
    Allocation,
    Disaggregation,
    Indicator,
    IndicatorSet,
    StatedFigure,
    Submission,
    Target,
    ValidationRule,
    ValidationWarning,
)


class _NoAdd(AuditedAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class _ViewOnly(_NoAdd):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Disaggregation)
class DisaggregationAdmin(_NoAdd):
    list_display = ["code", "name", "name_en"]
    readonly_fields = ["code", "version"]
    fields = ["code", "name", "name_en", "version"]


@admin.register(Indicator)
class IndicatorAdmin(_NoAdd):
    list_display = [
        "code",
        "name",
        "measure",
        "kind",
        "aggregation",
        "period_kind",
        "owner_unit",
        "retired_at",
    ]
    list_filter = ["kind", "aggregation", "period_kind"]
    search_fields = ["code", "name", "name_en"]
    # The meaning of an indicator (ADR 0029) is set once, by the service.
    readonly_fields = [
        "code",
        "measure",
        "direction",
        "kind",
        "factor",
        "provider",
        "aggregation",
        "period_kind",
        "source_document",
        "parent",
        "disaggregation",
        "explanation_threshold",
        "decimals",
        "owner_unit",
        "retired_at",
        "retired_reason",
        "version",
    ]
    fields = [
        *readonly_fields,
        "name",
        "name_en",
        "definition",
        "numerator_label",
        "numerator_label_en",
        "denominator_label",
        "denominator_label_en",
    ]


@admin.register(IndicatorSet)
class IndicatorSetAdmin(_NoAdd):
    list_display = ["code", "name", "collecting_unit", "period_kind", "valid_from", "valid_to"]
    search_fields = ["code", "name", "name_en"]
    readonly_fields = [
        "code",
        "collecting_unit",
        "period_kind",
        "deadline_days",
        "source_document",
        "valid_from",
        "valid_to",
        "retired_at",
        "retired_reason",
        "version",
    ]
    fields = [*readonly_fields, "name", "name_en"]


@admin.register(Target)
class TargetAdmin(_ViewOnly):
    list_display = ["indicator", "unit", "period", "value", "set_by_unit", "handed_over_on"]
    list_select_related = ["indicator", "unit", "period", "set_by_unit"]


@admin.register(Allocation)
class AllocationAdmin(_ViewOnly):
    list_display = ["indicator", "unit", "period", "parent_target", "children_total", "status", "at"]
    list_filter = ["status"]


@admin.register(Submission)
class SubmissionAdmin(_ViewOnly):
    list_display = ["indicator_set", "unit", "period", "state", "next_unit", "accepted_at"]
    list_filter = ["state"]
    list_select_related = ["indicator_set", "unit", "period", "next_unit"]


@admin.register(Actual)
class ActualAdmin(_ViewOnly):
    list_display = ["indicator", "unit", "period", "option", "value", "entered_at"]
    list_select_related = ["indicator", "unit", "period", "option"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(_ViewOnly):
    """Rules change through ``services.rules`` (checked whole, audited), never here."""

    list_display = ["indicator_set", "code", "left", "operator", "right", "importance", "retired_at"]
    list_filter = ["importance"]
    list_select_related = ["indicator_set"]


@admin.register(ValidationWarning)
class ValidationWarningAdmin(_ViewOnly):
    list_display = ["rule", "unit", "period", "left_value", "right_value", "first_seen_at", "resolved_at"]
    list_select_related = ["rule", "unit", "period"]


@admin.register(StatedFigure)
class StatedFigureAdmin(_ViewOnly):
    list_display = ["unit", "period", "text", "stated_text", "verdict", "code", "entered_at"]
    list_filter = ["verdict"]
    list_select_related = ["unit", "period"]
