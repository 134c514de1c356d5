"""Targets, their allocations down a set's hierarchy and their revisions (ADR 0029)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.indicators.enums import (
    AllocationStatus,
    TargetChange,
)
from mandate.indicators.models.catalogue import AMOUNT, Indicator, IndicatorSet


class Target(BaseModel):
    """The value a unit is to reach for an indicator in a period: one per (indicator, unit,
    period). Its history is ``TargetRevision``; ``set_by_unit`` is the unit whose side set it
    (the unit above in the set, or the collecting unit for its own). ``handed_over_on``: the
    unit was merged or split and this open target passed to its successors on that day; the
    row stays, under the past unit (ADR 0029)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    indicator_set = models.ForeignKey(
        IndicatorSet, on_delete=models.PROTECT, null=True, blank=True, related_name="targets"
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="indicator_targets",
        verbose_name=_("unit"),
    )
    unit_path = models.CharField(max_length=255, editable=False)
    period = models.ForeignKey(
        "core.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    value = models.DecimalField(_("target"), **AMOUNT)  # type: ignore[arg-type]
    set_by_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("set by"),
    )
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator_id", "period_id", "unit_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"], name="target_one_per_unit_period"
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period", "unit_path"], name="target_indicator_period_idx"),
            models.Index(fields=["unit_path"], name="target_unit_path_idx"),
            # The periods a set has targets for (``views.common.set_periods``), probed per period.
            models.Index(fields=["indicator_set", "period"], name="target_set_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit} {self.value}"


class Allocation(models.Model):
    """One allocation of targets by a unit to the units reporting to it: what the children's
    targets add up to against the allocating unit's own, at that moment. Never silently
    accepted: any status but ``balanced`` is a flag (ADR 0029). Append-only."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="allocations")
    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="allocations")
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("allocating unit"),
    )
    period = models.ForeignKey(
        "core.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    parent_target = models.DecimalField(_("own target"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    children_total = models.DecimalField(_("children's total"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    # children_total - parent_target: negative is a shortfall, positive an excess.
    difference = models.DecimalField(_("difference"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    status = models.CharField(_("status"), max_length=20, choices=AllocationStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("allocated by"),
    )
    actor_label = models.CharField(_("allocated by"), max_length=150)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["indicator", "period", "unit"], name="allocation_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period_id}: {self.status}"

    @property
    def flagged(self) -> bool:
        return self.status != AllocationStatus.BALANCED


class TargetRevision(models.Model):
    """Each value a target has had, why and by whom. Append-only."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="revisions")
    change = models.CharField(_("change"), max_length=12, choices=TargetChange.choices)
    value = models.DecimalField(_("target"), **AMOUNT)  # type: ignore[arg-type]
    previous_value = models.DecimalField(_("previous target"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    reason = models.TextField(_("reason"), blank=True)
    allocation = models.ForeignKey(
        Allocation, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_label = models.CharField(_("by"), max_length=150)
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("target revision")
        verbose_name_plural = _("target revisions")
        ordering = ["target_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.target_id} {self.change} {self.value}"
