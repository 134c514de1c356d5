"""The indicator sets the app's tests share, on the named cast (conftest.py):

titles  "GDVH-2023", collected by culture (dung leads it; oanh acts for it as an official):
        district_state (bao) → culture, info (tin) → culture           one approval level
chain   "CHAIN-2023", collected by culture:
        info (tin) → culture, district_state (bao) → info              two levels
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.indicators.enums import Measure
from mandate.indicators.tests.factories import make_indicator, make_set, year
from mandate.indicators.tests.rule_fixtures import xdd  # noqa: F401  (the validation rules' world)


@pytest.fixture
def ind(cast: Any) -> SimpleNamespace:
    w = SimpleNamespace()
    w.y2023 = year(2023)
    w.families = make_indicator(
        cast.culture,
        "VH-GDVH",
        name="Số hộ đạt danh hiệu Gia đình văn hóa",
        name_en="Cultural families",
        measure=Measure.HOUSEHOLDS,
        explanation_threshold=Decimal(10),
    )
    w.villages = make_indicator(
        cast.culture, "VH-LVH", name="Số làng đạt danh hiệu Làng văn hóa", measure=Measure.VILLAGES
    )
    w.titles = make_set(
        cast.culture,
        [w.families, w.villages],
        code="GDVH-2023",
        lines=[(cast.district_state, cast.culture), (cast.info, cast.culture)],
    )
    w.shows = make_indicator(cast.culture, "VH-CHIEU", name="Số buổi chiếu phim", measure=Measure.SHOWS)
    w.chain = make_set(
        cast.culture,
        [w.shows],
        code="CHAIN-2023",
        lines=[(cast.info, cast.culture), (cast.district_state, cast.info)],
    )
    return w
