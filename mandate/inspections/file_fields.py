"""Typed reading of one record of an administrator's file (``file_reading``): text, codes, dates,
numbers, yes/no and choices, each problem added at the cell's place so that one pass over a file
reports every problem in it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from mandate.core.dates import DOCUMENT_DATES
from mandate.inspections.file_reading import Place, Problems, Record

_TRUE = frozenset({"true", "yes", "1", "có", "co", "x"})
_FALSE = frozenset({"false", "no", "0", "không", "khong", ""})
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class Fields:
    """Typed reading of one record's cells; each problem is added at the cell's place, so one
    pass over a file reports every problem in it."""

    def __init__(self, record: Record, problems: Problems, allowed: tuple[str, ...]) -> None:
        self.record = record
        self.problems = problems
        for name, cell in record.cells.items():
            if name not in allowed and cell.value is not None:
                problems.add(
                    cell.place,
                    _("Unknown field “%(field)s”. The fields are: %(fields)s.")
                    % {"field": name, "fields": ", ".join(allowed)},
                )

    def place(self, name: str) -> Place:
        cell = self.record.cells.get(name)
        return cell.place if cell is not None else self.record.place

    def _raw(self, name: str, required: bool) -> Any:
        cell = self.record.cells.get(name)
        value = cell.value if cell is not None else None
        if value is None and required:
            self.problems.add(self.place(name), _("“%(field)s” is required.") % {"field": name})
        return value

    def text(self, name: str, *, required: bool = False, limit: int = 300) -> str:
        value = self._raw(name, required)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = " ".join(str(value).split()) if limit <= 300 else str(value).strip()
        if required and not text:
            self.problems.add(self.place(name), _("“%(field)s” is required.") % {"field": name})
        if len(text) > limit:
            self.problems.add(
                self.place(name),
                _("“%(field)s” is longer than %(limit)s characters.") % {"field": name, "limit": limit},
            )
        return text

    def code(self, name: str, *, limit: int = 30) -> str:
        text = self.text(name, required=True, limit=limit)
        if text and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text):
            self.problems.add(
                self.place(name),
                _("“%(value)s” is not a code: use letters, digits, dots, dashes and underscores.")
                % {"value": text},
            )
        return text

    def day(self, name: str, *, required: bool = False) -> dt.date | None:
        value = self._raw(name, required)
        if value is None:
            return None
        day: dt.date | None = None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        else:
            text = str(value).strip()
            match = _DAY_FIRST.match(text)
            try:
                if match:
                    day = dt.date(int(match[3]), int(match[2]), int(match[1]))
                elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                    day = dt.date.fromisoformat(text)
            except ValueError:
                day = None
        if day is None:
            self.problems.add(
                self.place(name),
                _("“%(value)s” is not a date: write it as 2023-08-07 or 07/08/2023.") % {"value": value},
            )
            return None
        if day not in DOCUMENT_DATES:
            self.problems.add(self.place(name), DOCUMENT_DATES.message())
            return None
        return day

    def number(self, name: str, *, required: bool = False, low: int = 0, high: int = 100_000) -> int | None:
        value = self._raw(name, required)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if (
            isinstance(value, bool)
            or not text.isascii()
            or not text.isdigit()
            or not low <= int(text) <= high
        ):
            self.problems.add(
                self.place(name),
                _("“%(value)s” is not a whole number from %(low)s to %(high)s.")
                % {"value": value, "low": low, "high": high},
            )
            return None
        return int(text)

    def flag(self, name: str) -> bool:
        value = self._raw(name, False)
        if value is None or isinstance(value, bool):
            return bool(value)
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text not in _FALSE:
            self.problems.add(self.place(name), _("“%(value)s” is not yes or no.") % {"value": value})
        return False

    def choice(self, name: str, choices: tuple[str, ...], *, default: str = "") -> str:
        text = self.text(name, required=not default) or default
        if text and text not in choices:
            self.problems.add(
                self.place(name),
                _("“%(value)s” is not one of: %(choices)s.") % {"value": text, "choices": ", ".join(choices)},
            )
        return text
