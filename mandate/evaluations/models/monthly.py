"""The monthly evaluation of officials (issue 14, item 2; R7, Hanoi Decision 3814-QĐ/TU).

A ``MonthSheet`` is one unit's month: the day it closes (set by the unit, by default the 5th
working day of the next month), whether the unit is recognised as exceptionally outstanding (its
A quota is 40 %), and when the leader submitted it. A ``MonthlyEvaluation`` is one official's
month on that sheet: the task part pre-filled from the records (kept with the records it was read
from, so the page shows every deduction and the figure never moves once the month is closed), the
official's self-assessment and the leader's decision, side by side. Nothing is deleted: a closed
month is read, never written.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel


class EvaluationState(models.TextChoices):
    OPEN = "open", _("Awaiting the official's self-assessment")
    SELF_ASSESSED = "self_assessed", _("Self-assessed, awaiting the leader")
    DECIDED = "decided", _("Decided by the leader")


class MonthSheet(BaseModel):
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    month = models.DateField(_("month"), help_text=_("The first day of the calendar month."))
    rules_code = models.CharField(_("rules applied"), max_length=40)
    closes_on = models.DateField(_("closes on"))
    exceptionally_outstanding = models.BooleanField(
        _("recognised as exceptionally outstanding"), default=False
    )
    outstanding_basis = models.CharField(_("basis of the recognition"), max_length=300, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("monthly evaluation sheet")
        verbose_name_plural = _("monthly evaluation sheets")
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="evaluations_sheet_unit_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="evaluations_sheet_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%m/%Y}"


class MonthlyEvaluation(BaseModel):
    sheet = models.ForeignKey(MonthSheet, on_delete=models.PROTECT, related_name="evaluations")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="monthly_evaluations",
        verbose_name=_("official"),
    )
    position_title = models.CharField(_("position"), max_length=200, blank=True)
    state = models.CharField(max_length=16, choices=EvaluationState.choices, default=EvaluationState.OPEN)
    # The task part read from the records (None: no task fell due; the leader enters it).
    task_prefill = models.DecimalField(
        _("task part from the records"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    prefill = models.JSONField(default=dict, blank=True, editable=False)
    prefill_as_of = models.DateField(_("records read up to"))
    self_discipline = models.DecimalField(
        _("discipline and ethics (self)"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    self_task = models.DecimalField(
        _("task results (self)"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    self_bonus = models.DecimalField(_("bonus (self)"), null=True, blank=True, max_digits=5, decimal_places=2)
    self_note = models.TextField(_("self-assessment"), blank=True)
    self_assessed_at = models.DateTimeField(null=True, blank=True)
    discipline = models.DecimalField(
        _("discipline and ethics"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    task_points = models.DecimalField(
        _("task results"), null=True, blank=True, max_digits=5, decimal_places=2
    )
    bonus = models.DecimalField(_("bonus"), null=True, blank=True, max_digits=5, decimal_places=2)
    leader_note = models.TextField(_("leader's note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    total = models.DecimalField(_("total"), null=True, blank=True, max_digits=5, decimal_places=2)
    grade = models.CharField(_("grade"), max_length=1, blank=True)

    class Meta:
        verbose_name = _("monthly evaluation")
        verbose_name_plural = _("monthly evaluations")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "person"], name="evaluations_monthly_sheet_person"),
        ]
        indexes = [models.Index(fields=["person", "sheet"], name="evaluations_monthly_person")]

    def __str__(self) -> str:
        return f"{self.person} {self.sheet.month:%m/%Y}"
