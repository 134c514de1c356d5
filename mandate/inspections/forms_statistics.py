"""The statistics page's form (issue 12, items 6 and 8): the inspecting body and the period, as the
statistics API reads them (``api_statistics``): a period code (``2023-C0915``, ADR 0028) or the
first and last days, written dd/mm/yyyy. The form reads what was typed; whether the body is the
reader's to see is the selector's question (``selectors_statistics.body_get_for_statistics``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mandate.core.exceptions import ApplicationError
from mandate.core.form_fields import DayField
from mandate.core.period_spans import PeriodError, PeriodSpan, parse_code, range_span
from mandate.inspections import selectors_statistics as stats
from mandate.tasks.forms import Choices, StyledForm


class StatisticsForm(StyledForm):
    body = forms.TypedChoiceField(label=_("Inspecting body"), coerce=int)
    period = forms.CharField(
        label=_("Period code"),
        required=False,
        max_length=40,
        help_text=_(
            "Or a period code (2023, 2023-Q3, 2023-M09, 2023-C0915): it takes the place of the days."
        ),
    )

    def __init__(self, *args: Any, bodies: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = bodies  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = (data.get("period") or "").strip()
        try:
            if code:
                data["span"] = parse_code(code)
            else:
                starts_on, ends_on = data.get("from"), data.get("to")
                if "from" in self.errors or "to" in self.errors:
                    return data
                starts_on, ends_on = stats.check_period(starts_on, ends_on)
                data["span"] = range_span(starts_on, ends_on)
        except PeriodError as err:
            self.add_error("period" if code else "to", str(err.message))
        except ApplicationError as err:
            for name, messages in err.fields.items():
                for message in messages:
                    self.add_error(name if name in self.fields else None, str(message))
        return data


# "from" and "to", as in the API's query: not Python names, so declared here, before "period".
StatisticsForm.base_fields = {
    "body": StatisticsForm.base_fields["body"],
    "from": DayField(label=_("From (dd/mm/yyyy)"), required=False),
    "to": DayField(label=_("To (dd/mm/yyyy)"), required=False),
    "period": StatisticsForm.base_fields["period"],
}


def query_of(body_id: int, span: PeriodSpan, **extra: str) -> dict[str, str | int]:
    """The page's query for a body and a period: the days, written as the form reads them."""
    return {"body": body_id, "from": _day(span.starts_on), "to": _day(span.ends_on), **extra}


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
