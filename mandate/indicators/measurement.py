"""Which target an actual is measured against, and its achievement (issue 11, item 7).

An actual is measured against the unit's target of its own period, or of the shortest period
that contains it: the cumulative actual from 01/01/2023 to 15/09/2023 against the annual 2023
target. A target handed over to a successor still counts for the past unit (ADR 0029).
"""

from __future__ import annotations

from decimal import Decimal

from mandate.core.models import Period
from mandate.indicators import calculations
from mandate.indicators.models import Actual, Indicator, Target


def target_for(*, indicator: Indicator, unit_id: int, period: Period) -> Target | None:
    return (
        Target.objects.filter(
            indicator=indicator,
            unit_id=unit_id,
            period__starts_on__lte=period.starts_on,
            period__ends_on__gte=period.ends_on,
        )
        .order_by("-period__starts_on", "period__ends_on", "id")
        .first()
    )


def achievement_of(actual: Actual, target: Target | None) -> Decimal | None:
    """actual / target × 100 (target / actual when lower is better), rounded half up to two
    decimals; None without a target or when the divisor is zero."""
    if target is None:
        return None
    return calculations.achievement(
        actual=actual.value, target=target.value, direction=actual.indicator.direction
    )


def below_threshold(actual: Actual, target: Target | None) -> Decimal | None:
    """The achievement when it is further below 100 than the indicator's explanation threshold
    allows (the value needs an explanation before it is submitted), else None."""
    threshold = actual.indicator.explanation_threshold
    if threshold is None:
        return None
    achieved = achievement_of(actual, target)
    if achieved is None or achieved >= Decimal(100) - threshold:
        return None
    return achieved
