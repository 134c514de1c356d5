"""The form that assigns several tasks of a document in a row (``services.batch``): a head
(signed for which unit, urgency, authority) and one row per task. Blank rows are left out; the
rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from mandate.core.form_fields import DayField
from mandate.tasks.enums import Urgency
from mandate.tasks.forms import CONTENT_MAX, TEXT_MAX, Choices, StyledForm

ROWS_PREFIX = "rows"
FIRST_ROWS = 3


class AssignRowsHeadForm(StyledForm):
    assigner_unit = forms.TypedChoiceField(label=_("Assigned in the name of"), coerce=int, empty_value=None)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    authority = forms.CharField(
        label=_("Assigned under the authority of (optional)"), required=False, max_length=300
    )

    def __init__(self, *args: Any, assigner_units: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigner_unit"].choices = list(assigner_units)  # type: ignore[attr-defined]
        if len(assigner_units) == 1:
            self.fields["assigner_unit"].initial = assigner_units[0][0]


class AssignRowForm(StyledForm):
    ordinal = forms.CharField(label=_("No."), required=False, max_length=20)
    content = forms.CharField(
        label=_("Task"), max_length=CONTENT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_unit = forms.TypedChoiceField(
        label=_("Lead unit"),
        coerce=int,
        empty_value=None,
        error_messages={"required": _("Choose the lead unit.")},
    )
    coordinating_units = forms.TypedMultipleChoiceField(
        label=_("Coordinating units (optional)"), coerce=int, required=False
    )
    deadline_on = DayField(
        label=_("Deadline (dd/mm/yyyy)"), error_messages={"required": _("Give the deadline.")}
    )
    expected_product = forms.CharField(
        label=_("Expected product (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, units: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].choices = [("", _("Choose a unit")), *units]  # type: ignore[attr-defined]
        self.fields["coordinating_units"].choices = list(units)  # type: ignore[attr-defined]
        self.fields["coordinating_units"].widget.attrs["size"] = "4"


class BaseRowsFormSet(BaseFormSet):  # type: ignore[type-arg]
    def filled(self) -> list[tuple[int, AssignRowForm]]:
        """The rows something was typed in, with their place in the table."""
        return [(index, form) for index, form in enumerate(self.forms) if form.has_changed()]


AssignRowsFormSet = formset_factory(
    AssignRowForm, formset=BaseRowsFormSet, extra=FIRST_ROWS, max_num=50, validate_max=True, absolute_max=50
)
