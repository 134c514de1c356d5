"""The forms of the task pages. They read what was typed (types, required fields, lengths, the
choices the page offered) and nothing more: every rule about tasks stays in the services, and
the views resolve chosen ids through the selectors.

Every form on a task carries the ``version`` of the record the page showed, so that a change
made meanwhile by someone else is refused (409) instead of overwritten. The assignment form
creates new tasks and edits no record, so it has none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mandate.core.form_fields import DayField, MultipleFileField
from mandate.core.lengths import localise_length_limits
from mandate.core.upload_size import TOO_LARGE_FILE, TOO_LARGE_FILES
from mandate.tasks.enums import TaskKind, Urgency

# The choices of a select: (value, label) pairs, or (group label, pairs) for an <optgroup>.
Choices = Sequence[tuple[Any, Any]]

TEXT_MAX = 5000
CONTENT_MAX = 10000


def _text(label: Any, *, required: bool = True, max_length: int = TEXT_MAX, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _style(form: forms.Form) -> None:
    """Bootstrap's classes on the controls (radio buttons are laid out by the templates)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.RadioSelect | forms.CheckboxInput):
            continue
        widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"


def _announce_upload_limit(form: forms.Form) -> None:
    """What static/js/upload-limit.js needs to refuse a file over the limit before it is sent:
    the limit and the server's own messages, in the reader's language."""
    for field in form.fields.values():
        if isinstance(field, forms.FileField):
            field.widget.attrs.update(
                {
                    "data-max-bytes": str(settings.MANDATE_MAX_UPLOAD_BYTES),
                    "data-too-large": gettext(TOO_LARGE_FILE),
                    "data-too-large-total": gettext(TOO_LARGE_FILES),
                }
            )


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        localise_length_limits(self.fields.values())
        _announce_upload_limit(self)


class VersionedForm(StyledForm):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("The page did not say which version you saw. Reload it and try again."),
            "invalid": _("The page did not say which version you saw. Reload it and try again."),
            "min_value": _("The page did not say which version you saw. Reload it and try again."),
        },
    )


# --- moves of the life cycle ---------------------------------------------------------------


class StartForm(VersionedForm):
    pass


class ReportDoneForm(VersionedForm):
    """The done report (``services.done``): the result in words, and the product where the task
    expects one — its file, or the registered document that is it — confirmed before it is sent
    (the page shows what will be sent; without JavaScript the box is ticked by hand)."""

    reason = _text(_("Result: what was achieved"), rows=4)
    product_files = MultipleFileField(label=_("Product file(s)"))
    product_document = forms.CharField(
        label=_("or the number and symbol of the registered document that is the product"),
        required=False,
        max_length=60,
        help_text=_("For example 12/BC-SVHTT: the document must be in the register."),
    )
    confirm = forms.BooleanField(
        label=_("I have checked the result and the product: send the done report."),
        error_messages={"required": _("Confirm that this is the result you report.")},
    )


class AcceptForm(VersionedForm):
    pass


class ReasonForm(VersionedForm):
    reason = _text(_("Reason"))


class ReworkForm(ReasonForm):
    reason = _text(_("What must be done again"))


class ReturnForm(ReasonForm):
    reason = _text(_("Why the task is returned to the assigner"))


class CancelForm(ReasonForm):
    reason = _text(_("Why the task is cancelled"))


class ReopenForm(ReasonForm):
    reason = _text(_("Why the task is reopened"))


class ReassignForm(VersionedForm):
    lead_unit = forms.TypedChoiceField(label=_("New lead unit"), coerce=int, empty_value=None)
    lead_person = forms.TypedChoiceField(
        label=_("Lead person (optional)"), coerce=int, required=False, empty_value=None
    )
    reason = _text(_("Note (optional)"), required=False)

    def __init__(self, *args: Any, units: Choices = (), people: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].choices = [("", _("Choose a unit")), *units]  # type: ignore[attr-defined]
        self.fields["lead_person"].choices = [("", _("Nobody yet")), *people]  # type: ignore[attr-defined]


# --- other actions on a task ---------------------------------------------------------------


