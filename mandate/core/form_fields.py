"""Form fields the pages of several apps share: a day typed as dd/mm/yyyy within the product's
range, and several files in one field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from mandate.core.dates import WORK_DATES, DateOutOfRangeError, DateRange, check_day


class DayInput(forms.DateInput):
    """A date typed as dd/mm/yyyy in both languages (``<input type="date">`` would follow the
    browser's locale and show mm/dd/yyyy in English)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DayField(forms.DateField):
    """A date within the product's range (``WORK_DATES`` unless told): a far-off year would break
    the deadline arithmetic."""

    widget = DayInput
    default_error_messages = {"invalid": _("Write the date as dd/mm/yyyy.")}

    def __init__(self, *args: Any, dates: DateRange = WORK_DATES, **kwargs: Any) -> None:
        self.dates = dates
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        day: dt.date | None = super().to_python(value)
        if day is not None:
            try:
                check_day(day, self.dates)
            except DateOutOfRangeError as err:
                raise forms.ValidationError(str(err), code="date_range") from err
        return day


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); an empty choice is no files."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        single = super().clean
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not uploads:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [single(upload, initial) for upload in uploads]
