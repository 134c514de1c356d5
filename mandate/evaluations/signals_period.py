"""The period of a signals page or request (issue 14 item 1): a period code (``2023-Q3``,
ADR 0028) or two days, ``from`` and ``to`` (YYYY-MM-DD, or dd/mm/yyyy as the page's form writes
them); with neither, this year up to today. The same reading for the pages and the API, so a
page's link and the API's answer name the same records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils.translation import gettext as _

from mandate.core.exceptions import ApplicationError
from mandate.core.period_spans import PeriodError, PeriodSpan, parse_code, range_span
from mandate.people.scopes import today


def _day(text: str, name: str) -> dt.date:
    text = text.strip()[:10]
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, form).date()  # noqa: DTZ007  # a day, not an instant
        except ValueError:
            continue
    raise ApplicationError(fields={name: [_("Write the date as dd/mm/yyyy.")]})


def span_of(query: Mapping[str, str]) -> PeriodSpan:
    code = (query.get("period") or "").strip()
    try:
        if code:
            return parse_code(code[:40])
        start, end = (query.get("from") or "").strip(), (query.get("to") or "").strip()
        if not start and not end:
            day = today()
            return range_span(dt.date(day.year, 1, 1), day)
        if not start or not end:
            raise ApplicationError(fields={"from" if not start else "to": [_("Required.")]})
        return range_span(_day(start, "from"), _day(end, "to"))
    except PeriodError as err:
        raise ApplicationError(fields={"period" if code else "to": [str(err.message)]}) from err
