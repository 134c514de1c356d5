"""The length limit of a text field, said in the reader's numbers: "tối đa 10.000 ký tự (hiện
có 11.995)", "at most 10,000 characters (it has 11,995)" (issue 10 §5).

Django's and DRF's own messages print the numbers with ``%d`` (no thousands separator) and
DRF's does not say how long the text is. ``LengthLimit`` replaces their validator in the page
forms (``localise_length_limits``) and in ``api_fields.StrictCharField``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import formats
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


def _number(value: int) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@deconstructible
class LengthLimit(MaxLengthValidator):
    message = _("At most %(limit)s characters (it has %(count)s).")

    def __call__(self, value: Any) -> None:
        count = self.clean(value)
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        if count > limit:
            raise ValidationError(
                self.message, code=self.code, params={"limit": _number(limit), "count": _number(count)}
            )


def replace_length_validators(validators: list[Any]) -> list[Any]:
    """The validators with every plain max-length check swapped for ``LengthLimit``."""
    return [
        LengthLimit(v.limit_value)
        if isinstance(v, MaxLengthValidator) and not isinstance(v, LengthLimit)
        else v
        for v in validators
    ]


def localise_length_limits(fields: Iterable[forms.Field]) -> None:
    for field in fields:
        if isinstance(field, forms.CharField) and field.max_length is not None:
            field.validators = replace_length_validators(field.validators)
