"""What ``mandate/dev/data/indicators.yaml`` holds (the demo city, part 3; ADR 0035): indicators,
sets with their reporting lines, targets and their allocations, the units' reports with the steps
of their approval, and figures as the seeds state them — each played through the indicator
services by the account named in ``by``.

Figures are written as Vietnamese write them ("8.051", "45,37") and read with
``core.numbers.parse_number``; a period is named by its code ("2023", "2023-C0915": from
01/01/2023 to 15/09/2023). A bad number or code is refused at its line, like every other value of
the demo's data (``mandate.dev.datafiles``).
"""

from __future__ import annotations

from collections.abc import Callable

from mandate.core.numbers import NumberError, NumberStyle, parse_number
from mandate.core.period_spans import PeriodError, parse_code
from mandate.dev.datafiles import Choice, Day, Flag, Integer, Key, ListOf, Nullable, Record, Ref, Row, Text
from mandate.indicators.enums import Direction, Measure, ReportingPeriodKind
from mandate.indicators.policy import MOVES

__all__ = ["INDICATORS_FILE"]

TEXT, BLANK = Text(), Text(blank=True)
UNIT, ACCOUNT, DOCUMENT = Ref("unit"), Ref("account"), Ref("document")
INDICATOR, SET = Ref("indicator"), Ref("indicator_set")
DAY = Day()
PERIOD_KIND = Choice(frozenset(ReportingPeriodKind.values), "period type")


def _number(*fields: str) -> list[Callable[[Row], str | None]]:
    """Checks that each field (when given) is a Vietnamese number."""

    def check(row: Row) -> str | None:
        for name in fields:
            if row.get(name):
                try:
                    parse_number(row[name], style=NumberStyle.VI)
                except NumberError as error:
                    return f"{name}: {error}"
        return None

    return [check]


def _period(row: Row) -> str | None:
    try:
        parse_code(row["period"])
    except PeriodError as error:
        return f"period: {error.message}"
    return None


INDICATOR_ROW = Record(
    {
        "code": Key("indicator"),
        "owner": UNIT,
        "by": ACCOUNT,
        "name": TEXT,
        "name_en": TEXT,
        "measure": Choice(frozenset(Measure.values), "measure"),
    },
    {
        "period_kind": (PERIOD_KIND, ReportingPeriodKind.YEAR.value),
        "direction": (Choice(frozenset(Direction.values), "direction"), Direction.HIGHER.value),
        "decimals": (Integer(0, 4), 0),
        "parent": (Nullable(INDICATOR), None),
        "source_document": (Nullable(DOCUMENT), None),
        "definition": (BLANK, ""),
    },
)

SET_ROW = Record(
    {
        "code": Key("indicator_set"),
        "collecting": UNIT,
        "by": ACCOUNT,
        "name": TEXT,
        "name_en": TEXT,
        "valid_from": DAY,
        "indicators": ListOf(INDICATOR),
        "lines": ListOf(Record({"unit": UNIT, "reports_to": UNIT})),
    },
    {
        "period_kind": (PERIOD_KIND, ReportingPeriodKind.YEAR.value),
        "valid_to": (Nullable(DAY), None),
        "deadline_days": (Integer(0, 366), 15),
        "source_document": (Nullable(DOCUMENT), None),
    },
)

TARGET_ROW = Record({"unit": UNIT, "value": TEXT}, checks=_number("value"))

TARGETS_ROW = Record(
    {"set": SET, "indicator": INDICATOR, "unit": UNIT, "period": TEXT, "by": ACCOUNT, "on": DAY},
    {"own": (Nullable(TEXT), None), "allocate": (ListOf(TARGET_ROW), []), "reason": (BLANK, "")},
    checks=[_period, *_number("own")],
)

VALUE_ROW = Record({"indicator": INDICATOR, "value": TEXT}, checks=_number("value"))
STEP_ROW = Record(
    {"action": Choice(frozenset(MOVES), "move"), "by": ACCOUNT, "on": DAY}, {"reason": (BLANK, "")}
)

REPORT_ROW = Record(
    {
        "set": SET,
        "unit": UNIT,
        "period": TEXT,
        "by": ACCOUNT,
        "on": DAY,
        "values": ListOf(VALUE_ROW),
    },
    {"steps": (ListOf(STEP_ROW), [])},
    checks=[_period],
)

STATEMENT_ROW = Record(
    {"unit": UNIT, "period": TEXT, "by": ACCOUNT, "on": DAY},
    {
        "indicator": (Nullable(INDICATOR), None),
        "text": (BLANK, ""),
        "numerator": (BLANK, ""),
        "denominator": (BLANK, ""),
        "stated": (BLANK, ""),
        "quoted": (Flag(), False),
        "source": (BLANK, ""),
        "source_document": (Nullable(DOCUMENT), None),
    },
    checks=[_period],
)

INDICATORS_FILE = Record(
    {
        "indicators": ListOf(INDICATOR_ROW),
        "sets": ListOf(SET_ROW),
        "targets": ListOf(TARGETS_ROW),
        "reports": ListOf(REPORT_ROW),
        "statements": ListOf(STATEMENT_ROW),
    }
)
