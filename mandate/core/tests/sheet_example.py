"""An importer as an app declares one (ADR 0032): the working-day calendar's overrides from a
workbook — day, working day or not, reason, source document — written into ``CalendarOverride``.

It is the worked example for the apps (the indicators' values are the same shape: declared
columns, a target that checks the right, an apply that writes only what differs), and what the
import service's tests run against. It lives with the tests: the calendar has no import page.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandate.core import workdays
from mandate.core.calendar_services import can_change_calendar
from mandate.core.concurrency import bump_version
from mandate.core.exceptions import PermissionDeniedError
from mandate.core.models import CalendarOverride
from mandate.core.sheet_columns import ChoiceColumn, DateColumn, TextColumn
from mandate.core.sheet_export import TitleBlock, export_column, write_table
from mandate.core.sheet_import import Applied, Importer, SheetRefused, Target, differences, register
from mandate.core.sheet_reader import Progress, SheetRow, SheetSpec

COLUMNS = (
    DateColumn(key="day", header=gettext_lazy("day"), width=12),
    ChoiceColumn(
        key="is_working_day",
        header=gettext_lazy("working day"),
        choices=((True, gettext_lazy("Yes")), (False, gettext_lazy("No"))),
    ),
    TextColumn(key="reason", header=gettext_lazy("reason"), max_length=300, width=40),
    TextColumn(key="source_document", header=gettext_lazy("source document"), required=False, max_length=100),
)
SPEC = SheetSpec(columns=COLUMNS, key=("day",))
# Rows as the export writes them: day, working day ("Có"/"Không"), reason, source document.
GOOD_ROWS = [
    (dt.date(2025, 4, 26), "Có", "Làm bù cho ngày 02/05/2025", "QĐ 1/2025"),
    (dt.date(2025, 5, 2), "Không", "Nghỉ bù", None),
    (dt.date(2025, 9, 1), "Không", "Quốc khánh", None),
    (dt.date(2025, 12, 31), "không", "Nghỉ cuối năm", "QĐ 9/2025"),
]


class CalendarImporter(Importer):
    kind = "core.calendar_overrides"

    def spec(self, *, actor: Any, params: Mapping[str, Any]) -> SheetSpec:
        return SPEC

    def target(self, *, actor: Any, params: Mapping[str, Any]) -> Target:
        if actor is not None and not can_change_calendar(actor=actor):
            raise PermissionDeniedError(_("Only an administrator of the calendar may change working days."))
        return Target(key="calendar", label=_("working day"))

    def apply(
        self, *, actor: Any, rows: Sequence[SheetRow], params: Mapping[str, Any], progress: Progress
    ) -> Applied:
        stored = {row.day: row for row in CalendarOverride.objects.select_for_update()}
        applied = Applied()
        refused = []
        for done, row in enumerate(rows, start=1):
            values = {**row.values, "source_document": row.values["source_document"] or ""}
            if values["reason"].strip().lower() == "refuse me":  # the app's own rule, for the tests
                refused.append(row.problem("reason", "This reason is refused.", "Write another."))
                continue
            override = stored.get(values["day"])
            if override is None:
                CalendarOverride.objects.create(**values)
                applied.created += 1
            elif changed := differences(override, values):
                for name, value in changed.items():
                    setattr(override, name, value)
                bump_version(override)
                override.save(update_fields=[*changed, "version", "updated_at"])
                applied.updated += 1
            else:
                applied.unchanged += 1
            progress("writing", done, len(rows))
        if refused:
            raise SheetRefused(refused)
        workdays.clear_override_cache()  # as the calendar's services do
        transaction.on_commit(workdays.clear_override_cache)
        applied.details = {"days": sorted(row.values["day"].isoformat() for row in rows)}
        return applied


IMPORTER = register(CalendarImporter())


def workbook_of(rows: Iterable[Sequence[Any]], *, title: str = "Lịch làm việc") -> bytes:
    """The rows (day, "Có"/"Không", reason, source) in a workbook as the export writes it."""
    table = write_table(
        columns=[export_column(column) for column in COLUMNS],
        rows=rows,
        title=TitleBlock(title=title),
        sheet=title,
    )
    with table:
        return table.read()


def upload(content: bytes, name: str = "lich.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_rows() -> list[tuple[Any, ...]]:
    """The overrides as the export writes them (for the round trip)."""
    return [
        (o.day, _("Yes") if o.is_working_day else _("No"), o.reason, o.source_document)
        for o in CalendarOverride.objects.order_by("day")
    ]


def as_file(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)