class LeadPersonForm(VersionedForm):
    person = forms.TypedChoiceField(label=_("Lead person"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, people: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Choose a person")), *people]  # type: ignore[attr-defined]


class ProgressForm(VersionedForm):
    percent = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={"min_value": _("Between 0 and 100."), "max_value": _("Between 0 and 100.")},
    )
    text = _text(_("What was done"), max_length=CONTENT_MAX, rows=4)
    # Not "files": that name is the form's own (its uploaded files).
    evidence = MultipleFileField(label=_("Evidence files (optional)"))


class ExtensionRequestForm(VersionedForm):
    proposed_deadline_on = DayField(label=_("Proposed deadline (dd/mm/yyyy)"))
    reason = _text(_("Why more time is needed"))


class ExtensionDecideForm(VersionedForm):
    """The version here is the extension request's. The decision comes from the button pressed."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        error_messages={"required": _("Choose to approve or to refuse.")},
    )
    note = _text(_("Note (required to refuse)"), required=False)


class EditForm(VersionedForm):
    """The assigner's corrections of an open task (``assignment.task_edit``)."""

    content = _text(_("Task"), max_length=CONTENT_MAX, rows=3)
    expected_product = _text(_("Expected product (optional)"), required=False, rows=2)
    weight = forms.DecimalField(
        label=_("Weight (optional)"), required=False, max_digits=7, decimal_places=2, localize=True
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)


class InstructForm(VersionedForm):
    text = _text(_("Instruction"), max_length=CONTENT_MAX)


class ChaseUpForm(VersionedForm):
    text = _text(_("Message (optional)"), required=False, max_length=CONTENT_MAX)


class CorrectForm(VersionedForm):
    """A recorded date that was wrong, corrected from a day, with the reason
    (``correction.task_correct``, ADR 0020): the past dates it changes read it openly."""

    field = forms.ChoiceField(
        label=_("What is corrected"),
        choices=[("deadline_on", _("Deadline")), ("done_reported_on", _("Day reported done"))],
    )
    value = DayField(label=_("The right date (dd/mm/yyyy)"))
    effective_on = DayField(label=_("In force from (dd/mm/yyyy)"))
    reason = _text(_("Why the record was wrong"))


ACTION_FORMS: dict[str, type[VersionedForm]] = {
    "start": StartForm,
    "report_done": ReportDoneForm,
    "accept": AcceptForm,
    "rework": ReworkForm,
    "return": ReturnForm,
    "reassign": ReassignForm,
    "cancel": CancelForm,
    "reopen": ReopenForm,
    "progress": ProgressForm,
    "extension_request": ExtensionRequestForm,
    "extension_decide": ExtensionDecideForm,
    "lead_person": LeadPersonForm,
    "edit": EditForm,
    "instruct": InstructForm,
    "chase_up": ChaseUpForm,
    "correct": CorrectForm,
}


# --- assignment ----------------------------------------------------------------------------


class AssignForm(StyledForm):
    """Assign a task from a document to one unit, or the same task to several (one task each)."""

    content = _text(_("Task"), max_length=CONTENT_MAX, rows=4)
    ordinal = forms.CharField(label=_("Number in the document (optional)"), required=False, max_length=20)
    lead_units = forms.TypedMultipleChoiceField(
        label=_("Lead unit (choose several to give each its own task)"),
        coerce=int,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several units."),
        error_messages={"required": _("Choose at least one lead unit.")},
    )
    coordinating_units = forms.TypedMultipleChoiceField(
        label=_("Coordinating units (optional)"),
        coerce=int,
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several units."),
    )
    lead_person = forms.TypedChoiceField(
        label=_("Lead person (optional)"), coerce=int, required=False, empty_value=None
    )
    assigner_unit = forms.TypedChoiceField(label=_("Assigning unit"), coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Kind of task"), choices=TaskKind.choices, initial=TaskKind.DEADLINE, widget=forms.RadioSelect
    )
    deadline_on = DayField(label=_("Deadline (dd/mm/yyyy)"), required=False)
    working_days = forms.IntegerField(
        label=_("or within N working days"),
        required=False,
        min_value=1,
        max_value=1000,
        error_messages={
            "min_value": _("Between 1 and 1000 working days."),
            "max_value": _("Between 1 and 1000 working days."),
        },
        help_text=_("Day 1 is the first working day after today."),
    )
    expected_product = _text(_("Expected product (optional)"), required=False, rows=2)
    weight = forms.DecimalField(
        label=_("Weight (optional)"), required=False, max_digits=7, decimal_places=2, localize=True
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)
    authority = forms.CharField(
        label=_("Assigned under the authority of (optional)"), required=False, max_length=300
    )

    def __init__(
        self,
        *args: Any,
        units: Choices = (),
        assigner_units: Choices = (),
        people: Choices = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_units"].choices = list(units)  # type: ignore[attr-defined]
        self.fields["coordinating_units"].choices = list(units)  # type: ignore[attr-defined]
        self.fields["lead_person"].choices = [("", _("Nobody yet")), *people]  # type: ignore[attr-defined]
        if not people:
            self.fields["lead_person"].help_text = _(
                "Choose the lead unit first: its people are listed here."
            )
        self.fields["assigner_unit"].choices = list(assigner_units)  # type: ignore[attr-defined]
        if len(assigner_units) == 1:
            self.fields["assigner_unit"].initial = assigner_units[0][0]


class DeadlinePreviewForm(forms.Form):
    """The query of the deadline preview: N working days from a day (today by default)."""

    working_days = forms.IntegerField(min_value=1, max_value=1000)
    start = DayField(required=False)

    def start_day(self, default: dt.date) -> dt.date:
        start: dt.date | None = self.cleaned_data.get("start")
        return start or default
