"""Figures of a longer period summed from a monthly set's months (issue 11, item 14; ADR 0035,
"Longer periods"): the sum over a period is the sum of its months (property), a ratio is
recomputed from its summed parts and never summed as a percentage, a score gets no figure and
says why, a value entered for exactly the period wins, and a unit missing a month has none."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.core import periods
from mandate.core.enums import PeriodKind
from mandate.indicators import figures
from mandate.indicators.enums import Measure
from mandate.indicators.tests.factories import (
    enter,
    make_indicator,
    make_set,
    move,
    submission_of,
    target,
    year,
)

pytestmark = pytest.mark.django_db

NINE_MONTHS = "2024-C09"


@pytest.fixture
def monthly(cast: Any) -> SimpleNamespace:
    """A monthly set collected by culture: district_state (bao) and info (tin) report to it; a
    number summed, a ratio and a score (not summed), each with annual 2024 targets."""
    w = SimpleNamespace()
    monthly_fields: dict[str, Any] = {"period_kind": PeriodKind.MONTH}
    w.shows = make_indicator(
        cast.culture,
        "SUM-CHIEU",
        name="Số buổi chiếu phim",
        measure=Measure.SHOWS,
        decimals=2,
        **monthly_fields,
    )
    w.share = make_indicator(
        cast.culture,
        "SUM-TL",
        name="Tỷ lệ hồ sơ đúng hạn",
        measure=Measure.PERCENT,
        kind="ratio",
        factor=Decimal(100),
        numerator_label="Hồ sơ đúng hạn",
        denominator_label="Tổng số hồ sơ",
        **monthly_fields,
    )
    w.score = make_indicator(
        cast.culture, "SUM-DIEM", name="Điểm", measure=Measure.SCORE, aggregation="none", **monthly_fields
    )
    w.set = make_set(
        cast.culture,
        [w.shows, w.share, w.score],
        code="MONTHLY-2024",
        valid_from=dt.date(2024, 1, 1),
        lines=[(cast.district_state, cast.culture), (cast.info, cast.culture)],
        period_kind=PeriodKind.MONTH,
    )
    for unit, value in ((cast.culture, "1000"), (cast.district_state, "600"), (cast.info, "400")):
        target(w.set, w.shows, unit, year(2024), value)
    w.months = [periods.month(2024, number) for number in range(1, 10)]
    w.url = f"/api/v1/indicators/sets/{w.set.pk}/indicators/{{indicator}}/periods/{{code}}/{{what}}/"
    return w


def _scope(cast: Any, w: SimpleNamespace, indicator: Any, unit: Any = None, code: str = NINE_MONTHS) -> Any:
    return figures.figure_scope(
        actor=cast.dung,
        set_id=w.set.pk,
        indicator_id=indicator.pk,
        code=code,
        unit_id=unit.pk if unit is not None else None,
    )


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@settings(deadline=None, max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(district=st.lists(amounts, min_size=9, max_size=9), info=st.lists(amounts, min_size=9, max_size=9))
def test_the_sum_over_a_period_is_the_sum_of_its_months(
    cast: Any, monthly: SimpleNamespace, district: list[Decimal], info: list[Decimal]
):
    with transaction.atomic():
        for month, first, second in zip(monthly.months, district, info, strict=True):
            enter(monthly.set, cast.district_state, month, {monthly.shows: first})
            enter(monthly.set, cast.info, month, {monthly.shows: second})

        one = figures.unit_figure(_scope(cast, monthly, monthly.shows, cast.district_state))
        part = figures.part_figure(_scope(cast, monthly, monthly.shows))
        league = {
            e.figure.unit.pk: e.figure.value for e in figures.league(_scope(cast, monthly, monthly.shows))
        }
        quarter = figures.part_figure(_scope(cast, monthly, monthly.shows, code="2024-Q2"))
        transaction.set_rollback(True)

    assert one.actual == sum(district, Decimal(0))
    assert (one.target, one.state) == (Decimal(600), "draft")
    assert part.value == sum(district, Decimal(0)) + sum(info, Decimal(0))
    assert part.tally.denominator == Decimal(1000)  # the leaves' annual targets, never the root's on top
    assert league == {cast.district_state.pk: sum(district, Decimal(0)), cast.info.pk: sum(info, Decimal(0))}
    assert quarter.value == sum(district[3:6], Decimal(0)) + sum(info[3:6], Decimal(0))


parts = st.tuples(st.integers(min_value=0, max_value=1000), st.integers(min_value=1, max_value=1000)).map(
    lambda pair: (min(pair), max(pair))
)


@settings(deadline=None, max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(months=st.lists(parts, min_size=9, max_size=9))
def test_a_rate_over_months_is_the_ratio_of_its_summed_parts_not_a_sum_of_rates(
    cast: Any, monthly: SimpleNamespace, months: list[tuple[int, int]]
):
    with transaction.atomic():
        for month, (numerator, denominator) in zip(monthly.months, months, strict=True):
            enter(
                monthly.set, cast.district_state, month, {monthly.share: (str(numerator), str(denominator))}
            )
        one = figures.unit_figure(_scope(cast, monthly, monthly.share, cast.district_state))
        transaction.set_rollback(True)

    numerators, denominators = sum(n for n, _d in months), sum(d for _n, d in months)
    assert (one.numerator, one.denominator) == (Decimal(numerators), Decimal(denominators))
    expected = (Decimal(numerators) * 100 / Decimal(denominators)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert one.actual == expected
    assert one.actual <= 100  # a sum of nine monthly rates would pass 100 %


def test_a_ratio_over_months_is_recomputed_from_its_summed_parts_never_summed(
    cast: Any, api: Any, monthly: SimpleNamespace
):
    for month, parts in zip(monthly.months, [("9", "10")] + [("1", "10")] * 8, strict=True):
        enter(monthly.set, cast.district_state, month, {monthly.share: parts})
        enter(monthly.set, cast.info, month, {monthly.share: ("10", "10")})

    url = monthly.url.format(indicator=monthly.share.pk, code=NINE_MONTHS, what="figure")
    body = api(cast.dung).get(url, {"unit": cast.district_state.pk}).json()
    rollup = api(cast.dung).get(
        monthly.url.format(indicator=monthly.share.pk, code=NINE_MONTHS, what="rollup")
    )

    figure = body["figure"]
    # 17 / 90 = 18,89 %: not 90 % + 8 × 10 % = 170 %, nor their mean 18,89 % by chance of equal weights
    assert (figure["numerator"]["value"], figure["denominator"]["value"]) == ("17", "90")
    assert figure["actual"]["value"] == "18.89"
    assert body["summed_from"] == [f"2024-M{number:02d}" for number in range(1, 10)]
    assert body["note"] is None
    whole = rollup.json()["figure"]
    assert (whole["numerator"]["value"], whole["denominator"]["value"], whole["actual"]["value"]) == (
        "107",
        "180",
        "59.44",
    )


def test_a_score_has_no_figure_over_months_and_says_why(cast: Any, api: Any, monthly: SimpleNamespace):
    for month in monthly.months:
        enter(monthly.set, cast.district_state, month, {monthly.score: "80"})

    url = monthly.url.format(indicator=monthly.score.pk, code=NINE_MONTHS, what="figure")
    body = api(cast.dung).get(url, {"unit": cast.district_state.pk}).json()

    assert body["figure"]["actual"]["value"] is None
    assert body["note"] == "not_summed_over_time"
    assert len(body["summed_from"]) == 9


def test_a_unit_missing_a_month_has_no_figure_and_the_rollup_counts_it_without_one(
    cast: Any, api: Any, monthly: SimpleNamespace
):
    for month in monthly.months:
        enter(monthly.set, cast.info, month, {monthly.shows: "10"})
    for month in monthly.months[:-1]:  # September is missing
        enter(monthly.set, cast.district_state, month, {monthly.shows: "50"})
    for month in monthly.months:
        move(submission_of(monthly.set, cast.info, month), "submit", actor=cast.tin)
        move(submission_of(monthly.set, cast.info, month), "accept", actor=cast.dung)

    url = monthly.url.format(indicator=monthly.shows.pk, code=NINE_MONTHS, what="rollup")
    figure = api(cast.dung).get(url).json()["figure"]
    one = figures.unit_figure(_scope(cast, monthly, monthly.shows, cast.info))

    assert (figure["actual"]["value"], figure["leaves"], figure["without_actual"]) == ("90", 2, 1)
    assert figure["awaiting"] == 1  # district_state's months are drafts; info's all accepted
    assert (one.actual, one.state) == (Decimal(90), "accepted")


def test_a_value_entered_for_exactly_the_period_is_read_as_it_is(cast: Any, monthly: SimpleNamespace):
    for month in monthly.months:
        enter(monthly.set, cast.district_state, month, {monthly.shows: "10"})
    enter(monthly.set, cast.district_state, periods.first_months(2024, 9), {monthly.shows: "123"})

    scope = _scope(cast, monthly, monthly.shows, cast.district_state)

    assert figures.sum_plan(scope) is None
    assert figures.unit_figure(scope).actual == Decimal(123)
    # A period the months do not tile (to 15/09) is not summed either: nothing is guessed.
    assert figures.sum_plan(_scope(cast, monthly, monthly.shows, cast.district_state, "2024-C0915")) is None


def test_the_year_before_is_read_on_its_own_hierarchy_when_a_line_changed_between(
    cast: Any, monthly: SimpleNamespace
):
    scope = _scope(cast, monthly, monthly.shows)

    # The set's lines start on 01/01/2024: on 30/09/2023 nobody reported to culture yet.
    assert scope.previous_year().hierarchy.parent_of == {}
    # The same day twice: the hierarchy is the one already read.
    assert scope.at(scope.span, scope.period).hierarchy is scope.hierarchy


def test_each_leaf_sums_its_target_of_the_shortest_period_containing_the_span(
    cast: Any, monthly: SimpleNamespace
):
    """A part's target is its leaves' of the shortest period containing the asked one: the year's
    where it is the only one (nine months: read without ranking), the quarter's where a leaf has
    one (the second quarter: ranked); the root's own target is read the same way."""
    for month in monthly.months:
        enter(monthly.set, cast.district_state, month, {monthly.shows: "10"})
        enter(monthly.set, cast.info, month, {monthly.shows: "10"})
    target(monthly.set, monthly.shows, cast.district_state, periods.quarter(2024, 2), "150")
    target(monthly.set, monthly.shows, cast.culture, periods.quarter(2024, 2), "300")
    nine = figures.part_figure(_scope(cast, monthly, monthly.shows))
    quarter = figures.part_figure(_scope(cast, monthly, monthly.shows, code="2024-Q2"))

    assert (nine.value, nine.tally.denominator, nine.own_target) == (
        Decimal(180),
        Decimal(1000),
        Decimal(1000),
    )
    assert (quarter.value, quarter.tally.denominator, quarter.own_target) == (
        Decimal(60),
        Decimal(550),  # district_state's quarter (150) and info's year (400)
        Decimal(300),
    )
