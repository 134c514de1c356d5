"""The form that asks for a report (issue 13, item 8). It reads what was typed — the kind, the
unit among those the reader acts for, the period as a short form ("2023-9M") or as two days
(dd/mm/yyyy), the period's kind, the cut-off day and the language — and turns the period into
the one period code; every rule about who may ask stays in the services and the policy. A task
report may be of one document, named by its symbol as the reader's register finds it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mandate.core.form_fields import DayField
from mandate.core.period_spans import PeriodError, PeriodSpan
from mandate.core.period_text import days_span, parse_period_text
from mandate.reports.models import PeriodKind, ReportLanguage
from mandate.tasks.forms import Choices, StyledForm, VersionedForm

# The kinds a later issue adds are shown by their key until they name themselves here.
KIND_LABELS = {
    "periodic": _("Periodic report of a unit"),
    "tasks": _("Task report"),
    "indicators": _("Indicator report"),
    "inspections": _("Inspection report"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def basis_of(period_kind: str) -> str:
    """The period's basis for the report's period kind: the Decree 09 cut-offs for reporting."""
    return "decree09" if period_kind == PeriodKind.REPORTING else "calendar"


class RequestForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind of report"))
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int)
    document = forms.CharField(
        label=_("Of one document (task report)"),
        required=False,
        max_length=100,
        help_text=_(
            "Its number and symbol, e.g. 06/Ctr-TU: the report counts the unit's tasks of that document "
            "and of the documents implementing it. Empty: every task of the unit."
        ),
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=40,
        help_text=_("2023, 2023-H1, 2023-Q3, 2023-07, 2023-9M; or give the first and last day below."),
    )
    starts_on = DayField(label=_("From (dd/mm/yyyy)"), required=False)
    ends_on = DayField(label=_("To (dd/mm/yyyy)"), required=False)
    period_kind = forms.ChoiceField(
        label=_("Months"), choices=PeriodKind.choices, initial=PeriodKind.CALENDAR
    )
    cut_off = DayField(
        label=_("Data as of (dd/mm/yyyy)"), required=False, help_text=_("Empty: the period's last day.")
    )
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)

    def __init__(self, *args: Any, kinds: Choices, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["unit"].choices = units  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("period") or "").strip()
        starts_on: dt.date | None = data.get("starts_on")
        ends_on: dt.date | None = data.get("ends_on")
        if self.errors:
            return data
        try:
            span: PeriodSpan
            if text:
                span = parse_period_text(text, basis_of(data.get("period_kind", "")))
            elif starts_on is not None and ends_on is not None:
                span = days_span(starts_on, ends_on)
            else:
                self.add_error("period", _("Give the period, or its first and last day."))
                return data
        except PeriodError as err:
            self.add_error("period" if text else "ends_on", str(err.message))
            return data
        data["span"] = span
        return data


class IssueForm(VersionedForm):
    pass
