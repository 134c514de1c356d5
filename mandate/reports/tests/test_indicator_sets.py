"""The indicator section set by set (ADR 0046, addendum "indicator sets"): an indicator that is
never added up is named with the words saying so, never summed; a set's long leagues of one
length are stated in one sentence holding every league's count. No database."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from mandate.indicators.enums import Aggregation
from mandate.indicators.models import Indicator, IndicatorSet
from mandate.reports.content import Figure
from mandate.reports.sections import ReportRequest
from mandate.reports.sections.indicator_sets import Shown, league_sentences, not_summed_row


def _request(language: str) -> ReportRequest:
    return cast(ReportRequest, SimpleNamespace(language=language))


def _shown(name: str, units: int) -> Shown:
    slots = {
        "units": Figure(f"ind.S.{name}.league.units", units),
        "top": Figure(f"ind.S.{name}.league.top", 10),
        "bottom": Figure(f"ind.S.{name}.league.bottom", 5),
    }
    return Shown(indicator=name, slots=slots)


def test_an_indicator_never_added_up_is_named_not_summed() -> None:
    score = Indicator(code="D", name="Điểm chỉ số", name_en="Index score", aggregation=Aggregation.NONE)
    row: Any = not_summed_row(score, "vi")
    assert row is not None and row[0] == "Điểm chỉ số" and row[2:] == (None, None, None)
    assert "Không cộng gộp" in row[1]
    assert not_summed_row(score, "en")[0] == "Index score"  # type: ignore[index]
    assert not_summed_row(Indicator(code="N", name="Số", aggregation=Aggregation.SUM), "vi") is None


def test_a_sets_leagues_of_one_length_make_one_sentence() -> None:
    indicator_set = IndicatorSet(code="S", name="Bộ chỉ tiêu văn hóa", name_en="Culture indicators")
    shown = [_shown("A", 242), _shown("B", 242), _shown("C", 242)]
    (one,) = league_sentences(_request("vi"), indicator_set, shown)
    assert one.text.startswith("Bộ chỉ tiêu văn hóa: bảng xếp hạng của mỗi chỉ tiêu gồm 242 đơn vị")
    assert {k for k in one.figure_keys if k.endswith(".units")} == {f"ind.S.{n}.league.units" for n in "ABC"}
    (english,) = league_sentences(_request("en"), indicator_set, shown)
    assert english.text.startswith("Culture indicators: each indicator's league table has 242 units")


def test_a_league_of_another_length_keeps_its_own_sentence() -> None:
    indicator_set = IndicatorSet(code="S", name="Bộ", name_en="Set")
    found = league_sentences(
        _request("vi"), indicator_set, [_shown("A", 242), _shown("B", 242), _shown("C", 40)]
    )
    assert [s.template for s in found] == ["indicators.league_shown_set", "indicators.league_shown"]
    assert found[0].text.startswith("Bộ (A; B):") and found[1].text.startswith("C: 40 đơn vị")
    (alone,) = league_sentences(_request("vi"), indicator_set, [_shown("A", 242)])
    assert alone.template == "indicators.league_shown"
