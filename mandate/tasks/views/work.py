"""The task list with its filters and its Excel export, and what the other pages of a day's
work share with it (reading the filters, links to a filtered list). Every page reads through the
task selectors, so nothing outside the reader's scope ever shows; each runs a fixed number of
queries, whatever the data (tests/test_query_counts.py). My work and the dashboard:
``views/my_work.py``, ``views/dashboard.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from mandate.core.dates import DateOutOfRangeError, check_day
from mandate.core.exceptions import NotFoundError
from mandate.core.templatetags.mandate_format import number as format_number
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.people import selectors as people_selectors
from mandate.people.actors import actor_of
from mandate.people.models import Person, User
from mandate.people.scopes import read_scope, today
from mandate.tasks import exports, selectors, states
from mandate.tasks.enums import TaskKind, TaskStatus
from mandate.tasks.models import Task

PAGE_SIZE = 50
ROWS_PER_GROUP = 20  # My work and the dashboard's lists: the first rows, and a link to all of them
UNIT_CHOICES_AT_MOST = 2000
DATE_HINT = gettext_lazy("dd/mm/yyyy")

# The states a list can be filtered by: the reporting states of ``tasks.states`` and two that the
# dashboard's numbers need (the tasks that exist on the date, and the due ones completed).
EXTRA_STATES = ("existing", "completed_of_due")
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


# --- reading the filters ----------------------------------------------------------------------


def parse_day(raw: str) -> dt.date:
    """A date as people write it (30/06/2024) or as links carry it (2024-06-30), within the
    product's range (``DateOutOfRangeError``, a ``ValueError``, says the range otherwise)."""
    raw = raw.strip()
    try:
        return check_day(dt.date.fromisoformat(raw))
    except DateOutOfRangeError:
        raise
    except ValueError:
        pass
    try:
        day = dt.datetime.strptime(raw, "%d/%m/%Y").date()  # noqa: DTZ007 - a date, no time
    except ValueError as err:
        raise ValueError(raw) from err
    return check_day(day)


def _positive(raw: str) -> int:
    value = int(raw)
    if not 1 <= value <= 2**62:
        raise ValueError(raw)
    return value


@dataclass
class ListQuery:
    """The task list's filters as read from the address, with what went wrong, field by field."""

    filters: selectors.TaskFilters
    on: dt.date
    extra_state: str | None = None
    # Reported done between these days: with state=completed, the tasks completed in a month.
    done_from: dt.date | None = None
    done_to: dt.date | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    person: Person | None = None

    @property
    def is_valid(self) -> bool:
        return not self.errors


def read_filters(request: HttpRequest) -> ListQuery:
    """The filters of the tasks API (``tasks.api.filters_from``), read for a page: every field
    that cannot be read is named with a message, instead of answering 400 at the first one."""
    get = request.GET
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    def day(name: str) -> dt.date | None:
        raw = get.get(name, "").strip()
        if not raw:
            return None
        try:
            return parse_day(raw)
        except ValueError as err:
            error(name, date_error(raw, err))
            return None

    def number(name: str) -> int | None:
        raw = get.get(name, "").strip()
        if not raw:
            return None
        try:
            return _positive(raw)
        except ValueError:
            error(name, _("Must be a positive whole number."))
            return None

    def choice(name: str, values: Any) -> str | None:
        value = get.get(name, "").strip() or None
        if value is not None and value not in values:
            error(name, _("Not a choice."))
            return None
        return value

    def unit(name: str) -> OrgUnit | None:
        unit_id = number(name)
        if unit_id is None:
            return None
        try:
            return org_selectors.unit_get(unit_id=unit_id)
        except NotFoundError:
            error(name, _("Not found."))
            return None

    within, lead_unit = unit("within"), unit("lead_unit")
    document: Document | None = None
    document_id = number("document")
    if document_id is not None:
        try:
            document = document_selectors.document_get_visible(
                actor=actor_of(request.user), document_id=document_id
            )
        except NotFoundError:
            error("document", _("Not found."))
    person: Person | None = None
    person_id = number("person")
    if person_id is not None:
        try:
            person = people_selectors.person_get_visible(actor=actor_of(request.user), person_id=person_id)
        except NotFoundError:
            error("person", _("Not found."))
    days = number("not_updated_days") or selectors.NOT_UPDATED_DAYS
    if days > 3650:
        error("not_updated_days", _("At most 3650 days."))
        days = selectors.NOT_UPDATED_DAYS
    state = choice("state", (*states.STATES, *EXTRA_STATES))
    on = day("on")
    deadline_from, deadline_to = day("deadline_from"), day("deadline_to")
    done_from, done_to = day("done_from"), day("done_to")
    for start, end, name in ((deadline_from, deadline_to, "deadline_to"), (done_from, done_to, "done_to")):
        if start and end and start > end:
            error(name, _("The end of the range is before its start."))
    flags = {name: get.get(name) in ("1", "true", "True", "on") for name in ("mine", "include_subtasks")}
    filters = selectors.TaskFilters(
        within=within,
        lead_unit=lead_unit,
        document=document,
        state=state if state not in EXTRA_STATES else None,
        on=on,
        person_id=person.pk if person else None,
        assigned_to_user=actor_of(request.user) if flags["mine"] else None,
        deadline_from=deadline_from,
        deadline_to=deadline_to,
        kind=choice("kind", TaskKind.values),
        status=choice("status", TaskStatus.values),
        search=get.get("q", "").strip()[:200] or None,
        include_subtasks=flags["include_subtasks"],
        not_updated_days=days,
    )
    return ListQuery(
        filters=filters,
        on=on or today(),
        extra_state=state if state in EXTRA_STATES else None,
        done_from=done_from,
        done_to=done_to,
        errors=errors,
        person=person,
    )


