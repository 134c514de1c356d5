"""The forms of the inspection pages. They read what was typed (types, required fields, the
choices the page offered) and nothing more: every rule about inspections stays in the services
and the policy, and the views resolve chosen ids through the selectors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mandate.core.form_fields import DayField
from mandate.inspections.enums import InspectionKind, Severity, TeamRole
from mandate.tasks.forms import Choices, StyledForm, VersionedForm


def _text(label: Any, *, required: bool = True, rows: int = 3, max_length: int = 10000) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows})
    )


class CreateForm(StyledForm):
    body = forms.TypedChoiceField(label=_("Inspecting body"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    planned = forms.TypedChoiceField(label=_("Line of a plan"), coerce=int, required=False, empty_value=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    subject_matter = _text(_("Subject matter"))
    starts_on = DayField(label=_("Starts on (dd/mm/yyyy)"), required=False)
    ends_on = DayField(label=_("Ends on (dd/mm/yyyy)"), required=False)

    def __init__(self, *args: Any, bodies: Choices, lines: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = bodies  # type: ignore[attr-defined]
        self.fields["planned"].choices = [("", "—"), *lines]  # type: ignore[attr-defined]


class TeamForm(StyledForm):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)

    def __init__(self, *args: Any, people: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people  # type: ignore[attr-defined]


class SubjectForm(StyledForm):
    unit = forms.TypedChoiceField(label=_("Organisation"), coerce=int, required=False, empty_value=None)
    person = forms.TypedChoiceField(label=_("Party member"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, units: Choices, people: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", "—"), *units]  # type: ignore[attr-defined]
        self.fields["person"].choices = [("", "—"), *people]  # type: ignore[attr-defined]


class DecideForm(VersionedForm):
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    on = DayField(label=_("Decision date (dd/mm/yyyy)"))


class MoveForm(VersionedForm):
    on = DayField(label=_("On (dd/mm/yyyy)"), required=False)


class FindingForm(StyledForm):
    subject = forms.TypedChoiceField(label=_("Subject"), coerce=int)
    text = _text(_("What was found"))
    signs = forms.TypedMultipleChoiceField(label=_("Signs of violation"), coerce=int, required=False)
    recorded_on = DayField(label=_("Recorded on (dd/mm/yyyy)"))

    def __init__(self, *args: Any, subjects: Choices, signs: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subjects  # type: ignore[attr-defined]
        self.fields["signs"].choices = signs  # type: ignore[attr-defined]
        self.fields["signs"].widget.attrs["size"] = "6"


class ConclusionForm(StyledForm):
    subject = forms.TypedChoiceField(label=_("Subject"), coerce=int)
    violated = forms.BooleanField(label=_("A violation was found"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", "—"), *Severity.choices], required=False)
    text = _text(_("Conclusion"))
    concluded_on = DayField(label=_("Concluded on (dd/mm/yyyy)"))

    def __init__(self, *args: Any, subjects: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subjects  # type: ignore[attr-defined]


class RecommendationForm(StyledForm):
    text = _text(_("Recommendation"))
    lead_unit = forms.TypedChoiceField(label=_("Lead unit"), coerce=int)
    expected_product = forms.CharField(label=_("Expected product"), max_length=500, required=False)

    def __init__(self, *args: Any, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].choices = units  # type: ignore[attr-defined]


class IssueForm(StyledForm):
    recommendation = forms.TypedChoiceField(label=_("Recommendation"), coerce=int)
    working_days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=365, required=False)
    deadline_on = DayField(label=_("Deadline (dd/mm/yyyy)"), required=False)
    document = forms.CharField(
        label=_("Issued under the document (symbol)"),
        max_length=100,
        required=False,
        help_text=_("Empty: the document the inspection is about."),
    )

    def __init__(self, *args: Any, recommendations: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].choices = recommendations  # type: ignore[attr-defined]
