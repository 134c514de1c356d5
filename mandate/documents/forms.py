"""The document register's forms: its filters, and the registration and correction of a document.
They read what was typed; the query is the selector's and every rule the services'."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mandate.core.dates import DOCUMENT_DATES
from mandate.core.form_fields import DayField, MultipleFileField
from mandate.documents.enums import AttachmentKind, Confidentiality, Direction, RelationKind


class DocumentFilterForm(forms.Form):
    """What the register is filtered by. Every field is optional; a wrong value is shown next to
    its field (and the register lists nothing until it is corrected)."""

    symbol = forms.CharField(
        label=_("Number and symbol"),
        required=False,
        max_length=60,
        help_text=_("As you like to type it: 06/Ctr-TU, 06-ctr-tu or just 06-ct."),
    )
    q = forms.CharField(
        label=_("Words of the title"), required=False, max_length=200, help_text=_("Accents are optional.")
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    issuer = forms.TypedChoiceField(label=_("Issuing unit"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={"invalid": _("Write the year with four digits, e.g. 2023.")},
    )

    ordering = forms.ChoiceField(label=_("Sorted by"), required=False)

    def __init__(
        self,
        *args: Any,
        types: Iterable[tuple[str, str]] = (),
        issuers: Iterable[tuple[int, str]] = (),
        orderings: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        type_field = self.fields["type"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = [("", _("All types")), *types]
        issuer_field = self.fields["issuer"]
        assert isinstance(issuer_field, forms.ChoiceField)
        issuer_field.choices = [("", _("All issuing units")), *((str(pk), name) for pk, name in issuers)]
        ordering_field = self.fields["ordering"]
        assert isinstance(ordering_field, forms.ChoiceField)
        ordering_field.choices = [("", ""), *((name, name) for name in orderings)]

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments from the values that were understood."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            "symbol": (data.get("symbol") or "").strip() or None,
            "search": (data.get("q") or "").strip() or None,
            "type_slug": data.get("type") or None,
            "issuing_unit_id": data.get("issuer") or None,
            "year": data.get("year") or None,
        }

    def ordering_value(self, default: str) -> str:
        """The order asked for (a choice of the selector's), or ``default``."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return str(data.get("ordering") or default)


# --- the register's writes (the rules are the services'; these read what was typed) ----------

Choices = Sequence[tuple[Any, Any]]


def _style(form: forms.Form) -> None:
    """Bootstrap's classes on the controls (radio buttons and check boxes are laid out by the
    templates)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.RadioSelect | forms.CheckboxInput):
            continue
        widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"


def _textarea(
    label: Any, *, required: bool = False, max_length: int = 5000, rows: int = 3
) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=forms.Textarea(attrs={"rows": rows})
    )


def _register_number(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=1,
        max_value=999999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class DocumentFieldsForm(forms.Form):
    """The fields a registration and a correction share."""

    title = _textarea(pgettext_lazy("document", "Title"), required=True, max_length=500, rows=2)
    summary = _textarea(_("Summary (optional)"), max_length=20000, rows=3)
    signer = forms.CharField(
        label=_("Signed by (optional)"),
        required=False,
        max_length=200,
        help_text=_("As written under the signature, e.g. KT. CHỦ TỊCH — PHÓ CHỦ TỊCH Nguyễn Văn A."),
    )
    recipients_text = _textarea(_("Recipients, as written (optional)"), rows=2)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)
    is_public = forms.BooleanField(label=_("Public: every signed-in user may read it"), required=False)
    incoming_number = _register_number(_("Incoming number (số đến)"))
    received_on = DayField(label=_("Received on (dd/mm/yyyy)"), required=False, dates=DOCUMENT_DATES)
    outgoing_number = _register_number(_("Outgoing number (số đi)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class DocumentRegisterForm(DocumentFieldsForm):
    """Enter a document in the register, with its signed scan and annexes."""

    field_order = [
        "direction", "incoming_number", "received_on", "outgoing_number", "document_type", "symbol",
        "issuing_unit", "issued_on", "signer", "title", "summary", "recipients_text", "recipient_units",
        "confidentiality", "is_public", "scan", "annexes",
    ]  # fmt: skip

    direction = forms.ChoiceField(
        label=_("Register"),
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the register: incoming or outgoing.")},
    )
    document_type = forms.ChoiceField(label=_("Type"))
    symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        help_text=_("As written on the document, e.g. 999/KH-UBND or 24-CT/TU."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    issuing_unit = forms.TypedChoiceField(label=_("Issuing unit"), coerce=int, empty_value=None)
    issued_on = DayField(label=_("Date of the document (dd/mm/yyyy)"), dates=DOCUMENT_DATES)
    recipient_units = forms.TypedMultipleChoiceField(
        label=_("Units it is addressed to (optional)"),
        coerce=int,
        required=False,
        help_text=_("Hold Ctrl (⌘ on a Mac) to choose several units."),
    )
    scan = forms.FileField(
        label=_("Signed scan (PDF)"),
        required=False,
        help_text=_("Not for a classified document: of those only the details are kept."),
    )
    annexes = MultipleFileField(label=_("Annexes (optional)"))

    def __init__(self, *args: Any, types: Choices = (), units: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document_type"].choices = [("", _("Choose a type")), *types]  # type: ignore[attr-defined]
        self.fields["issuing_unit"].choices = [("", _("Choose a unit")), *units]  # type: ignore[attr-defined]
        self.fields["recipient_units"].choices = list(units)  # type: ignore[attr-defined]
        self.fields["recipient_units"].widget.attrs["size"] = "6"
        self.fields["issuing_unit"].widget.attrs["size"] = "1"


class DocumentEditForm(DocumentFieldsForm):
    """Correct the record (its owners): what the register may correct, with the version seen."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("The page did not say which version you saw. Reload it and try again."),
            "invalid": _("The page did not say which version you saw. Reload it and try again."),
        },
    )


class DocumentRetireForm(forms.Form):
    reason = _textarea(_("Why the document is withdrawn from the register"), required=True, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class DocumentRelateForm(forms.Form):
    kind = forms.ChoiceField(label=_("This document"), choices=RelationKind.choices)
    # The documents found are offered as choices; the one sent is looked up again in the reader's
    # register (``selectors.document_get_visible``), whatever was offered.
    target = forms.IntegerField(
        label=_("The related document"),
        min_value=1,
        widget=forms.RadioSelect,
        error_messages={"required": _("Find the related document and choose it.")},
    )

    def __init__(self, *args: Any, candidates: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.choices = list(candidates)
        _style(self)


class DocumentAttachForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of file"), choices=AttachmentKind.choices, initial=AttachmentKind.FILE
    )
    uploads = MultipleFileField(label=_("Files"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class SymbolCheckForm(forms.Form):
    """The query of the live check of a symbol; every part but the symbol is optional."""

    symbol = forms.CharField(max_length=60, required=False)
    document_type = forms.CharField(max_length=50, required=False)
    issued_on = DayField(required=False, dates=DOCUMENT_DATES)
