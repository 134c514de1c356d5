"""Targets through the services: set, allocated to the units reporting to the allocating unit
with the children's sum checked and flagged, revised with a reason, handed over by lineage
(ADR 0029)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mandate.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidStateError,
    PermissionDeniedError,
    VersionRequiredError,
)
from mandate.core.models import AuditEntry
from mandate.indicators.enums import Aggregation, AllocationStatus, IndicatorKind, Measure
from mandate.indicators.models import Allocation, Target, TargetRevision
from mandate.indicators.services import targets
from mandate.indicators.services.targets import TargetEntry, split_amount
from mandate.indicators.tests.factories import make_indicator, make_set, target, year

pytestmark = pytest.mark.django_db


def _allocate(
    cast: Any, ind: SimpleNamespace, values: dict[Any, str], *, actor: Any = None, **extra: Any
) -> Any:
    entries = [
        TargetEntry(unit=unit, value=Decimal(value), version=extra.pop(f"version_{unit.pk}", None))
        for unit, value in values.items()
    ]
    return targets.targets_allocate(
        actor=actor if actor is not None else cast.dung,
        indicator_set=ind.titles,
        indicator=ind.families,
        unit=cast.culture,
        period=ind.y2023,
        targets=entries,
        **extra,
    )


def test_a_childrens_allocation_that_falls_short_is_flagged_with_the_shortfall(
    cast: Any, ind: SimpleNamespace
):
    target(ind.titles, ind.families, cast.culture, ind.y2023, "1000")

    result = _allocate(cast, ind, {cast.district_state: "400", cast.info: "500"}, reason="Theo Kế hoạch 176")

    allocation = result.allocation
    assert (
        allocation.status,
        allocation.difference,
        allocation.children_total,
        allocation.parent_target,
    ) == (
        AllocationStatus.SHORTFALL,
        Decimal(-100),
        Decimal(900),
        Decimal(1000),
    )
    assert result.flagged
    assert sorted(Target.objects.exclude(unit=cast.culture).values_list("value", flat=True)) == [
        400,
        500,
    ]
    assert AuditEntry.objects.filter(action="indicators.allocate").count() == 1
    assert TargetRevision.objects.filter(allocation=allocation, change="allocated").count() == 2


def test_an_allocation_that_adds_up_is_balanced_and_one_over_is_an_excess(cast: Any, ind: SimpleNamespace):
    target(ind.titles, ind.families, cast.culture, ind.y2023, "900")
    assert (
        _allocate(cast, ind, {cast.district_state: "400", cast.info: "500"}).allocation.status == "balanced"
    )
    district = Target.objects.get(unit=cast.district_state)

    over = _allocate(
        cast, ind, {cast.district_state: "450"}, **{f"version_{cast.district_state.pk}": district.version}
    )

    assert (over.allocation.status, over.allocation.difference) == (AllocationStatus.EXCESS, Decimal(50))


def test_children_without_a_target_count_as_nothing_allocated(cast: Any, ind: SimpleNamespace):
    target(ind.titles, ind.families, cast.culture, ind.y2023, "900")
    result = _allocate(cast, ind, {cast.district_state: "400"})
    assert (result.allocation.status, result.children_without_target) == (AllocationStatus.SHORTFALL, 1)


def test_without_its_own_target_the_allocation_is_flagged_as_unchecked(cast: Any, ind: SimpleNamespace):
    assert _allocate(cast, ind, {cast.district_state: "400"}).allocation.status == "no_parent_target"


def test_a_rate_is_never_summed_against_its_parent(cast: Any, ind: SimpleNamespace):
    share = make_indicator(
        cast.culture,
        "VH-TL",
        name="Tỷ lệ hộ gia đình văn hóa",
        measure=Measure.PERCENT,
        kind=IndicatorKind.RATIO,
        numerator_label="Số hộ đạt",
        denominator_label="Tổng số hộ",
        decimals=2,
    )
    rates = make_set(cast.culture, [share], code="TL-2023", lines=[(cast.district_state, cast.culture)])
    target(rates, share, cast.culture, ind.y2023, "90")
    result = targets.targets_allocate(
        actor=cast.dung,
        indicator_set=rates,
        indicator=share,
        unit=cast.culture,
        period=ind.y2023,
        targets=[TargetEntry(unit=cast.district_state, value=Decimal("85.5"))],
    )
    assert (result.allocation.status, result.allocation.children_total) == (AllocationStatus.NOT_SUMMED, None)


@pytest.mark.parametrize("who", ["bao", "tin", "oanh", "vera", "olga"])
def test_only_the_allocating_units_leaders_and_specialists_allocate(
    cast: Any, ind: SimpleNamespace, who: str
):
    with pytest.raises(PermissionDeniedError):
        _allocate(cast, ind, {cast.district_state: "400"}, actor=getattr(cast, who))
    assert (
        Allocation.objects.count(),
        Target.objects.count(),
        AuditEntry.objects.filter(action="indicators.allocate").count(),
    ) == (0, 0, 0)


def test_a_unit_that_does_not_report_to_the_allocating_unit_is_refused_by_field(
    cast: Any, ind: SimpleNamespace
):
    with pytest.raises(ApplicationError) as refused:
        _allocate(cast, ind, {cast.district_state: "400", cast.culture_office: "1"})
    assert list(refused.value.fields) == ["targets.1.unit"]
    assert Target.objects.count() == 0


def test_reallocating_an_existing_target_needs_its_version(cast: Any, ind: SimpleNamespace):
    _allocate(cast, ind, {cast.district_state: "400"})
    with pytest.raises(VersionRequiredError):
        _allocate(cast, ind, {cast.district_state: "410"})
    with pytest.raises(ConflictError):
        _allocate(cast, ind, {cast.district_state: "410"}, **{f"version_{cast.district_state.pk}": 9})
    assert Target.objects.get(unit=cast.district_state).value == 400


def test_a_revision_needs_a_reason_and_keeps_the_history(cast: Any, ind: SimpleNamespace):
    first = target(ind.titles, ind.families, cast.district_state, ind.y2023, "400")
    with pytest.raises(ApplicationError) as no_reason:
        targets.target_revise(
            actor=cast.dung, target=first, value=Decimal(420), reason=" ", expected_version=1
        )
    assert list(no_reason.value.fields) == ["reason"]
    with pytest.raises(PermissionDeniedError):
        targets.target_revise(
            actor=cast.bao, target=first, value=Decimal(420), reason="Tăng", expected_version=1
        )

    revised = targets.target_revise(
        actor=cast.dung,
        target=first,
        value=Decimal(420),
        reason="Điều chỉnh theo Nghị quyết",
        expected_version=1,
    )

    assert revised.value == 420
    assert list(revised.revisions.values_list("change", "value", "previous_value", "reason")) == [
        ("set", Decimal(400), None, ""),
        ("revised", Decimal(420), Decimal(400), "Điều chỉnh theo Nghị quyết"),
    ]
    with pytest.raises(ConflictError):
        targets.target_revise(
            actor=cast.dung, target=first, value=Decimal(430), reason="Lại", expected_version=1
        )


def test_a_second_target_for_the_same_period_is_a_revision(cast: Any, ind: SimpleNamespace):
    target(ind.titles, ind.families, cast.district_state, ind.y2023, "400")
    with pytest.raises(InvalidStateError):
        target(ind.titles, ind.families, cast.district_state, ind.y2023, "500")


def test_the_collecting_units_own_target_is_set_by_its_side_only(cast: Any, ind: SimpleNamespace):
    with pytest.raises(PermissionDeniedError):
        targets.target_set(
            actor=cast.bao,
            indicator_set=ind.titles,
            indicator=ind.families,
            unit=cast.culture,
            period=ind.y2023,
            value=Decimal(1000),
        )
    own = targets.target_set(
        actor=cast.dung,
        indicator_set=ind.titles,
        indicator=ind.families,
        unit=cast.culture,
        period=ind.y2023,
        value=Decimal(1000),
    )
    assert own.set_by_unit == cast.culture


@settings(max_examples=200, deadline=None)
@given(
    value=st.integers(min_value=0, max_value=10**9),
    decimals=st.integers(min_value=0, max_value=3),
    weights=st.lists(st.integers(min_value=1, max_value=1000), min_size=2, max_size=6),
)
def test_a_split_adds_up_exactly_and_each_part_is_within_one_step_of_its_share(
    value: int, decimals: int, weights: list[int]
) -> None:
    amount = Decimal(value).scaleb(-decimals)
    total = sum(weights)
    shares = [Decimal(w) / Decimal(total) for w in weights]
    shares[-1] = Decimal(1) - sum(shares[:-1], Decimal(0))
    parts = split_amount(amount, shares, decimals)
    step = Decimal(1).scaleb(-decimals)
    assert sum(parts, Decimal(0)) == amount
    for part, share in zip(parts, shares, strict=True):
        assert part >= 0
        assert abs(part - amount * share) < step
        assert part == part.quantize(step)


def _merge(cast: Any, sources: list[Any], name: str) -> Any:
    from mandate.organisations import services as units

    return units.unit_merge(
        actor=None,
        sources=sources,
        parent=cast.district,
        name=name,
        kind="state",
        level="district",
        effective_on=dt.date(2023, 7, 1),
        reason="Sáp nhập",
    )


def test_a_merged_units_open_targets_are_summed_into_its_successor_and_past_ones_stay(
    cast: Any, ind: SimpleNamespace
):
    from mandate.indicators.hierarchy import hierarchy_on
    from mandate.indicators.services.handover import targets_pass_on
    from mandate.organisations.tests.factories import UnitFactory

    other = UnitFactory.create(parent=cast.district, name="UBND huyện Khác", kind="state", level="district")
    villages = make_set(
        cast.culture,
        [ind.villages],
        code="LVH",
        valid_from=dt.date(2022, 1, 1),
        lines=[(cast.district_state, cast.culture), (other, cast.culture)],
    )
    past = target(villages, ind.villages, cast.district_state, year(2022), "30")
    target(villages, ind.villages, cast.district_state, ind.y2023, "40")
    target(villages, ind.villages, other, ind.y2023, "10")
    successor = _merge(cast, [cast.district_state, other], "UBND huyện Mới")

    first = targets_pass_on(actor=cast.dung, indicator_set=villages, predecessor=cast.district_state)
    second = targets_pass_on(actor=cast.dung, indicator_set=villages, predecessor=other)

    merged = Target.objects.get(unit=successor)
    assert (merged.value, merged.period) == (Decimal(50), ind.y2023)
    assert [r.change for r in merged.revisions.all()] == ["received", "received"]
    old = Target.objects.get(unit=cast.district_state, period=ind.y2023)
    assert (old.value, old.handed_over_on) == (Decimal(40), dt.date(2023, 7, 1))
    past.refresh_from_db()
    assert (past.value, past.handed_over_on) == (Decimal(30), None)
    assert (len(first.passed), len(second.passed)) == (1, 1)
    assert targets_pass_on(actor=cast.dung, indicator_set=villages, predecessor=other).passed == []
    assert hierarchy_on(villages, dt.date(2023, 12, 31)).reports(successor.pk)
    assert not hierarchy_on(villages, dt.date(2023, 12, 31)).reports(cast.district_state.pk)
    assert hierarchy_on(villages, dt.date(2023, 6, 30)).reports(cast.district_state.pk)


@pytest.mark.parametrize("who", ["bao", "tin", "olga"])
def test_only_the_allocating_side_hands_targets_over(cast: Any, ind: SimpleNamespace, who: str):
    from mandate.indicators.services.handover import targets_pass_on

    target(ind.titles, ind.families, cast.district_state, ind.y2023, "400")
    _merge(cast, [cast.district_state], "UBND huyện Mới")
    with pytest.raises(PermissionDeniedError):
        targets_pass_on(actor=getattr(cast, who), indicator_set=ind.titles, predecessor=cast.district_state)
    assert Target.objects.get().handed_over_on is None


def test_a_split_units_open_targets_are_divided_by_the_declared_shares(cast: Any, ind: SimpleNamespace):
    from mandate.indicators.services.handover import targets_pass_on
    from mandate.organisations import services as units
    from mandate.organisations.tests.factories import UnitFactory

    east = UnitFactory.create(parent=cast.district, name="UBND phía Đông", kind="state", level="district")
    west = UnitFactory.create(parent=cast.district, name="UBND phía Tây", kind="state", level="district")
    target(ind.titles, ind.families, cast.district_state, ind.y2023, "1001")
    units.unit_retire(
        actor=None,
        unit=cast.district_state,
        last_day=dt.date(2023, 6, 30),
        reason="Chia tách",
        successors=[east, west],
    )
    with pytest.raises(ApplicationError) as undeclared:
        targets_pass_on(actor=cast.dung, indicator_set=ind.titles, predecessor=cast.district_state)
    assert list(undeclared.value.fields) == ["shares"]
    with pytest.raises(ApplicationError):
        targets_pass_on(
            actor=cast.dung,
            indicator_set=ind.titles,
            predecessor=cast.district_state,
            shares={east.pk: Decimal("0.5"), west.pk: Decimal("0.6")},
        )

    targets_pass_on(
        actor=cast.dung,
        indicator_set=ind.titles,
        predecessor=cast.district_state,
        shares={east.pk: Decimal("0.5"), west.pk: Decimal("0.5")},
    )

    assert {t.unit_id: t.value for t in Target.objects.filter(unit__in=[east, west])} == {
        east.pk: Decimal(501),
        west.pk: Decimal(500),
    }
    assert AuditEntry.objects.filter(action="indicators.targets_pass_on").count() == 1


def test_a_score_is_not_divided_but_listed_for_a_decision(cast: Any, ind: SimpleNamespace):
    from mandate.indicators.services import catalogue
    from mandate.indicators.services.handover import targets_pass_on

    score = make_indicator(
        cast.culture, "VH-DIEM", name="Điểm đánh giá", measure=Measure.SCORE, aggregation=Aggregation.NONE
    )
    catalogue.indicator_set_add_indicators(actor=cast.dung, indicator_set=ind.titles, indicators=[score])
    target(ind.titles, score, cast.district_state, ind.y2023, "80")
    successor = _merge(cast, [cast.district_state], "UBND huyện Mới")

    done = targets_pass_on(actor=cast.dung, indicator_set=ind.titles, predecessor=cast.district_state)

    assert [t.indicator for t in done.not_divided] == [score]
    assert not Target.objects.filter(unit=successor).exists()
