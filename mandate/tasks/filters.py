"""The task list's filters and order, read from a request — the one reader the list page, its
Excel export, the API and the links of My work and the dashboard share — and said in words (the
export's title row).

A page collects a message per field it cannot read and lists nothing until they are corrected
(400); the API refuses the request with the same messages (``RequestValues.raise_if_invalid``).
An id the reader may not see is "Not found." on its field in both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from mandate.core.exceptions import NotFoundError
from mandate.core.request_values import RequestValues
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.people import selectors as people_selectors
from mandate.people.models import Person, User
from mandate.people.scopes import today
from mandate.tasks import list_order, selectors
from mandate.tasks.enums import TaskKind, TaskStatus

# The filters, in the order the page's form and the export's title name them.
FILTER_NAMES = (
    "q", "within", "lead_unit", "document", "person", "state", "on", "kind", "status", "deadline_from",
    "deadline_to", "done_from", "done_to", "not_updated_days",
)  # fmt: skip
FLAG_NAMES = ("mine", "include_subtasks")
DATE_NAMES = frozenset({"on", "deadline_from", "deadline_to", "done_from", "done_to"})
FILTER_LABELS: dict[str, str | Promise] = {
    "q": gettext_lazy("Search in the task (accents optional)"),
    "within": gettext_lazy("Lead unit within"),
    "lead_unit": gettext_lazy("Lead unit (exactly)"),
    "document": gettext_lazy("Document"),
    "person": gettext_lazy("Lead person"),
    "state": pgettext_lazy("task", "State"),
    "on": gettext_lazy("On the date"),
    "kind": gettext_lazy("Kind"),
    "status": gettext_lazy("Status"),
    "deadline_from": gettext_lazy("Deadline from"),
    "deadline_to": gettext_lazy("Deadline to"),
    "done_from": gettext_lazy("Reported done from"),
    "done_to": gettext_lazy("Reported done to"),
    "not_updated_days": gettext_lazy("Not updated for (days)"),
    "mine": gettext_lazy("Assigned to me (I am the lead person)"),
    "include_subtasks": gettext_lazy("Include subtasks"),
    "ordering": gettext_lazy("Sorted by"),
}
STATE_LABELS: dict[str, str | Promise] = {
    "existing": gettext_lazy("Existing on the date"),
    "completed": gettext_lazy("Completed"),
    "completed_on_time": gettext_lazy("Completed on time"),
    "completed_late": gettext_lazy("Completed late"),
    "in_progress": gettext_lazy("In progress (not yet overdue)"),
    "overdue": gettext_lazy("Overdue"),
    "due_today": gettext_lazy("Due today"),
    "due": gettext_lazy("Due (the deadline has come)"),
    "completed_of_due": gettext_lazy("Due and completed"),
    "not_updated": gettext_lazy("Not updated"),
}
ORDER_LABELS: dict[str, str | Promise] = {
    "deadline_on": gettext_lazy("Deadline"),
    "assigned_on": gettext_lazy("Assigned on"),
    "lead_unit": gettext_lazy("Lead unit"),
    "status": pgettext_lazy("task", "State"),
    "progress": gettext_lazy("Progress"),
}


@dataclass
class TaskQuery:
    """The list's filters and order as read from a request, with what went wrong, field by field,
    and the objects the filters name (for the page to show them)."""

    filters: selectors.TaskFilters
    on: dt.date
    errors: dict[str, list[str]]
    person: Person | None = None

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def ordering(self) -> str:
        return self.filters.ordering


def _visible(values: RequestValues, name: str, fetch: Any) -> Any:
    """The object an id names, or "Not found." on its field when the reader may not see it."""
    object_id = values.positive(name)
    if object_id is None:
        return None
    try:
        return fetch(object_id)
    except NotFoundError:
        values.error(name, _("Not found."))
        return None


def read_task_query(params: Mapping[str, Any], *, actor: User, written_dates: bool = True) -> TaskQuery:
    """Every filter of the task list from ``params`` (a query string), and the order."""
    values = RequestValues(params, written_dates=written_dates)
    within: OrgUnit | None = _visible(values, "within", lambda pk: org_selectors.unit_get(unit_id=pk))
    lead_unit: OrgUnit | None = _visible(values, "lead_unit", lambda pk: org_selectors.unit_get(unit_id=pk))
    document: Document | None = _visible(
        values, "document", lambda pk: document_selectors.document_get_visible(actor=actor, document_id=pk)
    )
    person: Person | None = _visible(
        values, "person", lambda pk: people_selectors.person_get_visible(actor=actor, person_id=pk)
    )
    deadline_from, deadline_to = values.day("deadline_from"), values.day("deadline_to")
    done_from, done_to = values.day("done_from"), values.day("done_to")
    values.range(deadline_from, deadline_to, end_name="deadline_to")
    values.range(done_from, done_to, end_name="done_to")
    on = values.day("on")
    filters = selectors.TaskFilters(
        within=within,
        lead_unit=lead_unit,
        document=document,
        state=values.choice("state", selectors.LIST_STATES),
        on=on,
        person_id=person.pk if person else None,
        assigned_to_user=actor if values.flag("mine") else None,
        deadline_from=deadline_from,
        deadline_to=deadline_to,
        kind=values.choice("kind", TaskKind.values),
        status=values.choice("status", TaskStatus.values),
        search=values.text("q"),
        include_subtasks=values.flag("include_subtasks"),
        not_updated_days=values.days("not_updated_days", default=selectors.NOT_UPDATED_DAYS),
        done_from=done_from,
        done_to=done_to,
        ordering=values.choice("ordering", list_order.CHOICES) or list_order.DEFAULT,
    )
    return TaskQuery(filters=filters, on=on or today(), errors=values.errors, person=person)


def ordering_in_words(ordering: str) -> str:
    """ "Deadline, ascending" — how the title row and the page say the order."""
    label = ORDER_LABELS[ordering.removeprefix("-")]
    if ordering.startswith("-"):
        return _("%(column)s, descending") % {"column": label}
    return _("%(column)s, ascending") % {"column": label}


def in_words(query: TaskQuery) -> list[str]:
    """The filters applied, each as "label: value" in the reader's language (the export's title
    row): units, the document and the person by name, dates as dd/mm/yyyy, choices by label."""
    f = query.filters
    kinds, statuses = dict(TaskKind.choices), dict(TaskStatus.choices)

    def day(value: dt.date | None) -> str | None:
        return value.strftime("%d/%m/%Y") if value else None

    shown: dict[str, Any] = {
        "q": f.search,
        "within": f.within.name if f.within else None,
        "lead_unit": f.lead_unit.name if f.lead_unit else None,
        "document": f.document.symbol if f.document else None,
        "person": query.person.full_name if query.person else None,
        "state": STATE_LABELS.get(f.state, f.state) if f.state else None,
        "on": day(f.on),
        "kind": kinds.get(f.kind, f.kind) if f.kind else None,
        "status": statuses.get(f.status, f.status) if f.status else None,
        "deadline_from": day(f.deadline_from),
        "deadline_to": day(f.deadline_to),
        "done_from": day(f.done_from),
        "done_to": day(f.done_to),
        "not_updated_days": f.not_updated_days if f.not_updated_days != selectors.NOT_UPDATED_DAYS else None,
    }
    words = [f"{FILTER_LABELS[name]}: {value}" for name, value in shown.items() if value not in (None, "")]
    if f.assigned_to_user is not None:
        words.append(str(FILTER_LABELS["mine"]))
    if f.include_subtasks:
        words.append(str(FILTER_LABELS["include_subtasks"]))
    if f.ordering != list_order.DEFAULT:
        words.append(f"{FILTER_LABELS['ordering']}: {ordering_in_words(f.ordering)}")
    return words
