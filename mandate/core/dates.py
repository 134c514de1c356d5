"""The dates the product deals in, and the one check every reader of a date applies.

A date outside these bounds is never meaningful here, and far-off years break date arithmetic
(``date.max + timedelta`` overflows in the working-day calendar and the statistics), so every
place a request is read — the API's query parameters and bodies, the pages' addresses and forms —
refuses them with a message instead of failing later with a server error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class DateRange:
    first: dt.date
    last: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first <= day <= self.last

    def message(self) -> str:
        return _("Give a date between the years %(first)s and %(last)s.") % {
            "first": self.first.year,
            "last": self.last.year,
        }


# Documents (and the organisation they come from) reach back to the founding of the state.
DOCUMENT_DATES = DateRange(dt.date(1945, 1, 1), dt.date(2100, 12, 31))
# Tasks, their deadlines, statistics and lists: the product's working range.
WORK_DATES = DateRange(dt.date(2000, 1, 1), dt.date(2100, 12, 31))


class DateOutOfRangeError(ValueError):
    """A well-formed date outside the product's range; its text is the message to show."""


def check_day(day: dt.date, dates: DateRange = WORK_DATES) -> dt.date:
    if day not in dates:
        raise DateOutOfRangeError(dates.message())
    return day
