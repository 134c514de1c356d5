"""The figures read API (ADR 0035): one unit's achievement as of a cut-off day against its annual
target, a roll-up that sums and never averages, the same period of the year before, the league
table, numbers written in the reader's language, and the outsider's 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.core.models import AuditEntry
from mandate.indicators.enums import Direction, Measure
from mandate.indicators.services import targets as target_services
from mandate.indicators.tests.factories import cumulative, enter, make_indicator, make_set, target, year

pytestmark = pytest.mark.django_db

TO_15_09 = "2023-C0915"


@pytest.fixture
def fig(cast: Any) -> SimpleNamespace:
    """A set collected by culture since 2022: district_state (bao) and info (tin) report to it;
    culture's annual target 9,810 is allocated 9,000 + 810."""
    w = SimpleNamespace()
    w.admitted = make_indicator(cast.culture, "DV-KN")
    w.errors = make_indicator(
        cast.culture, "SAI-SOT", name="Số sai sót", measure=Measure.COUNT, direction=Direction.LOWER
    )
    w.set = make_set(
        cast.culture,
        [w.admitted, w.errors],
        code="FIG",
        valid_from=dt.date(2022, 1, 1),
        lines=[(cast.district_state, cast.culture), (cast.info, cast.culture)],
    )
    for indicator, own, district, info in ((w.admitted, "9810", "9000", "810"), (w.errors, "20", "10", "10")):
        target(w.set, indicator, cast.culture, year(2023), own)
        target_services.targets_allocate(
            actor=None,
            indicator_set=w.set,
            indicator=indicator,
            unit=cast.culture,
            period=year(2023),
            targets=[
                target_services.TargetEntry(unit=cast.district_state, value=Decimal(district)),
                target_services.TargetEntry(unit=cast.info, value=Decimal(info)),
            ],
        )
    w.to_day = cumulative(dt.date(2023, 9, 15))
    enter(w.set, cast.district_state, w.to_day, {w.admitted: "8051", w.errors: "5"}, actor=cast.bao)
    enter(w.set, cast.info, w.to_day, {w.admitted: "800", w.errors: "20"}, actor=cast.tin)
    w.url = f"/api/v1/indicators/sets/{w.set.pk}/indicators/{{indicator}}/periods/{{code}}/{{what}}/"
    return w


def _get(
    client: Any,
    fig: SimpleNamespace,
    what: str,
    *,
    indicator: Any = None,
    code: str = TO_15_09,
    language: str = "vi",
    **query: Any,
) -> Any:
    url = fig.url.format(indicator=(indicator or fig.admitted).pk, code=code, what=what)
    return client.get(url, query, HTTP_ACCEPT_LANGUAGE=language)


def test_a_units_achievement_as_of_a_cut_off_day_is_measured_against_its_annual_target(
    cast: Any, api: Any, fig: SimpleNamespace
):
    vi = _get(api(cast.bao), fig, "figure", unit=cast.district_state.pk)
    # Switch the unit to 9,810 so that the seed's own figure comes out.
    target_services.target_revise(
        actor=None,
        target=fig.set.targets.get(unit=cast.district_state, indicator=fig.admitted),
        value=Decimal(9810),
        reason="Điều chỉnh",
        expected_version=1,
    )
    body = _get(api(cast.bao), fig, "figure", unit=cast.district_state.pk).json()
    en = _get(api(cast.bao), fig, "figure", unit=cast.district_state.pk, language="en")

    assert vi.status_code == 200, vi.json()
    assert vi.json()["figure"]["achievement"] == {"value": "89.46", "text": "89,46%"}
    figure = body["figure"]
    assert figure["actual"] == {"value": "8051", "text": "8.051"}
    assert figure["target"] == {"value": "9810", "text": "9.810"}
    assert (figure["target_period"], figure["state"]) == ("2023", "draft")
    assert figure["achievement"] == {"value": "82.07", "text": "82,07%"}
    assert body["period"]["as_of_text"] == "tính đến ngày 15/09/2023"
    english = en.json()
    assert english["figure"]["actual"]["text"] == "8,051"
    assert english["figure"]["achievement"]["text"] == "82.07%"
    assert english["period"]["as_of_text"] == "as of 15/09/2023"


