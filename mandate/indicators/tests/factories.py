"""Indicators, sets, targets and actuals for tests, built through the services (``actor=None``,
the system) so that test data is checked and audited like real data. Later work (validation
rules, reporting rates, Excel, pages, the demo, the bench) reuses them.

    indicator = make_indicator(cast.culture, "VH-GDVH")
    titles = make_set(cast.culture, [indicator], lines=[(cast.district_state, cast.culture)])
    target(titles, indicator, cast.district_state, year(2023), "120")
    enter(titles, cast.district_state, year(2023), {indicator: "96"}, actor=cast.bao)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from mandate.core import periods
from mandate.core.enums import PeriodKind
from mandate.core.models import Period
from mandate.indicators.enums import Measure
from mandate.indicators.models import Actual, Indicator, IndicatorSet, Submission, Target
from mandate.indicators.services import actuals, approval, catalogue, targets
from mandate.organisations.models import OrgUnit
from mandate.people.models import User


def year(number: int) -> Period:
    return periods.year(number)


def cumulative(to_day: dt.date) -> Period:
    """From 1 January to ``to_day`` ("tính đến ngày 15/9/2023")."""
    return periods.cumulative_to(to_day)


def make_indicator(owner: OrgUnit, code: str = "DV-KN", **fields: Any) -> Indicator:
    values: dict[str, Any] = {
        "name": "Số đảng viên được kết nạp",
        "name_en": "Party members admitted",
        "measure": Measure.PARTY_MEMBERS,
        "period_kind": PeriodKind.YEAR,
    }
    values.update(fields)
    return catalogue.indicator_create(actor=None, owner_unit=owner, code=code, **values)


def make_set(
    collecting: OrgUnit,
    indicators: Sequence[Indicator],
    *,
    lines: Sequence[tuple[OrgUnit, OrgUnit]] = (),
    code: str = "XDD-2023",
    valid_from: dt.date = dt.date(2023, 1, 1),
    **fields: Any,
) -> IndicatorSet:
    values: dict[str, Any] = {"name": f"Bộ chỉ tiêu {code}", "period_kind": PeriodKind.YEAR}
    values.update(fields)
    return catalogue.indicator_set_create(
        actor=None,
        collecting_unit=collecting,
        code=code,
        valid_from=valid_from,
        indicators=indicators,
        lines=lines,
        **values,
    )


def target(
    indicator_set: IndicatorSet, indicator: Indicator, unit: OrgUnit, period: Period, value: str | Decimal
) -> Target:
    return targets.target_set(
        actor=None,
        indicator_set=indicator_set,
        indicator=indicator,
        unit=unit,
        period=period,
        value=Decimal(value),
    )


def enter(
    indicator_set: IndicatorSet,
    unit: OrgUnit,
    period: Period,
    values: Mapping[Indicator, str | Decimal | tuple[str, str]],
    *,
    actor: User | None = None,
    explanation: str | None = None,
) -> list[Actual]:
    """Enter totals: a number, or (numerator, denominator) for a ratio; versions looked up."""
    entries = []
    for indicator, value in values.items():
        stored = Actual.objects.filter(
            indicator=indicator, unit=unit, period=period, option__isnull=True
        ).first()
        version = stored.version if stored else None
        if isinstance(value, tuple):
            entries.append(
                actuals.ActualEntry(
                    indicator=indicator,
                    numerator=Decimal(value[0]),
                    denominator=Decimal(value[1]),
                    explanation=explanation,
                    version=version,
                )
            )
        else:
            entries.append(
                actuals.ActualEntry(
                    indicator=indicator, value=Decimal(value), explanation=explanation, version=version
                )
            )
    return actuals.actuals_enter(
        actor=actor, indicator_set=indicator_set, unit=unit, period=period, entries=entries
    )


def submission_of(indicator_set: IndicatorSet, unit: OrgUnit, period: Period) -> Submission:
    return Submission.objects.get(indicator_set=indicator_set, unit=unit, period=period)


def move(submission: Submission, action: str, *, actor: User | None = None, reason: str = "") -> Submission:
    submission.refresh_from_db()
    return approval.submission_transition(
        actor=actor, submission=submission, action=action, expected_version=submission.version, reason=reason
    )


def cultural_titles(cast: Any) -> dict[str, Any]:
    """The cultural titles of a small city (the pages' world, issue 11 item 12): the Department
    of Culture and Sports (``cast.culture``, dung) collects from two district People's
    Committees — ``cast.district_state`` (bao) and a second district's — the households
    recognised as "Gia đình văn hóa" in 2023, one approval level (the department accepts).
    Targets: the department 1,000, each district 500; the second district has reported 450
    (90%), accepted and locked."""
    from mandate.organisations.tests.factories import UnitFactory

    other_district = UnitFactory.create(
        parent=cast.city, name="Huyện Bên Sông", kind="area", level="district"
    )
    other = UnitFactory.create(
        parent=other_district,
        name="Ủy ban nhân dân huyện Bên Sông",
        kind="state",
        level="district",
        code="UBND",
    )
    families = make_indicator(
        cast.culture,
        "VH-GDVH",
        name="Số hộ gia đình được công nhận danh hiệu Gia đình văn hóa",
        name_en="Households recognised as cultural families",
        measure=Measure.HOUSEHOLDS,
        definition="Số hộ được Ủy ban nhân dân cấp xã công nhận trong năm.",
    )
    titles = make_set(
        cast.culture,
        [families],
        code="GDVH-2023",
        name="Danh hiệu văn hóa 2023",
        name_en="Cultural titles 2023",
        lines=[(cast.district_state, cast.culture), (other, cast.culture)],
    )
    y2023 = year(2023)
    target(titles, families, cast.culture, y2023, "1000")
    target(titles, families, cast.district_state, y2023, "500")
    target(titles, families, other, y2023, "500")
    enter(titles, other, y2023, {families: "450"})
    submission = submission_of(titles, other, y2023)
    move(move(submission, "submit"), "accept")
    return {"families": families, "titles": titles, "other": other, "y2023": y2023}
