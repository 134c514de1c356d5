"""The task list as an Excel workbook: openpyxl's write-only mode, rows streamed from a
``.values()`` iterator, so memory stays flat however long the list (up to ``MAX_ROWS``).

Headers are in the reader's language; dates are Excel dates shown dd/mm/yyyy; text that starts
with "=" stays text (a task's content is never run as a formula). The first rows say what the
list is — its date and the filters applied, in words — and the first column numbers the rows in
the list's order (STT), as the page does; the task's id is the last column.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable
from typing import IO, Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]

from mandate.core.templatetags.mandate_format import number
from mandate.tasks.enums import TaskKind, TaskStatus

MAX_ROWS = 20_000
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

# The columns: the value's key in ``.values()``, the header, the width.
COLUMNS: tuple[tuple[str, str | Promise, int], ...] = (
    ("number", gettext_lazy("No."), 6),
    ("ordinal", gettext_lazy("Number in the document"), 10),
    ("content", gettext_lazy("Task"), 60),
    ("document__symbol", gettext_lazy("Document"), 16),
    ("lead_unit__name", gettext_lazy("Lead unit"), 30),
    ("lead_person__full_name", gettext_lazy("Lead person"), 22),
    ("assigner_unit__name", gettext_lazy("Assigning unit"), 30),
    ("kind", gettext_lazy("Kind"), 14),
    ("assigned_on", gettext_lazy("Assigned on"), 12),
    ("deadline_on", gettext_lazy("Deadline"), 12),
    ("status", gettext_lazy("Status"), 16),
    ("state", gettext_lazy("State on the date"), 16),
    ("stale", gettext_lazy("Not updated"), 10),
    ("progress", gettext_lazy("Progress (%)"), 10),
    ("last_progress_at", gettext_lazy("Last updated"), 17),
    ("id", gettext_lazy("Task id"), 9),
)
# What each row reads (``.values()``); the row's number is its place in the list.
FIELDS = tuple(key for key, _header, _width in COLUMNS if key != "number")
TITLE_ROWS = 3  # the title, the filters, the headers


def state_label(state: str) -> str:
    labels = {
        "completed": _("Completed"),
        "overdue": _("Overdue"),
        "in_progress": _("In progress"),
        "due_today": _("Due today"),
        "regular": pgettext("task", "Regular"),
    }
    return labels.get(state, state)


def _text(sheet: WriteOnlyWorksheet, value: Any) -> WriteOnlyCell:
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value)) if value is not None else None
    cell = WriteOnlyCell(sheet, value=text)
    if text is not None:
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def _date(sheet: WriteOnlyWorksheet, value: dt.date | None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _moment(sheet: WriteOnlyWorksheet, value: dt.datetime | None) -> WriteOnlyCell:
    # Excel has no time zones: the local time (Asia/Ho_Chi_Minh) as people read it.
    local = timezone.localtime(value).replace(tzinfo=None) if value is not None else None
    cell = WriteOnlyCell(sheet, value=local)
    cell.number_format = DATETIME_FORMAT
    return cell


def _row(sheet: WriteOnlyWorksheet, number: int, values: dict[str, Any]) -> list[Any]:
    kinds, statuses = dict(TaskKind.choices), dict(TaskStatus.choices)
    return [
        number,
        _text(sheet, values["ordinal"] or None),
        _text(sheet, values["content"]),
        _text(sheet, values["document__symbol"]),
        _text(sheet, values["lead_unit__name"]),
        _text(sheet, values["lead_person__full_name"]),
        _text(sheet, values["assigner_unit__name"]),
        _text(sheet, kinds.get(values["kind"], values["kind"])),
        _date(sheet, values["assigned_on"]),
        _date(sheet, values["deadline_on"]),
        _text(sheet, statuses.get(values["status"], values["status"])),
        _text(sheet, state_label(values["state"])),
        _text(sheet, _("Yes") if values["stale"] else ""),
        values["progress"],
        _moment(sheet, values["last_progress_at"]),
        values["id"],
    ]


def filters_line(filters_in_words: list[str], count: int) -> str:
    """The second title row: how many tasks, and the filters applied (or that there are none)."""
    tasks = ngettext("%(count)s task", "%(count)s tasks", count) % {"count": number(count)}
    if not filters_in_words:
        return _("%(tasks)s; no filter: every task you may see.") % {"tasks": tasks}
    return _("%(tasks)s; filters: %(filters)s.") % {"tasks": tasks, "filters": "; ".join(filters_in_words)}


def tasks_workbook(
    *, rows: Iterable[dict[str, Any]], on: dt.date, filters_in_words: list[str], count: int
) -> IO[bytes]:
    """Write the rows (``.values(*FIELDS)``, in the list's order) into a workbook in a temporary
    file, rewound and ready to send; the caller bounds the number of rows (``MAX_ROWS``)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Tasks"))
    for index, (_key, _header, width) in enumerate(COLUMNS):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = f"A{TITLE_ROWS + 1}"
    title = _text(sheet, _("Tasks, with their state on %(day)s") % {"day": on.strftime("%d/%m/%Y")})
    title.font = Font(bold=True, size=12)
    sheet.append([title])
    sheet.append([_text(sheet, filters_line(filters_in_words, count))])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    headers = []
    for _key, header, _width in COLUMNS:
        cell = _text(sheet, str(header))
        cell.font, cell.alignment = bold, wrap
        headers.append(cell)
    sheet.append(headers)
    for place, values in enumerate(rows, start=1):
        sheet.append(_row(sheet, place, values))
    target: IO[bytes] = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - handed to the response
    workbook.save(target)
    target.seek(0)
    return target
