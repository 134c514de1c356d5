"""Actuals and the submissions that carry them up a set's hierarchy (ADR 0030)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.indicators.enums import (
    SubmissionEventKind,
    SubmissionState,
    ValueChange,
)
from mandate.indicators.models.catalogue import AMOUNT, DisaggregationOption, Indicator, IndicatorSet


class Submission(BaseModel):
    """A unit's values for one set and period on their way up the set's hierarchy (DHIS2's
    approval of a workflow × period × org unit). ``approved_through`` counts the levels above
    the unit that have approved; ``next_unit`` is the level whose turn it is (empty when it is
    the unit's own turn, or when accepted), so the approval queue is one indexed read."""

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="indicator_submissions",
        verbose_name=_("reporting unit"),
    )
    unit_path = models.CharField(max_length=255, editable=False)
    period = models.ForeignKey(
        "core.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    approved_through = models.PositiveSmallIntegerField(_("levels approved"), default=0)
    next_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("awaiting"),
        null=True,
        blank=True,
    )
    next_path = models.CharField(max_length=255, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last approved by"),
    )
    approved_at = models.DateTimeField(_("last approved at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted and locked by"),
    )
    accepted_at = models.DateTimeField(_("accepted and locked at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("returned by"),
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unlocked by"),
    )
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    unlock_reason = models.TextField(_("reason for unlocking"), blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["indicator_set_id", "period_id", "unit_path"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_set", "unit", "period"], name="submission_one_per_unit_period"
            ),
            models.CheckConstraint(
                condition=Q(state__in=SubmissionState.values), name="submission_state_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["next_path", "state"], name="submission_queue_idx"),
            models.Index(fields=["unit_path"], name="submission_unit_path_idx"),
            # The periods a set has values for (``views.common.set_periods``), probed per period.
            models.Index(fields=["indicator_set", "period"], name="submission_set_period_idx"),
            # The submissions not accepted yet, few once a period is closed: the summed figures
            # join their values to these only (``figure_sums``); with the unit, read from the
            # index alone (ADR 0049: the planner took the period's index and its 31,000 rows).
            models.Index(
                fields=["indicator_set", "period"],
                include=["id", "unit"],
                condition=~Q(state="accepted"),
                name="submission_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_set.code} {self.unit} {self.period_id}"

    @property
    def locked(self) -> bool:
        return self.state == SubmissionState.ACCEPTED


class SubmissionEvent(models.Model):
    """One step of a submission: who acted, for which level, when and why. Append-only: the
    state on any past day is read from these."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=SubmissionEventKind.choices)
    from_state = models.CharField(_("from"), max_length=10, choices=SubmissionState.choices)
    to_state = models.CharField(_("to"), max_length=10, choices=SubmissionState.choices)
    level_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acting for"),
        null=True,
        blank=True,
    )
    reason = models.TextField(_("reason"), blank=True)
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
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["submission_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.kind}"


class Actual(BaseModel):
    """What a unit reports for an indicator and a period: the total (``option`` empty) or one
    part of a disaggregation. ``value`` is the number; a ratio keeps ``numerator`` and
    ``denominator`` (roll-ups sum those, never the percentages) and ``value`` as the ratio ×
    factor, for reading. It belongs to the unit's submission of one set, which decides whether
    it can still be changed (ADR 0030)."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="actuals")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="actuals")
    unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        related_name="indicator_actuals",
        verbose_name=_("unit"),
    )
    unit_path = models.CharField(max_length=255, editable=False)
    period = models.ForeignKey(
        "core.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    option = models.ForeignKey(
        DisaggregationOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("part"),
    )  # fmt: skip
    value = models.DecimalField(_("value"), **AMOUNT)  # type: ignore[arg-type]
    numerator = models.DecimalField(_("numerator"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    denominator = models.DecimalField(_("denominator"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    explanation = models.TextField(_("explanation"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("actual")
        verbose_name_plural = _("actuals")
        ordering = ["indicator_id", "period_id", "unit_path", "option_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"],
                condition=Q(option__isnull=True),
                name="actual_one_total_per_unit_period",
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "period", "option"],
                condition=Q(option__isnull=False),
                name="actual_one_part_per_unit_period",
            ),
            models.CheckConstraint(
                condition=(Q(numerator__isnull=True) & Q(denominator__isnull=True))
                | (Q(numerator__isnull=False) & Q(denominator__gt=0)),
                name="actual_ratio_has_positive_denominator",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "period", "unit_path"], name="actual_indicator_period_idx"),
            models.Index(fields=["unit_path"], name="actual_unit_path_idx"),
            # The totals of an indicator over some periods, summed from the index alone (issue 11,
            # item 14: a country's nine months, ~31,000 values, ``figure_sums``).
            models.Index(
                fields=["indicator", "period", "unit"],
                include=["value", "numerator", "denominator", "submission"],
                condition=Q(option__isnull=True),
                name="actual_total_sums_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit} {self.value}"


class ActualRevision(models.Model):
    """Each value an actual has had, as recorded at ``at``. Append-only: "the value as
    recorded on day D" is the last revision by the end of D."""

    actual = models.ForeignKey(Actual, on_delete=models.PROTECT, related_name="revisions")
    change = models.CharField(_("change"), max_length=10, choices=ValueChange.choices)
    value = models.DecimalField(_("value"), **AMOUNT)  # type: ignore[arg-type]
    numerator = models.DecimalField(_("numerator"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    denominator = models.DecimalField(_("denominator"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    explanation = models.TextField(_("explanation"), blank=True)
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
        verbose_name = _("actual revision")
        verbose_name_plural = _("actual revisions")
        ordering = ["actual_id", "at", "id"]
        indexes = [models.Index(fields=["actual", "at"], name="actualrevision_at_idx")]

    def __str__(self) -> str:
        return f"{self.actual_id} {self.change} {self.value}"
