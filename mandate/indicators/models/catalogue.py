"""What is measured and who reports it: indicators, their breakdowns, sets and the sets'
reporting hierarchies (ADR 0029)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.indicators.enums import (
    Aggregation,
    Direction,
    IndicatorKind,
    Measure,
    ReportingPeriodKind,
)

AMOUNT = {"max_digits": 20, "decimal_places": 4}  # up to 10^16, four decimals: VND and ratios alike


class Disaggregation(BaseModel):
    """A category a value may be broken down by (sex, age group): the parts of a total."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")

    def __str__(self) -> str:
        return self.name


class DisaggregationOption(models.Model):
    disaggregation = models.ForeignKey(
        Disaggregation, on_delete=models.PROTECT, related_name="options", verbose_name=_("disaggregation")
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("disaggregation option")
        verbose_name_plural = _("disaggregation options")
        ordering = ["disaggregation_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["disaggregation", "code"], name="disaggregation_option_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(BaseModel):
    """What is measured, once for the whole product (DHIS2's data element with Akvo's target
    semantics): its code, names, measure, which way is better, how values are formed and summed,
    the period it is reported for and the document that set it. ``owner_unit`` maintains the
    definition (usually the collecting unit or the source document's issuer).

    A definition whose values exist is never changed in meaning (kind, measure, factor,
    aggregation, direction, period kind): a new meaning is a new indicator (ADR 0029)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    measure = models.CharField(_("unit of measure"), max_length=20, choices=Measure.choices)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.NUMBER
    )
    numerator_label = models.CharField(_("numerator"), max_length=300, blank=True)
    numerator_label_en = models.CharField(_("numerator (English)"), max_length=300, blank=True)
    denominator_label = models.CharField(_("denominator"), max_length=300, blank=True)
    denominator_label_en = models.CharField(_("denominator (English)"), max_length=300, blank=True)
    # A ratio is shown as numerator / denominator × factor (100 for a percentage).
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=4, default=1)
    provider = models.CharField(
        _("provider"), max_length=60, blank=True, help_text=_("For a computed indicator.")
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=4, choices=Aggregation.choices, default=Aggregation.SUM
    )
    period_kind = models.CharField(_("period type"), max_length=10, choices=ReportingPeriodKind.choices)
    source_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="indicators",
        verbose_name=_("set by document"),
    )  # fmt: skip
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="parts",
        verbose_name=_("part of"),
    )  # fmt: skip
    disaggregation = models.ForeignKey(
        Disaggregation, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators",
        verbose_name=_("broken down by"),
    )  # fmt: skip
    # Percentage points of achievement below 100 beyond which a value needs an explanation
    # before it is submitted (10: anything under 90% of the target).
    explanation_threshold = models.DecimalField(
        _("explanation threshold (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    owner_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("maintained by"),
    )
    owner_path = models.CharField(max_length=255, editable=False, db_index=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_reason = models.TextField(_("reason for retirement"), blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(measure__in=Measure.values), name="indicator_measure_valid"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="indicator_direction_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=IndicatorKind.values), name="indicator_kind_valid"),
            models.CheckConstraint(
                condition=Q(aggregation__in=Aggregation.values), name="indicator_aggregation_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_kind__in=ReportingPeriodKind.values), name="indicator_period_kind_valid"
            ),
            models.CheckConstraint(condition=Q(factor__gt=0), name="indicator_factor_positive"),
            models.CheckConstraint(condition=Q(decimals__lte=4), name="indicator_decimals_at_most_4"),
            models.CheckConstraint(
                condition=Q(explanation_threshold__isnull=True)
                | Q(explanation_threshold__gte=0, explanation_threshold__lte=100),
                name="indicator_threshold_percent",
            ),
            # A computed indicator names its provider; no other kind has one.
            models.CheckConstraint(
                condition=Q(kind=IndicatorKind.COMPUTED, provider__gt="")
                | (~Q(kind=IndicatorKind.COMPUTED) & Q(provider="")),
                name="indicator_provider_iff_computed",
            ),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="indicator_not_own_part"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class IndicatorSet(BaseModel):
    """What a collecting unit asks units to report, for which periods and by when (DHIS2's data
    set): "Công tác xây dựng Đảng 2023" collected by the City Party Committee. Its reporting
    hierarchy (``ReportingLine``) may differ from the organisation tree."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    collecting_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="collected_sets",
        verbose_name=_("collecting unit"),
    )
    collecting_path = models.CharField(max_length=255, editable=False, db_index=True)
    period_kind = models.CharField(_("period type"), max_length=10, choices=ReportingPeriodKind.choices)
    # Values for a period are due this many days after its last day (the reporting rates).
    deadline_days = models.PositiveSmallIntegerField(_("due days after the period"), default=15)
    source_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="indicator_sets",
        verbose_name=_("set by document"),
    )  # fmt: skip
    valid_from = models.DateField(_("collected from"))
    valid_to = models.DateField(_("collected until"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    retired_reason = models.TextField(_("reason for retirement"), blank=True)
    indicators = models.ManyToManyField(Indicator, through="IndicatorSetItem", related_name="sets")

    class Meta:
        verbose_name = _("indicator set")
        verbose_name_plural = _("indicator sets")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_kind__in=ReportingPeriodKind.values), name="indicatorset_period_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="indicatorset_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorSetItem(models.Model):
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="set_items")
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator of a set")
        verbose_name_plural = _("indicators of a set")
        ordering = ["indicator_set_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator_set", "indicator"], name="setitem_unique_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_set_id}: {self.indicator_id}"


class ReportingLine(models.Model):
    """``unit`` reports to ``reports_to`` in a set, from ``valid_from`` to ``valid_to`` (its last
    day). The lines in force on a period's last day form a tree rooted at the collecting unit;
    a unit's approval levels are the chain from it up to that root (ADR 0029). Lines are ended,
    never deleted, so the hierarchy of any past period stays readable."""

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="lines")
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="reporting_lines",
        verbose_name=_("reporting unit"),
    )
    unit_path = models.CharField(max_length=255, editable=False)
    reports_to = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reports to"),
    )
    reports_to_path = models.CharField(max_length=255, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reporting line")
        verbose_name_plural = _("reporting lines")
        ordering = ["indicator_set_id", "reports_to_path", "unit_path", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=~Q(unit=F("reports_to")), name="reportingline_not_to_itself"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="reportingline_valid_to_after_from",
            ),
            models.UniqueConstraint(
                fields=["indicator_set", "unit", "valid_from"], name="reportingline_unique_start"
            ),
        ]
        indexes = [models.Index(fields=["unit_path"], name="reportingline_unit_path_idx")]

    def __str__(self) -> str:
        return f"{self.unit} → {self.reports_to}"
