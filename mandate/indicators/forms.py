"""The forms of the indicator pages. They read what was typed — numbers the way the reader's
language writes them (8.051 and 82,07 in Vietnamese; ``core.numbers``, ADR 0031), texts and the
version the page showed — and nothing more: every rule about values, targets and approval stays
in the services, which the views call.

A number is refused, never guessed: "24.3200" on a Vietnamese page says why and how to write it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mandate.core.lengths import localise_length_limits
from mandate.core.numbers import NumberError, parse_number, style_for_language
from mandate.indicators.enums import IndicatorKind
from mandate.indicators.models import Indicator

TEXT_MAX = 5000
VERSION_LOST = _("The page did not say which version you saw. Reload it and try again.")


class AmountField(forms.CharField):
    """A figure typed as the reader's language writes it; empty is None (not entered)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            written = parse_number(str(text), style=style_for_language(get_language()))
        except NumberError as err:
            raise forms.ValidationError(str(err), code=err.code) from err
        if written.percent:
            raise forms.ValidationError(_("Write the number without a percent sign."), code="percent")
        return written.value


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        localise_length_limits(self.fields.values())

    def mark_errors(self) -> None:
        """Before rendering: the refused inputs say so, and name their messages."""
        if not self.is_bound:
            return
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"


def _version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        error_messages={"invalid": VERSION_LOST, "min_value": VERSION_LOST},
    )


class EntryForm(StyledForm):
    """A unit's values for a set and period: per indicator of the set (computed ones excepted)
    the value — or the numerator and the denominator of a ratio — an explanation, and the
    version of the stored value the page showed. A blank value is left as it is."""

    def __init__(self, *args: Any, indicators: Sequence[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = [i for i in indicators if i.kind != IndicatorKind.COMPUTED]
        for indicator in self.indicators:
            pk = indicator.pk
            if indicator.kind == IndicatorKind.RATIO:
                english = get_language() == "en"
                numerator = indicator.numerator_label_en if english else indicator.numerator_label
                denominator = indicator.denominator_label_en if english else indicator.denominator_label
                self.fields[f"n{pk}"] = AmountField(label=numerator or _("Numerator"))
                self.fields[f"d{pk}"] = AmountField(label=denominator or _("Denominator"))
            else:
                self.fields[f"v{pk}"] = AmountField(label=indicator.name)
            self.fields[f"e{pk}"] = forms.CharField(
                label=_("Explanation"),
                required=False,
                max_length=TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            self.fields[f"ver{pk}"] = _version_field()
        _style(self)
        localise_length_limits(self.fields.values())

    def rows(self) -> list[dict[str, Any]]:
        """The bound fields of each indicator, for the template."""
        rows = []
        for indicator in self.indicators:
            pk = indicator.pk
            rows.append(
                {
                    "indicator": indicator,
                    "ratio": indicator.kind == IndicatorKind.RATIO,
                    "value": self[f"v{pk}"] if f"v{pk}" in self.fields else None,
                    "numerator": self[f"n{pk}"] if f"n{pk}" in self.fields else None,
                    "denominator": self[f"d{pk}"] if f"d{pk}" in self.fields else None,
                    "explanation": self[f"e{pk}"],
                    "version": self[f"ver{pk}"],
                }
            )
        return rows

    def read_only(self, reason: str) -> None:
        """Locked or awaiting approval: the values are shown, not editable, with the reason."""
        self.locked_reason = reason
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.disabled = True
                field.widget.attrs["aria-describedby"] = "locked-reason"


class TransitionForm(StyledForm):
    """One step of a submission's approval (``approval.submission_transition``): the move, the
    version the page showed and, for a return or an unlock, the reason."""

    action = forms.ChoiceField(
        choices=[(name, name) for name in ("submit", "approve", "return", "accept", "unlock")],
        widget=forms.HiddenInput,
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": VERSION_LOST, "invalid": VERSION_LOST, "min_value": VERSION_LOST},
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    next = forms.ChoiceField(
        choices=[("entry", "entry"), ("queue", "queue")], required=False, widget=forms.HiddenInput
    )


class AllocationForm(StyledForm):
    """The targets an allocating unit gives to the units reporting to it: one per child (blank:
    left as it is), with the version of the child's target the page showed, and a reason."""

    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, children: Sequence[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = list(children)
        for pk in self.children:
            self.fields[f"t{pk}"] = AmountField(label=_("Target"))
            self.fields[f"ver{pk}"] = _version_field()
        _style(self)
        localise_length_limits(self.fields.values())
