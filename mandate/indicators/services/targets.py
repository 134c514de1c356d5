"""Targets: set, allocated down a set's hierarchy with the children's sum checked, revised with a
reason, and handed over along the lineage when a unit is merged or split (ADR 0029)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import InvalidStateError
from mandate.core.models import Period
from mandate.indicators import calculations, policy
from mandate.indicators.enums import Aggregation, AllocationStatus, IndicatorKind, TargetChange
from mandate.indicators.hierarchy import Hierarchy
from mandate.indicators.models import Allocation, Indicator, IndicatorSet, Target, TargetRevision
from mandate.indicators.services.common import (
    SPAN_ORDER,
    checked_amount,
    field_error,
    hierarchy_for,
    label_of,
    moment,
    require_in_set,
    require_period_in_set,
    require_text,
    user_or_none,
)
from mandate.organisations.models import OrgUnit, UnitLineage
from mandate.people.models import User


@dataclass(frozen=True)
class TargetEntry:
    """One child's target in an allocation; ``version`` is required when it already has one."""

    unit: OrgUnit
    value: Decimal
    version: int | None = None


@dataclass(frozen=True)
class AllocationResult:
    allocation: Allocation
    targets: list[Target]
    children: int
    children_without_target: int

    @property
    def flagged(self) -> bool:
        return self.allocation.flagged


@dataclass
class HandOver:
    """What ``targets_pass_on`` did: the targets passed on and those left for a decision."""

    passed: list[Target] = field(default_factory=list)
    received: list[Target] = field(default_factory=list)
    not_divided: list[Target] = field(default_factory=list)


def summable(indicator: Indicator) -> bool:
    """Whether targets of the indicator add up: summed, and not a rate."""
    return indicator.aggregation == Aggregation.SUM and indicator.kind != IndicatorKind.RATIO


def _check_target_period(indicator: Indicator, period: Period) -> None:
    """A target is for a period of the indicator's type or a longer one (quarterly and annual
    targets for a monthly indicator)."""
    if period.kind not in SPAN_ORDER or SPAN_ORDER.index(period.kind) < SPAN_ORDER.index(
        indicator.period_kind
    ):
        raise field_error("period", _("A target is for a period of the indicator's period type or longer."))


def record_revision(
    target: Target,
    *,
    change: str,
    previous: Decimal | None,
    reason: str,
    actor: User | None,
    at: dt.datetime,
    allocation: Allocation | None = None,
) -> None:
    TargetRevision.objects.create(
        target=target,
        change=change,
        value=target.value,
        previous_value=previous,
        reason=reason,
        allocation=allocation,
        actor=user_or_none(actor),
        actor_label=label_of(actor),
        at=at,
    )


def _common_checks(indicator_set: IndicatorSet, indicator: Indicator, period: Period) -> None:
    require_in_set(indicator_set, indicator, field="indicator")
    require_period_in_set(indicator_set, period)
    _check_target_period(indicator, period)


@transaction.atomic
def target_set(
    *,
    actor: User | None,
    indicator_set: IndicatorSet,
    indicator: Indicator,
    unit: OrgUnit,
    period: Period,
    value: Decimal,
    reason: str = "",
    on: dt.date | None = None,
) -> Target:
    """A unit's first target for the period: the collecting unit's own (from the document that
    set it), or one unit's by the unit above it. A second one is a revision, with a reason."""
    hierarchy = hierarchy_for(indicator_set, period)
    allocator = policy.allocating_unit(hierarchy, unit.pk)
    if allocator is None:
        raise field_error("unit", _("This unit does not report in the set for this period."))
    policy.require_allocator(actor, hierarchy, allocator)
    _common_checks(indicator_set, indicator, period)
    value = checked_amount(value, field="value", decimals=indicator.decimals)
    if Target.objects.filter(indicator=indicator, unit=unit, period=period).exists():
        raise InvalidStateError(_("This unit has a target for the period: revise it, with a reason."))
    target = Target.objects.create(
        indicator=indicator,
        indicator_set=indicator_set,
        unit=unit,
        unit_path=unit.path,
        period=period,
        value=value,
        set_by_unit_id=allocator,
    )
    record_revision(
        target, change=TargetChange.SET, previous=None, reason=reason.strip(), actor=actor, at=moment(on)
    )
    audit.record(
        actor=actor,
        action="indicators.target_set",
        target=target,
        after={"indicator": indicator.code, "unit": unit.pk, "period": period.code, "value": value},
    )
    return target