def filtered_tasks(request: HttpRequest, query: ListQuery) -> QuerySet[Task]:
    tasks = selectors.task_list_visible(actor=actor_of(request.user), filters=query.filters)
    if query.extra_state == "existing":
        tasks = tasks.filter(states.exists_on(query.on))
    elif query.extra_state == "completed_of_due":
        tasks = tasks.filter(states.exists_on(query.on) & states.due(query.on) & states.completed(query.on))
    if query.done_from:
        tasks = tasks.filter(done_reported_on__gte=query.done_from)
    if query.done_to:
        tasks = tasks.filter(done_reported_on__lte=query.done_to)
    return tasks


def list_url(**params: Any) -> str:
    """The task list filtered by ``params`` (dates as ISO dates, empty values left out)."""
    values = {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in params.items()
        if value not in (None, "", False)
    }
    return f"{reverse('tasks:list')}?{urlencode(values)}" if values else reverse("tasks:list")


def _unit_choices(actor: User, day: dt.date, selected: list[OrgUnit | None]) -> list[dict[str, Any]]:
    """The units of the reader's scope that exist on ``day``, in tree order, for the filters'
    selects (the units a list may already be filtered by are kept in, whatever their dates)."""
    units = list(
        org_selectors.unit_list(on=day)
        .filter(read_scope(actor).q("path"))
        .only("id", "name", "path", "depth")[:UNIT_CHOICES_AT_MOST]
    )
    known = {u.pk for u in units}
    units += [u for u in selected if u is not None and u.pk not in known]
    top = min((u.depth for u in units), default=1)
    return [
        {"id": u.pk, "label": f"{'· ' * (u.depth - top)}{u.name}"}
        for u in sorted(units, key=lambda u: str(u.path))
    ]


# --- the task list and its export -------------------------------------------------------------


FILTER_NAMES = (
    "q", "within", "lead_unit", "document", "person", "state", "on", "kind", "status", "deadline_from",
    "deadline_to", "done_from", "done_to", "not_updated_days",
)  # fmt: skip
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
}


def _form_values(request: HttpRequest, errors: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """What the filter form shows, field by field: the value as typed (dates as dd/mm/yyyy) and
    the messages about it."""
    values: dict[str, Any] = {name: request.GET.get(name, "").strip() for name in FILTER_NAMES}
    for name in DATE_NAMES:
        with contextlib.suppress(ValueError):  # kept as typed; the message under the field repeats it
            values[name] = parse_day(values[name]).strftime("%d/%m/%Y") if values[name] else ""
    for name in ("mine", "include_subtasks"):
        values[name] = request.GET.get(name) in ("1", "true", "True", "on")
    return {name: {"value": value, "errors": errors.get(name, [])} for name, value in values.items()}


def date_error(raw: str, err: ValueError | None = None) -> str:
    if isinstance(err, DateOutOfRangeError):
        return str(err)
    return _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 31/12/2023.") % {"value": raw[:40]}


@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    query = read_filters(request)
    filters = query.filters
    page = None
    if query.is_valid:
        page = Paginator(filtered_tasks(request, query), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "query": query,
        "form": _form_values(request, query.errors),
        "page": page,
        "tasks": list(page.object_list) if page is not None else [],
        "params": params.urlencode(),
        "unit_choices": _unit_choices(actor_of(request.user), query.on, [filters.within, filters.lead_unit]),
        "state_choices": list(STATE_LABELS.items()),
        "kind_choices": TaskKind.choices,
        "status_choices": TaskStatus.choices,
        "export_rows_at_most": exports.MAX_ROWS,
        "date_hint": DATE_HINT,
        "labels": FILTER_LABELS,
        "problems": [
            {"name": name, "label": FILTER_LABELS.get(name, name), "message": message}
            for name, messages_ in query.errors.items()
            for message in messages_
        ],
    }
    return render(request, "tasks/task_list.html", context, status=200 if query.is_valid else 400)


@require_GET
def task_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered list as an Excel workbook; an unreadable filter or too long a list goes
    back to the list with the reason."""
    query = read_filters(request)
    back = f"{reverse('tasks:list')}?{request.GET.urlencode()}"
    if not query.is_valid:
        return HttpResponseRedirect(back)
    tasks = filtered_tasks(request, query)
    count = tasks.count()
    if count > exports.MAX_ROWS:
        messages.error(
            request,
            _(
                "The list has %(count)s tasks; an export holds at most %(limit)s. Narrow the filter "
                "(a unit, a state, a deadline range) and export again."
            )
            % {"count": format_number(count), "limit": format_number(exports.MAX_ROWS)},
        )
        return HttpResponseRedirect(back)
    workbook = exports.tasks_workbook(
        rows=tasks.values(*exports.FIELDS).iterator(chunk_size=2000), on=query.on
    )
    return FileResponse(
        workbook,
        as_attachment=True,
        filename=f"nhiem-vu-{query.on.isoformat()}.xlsx",
        content_type=exports.CONTENT_TYPE,
    )
