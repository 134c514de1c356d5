"""The arithmetic of periods, without the ORM: which days a period covers, its code, and the
relations between periods (ADR 0028).

Why apart from ``core.periods``: every rule here is a pure function of a few numbers and dates,
so property tests can walk thousands of years and codes without a database, and the API can
resolve a code without writing anything. ``core.periods`` turns these spans into ``Period`` rows.

Two bases (R17). On calendar months a month is the 1st to its last day. Under the data cut-offs
of Decree 09/2019/NĐ-CP (Art. 12) a month runs from the 15th of the previous month to the 14th,
a quarter from the 15th of the month before it to the 14th of its last month, the first half
from 15 December of the previous year to 14 June, the year from 15 December to 14 December: so
"9 tháng đầu năm 2023" is 01/01/2023–30/09/2023 on calendar months and 15/12/2022–14/09/2023
under the decree. A period to a given day and a date range name their days themselves, so they
exist on calendar days only.

Codes are stable and parsed strictly: one span has exactly one code, and a code that names a
span another code already names (``2023-C0930`` for ``2023-C09``) is refused with the right one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from mandate.core.dates import WORK_DATES
from mandate.core.enums import PeriodBasis, PeriodKind
from mandate.core.exceptions import ApplicationError

FIRST_YEAR = WORK_DATES.first.year
LAST_YEAR = WORK_DATES.last.year
DECREE09_PREFIX = "N09-"
# The longest code is "R20230101-20230915"; anything far longer is not read at all.
CODE_MAX_LENGTH = 32

# The whole-month kinds: how many months one lasts, and how many make a year.
MONTHS_PER = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
WHOLE_MONTH_KINDS = tuple(MONTHS_PER)


class PeriodLike(Protocol):
    """What the labels and relations read: a ``Period`` row and a ``PeriodSpan`` alike."""

    @property
    def kind(self) -> str: ...
    @property
    def basis(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def number(self) -> int | None: ...
    @property
    def starts_on(self) -> dt.date: ...
    @property
    def ends_on(self) -> dt.date: ...
    @property
    def as_of(self) -> dt.date | None: ...
    @property
    def code(self) -> str: ...


class PeriodError(ApplicationError, ValueError):
    """A period that cannot exist (month 13, a range that ends before it starts, a year outside
    the product's range); its message is the one to show, in the active language. An
    ``ApplicationError``, so that a service that lets it through answers 400 in the API's shape."""

    default_code = "invalid_period"


class PeriodCodeError(PeriodError):
    """A code that is not the code of a period; its message says what a code looks like."""

    default_code = "invalid_period_code"


@dataclass(frozen=True)
class PeriodSpan:
    """A period as values: the same fields as a ``Period`` row, built only by the functions below
    so that its fields always agree with one another and with its code."""

    kind: str
    basis: str
    year: int
    number: int | None
    starts_on: dt.date
    ends_on: dt.date
    as_of: dt.date | None
    code: str


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(
            _("Give a year between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


def _check_day(day: dt.date) -> None:
    if day not in WORK_DATES:
        raise PeriodError(WORK_DATES.message())


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _months(year: int, first: int, count: int, basis: str) -> tuple[dt.date, dt.date]:
    """The days of ``count`` months of ``year`` from month ``first``, on the basis."""
    last = first + count - 1
    if basis == PeriodBasis.DECREE09:
        before_year, before_month = _month_before(year, first)
        return dt.date(before_year, before_month, 15), dt.date(year, last, 14)
    return dt.date(year, first, 1), _last_day(year, last)


def _prefix(basis: str) -> str:
    return DECREE09_PREFIX if basis == PeriodBasis.DECREE09 else ""


def _check_number(kind: str, number: int, largest: int) -> None:
    if not 1 <= number <= largest:
        messages = {
            PeriodKind.MONTH: _("A month is numbered from 1 to 12."),
            PeriodKind.QUARTER: _("A quarter is numbered from 1 to 4."),
            PeriodKind.HALF: _("A half year is numbered 1 or 2."),
            PeriodKind.CUMULATIVE: _("The first months of a year are 1 to 12 months."),
        }
        raise PeriodError(messages[PeriodKind(kind)])


def _basis(basis: str) -> PeriodBasis:
    if basis not in PeriodBasis.values:
        raise PeriodError(_("The basis of a period is calendar or decree09."))
    return PeriodBasis(basis)


def whole_months(kind: str, year: int, number: int | None, basis: str = PeriodBasis.CALENDAR) -> PeriodSpan:
    """A month, quarter, half or year (``number`` None for a year) on the basis."""
    if kind not in WHOLE_MONTH_KINDS:
        raise PeriodError(_("A period divides into months, quarters, halves or years."))
    kind = PeriodKind(kind)
    _check_year(year)
    basis = _basis(basis)
    if kind == PeriodKind.YEAR:
        starts_on, ends_on = _months(year, 1, 12, basis)
        return PeriodSpan(kind, basis, year, None, starts_on, ends_on, None, f"{_prefix(basis)}{year:04d}")
    count = MONTHS_PER[kind]
    _check_number(kind, number or 0, 12 // count)
    assert number is not None
    starts_on, ends_on = _months(year, (number - 1) * count + 1, count, basis)
    letter = {PeriodKind.MONTH: "M", PeriodKind.QUARTER: "Q", PeriodKind.HALF: "H"}[kind]
    digits = f"{number:02d}" if kind == PeriodKind.MONTH else str(number)
    return PeriodSpan(
        kind, basis, year, number, starts_on, ends_on, None, f"{_prefix(basis)}{year:04d}-{letter}{digits}"
    )


def month_span(year: int, month: int, basis: str = PeriodBasis.CALENDAR) -> PeriodSpan:
    return whole_months(PeriodKind.MONTH, year, month, basis)


def quarter_span(year: int, quarter: int, basis: str = PeriodBasis.CALENDAR) -> PeriodSpan:
    return whole_months(PeriodKind.QUARTER, year, quarter, basis)


def half_span(year: int, half: int, basis: str = PeriodBasis.CALENDAR) -> PeriodSpan:
    return whole_months(PeriodKind.HALF, year, half, basis)


def year_span(year: int, basis: str = PeriodBasis.CALENDAR) -> PeriodSpan:
    return whole_months(PeriodKind.YEAR, year, None, basis)


def first_months_span(year: int, months: int, basis: str = PeriodBasis.CALENDAR) -> PeriodSpan:
    """ "N tháng đầu năm": the first ``months`` months of the year, stated as of their last day."""
    _check_year(year)
    basis = _basis(basis)
    _check_number(PeriodKind.CUMULATIVE, months, 12)
    starts_on, ends_on = _months(year, 1, months, basis)
    code = f"{_prefix(basis)}{year:04d}-C{months:02d}"
    return PeriodSpan(PeriodKind.CUMULATIVE, basis, year, months, starts_on, ends_on, ends_on, code)


def cumulative_span(day: dt.date) -> PeriodSpan:
    """From 1 January of the day's year to the day, stated as of the day ("lũy kế từ 01/01/2023
    đến 15/09/2023"). To the last day of a month it is that month's "N tháng đầu năm": the same
    days, so the same period (one row per span)."""
    _check_day(day)
    if day == _last_day(day.year, day.month):
        return first_months_span(day.year, day.month)
    code = f"{day.year:04d}-C{day.month:02d}{day.day:02d}"
    return PeriodSpan(
        PeriodKind.CUMULATIVE, PeriodBasis.CALENDAR, day.year, None, dt.date(day.year, 1, 1), day, day, code
    )


def range_span(starts_on: dt.date, ends_on: dt.date) -> PeriodSpan:
    """Any days from ``starts_on`` to ``ends_on`` (inclusive), on calendar days; its year is the
    year it starts in."""
    _check_day(starts_on)
    _check_day(ends_on)
    if ends_on < starts_on:
        raise PeriodError(_("A period cannot end before it starts."))
    code = f"R{starts_on:%Y%m%d}-{ends_on:%Y%m%d}"
    return PeriodSpan(
        PeriodKind.RANGE, PeriodBasis.CALENDAR, starts_on.year, None, starts_on, ends_on, None, code
    )


_CODE = re.compile(
    r"(?P<n09>N09-)?(?:"
    r"(?P<year>\d{4})(?:-(?:M(?P<month>\d{2})|Q(?P<quarter>\d)|H(?P<half>\d)|C(?P<months>\d{2})(?P<day>\d{2})?))?"
    r"|R(?P<start>\d{8})-(?P<end>\d{8}))",
    re.ASCII,
)


def _code_error(code: str) -> PeriodCodeError:
    return PeriodCodeError(
        _(
            "“%(code)s” is not a period code. Write 2023-M09 (a month), 2023-Q3 (a quarter), 2023-H1 "
            "(a half year), 2023 (a year), 2023-C09 (the first 9 months), 2023-C0915 (from 01/01 to "
            "15/09) or R20230101-20230915 (a date range), with N09- in front for the data cut-offs of "
            "Decree 09/2019/NĐ-CP."
        )
        % {"code": code}
    )


def _day(digits: str, code: str) -> dt.date:
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError as err:
        raise PeriodCodeError(_("“%(code)s” names a day that does not exist.") % {"code": code}) from err


def parse_code(code: str) -> PeriodSpan:
    """The period a code names, or ``PeriodCodeError`` saying why not. Strict: capitals, leading
    zeros as written by ``PeriodSpan.code``, and only the one code of each span."""
    match = _CODE.fullmatch(code) if len(code) <= CODE_MAX_LENGTH else None
    if match is None:
        raise _code_error(code[:CODE_MAX_LENGTH])
    basis = PeriodBasis.DECREE09 if match["n09"] else PeriodBasis.CALENDAR
    if match["start"]:
        if basis == PeriodBasis.DECREE09:
            raise _calendar_only(code)
        span = range_span(_day(match["start"], code), _day(match["end"], code))
    elif match["day"]:
        if basis == PeriodBasis.DECREE09:
            raise _calendar_only(code)
        span = cumulative_span(_day(match["year"] + match["months"] + match["day"], code))
    else:
        year = int(match["year"])
        if match["month"]:
            span = month_span(year, int(match["month"]), basis)
        elif match["quarter"]:
            span = quarter_span(year, int(match["quarter"]), basis)
        elif match["half"]:
            span = half_span(year, int(match["half"]), basis)
        elif match["months"]:
            span = first_months_span(year, int(match["months"]), basis)
        else:
            span = year_span(year, basis)
    if span.code != code:
        raise PeriodCodeError(
            _("“%(code)s” is written %(canonical)s.") % {"code": code, "canonical": span.code}
        )
    return span


def _calendar_only(code: str) -> PeriodCodeError:
    return PeriodCodeError(
        _(
            "“%(code)s”: only months, quarters, halves, years and first months have the cut-offs "
            "of Decree 09/2019/NĐ-CP; a period to a given day or a date range is on calendar days."
        )
        % {"code": code}
    )


def span_of(period: PeriodLike) -> PeriodSpan:
    """The span of a row (or of a span), rebuilt from its code: the code is the identity."""
    return parse_code(period.code)


def contains(period: PeriodLike, day: dt.date) -> bool:
    return period.starts_on <= day <= period.ends_on


def _shift_day(day: dt.date, years: int) -> dt.date:
    """The same day and month ``years`` later; 29 February onto a common year is 28 February."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return dt.date(year, day.month, day.day)


def shift_years(period: PeriodLike, years: int) -> PeriodSpan:
    """The same period ``years`` later (earlier when negative): the same month, quarter, half,
    year or first months of the other year; a period to a given day or a range moves its days
    (29 February onto a common year becomes 28 February)."""
    if period.kind in WHOLE_MONTH_KINDS:
        return whole_months(period.kind, period.year + years, period.number, period.basis)
    if period.kind == PeriodKind.CUMULATIVE and period.number is not None:
        return first_months_span(period.year + years, period.number, period.basis)
    _check_year(period.year + years)
    if period.kind == PeriodKind.CUMULATIVE:
        return cumulative_span(_shift_day(period.ends_on, years))
    return range_span(_shift_day(period.starts_on, years), _shift_day(period.ends_on, years))


def previous_year(period: PeriodLike) -> PeriodSpan:
    """ "Cùng kỳ năm trước": the same period one year earlier."""
    return shift_years(period, -1)


def next_year(period: PeriodLike) -> PeriodSpan:
    return shift_years(period, 1)


def year_span_of(period: PeriodLike) -> PeriodSpan:
    """The year a period belongs to, on its basis: the annual period whose target a cumulative
    value is measured against (8,051 admitted to 15/09/2023 against the 2023 target of 9,810).
    A range that crosses the end of a year belongs to no year."""
    if period.kind == PeriodKind.RANGE and period.starts_on.year != period.ends_on.year:
        raise PeriodError(_("A date range that crosses the end of a year belongs to no one year."))
    return year_span(period.year, period.basis)


def subspans(period: PeriodLike, kind: str) -> list[PeriodSpan]:
    """The months (quarters, halves, years) on the period's basis that lie wholly inside it, in
    order: the months of a quarter, the quarters of a year, the whole months before the cut-off
    of a period to a given day."""
    if kind not in WHOLE_MONTH_KINDS:
        raise PeriodError(_("A period divides into months, quarters, halves or years."))
    count = MONTHS_PER[PeriodKind(kind)]
    parts: list[PeriodSpan] = []
    # Every whole-month period that can touch the span belongs to one of the years it touches,
    # or to the next one under the decree (15/12 starts the next year's data).
    for year in range(period.starts_on.year, period.ends_on.year + 2):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            continue
        for number in range(1, 12 // count + 1):
            part = whole_months(kind, year, None if kind == PeriodKind.YEAR else number, period.basis)
            if period.starts_on <= part.starts_on and part.ends_on <= period.ends_on:
                parts.append(part)
            if kind == PeriodKind.YEAR:
                break
    return parts


def days_after_end(period: PeriodLike, days: int) -> dt.date:
    """The day ``days`` calendar days after the period's last day (a report due "within 5 days
    after the period")."""
    return period.ends_on + dt.timedelta(days=days)
