"""Defining indicators and sets and drawing a set's reporting hierarchy (ADR 0029)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.core.exceptions import ApplicationError, ConflictError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.indicators.enums import Aggregation, IndicatorKind, Measure
from mandate.indicators.hierarchy import hierarchy_on
from mandate.indicators.models import Indicator, IndicatorSet, ReportingLine
from mandate.indicators.services import catalogue
from mandate.indicators.tests.factories import make_indicator, make_set

pytestmark = pytest.mark.django_db


def test_an_indicator_is_defined_by_its_units_side_and_audited(cast: Any):
    indicator = catalogue.indicator_create(
        actor=cast.dung,
        owner_unit=cast.culture,
        code="VH-DT",
        name="Doanh thu di tích",
        measure=Measure.BILLION_VND,
        period_kind="year",
        decimals=2,
    )
    assert (indicator.owner_path, indicator.factor) == (cast.culture.path, Decimal(1))
    entry = AuditEntry.objects.get(action="indicators.indicator_create")
    assert entry.after is not None and entry.after["code"] == "VH-DT"


@pytest.mark.parametrize("who", ["oanh", "vera", "bao", "olga"])
def test_others_do_not_define_a_units_indicators(cast: Any, who: str):
    with pytest.raises(PermissionDeniedError):
        make_indicator_as(cast, getattr(cast, who))
    assert Indicator.objects.count() == 0


def make_indicator_as(cast: Any, actor: Any) -> Indicator:
    return catalogue.indicator_create(
        actor=actor, owner_unit=cast.culture, code="X", name="X", measure=Measure.COUNT, period_kind="year"
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": IndicatorKind.RATIO}, "numerator_label"),
        ({"measure": Measure.SCORE}, "aggregation"),
        ({"measure": Measure.PERCENT}, "aggregation"),
        ({"kind": IndicatorKind.COMPUTED, "provider": "nobody.knows"}, "provider"),
        ({"decimals": 5}, "decimals"),
        ({"explanation_threshold": Decimal(101)}, "explanation_threshold"),
        ({"measure": "litres"}, "measure"),
        ({"code": ""}, "code"),
    ],
)
def test_a_definition_that_breaks_a_rule_is_refused_naming_its_field(
    cast: Any, fields: dict[str, Any], field: str
):
    with pytest.raises(ApplicationError) as refused:
        make_indicator(cast.culture, **({"code": "X"} | fields))
    assert list(refused.value.fields) == [field]
    assert Indicator.objects.count() == 0


def test_a_code_is_unique(cast: Any):
    make_indicator(cast.culture, "DV-KN")
    with pytest.raises(ApplicationError) as refused:
        make_indicator(cast.culture, "DV-KN")
    assert refused.value.code == "duplicate_code"


def test_a_computed_indicator_names_a_registered_provider(cast: Any):
    rate = make_indicator(
        cast.culture,
        "NV-HT",
        name="Tỷ lệ nhiệm vụ hoàn thành",
        measure=Measure.PERCENT,
        kind=IndicatorKind.COMPUTED,
        provider="tasks.completion_rate",
        aggregation=Aggregation.NONE,
    )
    assert rate.provider == "tasks.completion_rate"


def test_a_part_has_its_wholes_measure(cast: Any):
    whole = make_indicator(cast.culture, "DV-KN")
    part = make_indicator(cast.culture, "DV-KN-HS", name="Trong đó học sinh THPT", parent=whole)
    assert part.parent == whole
    with pytest.raises(ApplicationError) as refused:
        make_indicator(cast.culture, "DV-X", measure=Measure.PEOPLE, parent=whole)
    assert list(refused.value.fields) == ["parent"]


def test_names_change_with_the_version_but_the_meaning_never(cast: Any):
    indicator = make_indicator(cast.culture)
    changed = catalogue.indicator_update(
        actor=cast.dung, indicator=indicator, expected_version=1, changes={"name_en": "Members admitted"}
    )
    assert (changed.name_en, changed.version) == ("Members admitted", 2)
    with pytest.raises(ApplicationError) as meaning:
        catalogue.indicator_update(
            actor=cast.dung, indicator=indicator, expected_version=2, changes={"factor": 100}
        )
    assert list(meaning.value.fields) == ["factor"]
    with pytest.raises(ConflictError):
        catalogue.indicator_update(
            actor=cast.dung, indicator=indicator, expected_version=1, changes={"name": "Y"}
        )


def test_a_set_draws_its_own_hierarchy_apart_from_the_tree(cast: Any, ind: SimpleNamespace):
    titles = hierarchy_on(ind.titles, dt.date(2023, 12, 31))
    assert titles.chain(cast.district_state.pk) == [cast.culture.pk]
    assert sorted(titles.children(cast.culture.pk)) == sorted([cast.district_state.pk, cast.info.pk])
    chain = hierarchy_on(ind.chain, dt.date(2023, 12, 31))
    assert chain.chain(cast.district_state.pk) == [cast.info.pk, cast.culture.pk]
    assert chain.descendants(cast.culture.pk) == [cast.info.pk, cast.district_state.pk]
    assert hierarchy_on(ind.titles, dt.date(2022, 12, 31)).parent_of == {}


@pytest.mark.parametrize(
    "lines",
    [
        "twice",  # a unit that reports already
        "stranger",  # to a unit that does not report in the set
        "circle",
    ],
)
def test_lines_that_would_break_the_tree_are_refused(cast: Any, ind: SimpleNamespace, lines: str):
    pairs = {
        "twice": [(cast.info, cast.district_state)],
        "stranger": [(cast.culture_office, cast.state_office)],
        "circle": [(cast.state_office, cast.culture_office), (cast.culture_office, cast.state_office)],
    }[lines]
    count = ReportingLine.objects.count()
    with pytest.raises(ApplicationError) as refused:
        catalogue.reporting_lines_add(
            actor=cast.dung, indicator_set=ind.titles, lines=pairs, valid_from=dt.date(2023, 1, 1)
        )
    assert list(refused.value.fields) == ["lines"]
    assert ReportingLine.objects.count() == count


def test_a_line_ends_only_when_nobody_reports_through_it(cast: Any, ind: SimpleNamespace):
    with pytest.raises(ApplicationError) as refused:
        catalogue.reporting_line_end(
            actor=cast.dung,
            indicator_set=ind.chain,
            unit=cast.info,
            last_day=dt.date(2023, 6, 30),
            reason="Đổi",
        )
    assert refused.value.code == "has_reporting_units"
    catalogue.reporting_line_end(
        actor=cast.dung,
        indicator_set=ind.chain,
        unit=cast.district_state,
        last_day=dt.date(2023, 6, 30),
        reason="Đổi",
    )
    assert not hierarchy_on(ind.chain, dt.date(2023, 7, 1)).reports(cast.district_state.pk)
    assert hierarchy_on(ind.chain, dt.date(2023, 6, 30)).reports(cast.district_state.pk)


def test_every_indicator_of_a_set_has_its_period_type(cast: Any):
    monthly = make_indicator(cast.culture, "M", period_kind="month")
    with pytest.raises(ApplicationError) as refused:
        make_set(cast.culture, [monthly])
    assert list(refused.value.fields) == ["indicators"]
    assert IndicatorSet.objects.count() == 0


def test_only_the_collecting_units_side_defines_its_set(cast: Any):
    indicator = make_indicator(cast.culture)
    with pytest.raises(PermissionDeniedError):
        catalogue.indicator_set_create(
            actor=cast.tin,
            collecting_unit=cast.culture,
            code="S",
            name="S",
            period_kind="year",
            valid_from=dt.date(2023, 1, 1),
            indicators=[indicator],
        )


# --- the hierarchies kept by a process across requests (hierarchy.py, core.generations) --------


def test_a_hierarchy_is_read_once_per_process_until_a_line_is_written(
    cast: Any, ind: SimpleNamespace, django_assert_num_queries: Any
):
    day = dt.date(2023, 12, 31)
    first = hierarchy_on(ind.titles, day)
    with django_assert_num_queries(1):  # the generation token only: the lines from the cache
        assert hierarchy_on(ind.titles, day) is first
    catalogue.reporting_lines_add(
        actor=cast.dung,
        indicator_set=ind.titles,
        lines=[(cast.state_office, cast.culture)],
        valid_from=dt.date(2023, 7, 1),
    )
    assert hierarchy_on(ind.titles, day).reports(cast.state_office.pk)
    catalogue.reporting_line_end(
        actor=cast.dung, indicator_set=ind.titles, unit=cast.state_office, last_day=dt.date(2023, 9, 30),
        reason="Đổi",
    )  # fmt: skip
    assert not hierarchy_on(ind.titles, day).reports(cast.state_office.pk)
    assert hierarchy_on(ind.titles, dt.date(2023, 9, 30)).reports(cast.state_office.pk)


def test_a_refused_line_leaves_the_cached_hierarchy_as_it_was(cast: Any, ind: SimpleNamespace):
    day = dt.date(2023, 12, 31)
    before = hierarchy_on(ind.titles, day)
    with pytest.raises(ApplicationError):
        catalogue.reporting_lines_add(
            actor=cast.dung, indicator_set=ind.titles, lines=[(cast.info, cast.district_state)],
            valid_from=dt.date(2023, 1, 1),
        )  # fmt: skip
    assert hierarchy_on(ind.titles, day) == before
