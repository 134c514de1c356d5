"""The document register's filters: validation only (the query is the selector's)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


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
