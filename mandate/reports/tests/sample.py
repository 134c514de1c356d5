"""A small report kind for the tests of the job, the pages, the API and the command line: one
section with figures that link to their records, a sentence, a table, a chart and a flag. The
real sections (tasks, indicators, inspections, periodic) are tested on their own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mandate.core import periods
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.reports import records, services
from mandate.reports.content import (
    Chart,
    Column,
    Figure,
    FigureKind,
    Flag,
    FlagKind,
    RecordsLink,
    Section,
    Sentence,
    Table,
)
from mandate.reports.models import Report
from mandate.reports.sections import REGISTRY, FigureBook, Progress, ReportRequest

KIND = "sample"


def tasks_of(request: ReportRequest) -> RecordsLink:
    """The unit's tasks that exist on the cut-off day (a real list: reports.records)."""
    return records.link("tasks", unit=request.unit.pk, state="total", on=request.cut_off.isoformat())


@dataclass
class SampleBuilder:
    """Three steps of progress; ``fail`` raises instead (a refusal or a crash)."""

    key: str = "sample"
    fail: Exception | None = None
    calls: int = 0

    def build(self, request: ReportRequest, book: FigureBook, progress: Progress) -> Section | None:
        self.calls += 1
        if self.fail is not None:
            raise self.fail
        progress(1, 3)
        book.add(Figure("tasks.total", 20, label="nhiệm vụ", records=tasks_of(request)))
        book.add(Figure("tasks.done", 15, label="nhiệm vụ đã hoàn thành", records=tasks_of(request)))
        book.add(Figure("tasks.rate", Decimal("75.00"), FigureKind.PERCENT, label="tỷ lệ"))
        book.flags.append(
            Flag(
                FlagKind.PERCENT_MISMATCH,
                "Tỷ lệ 127,6% không khớp với 578/454",
                ("tasks.rate",),
                "127,6%",
                "127,31%",
            )
        )
        progress(2, 3)
        return Section(
            key="results",
            heading="Kết quả thực hiện",
            sentences=(
                Sentence(
                    "tasks.done", "Đã hoàn thành 15/20 nhiệm vụ, đạt 75%.", ("tasks.done", "tasks.total")
                ),
            ),
            tables=(
                Table(
                    key="by_unit",
                    title="Theo đơn vị",
                    columns=(Column("unit", "Đơn vị"), Column("done", "Hoàn thành", FigureKind.COUNT)),
                    rows=(("Sở Văn hóa và Thể thao", {"figure": "tasks.done"}),),
                ),
            ),
            charts=(Chart("done", "Hoàn thành", "bar", ("Sở",), (("Hoàn thành", ("tasks.done",)),)),),
        )


@contextmanager
def sample_kind(builder: SampleBuilder | None = None) -> Iterator[SampleBuilder]:
    """Register the sample kind for the duration."""
    used = builder or SampleBuilder()
    before = REGISTRY.get(KIND)
    REGISTRY[KIND] = [used]
    try:
        yield used
    finally:
        if before is None:
            REGISTRY.pop(KIND, None)
        else:
            REGISTRY[KIND] = before


def request_sample(actor: User, unit: OrgUnit, **changes: Any) -> Report:
    values: dict[str, Any] = {
        "kind": KIND,
        "unit": unit,
        "period": periods.first_months(2023, 9),
        "period_kind": "calendar",
        "cut_off": dt.date(2023, 9, 30),
        "language": "vi",
        **changes,
    }
    return services.report_request(actor=actor, **values)
