"""The indicator page's figures and sections (issue 11, item 12; ADR 0039): the same roll-up as
the API through ``figures`` (leaves only), the set's reporting rate for the period and the stated
figures about the reader's units, flagged first with their reason; scoped to the reader, in
Vietnamese and in English.

The world is ``ind`` (conftest.py): "GDVH-2023" collected by culture (dung), reported by
district_state (bao) and info (tin); "CHAIN-2023": district_state → info → culture.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.indicators.enums import IndicatorKind, Measure
from mandate.indicators.services import statements as statement_services
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


def _body(response: Any) -> str:
    return str(response.content.decode())


def _page(
    ind: SimpleNamespace, indicator: Any = None, indicator_set: Any = None, period: str = "2023"
) -> str:
    shown, within = indicator or ind.families, indicator_set or ind.titles
    return f"/indicators/{shown.pk}/?set={within.pk}&period={period}"


def _english(cast: Any, user: Any) -> None:
    user.language = "en"
    user.save(update_fields=["language"])


@pytest.fixture
def page(cast: Any, ind: SimpleNamespace) -> SimpleNamespace:
    """2023 targets and values: the district submitted 80 (of 100), info's 50 is a draft; a right
    and a wrong figure stated about the district, a wrong one about info."""
    target(ind.titles, ind.families, cast.district_state, ind.y2023, "100")
    target(ind.titles, ind.families, cast.info, ind.y2023, "50")
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "80"}, actor=cast.bao, explanation="Mưa")
    enter(ind.titles, cast.info, ind.y2023, {ind.families: "50"}, actor=cast.tin)
    move(submission_of(ind.titles, cast.district_state, ind.y2023), "submit")
    for unit, text in (
        (cast.district_state, "90/69 = 130,4%"),
        (cast.district_state, "578/454 = 127,6%"),
        (cast.info, "10/40 = 30%"),
    ):
        statement_services.statement_record(
            actor=None,
            unit=unit,
            period=ind.y2023,
            indicator=ind.families,
            statement=statement_services.Statement(text=text),
            source="Báo cáo 12/BC-UBND",
        )
    return ind


def test_the_page_and_the_api_give_the_same_rollup_summing_only_the_leaves(api, cast, ind):
    """CHAIN-2023: district_state → info → culture. The roll-up sums the leaf's figures only
    (never info's own target on top of what it allocated below): the page reads it through
    ``figures`` as the API does."""
    target(ind.chain, ind.shows, cast.info, ind.y2023, "100")
    target(ind.chain, ind.shows, cast.district_state, ind.y2023, "60")
    enter(ind.chain, cast.info, ind.y2023, {ind.shows: "90"}, actor=cast.tin)
    enter(ind.chain, cast.district_state, ind.y2023, {ind.shows: "45"}, actor=cast.bao)
    client = api(cast.dung)
    page = client.get(_page(ind, ind.shows, ind.chain))
    total = page.context["figures"].total
    rollup = client.get(
        f"/api/v1/indicators/sets/{ind.chain.pk}/indicators/{ind.shows.pk}/periods/2023/rollup/"
    ).json()["figure"]
    assert (total.numerator, total.denominator) == (Decimal(45), Decimal(60))
    assert (rollup["numerator"]["value"], rollup["denominator"]["value"]) == ("45", "60")
    assert [row.unit.name for row in page.context["figures"].units] == [
        "Sở Thông tin và Truyền thông",
        "Ủy ban nhân dân huyện Mẫu",
    ]
    assert "45 trên 60, 75,00%" in _body(page)


def test_the_reporting_rate_shows_each_units_status_and_the_share_of_the_level(api, cast, page):
    response = api(cast.dung).get(_page(page))
    assert response.status_code == 200
    rows = {row.unit.name: row.status for row in response.context["reporting"].rows}
    assert rows == {"Sở Thông tin và Truyền thông": "not_submitted", "Ủy ban nhân dân huyện Mẫu": "late"}
    body = _body(response)
    assert 'id="rate-levels"' in body and "Gửi muộn" in body and "Chưa gửi" in body
    assert "50,00%" in body  # one of the two units submitted


def test_a_district_reads_only_its_own_status_and_statements(api, cast, page):
    response = api(cast.bao).get(_page(page))
    assert [row.unit.name for row in response.context["reporting"].rows] == ["Ủy ban nhân dân huyện Mẫu"]
    statements = [row.statement.unit for row in response.context["statements"]]
    assert statements == [cast.district_state, cast.district_state]
    assert "10/40 = 30%" not in _body(response)


def test_stated_figures_are_flagged_first_with_their_reason_in_the_readers_language(api, cast, page):
    response = api(cast.dung).get(_page(page))
    rows = response.context["statements"]
    assert [row.flagged for row in rows] == [True, True, False]
    body = _body(response)
    assert "578 / 454 là 127,3%, không phải 127,6%." in body
    assert body.index("578/454 = 127,6%") < body.index("90/69 = 130,4%")
    _english(cast, cast.dung)
    english = _body(api(cast.dung).get(_page(page)))
    assert "578 / 454 is 127.3%, not 127.6%." in english
    assert "Stated figures" in english and "Reporting rate" in english


def test_a_cut_off_day_has_no_reporting_rate_but_says_why(api, cast, page):
    response = api(cast.dung).get(_page(page, period="2023-C0915"))
    assert response.status_code == 200
    assert response.context["reporting"] is None
    assert "kỳ của bộ chỉ tiêu" in _body(response)


def test_the_sections_are_404_for_an_outsider(api, cast, page):
    assert api(cast.olga).get(_page(page)).status_code == 404


def test_a_ratios_rollup_reads_82_07_in_vietnamese_and_82_07_in_english(api, cast):
    admitted = make_indicator(
        cast.culture,
        "DV-KN-TL",
        name="Tỷ lệ kết nạp đảng viên",
        kind=IndicatorKind.RATIO,
        measure=Measure.PERCENT,
        factor=Decimal(100),
        numerator_label="Số đảng viên được kết nạp",
        denominator_label="Chỉ tiêu kết nạp",
        decimals=0,
    )
    party = make_set(
        cast.culture,
        [admitted],
        code="XDD-2023",
        lines=[(cast.district_state, cast.culture), (cast.info, cast.culture)],
    )
    y2023 = year(2023)
    enter(party, cast.district_state, y2023, {admitted: ("8000", "9000")}, actor=cast.bao)
    enter(party, cast.info, y2023, {admitted: ("51", "810")}, actor=cast.tin)
    url = f"/indicators/{admitted.pk}/?set={party.pk}&period=2023"
    response = api(cast.dung).get(url)
    assert response.context["figures"].rate == Decimal("82.07")  # 8,051 / 9,810, not a mean
    assert 'id="total">82,07' in _body(response)
    _english(cast, cast.dung)
    assert 'id="total">82.07' in _body(api(cast.dung).get(url))


def test_units_in_separate_parts_are_ranked_together_without_a_single_rollup(cast, page, monkeypatch):
    """A reader who reads two districts but no unit above them (several tops) gets each unit's
    figure and the two parts ranked; no one roll-up is made up for him."""
    from mandate.indicators import page_figures

    both = {cast.district_state.pk, cast.info.pk}
    monkeypatch.setattr(page_figures, "readable_units", lambda **kwargs: both)
    found = page_figures.indicator_figures(
        actor=cast.dung, indicator_set=page.titles, indicator=page.families, period=page.y2023
    )
    assert found.split and found.total is None and found.rate is None
    assert [(row.rank, row.unit, row.actual) for row in found.league] == [
        (1, cast.info, Decimal(50)),
        (2, cast.district_state, Decimal(80)),
    ]
    assert {row.unit for row in found.units} == {cast.info, cast.district_state}
