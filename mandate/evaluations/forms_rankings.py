"""The ranking pages' forms: one unit's scores (a field per criterion) and a workbook to import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mandate.evaluations.models import RankingCriterion
from mandate.organisations.models import OrgUnit


class ScoresForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label=_("unit"))

    def __init__(
        self, *args: Any, criteria: list[RankingCriterion], units: list[OrgUnit] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = (
            OrgUnit.objects.all() if units is None else OrgUnit.objects.filter(pk__in=[u.pk for u in units])
        )
        for criterion in criteria:
            self.fields[f"c_{criterion.code}"] = forms.DecimalField(
                label=f"{criterion.code}. {criterion.label}",
                min_value=Decimal(0),
                max_value=criterion.max_points,
                decimal_places=2,
                required=False,
                localize=True,
            )

    def values(self) -> dict[str, Decimal]:
        return {
            c.code: self.cleaned_data[f"c_{c.code}"]
            for c in self.criteria
            if self.cleaned_data.get(f"c_{c.code}") is not None
        }


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