def test_the_rollup_sums_the_leaves_and_never_averages_their_percentages(
    cast: Any, api: Any, fig: SimpleNamespace
):
    body = _get(api(cast.dung), fig, "rollup").json()

    figure = body["figure"]
    assert (figure["numerator"]["value"], figure["denominator"]["value"]) == ("8851", "9810")
    # 8,851 / 9,810, not the mean of 89.46% and 98.77%
    assert figure["achievement"] == {"value": "90.22", "text": "90,22%"}
    assert figure["own_target"]["value"] == "9810"
    assert (figure["leaves"], figure["without_actual"], figure["awaiting"]) == (2, 0, 2)


def test_the_same_period_of_the_year_before_is_compared(cast: Any, api: Any, fig: SimpleNamespace):
    enter(
        fig.set, cast.district_state, cumulative(dt.date(2022, 9, 15)), {fig.admitted: "4000"}, actor=cast.bao
    )

    body = _get(api(cast.bao), fig, "figure", unit=cast.district_state.pk).json()

    assert body["previous_year"]["actual"]["value"] == "4000"
    comparison = body["year_on_year"]
    assert comparison["previous_period"]["code"] == "2022-C0915"
    assert comparison["difference"] == {"value": "4051", "text": "4.051"}
    assert comparison["multiple"] == {"value": "2.01", "text": "2,01"}
    assert comparison["change"] == {"value": "101.28", "text": "101,28%"}


def test_the_league_ranks_the_units_below_by_achievement_whichever_way_is_better(
    cast: Any, api: Any, fig: SimpleNamespace
):
    higher = _get(api(cast.dung), fig, "league").json()["results"]
    lower = _get(api(cast.dung), fig, "league", indicator=fig.errors).json()["results"]

    assert [(r["unit"], r["rank"], r["achievement"]["value"]) for r in higher] == [
        (cast.info.pk, 1, "98.77"),
        (cast.district_state.pk, 2, "89.46"),
    ]
    # fewer errors is better: 10 / 5 = 200% before 10 / 20 = 50%
    assert [(r["unit"], r["rank"], r["achievement"]["value"]) for r in lower] == [
        (cast.district_state.pk, 1, "200"),
        (cast.info.pk, 2, "50"),
    ]


def test_a_period_without_values_gives_empty_figures_not_an_error(cast: Any, api: Any, fig: SimpleNamespace):
    body = _get(api(cast.dung), fig, "rollup", code="2023-Q1").json()

    assert body["figure"]["actual"] == {"value": None, "text": None}
    assert body["figure"]["achievement"]["value"] is None
    assert body["figure"]["denominator"]["value"] == "9810"  # the annual targets still apply


def test_outsiders_get_404_and_a_unit_reads_only_its_own_part(cast: Any, api: Any, fig: SimpleNamespace):
    audit = AuditEntry.objects.count()

    assert _get(api(cast.olga), fig, "figure").status_code == 404
    assert _get(api(cast.bao), fig, "figure", unit=cast.info.pk).status_code == 404
    assert _get(api(cast.bao), fig, "rollup").status_code == 404  # the collecting unit's part
    assert _get(api(cast.bao), fig, "league").status_code == 404
    assert _get(api(cast.tin), fig, "figure", unit=cast.info.pk).status_code == 200
    assert _get(api(cast.dung), fig, "figure", unit=cast.outsider_state.pk).status_code == 404
    assert AuditEntry.objects.count() == audit


def test_a_malformed_period_code_is_400_naming_what_a_code_looks_like(
    cast: Any, api: Any, fig: SimpleNamespace
):
    response = _get(api(cast.dung), fig, "figure", code="2023-C0930")

    assert response.status_code == 400
    assert "2023-C09" in response.json()["message"]


