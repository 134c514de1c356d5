"""The forms of the monthly evaluation's pages (issue 14, item 2): what was typed, in the
reader's number format (``18,5`` in Vietnamese); the scale, the quota and who may are the
services' and the policy's."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mandate.core.form_fields import DayField
from mandate.tasks.forms import VersionedForm


def _points(label: Any, maximum: int, *, required: bool = True, help_text: Any = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=Decimal(0), max_value=Decimal(maximum), max_digits=5,
        decimal_places=2, localize=True, help_text=help_text,
    )  # fmt: skip


class SelfAssessmentForm(VersionedForm):
    discipline = _points(_("Discipline and ethics (0–20)"), 20)
    task = _points(_("Task results (0–70)"), 70)
    bonus = _points(_("Bonus (0–10)"), 10)
    note = forms.CharField(
        label=_("Self-assessment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(VersionedForm):
    discipline = _points(_("Discipline and ethics (0–20)"), 20)
    task = _points(
        _("Task results (0–70)"), 70, required=False,
        help_text=_("Left empty: the part read from the records."),
    )  # fmt: skip
    bonus = _points(_("Bonus (0–10)"), 10)
    note = forms.CharField(
        label=_("Leader's note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MonthSettingsForm(VersionedForm):
    closes_on = DayField(label=_("The month closes at the end of"))
    exceptionally_outstanding = forms.BooleanField(
        label=_("The unit is recognised as exceptionally outstanding (A quota 40 %)"), required=False
    )
    outstanding_basis = forms.CharField(label=_("Basis of the recognition"), required=False, max_length=300)


class SubmitForm(VersionedForm):
    pass
