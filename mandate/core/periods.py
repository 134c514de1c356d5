"""The one period model's public interface: get a ``Period`` row for a month, a quarter, a half,
a year, the first months of a year, a period to a given day or a date range, on calendar months
or under the cut-offs of Decree 09/2019/NĐ-CP; find the same period of the year before, the
year a cumulative value is measured against, the months inside a period; name it (ADR 0028).

Rows are reference data: created the first time they are asked for (get-or-create on the code,
safe when two requests ask at once), never changed, never deleted, so every app points at them
with PROTECT. Creating one is not audited: it records no one's decision, only that the calendar
has such a period; the record that points at it is audited by its own service.

The arithmetic is ``core.period_spans`` (pure, property-tested) and the labels
``core.period_labels``; this module only adds the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from mandate.core import period_spans as spans
from mandate.core import period_text
from mandate.core.enums import PeriodBasis, PeriodKind
from mandate.core.models import Period
from mandate.core.period_labels import as_of_text, label
from mandate.core.period_spans import PeriodCodeError, PeriodError, PeriodLike, PeriodSpan, contains
from mandate.core.workdays import add_working_days

__all__ = [
    "PeriodBasis",
    "PeriodCodeError",
    "PeriodError",
    "PeriodKind",
    "PeriodLike",
    "PeriodSpan",
    "as_of_text",
    "contains",
    "cumulative_to",
    "date_range",
    "deadline",
    "ensure",
    "ensure_all",
    "first_months",
    "from_code",
    "half",
    "label",
    "month",
    "months_of",
    "quarter",
    "same_period_next_year",
    "same_period_previous_year",
    "subperiods",
    "year",
    "year_of",
]

CALENDAR = PeriodBasis.CALENDAR


def _fields(span: PeriodSpan) -> dict[str, Any]:
    return {
        "kind": span.kind,
        "basis": span.basis,
        "year": span.year,
        "number": span.number,
        "starts_on": span.starts_on,
        "ends_on": span.ends_on,
        "as_of": span.as_of,
    }


def ensure(span: PeriodSpan) -> Period:
    """The row of a span, created if it is the first time anyone asks for it."""
    period, _created = Period.objects.get_or_create(code=span.code, defaults=_fields(span))
    return period


def ensure_all(many: Sequence[PeriodSpan]) -> list[Period]:
    """The rows of several spans, in their order, in two or three queries whatever their number
    (the twelve months of a year for a table)."""
    codes = [span.code for span in many]
    found = {period.code: period for period in Period.objects.filter(code__in=codes)}
    missing = {span.code: span for span in many if span.code not in found}
    if missing:
        rows = [Period(code=code, **_fields(span)) for code, span in missing.items()]
        Period.objects.bulk_create(rows, ignore_conflicts=True)
        found.update((period.code, period) for period in Period.objects.filter(code__in=list(missing)))
    return [found[code] for code in codes]


def month(year: int, month: int, basis: str = CALENDAR) -> Period:
    return ensure(spans.month_span(year, month, basis))


def quarter(year: int, quarter: int, basis: str = CALENDAR) -> Period:
    return ensure(spans.quarter_span(year, quarter, basis))


def half(year: int, half: int, basis: str = CALENDAR) -> Period:
    return ensure(spans.half_span(year, half, basis))


def year(year: int, basis: str = CALENDAR) -> Period:
    return ensure(spans.year_span(year, basis))


def first_months(year: int, months: int, basis: str = CALENDAR) -> Period:
    """ "9 tháng đầu năm 2023": ``first_months(2023, 9)``, stated as of its last day."""
    return ensure(spans.first_months_span(year, months, basis))


def cumulative_to(day: dt.date) -> Period:
    """From 01/01 of the day's year to the day, as of the day: seed 004's "tính đến ngày
    15/9/2023" is ``cumulative_to(date(2023, 9, 15))``, code ``2023-C0915``."""
    return ensure(spans.cumulative_span(day))


def date_range(starts_on: dt.date, ends_on: dt.date) -> Period:
    return ensure(spans.range_span(starts_on, ends_on))


def from_code(code: str) -> Period:
    """The period a code names (``PeriodCodeError`` for anything else, with what a code looks
    like); to read a code without a row, ``core.period_spans.parse_code``."""
    return ensure(spans.parse_code(code))


def from_text(text: str, basis: str = CALENDAR) -> Period:
    """The period as people type it ("2023-9M", "2023-01-01..2023-09-15": ``core.period_text``)."""
    return ensure(period_text.parse_period_text(text, basis))


def same_period_previous_year(period: PeriodLike) -> Period:
    """ "Cùng kỳ năm trước": Q3 2022 for Q3 2023, 01/01–15/09/2022 for 01/01–15/09/2023; a day
    29 February becomes 28 February."""
    return ensure(spans.previous_year(period))


def same_period_next_year(period: PeriodLike) -> Period:
    return ensure(spans.next_year(period))


def year_of(period: PeriodLike) -> Period:
    """The annual period a value of this period is measured against, on its basis."""
    return ensure(spans.year_span_of(period))


def subperiods(period: PeriodLike, kind: str) -> list[Period]:
    """The months, quarters, halves or years on the period's basis that lie wholly inside it."""
    return ensure_all(spans.subspans(period, kind))


def months_of(period: PeriodLike) -> list[Period]:
    return subperiods(period, PeriodKind.MONTH)


def deadline(period: PeriodLike, *, days: int | None = None, working_days: int | None = None) -> dt.date:
    """When something about the period is due: ``days`` calendar days after its last day, or the
    ``working_days``-th working day after it (``core.workdays``: holidays and the
    administrator's overrides)."""
    if (days is None) == (working_days is None):
        raise TypeError("Give either days or working_days.")
    if days is not None:
        return spans.days_after_end(period, days)
    assert working_days is not None
    return add_working_days(period.ends_on, working_days)
