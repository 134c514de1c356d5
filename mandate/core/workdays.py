"""The working-day calendar that deadlines are counted in.

A deadline of "N working days from assignment" counts day 1 as the first working day *after* the
day of assignment, so ``add_working_days(assigned_on, n)`` is the last day of the period and
``working_days_between(assigned_on, today)`` is how many of them have passed.

What a working day is, in order of precedence:

1. An administrator's ``CalendarOverride`` for that day, unless retired. The government decides
   each year's Tết break, bridge days and make-up working Saturdays by decision, and the holiday
   library only knows what its last release recorded; the override table lets the city follow a
   decision the day it is published.
2. The ``holidays`` library's Vietnamese public calendar. A Saturday or Sunday is a day off unless
   it is in ``weekend_workdays`` (a make-up working Saturday, e.g. 04/05/2024, worked in exchange
   for Monday 29/04/2024). Monday to Friday is a working day unless it is listed: the holidays
   themselves, their observed days (a holiday on a weekend is taken on the next working day, and
   Tết's weekend days move to "29 Tết" before the eve), and substituted days off ("Ngày nghỉ
   (thay cho ngày 04/05/2024)").

The calendar covers 2000 to 2100; outside it the lunar dates and the rules are not worth trusting,
so a date there raises ``ValueError`` rather than giving a deadline nobody checked.

Caching: the library's data is computed once per year per process (``lru_cache``). The overrides
of a year are loaded with one query and kept for ``OVERRIDE_CACHE_SECONDS``; the calendar services
clear them when a change commits. The time limit is there because the other processes of a
deployment (web workers, the job runner) do not hear about that clearing: they pick a change up
within that time at the latest.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import holidays

from mandate.core.models import CalendarOverride

FIRST_YEAR = 2000
LAST_YEAR = 2100
MAX_WORKING_DAYS = 1000
OVERRIDE_CACHE_SECONDS = 300.0

Overrides = Mapping[dt.date, bool]
OverridesForYear = Callable[[int], Overrides]

_NO_OVERRIDES: Overrides = MappingProxyType({})
_ONE_DAY = dt.timedelta(days=1)


def _check_day(day: dt.date) -> None:
    # A datetime is a date too, but it never equals the dates the calendar holds, and its day
    # depends on the time zone it is in: the caller must choose the local day (timezone.localdate).
    if isinstance(day, dt.datetime) or not isinstance(day, dt.date):
        raise TypeError(f"Expected a date, got {type(day).__name__}.")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(
            f"The working-day calendar covers {FIRST_YEAR} to {LAST_YEAR}; {day.isoformat()} is outside it."
        )


@dataclass(frozen=True)
class LibraryYear:
    """One year of the holiday library's Vietnamese calendar, reduced to what deadlines need."""

    weekend: frozenset[int]
    days_off: frozenset[dt.date]
    weekend_workdays: frozenset[dt.date]

    def is_working_day(self, day: dt.date) -> bool:
        """The library's own rule (``HolidayBase.is_working_day``), on the frozen sets."""
        if day.weekday() in self.weekend:
            return day in self.weekend_workdays
        return day not in self.days_off


@functools.lru_cache(maxsize=LAST_YEAR - FIRST_YEAR + 1)
def library_year(year: int) -> LibraryYear:
    """The library's holidays and make-up working days of ``year``.

    One instance per year is enough: every Vietnamese observed or substituted day off falls in the
    year of its holiday, and the library adds the make-up Saturdays it knows to
    ``weekend_workdays`` whatever year it is asked for (so they are filtered by year here).
    """
    _check_day(dt.date(year, 1, 1))
    vietnam = holidays.country_holidays("VN", years=year, categories=(holidays.PUBLIC,))
    return LibraryYear(
        weekend=frozenset(vietnam.weekend),
        days_off=frozenset(day for day in vietnam if day.year == year),
        weekend_workdays=frozenset(day for day in vietnam.weekend_workdays if day.year == year),
    )


class WorkingCalendar:
    """The library's calendar with the overrides that ``overrides_for_year`` gives for a year.

    Each call that walks over days asks for a year's overrides once, however many days it
    visits, so counting 1000 working days costs at most a few queries.
    """

    def __init__(self, overrides_for_year: OverridesForYear) -> None:
        self._overrides_for_year = overrides_for_year

    def _checker(self) -> Callable[[dt.date], bool]:
        years: dict[int, tuple[LibraryYear, Overrides]] = {}

        def is_working(day: dt.date) -> bool:
            data = years.get(day.year)
            if data is None:
                _check_day(day)
                data = years[day.year] = (library_year(day.year), self._overrides_for_year(day.year))
            library, overrides = data
            ruling = overrides.get(day)
            return library.is_working_day(day) if ruling is None else ruling

        return is_working

    def is_working_day(self, day: dt.date) -> bool:
        _check_day(day)
        return self._checker()(day)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start``; day 1 is the first working day after it."""
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_WORKING_DAYS:
            raise ValueError(f"The number of working days must be from 1 to {MAX_WORKING_DAYS}, not {n!r}.")
        _check_day(start)
        is_working = self._checker()
        day, counted = start, 0
        while counted < n:
            day += _ONE_DAY
            if is_working(day):
                counted += 1
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day`` (``day`` itself never counts)."""
        return self.add_working_days(day, 1)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days lie in (start, end]: 0 when ``end`` is not after ``start``.

        The same counting as ``add_working_days``, so
        ``working_days_between(start, add_working_days(start, n)) == n``.
        """
        _check_day(start)
        _check_day(end)
        is_working = self._checker()
        day, counted = start, 0
        while day < end:
            day += _ONE_DAY
            if is_working(day):
                counted += 1
        return counted


# The overrides of each year as (loaded at, {day: is working}); ``_generation`` changes on every
# clearing so that a load which overlapped a clearing is not stored (it may predate the change).
_override_cache: dict[int, tuple[float, Overrides]] = {}
_override_lock = threading.Lock()
_generation = 0


def clear_override_cache() -> None:
    """Forget the loaded overrides; the calendar services call this when an override changes."""
    global _generation
    with _override_lock:
        _override_cache.clear()
        _generation += 1


def stored_overrides(year: int) -> Overrides:
    """The overrides of ``year`` that apply (not retired), from the cache or with one query."""
    now = time.monotonic()
    with _override_lock:
        cached = _override_cache.get(year)
        generation = _generation
    if cached is not None and now - cached[0] < OVERRIDE_CACHE_SECONDS:
        return cached[1]
    rows = CalendarOverride.objects.filter(
        day__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)), retired_at__isnull=True
    ).values_list("day", "is_working_day")
    overrides: Overrides = MappingProxyType(dict(rows))
    with _override_lock:
        if generation == _generation:
            _override_cache[year] = (now, overrides)
    return overrides


default_calendar = WorkingCalendar(stored_overrides)
"""The calendar deadlines use: the library plus the stored overrides."""

library_calendar = WorkingCalendar(lambda year: _NO_OVERRIDES)
"""The library alone, without the database: for tests and for comparing with the overrides."""


def is_working_day(day: dt.date) -> bool:
    return default_calendar.is_working_day(day)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The deadline of a period of ``n`` working days that starts on ``start`` (1 ≤ n ≤ 1000)."""
    return default_calendar.add_working_days(start, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many days of a period have passed by ``end``."""
    return default_calendar.working_days_between(start, end)


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    return default_calendar.next_working_day(day)
