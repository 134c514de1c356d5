"""The task list as an Excel workbook, written by the shared table export (``core.sheet_export``,
ADR 0032): rows streamed from a ``.values()`` iterator, so memory stays flat however long the
list (up to ``MAX_ROWS``).

Headers are in the reader's language; dates are Excel dates shown dd/mm/yyyy; text that starts
with "=" stays text (a task's content is never run as a formula). The first rows say what the
list is — its date and the filters applied, in words — and the first column numbers the rows in
the list's order (STT), as the page does; the task's id is the last column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from mandate.core import sheet_export
from mandate.core.sheet_export import DATE, INTEGER, MOMENT, NUMBER, TEXT, ExportColumn
from mandate.core.templatetags.mandate_format import number
from mandate.tasks.enums import TaskKind, TaskStatus

MAX_ROWS = 20_000
CONTENT_TYPE = sheet_export.CONTENT_TYPE

# The columns: the value's key in ``.values()``, and how the column is written.
COLUMNS: tuple[tuple[str, ExportColumn], ...] = (
    ("number", ExportColumn(gettext_lazy("No."), NUMBER, 6)),
    ("ordinal", ExportColumn(gettext_lazy("Number in the document"), TEXT, 10)),
    ("content", ExportColumn(gettext_lazy("Task"), TEXT, 60)),
    ("document__symbol", ExportColumn(gettext_lazy("Document"), TEXT, 16)),
    ("lead_unit__name", ExportColumn(gettext_lazy("Lead unit"), TEXT, 30)),
    ("lead_person__full_name", ExportColumn(gettext_lazy("Lead person"), TEXT, 22)),
    ("assigner_unit__name", ExportColumn(gettext_lazy("Assigning unit"), TEXT, 30)),
    ("kind", ExportColumn(gettext_lazy("Kind"), TEXT, 14)),
    ("assigned_on", ExportColumn(gettext_lazy("Assigned on"), DATE, 12)),
    ("deadline_on", ExportColumn(gettext_lazy("Deadline"), DATE, 12)),
    ("status", ExportColumn(gettext_lazy("Status"), TEXT, 16)),
    ("state", ExportColumn(gettext_lazy("State on the date"), TEXT, 16)),
    ("stale", ExportColumn(gettext_lazy("Not updated"), TEXT, 10)),
    ("progress", ExportColumn(gettext_lazy("Progress (%)"), INTEGER, 10)),
    ("last_progress_at", ExportColumn(gettext_lazy("Last updated"), MOMENT, 17)),
    ("id", ExportColumn(gettext_lazy("Task id"), NUMBER, 9)),
)
# What each row reads (``.values()``); the row's number is its place in the list.
FIELDS = tuple(key for key, _column in COLUMNS if key != "number")


def state_label(state: str) -> str:
    labels = {
        "completed": _("Completed"),
        "overdue": _("Overdue"),
        "in_progress": _("In progress"),
        "due_today": _("Due today"),
        "regular": pgettext("task", "Regular"),
    }
    return labels.get(state, state)


def _rows(rows: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    kinds, statuses = dict(TaskKind.choices), dict(TaskStatus.choices)
    for place, values in enumerate(rows, start=1):
        yield [
            place,
            values["ordinal"] or None,
            values["content"],
            values["document__symbol"],
            values["lead_unit__name"],
            values["lead_person__full_name"],
            values["assigner_unit__name"],
            kinds.get(values["kind"], values["kind"]),
            values["assigned_on"],
            values["deadline_on"],
            statuses.get(values["status"], values["status"]),
            state_label(values["state"]),
            _("Yes") if values["stale"] else "",
            values["progress"],
            values["last_progress_at"],
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
    title = [
        _("Tasks, with their state on %(day)s") % {"day": on.strftime("%d/%m/%Y")},
        filters_line(filters_in_words, count),
    ]
    return sheet_export.write_table(
        columns=[column for _key, column in COLUMNS], rows=_rows(rows), title=title, sheet=_("Tasks")
    )
