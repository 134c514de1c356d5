"""The indicator objects of one unit of the write matrix (tests/write_world.py), built through
the services as the system.

For a unit U with the unit above it P (its assigner) and the unit below it C:

- ``indicator``: an indicator U maintains;
- ``set_up``: a set P collects, in which U reports to P and C reports to U (two levels), for 2023:
  ``sub_own`` is U's draft with one value (``actual_own``: U's side enters and submits it), and
  ``sub_child`` is C's submitted values, awaiting U (U's side approves or returns them);
- ``set_down``: a set U collects, in which C reports to U: for 2024 ``sub_down`` is C's submitted
  values awaiting U's acceptance, U's own target and C's (``target_child``, which U's side revises
  and allocates); for 2025 ``sub_locked`` is C's accepted values (U's side unlocks them); and
  ``rule``, a validation rule of the set (U's side changes and retires it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from mandate.core import periods
from mandate.core.enums import PeriodKind
from mandate.core.models import Period
from mandate.indicators.enums import Measure
from mandate.indicators.models import Actual, Indicator, IndicatorSet, Submission, Target
from mandate.indicators.rule_templates import RuleSpec
from mandate.indicators.services import actuals, approval, catalogue, rules, targets
from mandate.organisations.models import OrgUnit


def _year(number: int) -> Period:
    return periods.year(number)


def _values(
    indicator_set: IndicatorSet, indicator: Indicator, unit: OrgUnit, period: Period, value: int
) -> Submission:
    entry = actuals.ActualEntry(indicator=indicator, value=Decimal(value))
    actuals.actuals_enter(actor=None, indicator_set=indicator_set, unit=unit, period=period, entries=[entry])
    return Submission.objects.get(indicator_set=indicator_set, unit=unit, period=period)


def _move(submission: Submission, *actions: str) -> Submission:
    for action in actions:
        submission = approval.submission_transition(
            actor=None,
            submission=submission,
            action=action,
            expected_version=submission.version,
            reason="Lý do",
        )
    return submission


def indicator_objects(key: str, unit: OrgUnit, parent: OrgUnit, child: OrgUnit) -> dict[str, int]:
    """The ids (and versions) of U's indicator objects, by the names the bodies use."""
    y2023, y2024, y2025 = _year(2023), _year(2024), _year(2025)
    indicator = catalogue.indicator_create(
        actor=None,
        owner_unit=unit,
        code=f"W-{key}",
        name=f"Chỉ tiêu của {unit.name}",
        measure=Measure.COUNT,
        period_kind=PeriodKind.YEAR,
    )
    start = dt.date(2023, 1, 1)
    set_up = catalogue.indicator_set_create(
        actor=None,
        collecting_unit=parent,
        code=f"W-UP-{key}",
        name=f"Bộ báo cáo lên của {unit.name}",
        period_kind=PeriodKind.YEAR,
        valid_from=start,
        indicators=[indicator],
        lines=[(unit, parent), (child, unit)],
    )
    set_down = catalogue.indicator_set_create(
        actor=None,
        collecting_unit=unit,
        code=f"W-DOWN-{key}",
        name=f"Bộ tổng hợp của {unit.name}",
        period_kind=PeriodKind.YEAR,
        valid_from=start,
        indicators=[indicator],
        lines=[(child, unit)],
    )
    own = _values(set_up, indicator, unit, y2023, 5)
    child_up = _move(_values(set_up, indicator, child, y2023, 3), "submit")
    down = _move(_values(set_down, indicator, child, y2024, 4), "submit")
    locked = _move(_values(set_down, indicator, child, y2025, 6), "submit", "accept")
    targets.target_set(
        actor=None, indicator_set=set_down, indicator=indicator, unit=unit, period=y2024, value=Decimal(10)
    )
    child_target = targets.target_set(
        actor=None, indicator_set=set_down, indicator=indicator, unit=child, period=y2024, value=Decimal(4)
    )
    actual = Actual.objects.get(submission=own)
    rule = rules.rule_create(
        actor=None,
        indicator_set=set_down,
        spec=RuleSpec("W-RULE", f"#{{{indicator.code}}}", "<=", "1000", "warning", "Lớn bất thường"),
    )
    return {
        "indicator": indicator.pk,
        "set_up": set_up.pk,
        "set_down": set_down.pk,
        "y2023": y2023.pk,
        "y2024": y2024.pk,
        "actual_own": actual.pk,
        "actual_own_version": actual.version,
        "sub_own": own.pk,
        "sub_own_version": own.version,
        "sub_child": child_up.pk,
        "sub_child_version": child_up.version,
        "sub_down": down.pk,
        "sub_down_version": down.version,
        "sub_locked": locked.pk,
        "sub_locked_version": locked.version,
        "target_child": child_target.pk,
        "target_child_version": Target.objects.get(pk=child_target.pk).version,
        "rule": rule.pk,
        "rule_version": rule.version,
    }
