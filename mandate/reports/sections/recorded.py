"""Indicator figures as recorded by a day (issue 13, item 2: a report made again later gives the
same figures). ``indicators.figures`` reads the values as they stand; a report made with a data
day (``ReportRequest.recorded_on``) reads each leaf's value from its revision in force at the end
of that day (``indicators.history.values_as_recorded``), so a value entered or corrected since
does not move it. A roll-up over the set's own months (``figure_sums``) is read as it stands."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from mandate.core.numbers import exact_sum
from mandate.indicators import calculations, figures, history
from mandate.indicators import selectors as indicator_selectors
from mandate.indicators.enums import IndicatorKind
from mandate.people.models import User


def part_as_recorded(
    actor: User, scope: figures.FigureScope, part: figures.PartFigure, day: dt.date | None
) -> tuple[Decimal | None, Decimal | None]:
    """The part's value and achievement as recorded by the end of ``day`` (as they stand when
    ``day`` is None, or when the figure is summed over the set's months)."""
    if day is None or scope.period is None or figures.sum_plan(scope) is not None:
        return part.value, part.achievement
    indicator = scope.indicator
    rows = indicator_selectors.actual_list_visible(
        actor=actor, indicator_set=scope.indicator_set, indicator=indicator, period=scope.period
    ).filter(option__isnull=True, unit_id__in=part.leaves)
    revisions = list(history.values_as_recorded(rows.values_list("pk", flat=True), on=day).values())
    if not revisions:
        return None, None
    if indicator.kind == IndicatorKind.RATIO:
        numerators = [r.numerator for r in revisions if r.numerator is not None]
        denominators = [r.denominator for r in revisions if r.denominator is not None]
        value = calculations.ratio_value(
            numerator=exact_sum(numerators) if numerators else None,
            denominator=exact_sum(denominators) if denominators else None,
            factor=indicator.factor,
            places=max(indicator.decimals, 2),
        )
        target = part.own_target
    else:
        value = exact_sum(r.value for r in revisions)
        target = part.tally.denominator
    return value, calculations.achievement(actual=value, target=target, direction=indicator.direction)
