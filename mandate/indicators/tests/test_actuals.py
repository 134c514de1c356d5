"""What an actual may be: a number or a ratio, a total or a part, for the set's periods or
cumulative to a day; never a computed indicator's; never the same value in two sets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.core import periods
from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.core.models import Period
from mandate.indicators.enums import Aggregation, IndicatorKind, Measure
from mandate.indicators.models import Actual
from mandate.indicators.services import actuals, catalogue
from mandate.indicators.tests.factories import (
    cumulative,
    enter,
    make_indicator,
    make_set,
    move,
    submission_of,
)

pytestmark = pytest.mark.django_db


def _entries(
    indicator_set: Any, unit: Any, period: Period, *entries: actuals.ActualEntry, actor: Any
) -> list[Actual]:
    return actuals.actuals_enter(
        actor=actor, indicator_set=indicator_set, unit=unit, period=period, entries=entries
    )


def test_a_ratio_keeps_numerator_and_denominator_and_its_value_rounded_half_up(
    cast: Any, ind: SimpleNamespace
):
    share = make_indicator(
        cast.culture,
        "VH-TL",
        name="Tỷ lệ",
        measure=Measure.PERCENT,
        kind=IndicatorKind.RATIO,
        numerator_label="Số hộ đạt",
        denominator_label="Tổng số hộ",
    )
    rates = make_set(cast.culture, [share], code="TL", lines=[(cast.district_state, cast.culture)])
    (actual,) = enter(rates, cast.district_state, ind.y2023, {share: ("8051", "9810")}, actor=cast.bao)
    assert (actual.numerator, actual.denominator, actual.value) == (
        Decimal(8051),
        Decimal(9810),
        Decimal("82.0693"),
    )
    with pytest.raises(ApplicationError) as zero:
        enter(rates, cast.district_state, ind.y2023, {share: ("1", "0")}, actor=cast.bao)
    assert list(zero.value.fields) == ["entries.0.denominator"]


def test_a_computed_indicator_is_never_typed_in(cast: Any, ind: SimpleNamespace):
    rate = make_indicator(
        cast.culture,
        "NV-HT",
        name="Tỷ lệ hoàn thành",
        measure=Measure.PERCENT,
        kind=IndicatorKind.COMPUTED,
        provider="tasks.completion_rate",
        aggregation=Aggregation.NONE,
    )
    computed = make_set(cast.culture, [rate], code="NV", lines=[(cast.district_state, cast.culture)])
    with pytest.raises(ApplicationError) as refused:
        enter(computed, cast.district_state, ind.y2023, {rate: "90"}, actor=cast.bao)
    assert list(refused.value.fields) == ["entries.0.indicator"]


def test_a_cumulative_value_to_a_cut_off_day_is_accepted_and_a_month_is_not(cast: Any, ind: SimpleNamespace):
    to_date = cumulative(dt.date(2023, 9, 15))
    (actual,) = enter(ind.titles, cast.district_state, to_date, {ind.families: "8051"}, actor=cast.bao)
    assert actual.period.as_of == dt.date(2023, 9, 15)
    month = periods.month(2023, 9)
    with pytest.raises(ApplicationError) as refused:
        enter(ind.titles, cast.district_state, month, {ind.families: "1"}, actor=cast.bao)
    assert list(refused.value.fields) == ["period"]


def test_an_indicator_outside_the_set_and_a_unit_that_does_not_report_are_refused(
    cast: Any, ind: SimpleNamespace
):
    with pytest.raises(ApplicationError) as other:
        enter(ind.titles, cast.district_state, ind.y2023, {ind.shows: "1"}, actor=cast.bao)
    assert list(other.value.fields) == ["entries.0.indicator"]
    with pytest.raises(ApplicationError) as stranger:
        enter(ind.titles, cast.state_office, ind.y2023, {ind.families: "1"}, actor=cast.vp)
    assert list(stranger.value.fields) == ["unit"]


def test_one_value_belongs_to_one_set(cast: Any, ind: SimpleNamespace):
    catalogue.indicator_set_add_indicators(actor=None, indicator_set=ind.chain, indicators=[ind.families])
    (actual,) = enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    entry = actuals.ActualEntry(indicator=ind.families, value=Decimal(97), version=actual.version)
    with pytest.raises(InvalidStateError) as refused:
        _entries(ind.chain, cast.district_state, ind.y2023, entry, actor=cast.bao)
    assert refused.value.code == "other_set"


def test_the_parts_of_a_breakdown_must_make_their_total_before_submission(cast: Any, ind: SimpleNamespace):
    sex = catalogue.disaggregation_create(
        actor=None, code="sex", name="Giới tính", options=[("m", "Nam", "Male"), ("f", "Nữ", "Female")]
    )
    members = make_indicator(cast.culture, "DV-KN", disaggregation=sex)
    admitted = make_set(cast.culture, [members], code="KN", lines=[(cast.district_state, cast.culture)])
    male, female = sex.options.all()
    total, *_parts = _entries(
        admitted,
        cast.district_state,
        ind.y2023,
        actuals.ActualEntry(indicator=members, value=Decimal(100)),
        actuals.ActualEntry(indicator=members, value=Decimal(60), option=male),
        actuals.ActualEntry(indicator=members, value=Decimal(30), option=female),
        actor=cast.bao,
    )
    submission = submission_of(admitted, cast.district_state, ind.y2023)
    with pytest.raises(ApplicationError) as refused:
        move(submission, "submit", actor=cast.bao)
    assert refused.value.fields == {
        f"actuals.{total.pk}.value": ["Các phần cộng lại được 90, không phải 100."]
    }

    women = Actual.objects.get(option=female)
    _entries(
        admitted,
        cast.district_state,
        ind.y2023,
        actuals.ActualEntry(indicator=members, value=Decimal(40), option=female, version=women.version),
        actor=cast.bao,
    )
    assert move(submission, "submit", actor=cast.bao).state == "submitted"


def test_an_option_of_another_breakdown_is_refused(cast: Any, ind: SimpleNamespace):
    sex = catalogue.disaggregation_create(
        actor=None, code="sex", name="Giới tính", options=[("m", "Nam", "Male"), ("f", "Nữ", "Female")]
    )
    with pytest.raises(ApplicationError) as refused:
        _entries(
            ind.titles,
            cast.district_state,
            ind.y2023,
            actuals.ActualEntry(indicator=ind.families, value=Decimal(1), option=sex.options.first()),
            actor=cast.bao,
        )
    assert list(refused.value.fields) == ["entries.0.option"]
