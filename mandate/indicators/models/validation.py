"""Validation rules between values and the warnings they leave (ADR 0036)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.indicators.enums import RuleImportance, RuleOperator
from mandate.indicators.models.actuals import Actual
from mandate.indicators.models.catalogue import IndicatorSet

# A side's value as recorded with a warning: larger than a value (a sum, a product), four decimals.
SIDE = {"max_digits": 30, "decimal_places": 4}


class ValidationRule(BaseModel):
    """DHIS2's validation rule: ``left`` ``operator`` ``right``, two sides written in
    ``rule_expressions`` over a unit's values of one period ("#{DV-KN-THPT} <= #{DV-KN}"). An
    ``error`` refuses the value with ``message``; a ``warning`` is recorded and does not block.
    A rule belongs to the set whose collecting unit manages it; it is retired, never deleted."""

    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.PROTECT, related_name="rules", verbose_name=_("indicator set")
    )
    code = models.CharField(_("code"), max_length=60)
    left = models.CharField(_("left side"), max_length=1000)
    operator = models.CharField(_("operator"), max_length=2, choices=RuleOperator.choices)
    right = models.CharField(_("right side"), max_length=1000)
    importance = models.CharField(
        _("importance"), max_length=7, choices=RuleImportance.choices, default=RuleImportance.ERROR
    )
    message = models.CharField(_("message"), max_length=500)
    message_en = models.CharField(_("English message"), max_length=500, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_reason = models.TextField(_("reason for retirement"), blank=True)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["indicator_set_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "code"], name="validationrule_unique_code"),
            models.CheckConstraint(
                condition=Q(operator__in=RuleOperator.values), name="validationrule_operator_valid"
            ),
            models.CheckConstraint(
                condition=Q(importance__in=RuleImportance.values), name="validationrule_importance_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.left} {self.operator} {self.right}"


class ValidationWarning(models.Model):
    """A warning-level rule that did not hold for a unit's values of a period: its sides as
    computed, the value whose entry raised it, when it was first and last seen, and when it
    stopped holding (``resolved_at``: a later entry satisfied the rule). One open warning per
    rule, unit and period; resolved ones stay as history."""

    rule = models.ForeignKey(
        ValidationRule, on_delete=models.PROTECT, related_name="warnings", verbose_name=_("rule")
    )
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    period = models.ForeignKey(
        "core.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    actual = models.ForeignKey(
        Actual,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warnings",
        verbose_name=_("value"),
    )
    left_value = models.DecimalField(_("left side"), null=True, blank=True, **SIDE)  # type: ignore[arg-type]
    right_value = models.DecimalField(_("right side"), null=True, blank=True, **SIDE)  # type: ignore[arg-type]
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("entered by"),
    )  # fmt: skip
    first_seen_at = models.DateTimeField(_("first seen at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("validation warning")
        verbose_name_plural = _("validation warnings")
        ordering = ["period_id", "unit_path", "rule_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "unit", "period"],
                condition=Q(resolved_at__isnull=True),
                name="validationwarning_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator_set", "period", "unit_path"], name="validationwarning_read_idx")
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.unit_id} {self.period_id}"
