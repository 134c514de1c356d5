"""The forms of the inspection pages. They read what was typed (types, required fields, the
choices the page offered) and nothing more: every rule about inspections stays in the services
and the policy, and the views resolve chosen ids through the selectors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mandate.core.form_fields import DayField, MultipleFileField
from mandate.inspections.enums import InspectionKind, Severity, SubjectKind, TeamRole
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


# --- the records' other actions (issue 12, item 8): leaving, withdrawing, correcting -------------


class TeamLeaveForm(StyledForm):
    member = forms.TypedChoiceField(label=_("Team member"), coerce=int)
    left_on = DayField(label=_("Left on (dd/mm/yyyy)"), required=False, help_text=_("Empty: today."))

    def __init__(self, *args: Any, members: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = members  # type: ignore[attr-defined]


class SubjectWithdrawForm(StyledForm):
    subject = forms.TypedChoiceField(label=_("Subject"), coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, subjects: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subjects  # type: ignore[attr-defined]


class FindingWithdrawForm(VersionedForm):
    """One finding's form (the finding and the version it was read at travel hidden)."""

    finding = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why the finding is withdrawn"), max_length=300)


class EvidenceForm(StyledForm):
    finding = forms.IntegerField(widget=forms.HiddenInput)
    evidence = MultipleFileField(label=_("Evidence files"), required=True)


class ConclusionCorrectForm(VersionedForm):
    """The whole conclusion again, as it should read (the service replaces it, with the version)."""

    subject = forms.IntegerField(widget=forms.HiddenInput)
    violated = forms.BooleanField(label=_("A violation was found"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), choices=[("", "—"), *Severity.choices], required=False)
    text = _text(_("Conclusion"))
    concluded_on = DayField(label=_("Concluded on (dd/mm/yyyy)"))


class DisciplineDecisionForm(StyledForm):
    """A decision following a conclusion. ``form`` offers the forms in force on the day the page
    was asked for (``?discipline_on=``, today by default), each with its rule and the "to verify"
    mark; another code is sent on to the service, which refuses one not in force on the decision's
    date with the rule and its dates (R13)."""

    conclusion = forms.IntegerField(widget=forms.HiddenInput)
    subject_kind = forms.ChoiceField(label=_("Kind of subject"), choices=SubjectKind.choices)
    deciding_unit = forms.TypedChoiceField(label=_("Deciding unit"), coerce=int)
    number = forms.CharField(label=_("Decision number"), max_length=60)
    decided_on = DayField(label=_("Decision date (dd/mm/yyyy)"))
    form = forms.CharField(label=_("Form of discipline"), max_length=40, widget=forms.Select)
    reason = _text(_("Reason"))
    effective_from = DayField(label=_("Takes effect on (dd/mm/yyyy)"))
    deferral_reason = forms.ChoiceField(label=_("Deferred because"), required=False)
    deferred_until = DayField(label=_("Deferred until (dd/mm/yyyy)"), required=False)
    deferral_counted_from = DayField(label=_("Deferral counted from (dd/mm/yyyy)"), required=False)

    def __init__(
        self,
        *args: Any,
        kinds: Choices,
        units: Choices,
        forms_offered: Choices,
        deferrals: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_kind"].choices = kinds  # type: ignore[attr-defined]
        self.fields["deciding_unit"].choices = units  # type: ignore[attr-defined]
        self.fields["form"].widget.choices = [("", "—"), *forms_offered]
        self.fields["deferral_reason"].choices = [("", "—"), *deferrals]  # type: ignore[attr-defined]


# --- plans ---------------------------------------------------------------------------------------


class PlanForm(StyledForm):
    body = forms.TypedChoiceField(label=_("Inspecting body"), coerce=int)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)

    def __init__(self, *args: Any, bodies: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = bodies  # type: ignore[attr-defined]


class PlanLineForm(StyledForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    subject_matter = _text(_("Subject matter"))
    subjects_text = _text(_("Subjects (in words)"), required=False, rows=2, max_length=5000)
    subject_units = forms.TypedMultipleChoiceField(label=_("Subjects (units)"), coerce=int, required=False)
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(m, f"{m:02d}") for m in range(1, 13)]
    )

    def __init__(self, *args: Any, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_units"].choices = units  # type: ignore[attr-defined]
        self.fields["subject_units"].widget.attrs["size"] = "6"


class PlanWithdrawForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)
