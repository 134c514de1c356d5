"""What the indicator services share: when a change happened, checked numbers and texts, the
hierarchy of a set for a period, and notices to a unit's heads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mandate.core.enums import PeriodKind
from mandate.core.exceptions import ApplicationError
from mandate.core.models import Period
from mandate.indicators.hierarchy import Hierarchy, hierarchy_on
from mandate.indicators.models import Indicator, IndicatorSet
from mandate.notifications import services as notifications
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

# The largest number a value or target column holds (20 digits, 4 of them decimals).
LARGEST = Decimal("9999999999999999.9999")
# The period kinds from the shortest to the longest: a target may be for a longer period than
# the indicator's (a monthly indicator, a quarterly or annual target).
SPAN_ORDER = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR)


def moment(on: dt.date | None) -> dt.datetime:
    """When a change happened: now, or — for records entered after the fact (the demo's
    history, imports of a past period) — midday of the day given."""
    if on is None:
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12, 0)))


def label_of(actor: User | None) -> str:
    return actor.get_username() if actor is not None else "system"


def user_or_none(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def require_text(value: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        message = _("Give a reason.")
        raise ApplicationError(message, fields={field: [message]})
    return text


def field_error(field: str, message: str, *, code: str | None = None) -> ApplicationError:
    return ApplicationError(message, code=code, fields={field: [message]})


def checked_amount(value: Any, *, field: str, decimals: int, positive: bool = False) -> Decimal:
    """A value or a target as the indicator allows it: a finite number, not negative (zero
    refused where ``positive``), with at most the indicator's decimals, within the column.
    Refused, never rounded: a figure is what its unit wrote (Akvo RSR #2809)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise field_error(field, _("Write a number."))
    number = Decimal(value)
    if not number.is_finite():
        raise field_error(field, _("Write a number."))
    if number < 0 or (positive and number == 0):
        raise field_error(field, _("Must be more than zero.") if positive else _("Must not be negative."))
    if abs(number) > LARGEST:
        raise field_error(field, _("The number is too large."))
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > decimals:
        if decimals == 0:
            raise field_error(field, _("This indicator takes whole numbers."))
        raise field_error(field, _("This indicator takes at most %(n)s decimals.") % {"n": decimals})
    return number


def shown(value: Decimal | None, places: int) -> str:
    """A number as the reader's language writes it in a message: 8.051 and 82,07 in
    Vietnamese, 8,051 and 82.07 in English."""
    if value is None:
        return "—"
    return str(formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True))


def hierarchy_for(indicator_set: IndicatorSet, period: Period) -> Hierarchy:
    """The set's reporting hierarchy for a period: the lines in force on its last day."""
    return hierarchy_on(indicator_set, period.ends_on)


def require_in_set(indicator_set: IndicatorSet, indicator: Indicator, *, field: str) -> None:
    if not indicator_set.items.filter(indicator=indicator).exists():
        raise field_error(field, _("This indicator is not in the set."))


def require_period_in_set(indicator_set: IndicatorSet, period: Period, *, field: str = "period") -> None:
    """The period lies within the span the set collects for."""
    if period.starts_on < indicator_set.valid_from or (
        indicator_set.valid_to is not None and period.ends_on > indicator_set.valid_to
    ):
        raise field_error(field, _("The set does not collect for this period."))


def heads_of(unit_ids: Iterable[int], *, day: dt.date | None = None) -> list[User]:
    """Accounts of the heads (regular or acting) of these units on ``day``: one filter call, so
    every condition is on the same position."""
    day = day or timezone.localdate()
    return list(
        User.objects.filter(
            Q(person__positions__valid_to__isnull=True) | Q(person__positions__valid_to__gte=day),
            is_active=True,
            person__positions__unit_id__in=list(unit_ids),
            person__positions__is_head=True,
            person__positions__valid_from__lte=day,
        ).distinct()
    )


def tell(
    *,
    users: Iterable[User | None],
    actor: User | None,
    kind: str,
    message: str,
    params: dict[str, Any],
    unit: OrgUnit | None,
    target: Any,
    body: str = "",
    url: str = "",
) -> None:
    """Notices to the other side (the actor does not notify himself). ``message`` is an English
    msgid marked with ``gettext_noop``: each reader reads it in his language (ADR 0027)."""
    recipients = [u for u in users if u is not None and (actor is None or u.pk != actor.pk)]
    if recipients:
        notifications.notify(
            recipients=recipients,
            kind=kind,
            message=message,
            params=params,
            body=body[:500],
            unit=unit,
            target=target,
            url=url,
        )
