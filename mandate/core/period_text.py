"""Periods as people type them on a command line or in a form (issue 13, item 9): ``2023`` (a
year), ``2023-H1``, ``2023-Q3``, ``2023-07`` (a month), ``2023-9M`` (the first 9 months) and
``2023-01-01..2023-09-15`` (a range), on calendar months or on the data cut-offs of Decree
09/2019/NĐ-CP (``basis``).

Why apart from ``period_spans.parse_code``: a code is the stable identity of a period, one code
per span, strict so that nothing stores two names for one thing; these forms are what a clerk
writes in a schedule ("2023-9M"), read once and turned into that code. A range from 1 January is
the period "to a given day" (``2023-C0915``), the same days as seed 004's "tính đến 15/9/2023", so
that a report over it reads the figures stated for that period.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from mandate.core import period_spans as spans
from mandate.core.enums import PeriodBasis

MAX_LENGTH = 40

_TEXT = re.compile(
    r"(?P<year>\d{4})(?:-(?:H(?P<half>\d)|Q(?P<quarter>\d)|(?P<month>\d{2})|(?P<months>\d{1,2})M))?"
    r"|(?P<start>\d{4}-\d{2}-\d{2})\.\.(?P<end>\d{4}-\d{2}-\d{2})",
    re.ASCII,
)


def _error(text: str) -> spans.PeriodCodeError:
    return spans.PeriodCodeError(
        _(
            "“%(text)s” is not a period. Write 2023 (a year), 2023-H1 (a half year), 2023-Q3 (a "
            "quarter), 2023-07 (a month), 2023-9M (the first 9 months) or 2023-01-01..2023-09-15 "
            "(from one day to another)."
        )
        % {"text": text}
    )


def _day(text: str, whole: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as err:
        raise spans.PeriodCodeError(
            _("“%(text)s” names a day that does not exist.") % {"text": whole}
        ) from err


def days_span(starts_on: dt.date, ends_on: dt.date) -> spans.PeriodSpan:
    """The period of the days from ``starts_on`` to ``ends_on``: from 1 January, the period to
    the last day (the first N months when that is a month's end); otherwise a date range."""
    if starts_on == dt.date(ends_on.year, 1, 1):
        return spans.cumulative_span(ends_on)
    return spans.range_span(starts_on, ends_on)


def parse_period_text(text: str, basis: str = PeriodBasis.CALENDAR) -> spans.PeriodSpan:
    """The period ``text`` names on ``basis`` (``PeriodCodeError`` saying what a period looks
    like, or ``PeriodError`` for a year or number out of range). A range names its own days, so
    it is on calendar days whatever the basis."""
    cleaned = text.strip()
    match = _TEXT.fullmatch(cleaned) if len(cleaned) <= MAX_LENGTH else None
    if match is None:
        raise _error(cleaned[:MAX_LENGTH])
    if match["start"]:
        if basis == PeriodBasis.DECREE09:
            raise spans.PeriodCodeError(
                _(
                    "“%(text)s”: a period from one day to another is on calendar days; the data "
                    "cut-offs of Decree 09/2019/NĐ-CP apply to months, quarters, halves and years."
                )
                % {"text": cleaned}
            )
        return days_span(_day(match["start"], cleaned), _day(match["end"], cleaned))
    year = int(match["year"])
    if match["half"]:
        return spans.half_span(year, int(match["half"]), basis)
    if match["quarter"]:
        return spans.quarter_span(year, int(match["quarter"]), basis)
    if match["month"]:
        return spans.month_span(year, int(match["month"]), basis)
    if match["months"]:
        return spans.first_months_span(year, int(match["months"]), basis)
    return spans.year_span(year, basis)
