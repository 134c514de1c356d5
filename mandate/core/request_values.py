"""Reading the values of a request — yes/no flags, dates, positive numbers, choices, a number of
days — in one place, for the pages, the API and the statistics.

Each value was parsed in several places, each a little differently: booleans six ways (one took
"on", another "1", another only "true"), dates three ways, the 3,650-day limit three times. A
page then accepted what the API refused, and a fix in one reader missed the others. Here each
kind of value has one parser (``parse_flag``, ``parse_day``, ``parse_positive``), and
``RequestValues`` reads a query string with them, collecting a message per field: a page shows
every message beside its field (400), the API answers them together (``raise_if_invalid``).

Pages accept dates as people write them (31/12/2023) and as links carry them (2023-12-31); the
API, whose schema says YYYY-MM-DD, only the latter (``written_dates=False``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from django.utils.translation import gettext as _

from mandate.core.dates import WORK_DATES, DateOutOfRangeError, DateRange, check_day
from mandate.core.exceptions import ApplicationError
from mandate.core.templatetags.mandate_format import number

# "Not updated for N days" and any other number of days a reader asks for: ten years at most
# (larger windows only slow the report scan and mean nothing).
DAYS_AT_MOST = 3650
# The largest id or number a request may carry: no database column overflows on it.
NUMBER_AT_MOST = 2**62
TEXT_AT_MOST = 200

# A flag as the API's schema writes it (``core.api_query`` holds the API to these two words) …
API_TRUE, API_FALSE = "true", "false"
# … and as pages send it too (a checkbox sends its value, "1" or "on").
TRUE_WORDS = frozenset({API_TRUE, "True", "1", "on"})
FALSE_WORDS = frozenset({"", API_FALSE, "False", "0", "off"})


class ValueProblem(ValueError):
    """A value that cannot be read; its text is the message to show beside the field."""


def parse_flag(raw: str | None) -> bool:
    """Yes or no. Anything else is refused, so that a typo never silently lists everything."""
    value = (raw or "").strip()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ValueProblem(_("Write true or false."))


def parse_day(raw: str, *, dates: DateRange = WORK_DATES, written_dates: bool = True) -> dt.date:
    """A date as links carry it (2024-06-30) or, with ``written_dates``, as people write it
    (30/06/2024), within ``dates`` (``DateOutOfRangeError`` says the range otherwise)."""
    value = raw.strip()
    day: dt.date | None = None
    try:
        day = dt.date.fromisoformat(value) if len(value) == 10 and value[4] == "-" else None
    except ValueError:
        day = None
    if day is None and written_dates:
        try:
            day = dt.datetime.strptime(value, "%d/%m/%Y").date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            day = None
    if day is None:
        if written_dates:
            raise ValueProblem(
                _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 31/12/2023.")
                % {"value": value[:40]}
            )
        raise ValueProblem(_("Write the date as YYYY-MM-DD, e.g. 2023-12-31."))
    return check_day(day, dates)


def parse_positive(raw: str) -> int:
    """A whole number from 1 to ``NUMBER_AT_MOST``."""
    value = raw.strip()
    if not (value.isascii() and value.removeprefix("-").isdigit()):
        raise ValueProblem(_("Must be a whole number."))
    number = int(value)
    if number < 1 or number > NUMBER_AT_MOST:
        raise ValueProblem(_("Must be a positive whole number."))
    return number


def parse_days(raw: str) -> int:
    """A number of days, from 1 to ``DAYS_AT_MOST``."""
    days = parse_positive(raw)
    if days > DAYS_AT_MOST:
        raise ValueProblem(_("At most %(limit)s days.") % {"limit": number(DAYS_AT_MOST)})
    return days


class RequestValues:
    """The values of one query string (or form), each read by its parser; ``errors`` holds a
    message per field that could not be read, and the reader gets None (or the default) for it."""

    def __init__(self, params: Mapping[str, Any], *, written_dates: bool = True) -> None:
        self.params = params
        self.written_dates = written_dates
        self.errors: dict[str, list[str]] = {}

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def raw(self, name: str) -> str:
        value = self.params.get(name)
        return value.strip() if isinstance(value, str) else ""

    def text(self, name: str, *, at_most: int = TEXT_AT_MOST) -> str | None:
        return self.raw(name)[:at_most] or None

    def flag(self, name: str) -> bool:
        try:
            return parse_flag(self.raw(name))
        except ValueProblem as err:
            self.error(name, str(err))
            return False

    def day(self, name: str, *, dates: DateRange = WORK_DATES) -> dt.date | None:
        raw = self.raw(name)
        if not raw:
            return None
        try:
            return parse_day(raw, dates=dates, written_dates=self.written_dates)
        except (ValueProblem, DateOutOfRangeError) as err:
            self.error(name, str(err))
            return None

    def positive(self, name: str) -> int | None:
        raw = self.raw(name)
        if not raw:
            return None
        try:
            return parse_positive(raw)
        except ValueProblem as err:
            self.error(name, str(err))
            return None

    def days(self, name: str, *, default: int) -> int:
        """A number of days, ``DAYS_AT_MOST`` at most; ``default`` when not given (or wrong)."""
        raw = self.raw(name)
        if not raw:
            return default
        try:
            return parse_days(raw)
        except ValueProblem as err:
            self.error(name, str(err))
            return default

    def choice(self, name: str, values: Collection[str]) -> str | None:
        value = self.raw(name) or None
        if value is not None and value not in values:
            self.error(name, _("Not a choice."))
            return None
        return value

    def range(self, start: dt.date | None, end: dt.date | None, *, end_name: str) -> None:
        """A range whose end comes before its start is named on its end."""
        if start is not None and end is not None and start > end:
            self.error(end_name, _("The end of the range is before its start."))

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def raise_if_invalid(self) -> None:
        """The API's answer: every field that could not be read, in one 400."""
        if self.errors:
            raise ApplicationError(fields={name: list(messages) for name, messages in self.errors.items()})
