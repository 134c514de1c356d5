"""Reading validation rules and the warnings they left (ADR 0036), scoped as the values are.

A set's rules are read by whoever sees the set (``selectors.set_list_visible``): they say what
is asked of every reporting unit. A warning is about one unit's values of a period, so it is read
by exactly the people who read those values (``selectors.figures_q``): the unit's own side, the
units covering it, and the levels above it in the set on the period's last day; anyone else gets
nothing (a list leaves it out).
"""

from __future__ import annotations

from django.db.models import QuerySet

from mandate.core.exceptions import NotFoundError
from mandate.core.models import Period
from mandate.indicators import selectors
from mandate.indicators.models import IndicatorSet, ValidationRule, ValidationWarning
from mandate.organisations.models import OrgUnit
from mandate.people.models import User


def rule_list_visible(
    *, actor: User, indicator_set: IndicatorSet | None = None, include_retired: bool = False
) -> QuerySet[ValidationRule]:
    rules = ValidationRule.objects.filter(
        indicator_set__in=selectors.set_list_visible(actor=actor).values("pk")
    ).select_related("indicator_set")
    if indicator_set is not None:
        rules = rules.filter(indicator_set=indicator_set)
    if not include_retired:
        rules = rules.filter(retired_at__isnull=True)
    return rules.order_by("indicator_set__code", "code", "id")


def rule_get_visible(*, actor: User, rule_id: int) -> ValidationRule:
    found = rule_list_visible(actor=actor, include_retired=True).filter(pk=rule_id).first()
    if found is None:
        raise NotFoundError()
    return found


def warning_list_visible(
    *,
    actor: User,
    indicator_set: IndicatorSet | None = None,
    period: Period | None = None,
    unit: OrgUnit | None = None,
    include_resolved: bool = False,
) -> QuerySet[ValidationWarning]:
    """The warnings of the units whose values the reader reads, open ones only unless asked."""
    rows = ValidationWarning.objects.filter(selectors.figures_q(actor)).select_related(
        "rule", "indicator_set", "unit", "period", "actual", "actual__indicator", "entered_by"
    )
    if indicator_set is not None:
        rows = rows.filter(indicator_set=indicator_set)
    if period is not None:
        rows = rows.filter(period=period)
    if unit is not None:
        rows = rows.filter(unit=unit)
    if not include_resolved:
        rows = rows.filter(resolved_at__isnull=True)
    return rows.order_by("indicator_set__code", "period__starts_on", "unit_path", "rule__code", "id")
