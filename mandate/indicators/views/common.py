"""What the indicator pages share: the period a page is about (named by its code in the
address, never made by reading it), the choices of a set's periods, a unit of a set the reader
may read, and the messages of a refusal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import forms as django_forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core.exceptions import ApplicationError, ConflictError
from mandate.core.models import Period
from mandate.core.period_labels import as_of_text, label
from mandate.core.period_spans import PeriodError, PeriodLike, PeriodSpan, parse_code, whole_months
from mandate.indicators.models import IndicatorSet, Submission, Target

CODE_HINT = "2023, 2023-Q3, 2023-M09, 2023-C0915"


@dataclass(frozen=True)
class PeriodChoice:
    period: PeriodLike
    row: Period | None  # None: no value or target has named it yet

    @property
    def code(self) -> str:
        return self.period.code

    @property
    def label(self) -> str:
        text = label(self.period)
        as_of = as_of_text(self.period)
        return f"{text} ({as_of})" if as_of else text


def choice_for(span: PeriodSpan) -> PeriodChoice:
    return PeriodChoice(span, Period.objects.filter(code=span.code).first())


def period_from(raw: str, errors: dict[str, list[str]]) -> PeriodChoice | None:
    """The period a code in the address names; None (with the message) for a bad code."""
    try:
        return choice_for(parse_code(raw))
    except PeriodError as err:
        errors.setdefault("period", []).append(str(err.message))
        return None


def current_span(indicator_set: IndicatorSet) -> PeriodSpan:
    """The set's period (of its type) that contains today, to open a page on."""
    today = timezone.localdate()
    kind = indicator_set.period_kind
    number = {"month": today.month, "quarter": (today.month - 1) // 3 + 1, "half": (today.month - 1) // 6 + 1}
    return whole_months(kind, today.year, number.get(kind))


@dataclass(frozen=True)
class SetPeriods:
    """The periods a set's values and targets name, newest first (a few, for links), and which
    of them have values."""

    named: list[Period]
    with_values: frozenset[int]

    def opening(self) -> Period | None:
        """The period a page opens on: the newest one with values (the cumulative period to
        15/09/2023 rather than the year 2023 that only has its target), else the newest named."""
        newest = self.named[0] if self.named else None
        return next((p for p in self.named if p.pk in self.with_values), newest)


def set_periods(indicator_set: IndicatorSet) -> SetPeriods:
    """Asked period by period (``EXISTS`` on ``submission_set_period_idx`` and
    ``target_set_period_idx``): a national set has some 80,000 submissions and 400,000 targets
    over a few dozen periods, which are never read to find those periods (issue 11, item 14)."""
    values = Submission.objects.filter(indicator_set=indicator_set, period=OuterRef("pk"))
    targets = Target.objects.filter(indicator_set=indicator_set, period=OuterRef("pk"))
    found = list(
        Period.objects.annotate(has_values=Exists(values))
        .filter(Q(has_values=True) | Exists(targets))
        .order_by("-ends_on", "starts_on")[:12]
    )
    named: list[Period] = list(found)
    with_values = frozenset(p.pk for p in found if p.has_values)
    return SetPeriods(named=named, with_values=with_values)


def day_of(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def conflict_message(err: ConflictError) -> str:
    if err.changed_by and err.changed_at:
        return _(
            "%(who)s changed these values at %(when)s, after you opened the page. The page now "
            "shows them as they are; check them and send your change again."
        ) % {"who": err.changed_by, "when": day_of(err.changed_at)}
    return _(
        "Someone changed these values after you opened the page. The page now shows them as they "
        "are; check them and send your change again."
    )


def add_service_errors(form: django_forms.Form, err: ApplicationError, aliases: dict[str, str]) -> None:
    """Put a service's refusal next to the fields it names (``entries.0.value`` → the field the
    page shows for it), or above the form."""
    placed = False
    for name, errors in err.fields.items():
        field = aliases.get(name, name)
        if field in form.fields:
            for message in errors:
                form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(err.message))


def query(**values: Any) -> str:
    """A query string of the values given (those not None)."""
    return urlencode({k: v for k, v in values.items() if v is not None and v != ""})
