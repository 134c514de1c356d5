"""STAND-IN until helper reportsec's ``records.py`` lands: the records behind a figure."""

from __future__ import annotations

from dataclasses import dataclass

from mandate.core.exceptions import ApplicationError
from mandate.people.models import User
from mandate.reports.content import RecordsLink

ROUTE = "reports:records"


@dataclass(frozen=True)
class RecordsList:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    ids: tuple[int, ...]
    count: int
    not_listed: int = 0


def records_of(*, actor: User, link: RecordsLink) -> RecordsList:
    if link.query.get("source") != "none":
        raise ApplicationError(fields={"source": ["Not a choice."]})
    return RecordsList(columns=("x",), rows=(), ids=(), count=0)
