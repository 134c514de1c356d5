"""A merged or split unit's open targets pass to its successors; its past ones stay under its
past name (ADR 0029). The same act moves its place in the set's hierarchy to the successors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version
from mandate.core.exceptions import InvalidStateError
from mandate.indicators import policy
from mandate.indicators.enums import TargetChange
from mandate.indicators.hierarchy import hierarchy_on
from mandate.indicators.models import IndicatorSet, Target
from mandate.indicators.services import catalogue
from mandate.indicators.services.common import field_error, moment
from mandate.indicators.services.targets import (
    HandOver,
    record_revision,
    split_amount,
    successors_of,
    summable,
)
from mandate.organisations.models import OrgUnit
from mandate.people.models import User


def _move_lines(
    indicator_set: IndicatorSet, predecessor: OrgUnit, successors: list[OrgUnit], day: dt.date
) -> None:
    """From ``day`` the successors report where the predecessor did, and the units that
    reported to it report to its successor (a split must have them moved first)."""
    before = hierarchy_on(indicator_set, day - dt.timedelta(days=1))
    reports_to = before.parent_of.get(predecessor.pk)
    children = before.children(predecessor.pk)
    if children and len(successors) > 1:
        raise InvalidStateError(
            _("Units report to “%(unit)s” in this set: say which successor they report to first.")
            % {"unit": predecessor.name}
        )
    last_day = day - dt.timedelta(days=1)
    catalogue.end_line(indicator_set, predecessor, last_day)
    after = hierarchy_on(indicator_set, day)
    parent = OrgUnit.objects.get(pk=reports_to) if reports_to is not None else None
    lines: list[tuple[OrgUnit, OrgUnit]] = []
    if parent is not None:
        lines += [(s, parent) for s in successors if not after.includes(s.pk)]
    for child in OrgUnit.objects.filter(pk__in=children):
        catalogue.end_line(indicator_set, child, last_day)
        lines.append((child, successors[0]))
    if lines:
        catalogue.add_lines(indicator_set, lines, day)


@transaction.atomic
def targets_pass_on(
    *,
    actor: User | None,
    indicator_set: IndicatorSet,
    predecessor: OrgUnit,
    shares: Mapping[int, Decimal] | None = None,
    reason: str = "",
) -> HandOver:
    """The predecessor's targets in the set whose period ends on or after the successors' first
    day pass on: added to the one successor's (a merger; each merged unit passes its own, so
    they are summed), or divided by the declared ``shares`` (successor id → share, adding up to
    1) in a split. The predecessor keeps its rows, marked handed over; an indicator that is not
    summed is not divided or added (``not_divided``: a decision for the allocating unit).
    Decided by the side that allocates the predecessor's targets. Running it again passes
    nothing more."""
    if predecessor.pk == indicator_set.collecting_unit_id:
        raise InvalidStateError(_("The collecting unit's own set is not handed over here."))
    successors, parts, effective_on = successors_of(predecessor, shares)
    hierarchy = hierarchy_on(indicator_set, effective_on - dt.timedelta(days=1))
    allocator = policy.allocating_unit(hierarchy, predecessor.pk)
    if allocator is None:
        raise field_error("predecessor", _("This unit did not report in the set before it ended."))
    policy.require_allocator(actor, hierarchy, allocator)
    for successor in successors:
        if not successor.is_valid_on(effective_on):
            raise field_error("predecessor", _("A successor does not exist on the day it takes over."))
    why = reason.strip() or _("Handed over by %(unit)s on %(day)s.") % {
        "unit": predecessor.name,
        "day": effective_on.strftime("%d/%m/%Y"),
    }
    done = HandOver()
    at = moment(None)
    open_targets = (
        Target.objects.select_for_update(of=("self",))
        .select_related("indicator")
        .filter(indicator_set=indicator_set, unit=predecessor, handed_over_on__isnull=True)
        .filter(period__ends_on__gte=effective_on)
        .order_by("indicator_id", "period_id")
    )
    for target in open_targets:
        if not summable(target.indicator):
            done.not_divided.append(target)
            continue
        amounts = split_amount(target.value, parts, target.indicator.decimals)
        for successor, amount in zip(successors, amounts, strict=True):
            done.received.append(_receive(target, successor, amount, why=why, actor=actor, at=at))
        target.handed_over_on = effective_on
        bump_version(target)
        target.save(update_fields=["handed_over_on", "version", "updated_at"])
        record_revision(
            target, change=TargetChange.HANDED_OVER, previous=target.value, reason=why, actor=actor, at=at
        )
        done.passed.append(target)
    _move_lines(indicator_set, predecessor, successors, effective_on)
    audit.record(
        actor=actor,
        action="indicators.targets_pass_on",
        target=indicator_set,
        after={
            "predecessor": predecessor.pk,
            "successors": {str(s.pk): share for s, share in zip(successors, parts, strict=True)},
            "effective_on": effective_on,
            "passed": [t.pk for t in done.passed],
            "received": {str(t.pk): t.value for t in done.received},
            "not_divided": [t.pk for t in done.not_divided],
            "reason": why,
        },
    )
    return done


def _receive(
    source: Target, successor: OrgUnit, amount: Decimal, *, why: str, actor: User | None, at: dt.datetime
) -> Target:
    target = (
        Target.objects.select_for_update(of=("self",))
        .filter(indicator=source.indicator, unit=successor, period_id=source.period_id)
        .first()
    )
    if target is None:
        target = Target.objects.create(
            indicator=source.indicator,
            indicator_set=source.indicator_set,
            unit=successor,
            unit_path=successor.path,
            period_id=source.period_id,
            value=amount,
            set_by_unit_id=source.set_by_unit_id,
        )
        previous = None
    else:
        previous = target.value
        target.value = target.value + amount
        bump_version(target)
        target.save(update_fields=["value", "version", "updated_at"])
    record_revision(target, change=TargetChange.RECEIVED, previous=previous, reason=why, actor=actor, at=at)
    return target