@transaction.atomic
def target_revise(
    *,
    actor: User | None,
    target: Target,
    value: Decimal,
    reason: str,
    expected_version: int | None,
    on: dt.date | None = None,
) -> Target:
    """A new value, with a reason, by the side that set it; the old one stays in the history."""
    target = (
        Target.objects.select_for_update(of=("self",))
        .select_related("indicator", "indicator_set", "period")
        .get(pk=target.pk)
    )
    if target.indicator_set is None:
        raise InvalidStateError(_("This target belongs to no set: it cannot be revised here."))
    hierarchy = hierarchy_for(target.indicator_set, target.period)
    allocator = policy.allocating_unit(hierarchy, target.unit_id)
    if allocator is None:
        allocator = target.set_by_unit_id
        hierarchy = _with_allocator(hierarchy, target)
    policy.require_allocator(actor, hierarchy, allocator)
    check_version(obj=target, expected_version=expected_version)
    if target.handed_over_on is not None:
        raise InvalidStateError(_("This target was handed over to the unit's successor: revise theirs."))
    reason = require_text(reason, "reason")
    value = checked_amount(value, field="value", decimals=target.indicator.decimals)
    if value == target.value:
        raise field_error("value", _("This is the target already."))
    previous = target.value
    target.value = value
    bump_version(target)
    target.save(update_fields=["value", "version", "updated_at"])
    record_revision(
        target, change=TargetChange.REVISED, previous=previous, reason=reason, actor=actor, at=moment(on)
    )
    audit.record(
        actor=actor,
        action="indicators.target_revise",
        target=target,
        before={"value": previous},
        after={"value": value, "reason": reason},
    )
    return target


def _with_allocator(hierarchy: Hierarchy, target: Target) -> Hierarchy:
    """A target whose unit no longer reports on the period's last day is revised by the unit
    that set it."""
    paths = dict(hierarchy.path_of)
    paths[target.set_by_unit_id] = OrgUnit.objects.values_list("path", flat=True).get(
        pk=target.set_by_unit_id
    )
    return Hierarchy(hierarchy.set_id, hierarchy.collecting_id, dict(hierarchy.parent_of), paths)


def _allocation_figures(
    indicator: Indicator, parent: Target | None, children: Mapping[int, Decimal | None]
) -> tuple[str, Decimal | None, Decimal | None, int]:
    """(status, children's total, difference, children without a target)."""
    missing = sum(1 for value in children.values() if value is None)
    if not summable(indicator):
        return AllocationStatus.NOT_SUMMED, None, None, missing
    check = calculations.allocation_check(
        parent_target=parent.value if parent is not None else None,
        children_targets=list(children.values()),
        aggregation=indicator.aggregation,
    )
    status = {
        calculations.AllocationStatus.BALANCED: AllocationStatus.BALANCED,
        calculations.AllocationStatus.SHORTFALL: AllocationStatus.SHORTFALL,
        calculations.AllocationStatus.EXCESS: AllocationStatus.EXCESS,
        calculations.AllocationStatus.UNKNOWN: AllocationStatus.NO_PARENT_TARGET,
    }[check.status]
    return status, check.children_total, check.difference, check.children_without_target


