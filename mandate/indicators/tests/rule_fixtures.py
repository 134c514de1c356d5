"""The world of the validation-rule tests: admissions broken down by sex, with the high-school
students among them, and the three built-in kinds of rule loaded from a rules file."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from mandate.indicators.services import catalogue, rules
from mandate.indicators.tests.factories import make_indicator, make_set, year


@pytest.fixture
def xdd(cast: Any) -> SimpleNamespace:
    """Admissions (by sex) and the high-school students among them, collected by culture from
    district_state (bao) and info (tin)."""
    w = SimpleNamespace(y2022=year(2022), y2023=year(2023), y2021=year(2021))
    w.sex = catalogue.disaggregation_create(
        actor=None, code="SEX", name="Giới tính", options=[("nam", "Nam", "Male"), ("nu", "Nữ", "Female")]
    )
    w.male, w.female = list(w.sex.options.order_by("position"))
    w.whole = make_indicator(cast.culture, "DV-KN", disaggregation=w.sex)
    w.part = make_indicator(
        cast.culture,
        "DV-KN-THPT",
        name="Học sinh THPT được kết nạp",
        name_en="High-school students",
        parent=w.whole,
    )
    w.set = make_set(
        cast.culture,
        [w.whole, w.part],
        valid_from=w.y2021.starts_on,
        lines=[(cast.district_state, cast.culture), (cast.info, cast.culture)],
    )
    rules.rules_load(
        actor=cast.dung,
        indicator_set=w.set,
        text="rules:\n"
        "  - {code: THPT, kind: part_of_whole, indicator: DV-KN-THPT}\n"
        "  - {code: SEX, kind: parts_sum, indicator: DV-KN}\n"
        "  - {code: RANGE, kind: usual_range, indicator: DV-KN, margin: '20'}\n",
    )
    return w