def _more_districts(cast: Any, fig: SimpleNamespace, count: int, start: int) -> None:
    """Units reporting to culture, each with a value to 15/09/2023 and an annual target."""
    from mandate.indicators.services import catalogue
    from mandate.organisations.tests.factories import UnitFactory

    for number in range(start, start + count):
        unit = UnitFactory.create(parent=cast.district, name=f"Xã {number}", kind="state", level="commune")
        catalogue.reporting_lines_add(
            actor=None, indicator_set=fig.set, lines=[(unit, cast.culture)], valid_from=dt.date(2022, 1, 1)
        )
        enter(fig.set, unit, fig.to_day, {fig.admitted: str(10 + number)})
        target(fig.set, fig.admitted, unit, year(2023), "100")


@pytest.mark.parametrize("what", ["rollup", "league", "figure"])
def test_the_figures_take_as_many_queries_for_many_units_as_for_few(
    cast: Any, api: Any, fig: SimpleNamespace, what: str
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mandate.people import scopes

    def count() -> int:
        client = api(cast.van)
        scopes.clear_shared_cache()  # a cold request: the scope's own queries are counted too
        with CaptureQueriesContext(connection) as captured:
            assert _get(client, fig, what).status_code == 200
        return len(captured)

    _more_districts(cast, fig, 2, 0)
    few = count()
    _more_districts(cast, fig, 15, 2)
    many = count()

    assert many == few
    if what == "league":
        assert len(_get(api(cast.van), fig, what).json()["results"]) == 19


def test_a_score_is_never_rolled_up_and_its_league_ranks_each_units_own_figure(
    cast: Any, api: Any, fig: SimpleNamespace
):
    from mandate.indicators.services import catalogue

    score = make_indicator(
        cast.culture, "DIEM", name="Điểm đánh giá", measure=Measure.SCORE, aggregation="none"
    )
    catalogue.indicator_set_add_indicators(actor=None, indicator_set=fig.set, indicators=[score])
    for unit, value in ((cast.district_state, "80"), (cast.info, "95")):
        target(fig.set, score, unit, year(2023), "100")
        enter(fig.set, unit, fig.to_day, {score: value})

    rollup = _get(api(cast.dung), fig, "rollup", indicator=score)
    league = _get(api(cast.dung), fig, "league", indicator=score).json()["results"]

    assert (rollup.status_code, rollup.json()["code"]) == (400, "not_summable")
    assert [(r["unit"], r["rank"], r["achievement"]["value"]) for r in league] == [
        (cast.info.pk, 1, "95"),
        (cast.district_state.pk, 2, "80"),
    ]


def test_a_ratio_rolls_up_its_numerators_and_denominators_not_its_percentages(
    cast: Any, api: Any, fig: SimpleNamespace
):
    from mandate.indicators.services import catalogue

    share = make_indicator(
        cast.culture,
        "TL-DV",
        name="Tỷ lệ đơn vị đạt chuẩn",
        measure=Measure.PERCENT,
        kind="ratio",
        factor=Decimal(100),
        numerator_label="Số đơn vị đạt chuẩn",
        denominator_label="Tổng số đơn vị",
    )
    catalogue.indicator_set_add_indicators(actor=None, indicator_set=fig.set, indicators=[share])
    target(fig.set, share, cast.culture, year(2023), "80")
    enter(fig.set, cast.district_state, fig.to_day, {share: ("45", "50")})
    enter(fig.set, cast.info, fig.to_day, {share: ("10", "40")})

    figure = _get(api(cast.dung), fig, "rollup", indicator=share).json()["figure"]

    # 55 / 90 = 61,11%, not the mean of 90% and 25%; against the department's 80%: 76,39%
    assert (figure["numerator"]["value"], figure["denominator"]["value"]) == ("55", "90")
    assert figure["actual"] == {"value": "61.11", "text": "61,11"}
    assert figure["achievement_of_own_target"] == {"value": "76.39", "text": "76,39%"}