@transaction.atomic
def targets_allocate(
    *,
    actor: User | None,
    indicator_set: IndicatorSet,
    indicator: Indicator,
    unit: OrgUnit,
    period: Period,
    targets: Sequence[TargetEntry],
    reason: str = "",
    on: dt.date | None = None,
) -> AllocationResult:
    """``unit`` gives targets to the units reporting directly to it in the set. All its
    children's targets (not only these) are added up against its own and the difference is
    stored and returned as a flag: a shortfall or an excess is shown, never silently accepted,
    and never refused. One audit entry for the whole allocation."""
    hierarchy = hierarchy_for(indicator_set, period)
    if not hierarchy.includes(unit.pk):
        raise field_error("unit", _("This unit does not take part in the set for this period."))
    policy.require_allocator(actor, hierarchy, unit.pk)
    _common_checks(indicator_set, indicator, period)
    children = hierarchy.children(unit.pk)
    if not children:
        raise field_error("unit", _("No unit reports to this unit in the set for this period."))
    if not targets:
        raise field_error("targets", _("Give at least one target."))
    values: dict[int, tuple[Decimal, int | None]] = {}
    for index, entry in enumerate(targets):
        if entry.unit.pk not in children:
            raise field_error(f"targets.{index}.unit", _("This unit does not report to the allocating unit."))
        if entry.unit.pk in values:
            raise field_error(f"targets.{index}.unit", _("A unit is listed twice."))
        amount = checked_amount(entry.value, field=f"targets.{index}.value", decimals=indicator.decimals)
        values[entry.unit.pk] = (amount, entry.version)
    existing = {
        t.unit_id: t
        for t in Target.objects.select_for_update(of=("self",)).filter(
            indicator=indicator, period=period, unit_id__in=children
        )
    }
    for unit_id, (_amount, version) in values.items():
        if unit_id in existing:
            check_version(obj=existing[unit_id], expected_version=version)
            if existing[unit_id].handed_over_on is not None:
                raise InvalidStateError(_("A target was handed over to the unit's successor."))
    totals: dict[int, Decimal | None] = {
        pk: existing[pk].value if pk in existing else None for pk in children
    }
    totals.update({pk: amount for pk, (amount, _version) in values.items()})
    parent = Target.objects.filter(indicator=indicator, unit=unit, period=period).first()
    status, total, difference, missing = _allocation_figures(indicator, parent, totals)
    at = moment(on)
    allocation = Allocation.objects.create(
        indicator=indicator,
        indicator_set=indicator_set,
        unit=unit,
        period=period,
        parent_target=parent.value if parent is not None else None,
        children_total=total,
        difference=difference,
        status=status,
        reason=reason.strip(),
        actor=user_or_none(actor),
        actor_label=label_of(actor),
        at=at,
    )
    written: list[Target] = []
    paths = dict(OrgUnit.objects.filter(pk__in=list(values)).values_list("pk", "path"))
    for unit_id, (amount, _version) in values.items():
        target = existing.get(unit_id)
        if target is None:
            target = Target.objects.create(
                indicator=indicator,
                indicator_set=indicator_set,
                unit_id=unit_id,
                unit_path=paths[unit_id],
                period=period,
                value=amount,
                set_by_unit=unit,
            )
            previous = None
        elif target.value == amount:
            written.append(target)
            continue
        else:
            previous, target.value = target.value, amount
            bump_version(target)
            target.save(update_fields=["value", "version", "updated_at"])
        record_revision(
            target,
            change=TargetChange.ALLOCATED,
            previous=previous,
            reason=reason.strip(),
            actor=actor,
            at=at,
            allocation=allocation,
        )
        written.append(target)
    audit.record(
        actor=actor,
        action="indicators.allocate",
        target=allocation,
        after={
            "indicator": indicator.code,
            "unit": unit.pk,
            "period": period.code,
            "targets": {str(pk): amount for pk, (amount, _v) in values.items()},
            "status": status,
            "parent_target": allocation.parent_target,
            "children_total": total,
            "difference": difference,
        },
    )
    return AllocationResult(
        allocation=allocation, targets=written, children=len(children), children_without_target=missing
    )


def split_amount(value: Decimal, shares: Sequence[Decimal], decimals: int) -> list[Decimal]:
    """``value`` divided by ``shares`` (positive, summing to 1) into parts with at most
    ``decimals`` decimals that add up to ``value`` exactly: each part is rounded down, and the
    units left over go one each to the parts with the largest remainders (the first on a tie)."""
    quantum = Decimal(1).scaleb(-decimals)
    exact = [value * share for share in shares]
    parts = [(amount / quantum).to_integral_value(rounding=ROUND_FLOOR) * quantum for amount in exact]
    left = int(((value - sum(parts, Decimal(0))) / quantum).to_integral_value())
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in order[:left]:
        parts[index] += quantum
    return parts


def successors_of(
    predecessor: OrgUnit, shares: Mapping[int, Decimal] | None
) -> tuple[list[OrgUnit], list[Decimal], dt.date]:
    links = list(
        UnitLineage.objects.filter(predecessor=predecessor)
        .select_related("successor")
        .order_by("successor__path")
    )
    if not links:
        raise field_error("predecessor", _("This unit has no successor: it was not merged or split."))
    successors = [link.successor for link in links]
    effective_on = min(link.effective_on for link in links)
    if len(successors) == 1:
        return successors, [Decimal(1)], effective_on
    given = dict(shares or {})
    if set(given) != {s.pk for s in successors}:
        raise field_error("shares", _("Declare the share of every successor unit, and of no other."))
    if any(not isinstance(v, Decimal) or not v.is_finite() or v <= 0 for v in given.values()) or sum(
        given.values(), Decimal(0)
    ) != Decimal(1):
        raise field_error("shares", _("The shares are more than zero and add up to 1."))
    return successors, [given[s.pk] for s in successors], effective_on
