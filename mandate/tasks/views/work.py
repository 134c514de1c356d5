"""The task list with its filters, its order and its Excel export, and what the other pages of a
day's work share with it (links to a filtered list). The filters and the order are read by
``tasks.filters``, as the API reads them. Every page reads through the task selectors, so nothing
outside the reader's scope ever shows; each runs a fixed number of queries, whatever the data
(tests/test_query_counts.py). My work and the dashboard: ``views/my_work.py``,
``views/dashboard.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from mandate.core import paging
from mandate.core.request_values import parse_day, parse_flag
from mandate.core.templatetags.mandate_format import number as format_number
from mandate.organisations.models import OrgUnit
from mandate.people import selectors as people_selectors
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.tasks import exports, filters, list_order, selectors
from mandate.tasks.enums import TaskKind, TaskStatus
from mandate.tasks.models import Task

PAGE_SIZE = 50
ROWS_PER_GROUP = 20  # My work and the dashboard's lists: the first rows, and a link to all of them
UNIT_CHOICES_AT_MOST = 2000
DATE_HINT = gettext_lazy("dd/mm/yyyy")
STATE_LABELS = filters.STATE_LABELS


# --- reading the filters (``tasks.filters``) ----------------------------------------------------


def filtered_tasks(request: HttpRequest, query: filters.TaskQuery) -> QuerySet[Task]:
    return selectors.task_list_visible(actor=actor_of(request.user), filters=query.filters)


def list_url(**params: Any) -> str:
    """The task list filtered by ``params`` (dates as ISO dates, empty values left out)."""
    values = {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in params.items()
        if value not in (None, "", False)
    }
    base = _list_path(get_script_prefix(), get_urlconf())
    return f"{base}?{urlencode(values)}" if values else base


@functools.lru_cache(maxsize=16)
def _list_path(script_prefix: str, urlconf: str | None) -> str:
    """The list's path, reversed once per prefix and URLconf: the dashboard of a province builds
    about a thousand links, and reversing each cost more than the rest of the link (performance.md,
    state G)."""
    return reverse("tasks:list", urlconf=urlconf)


def _unit_choices(actor: User, day: dt.date, selected: list[OrgUnit | None]) -> list[dict[str, Any]]:
    """The units of the reader's scope that exist on ``day``, in tree order, for the filters'
    selects (the units a list may already be filtered by are kept in, whatever their dates)."""
    units = list(
        people_selectors.unit_list_readable(actor=actor, on=day).only("id", "name", "path", "depth")[
            :UNIT_CHOICES_AT_MOST
        ]
    )
    known = {u.pk for u in units}
    units += [u for u in selected if u is not None and u.pk not in known]
    top = min((u.depth for u in units), default=1)
    return [
        {"id": u.pk, "label": f"{'· ' * (u.depth - top)}{u.name}"}
        for u in sorted(units, key=lambda u: str(u.path))
    ]


# --- the task list and its export -------------------------------------------------------------


def _form_values(request: HttpRequest, errors: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """What the filter form shows, field by field: the value as typed (dates as dd/mm/yyyy) and
    the messages about it."""
    values: dict[str, Any] = {name: request.GET.get(name, "").strip() for name in filters.FILTER_NAMES}
    for name in filters.DATE_NAMES:
        with contextlib.suppress(ValueError):  # kept as typed; the message under the field repeats it
            values[name] = parse_day(values[name]).strftime("%d/%m/%Y") if values[name] else ""
    for name in filters.FLAG_NAMES:
        with contextlib.suppress(ValueError):
            values[name] = parse_flag(request.GET.get(name))
    return {name: {"value": value, "errors": errors.get(name, [])} for name, value in values.items()}


@require_GET
def task_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    query = filters.read_task_query(request.GET, actor=actor)
    chosen = query.filters
    page = None
    if query.is_valid:
        page = Paginator(filtered_tasks(request, query), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    tasks = list(page.object_list) if page is not None else []
    context = {
        "query": query,
        "form": _form_values(request, query.errors),
        "page": page,
        # STT: the row's place in the whole list (across pages), not the task's id.
        "rows": paging.numbered(tasks, page),
        "tasks": tasks,
        "params": params.urlencode(),
        "page_links": paging.page_links(page, params) if page is not None else {},
        "sort": paging.sort_links(params, query.ordering, list_order.ORDERINGS),
        "ordering": query.ordering,
        "ordering_words": filters.ordering_in_words(query.ordering),
        "unit_choices": _unit_choices(actor, query.on, [chosen.within, chosen.lead_unit]),
        "state_choices": list(STATE_LABELS.items()),
        "kind_choices": TaskKind.choices,
        "status_choices": TaskStatus.choices,
        "export_rows_at_most": exports.MAX_ROWS,
        "date_hint": DATE_HINT,
        "labels": filters.FILTER_LABELS,
        "problems": [
            {"name": name, "label": filters.FILTER_LABELS.get(name, name), "message": message}
            for name, messages_ in query.errors.items()
            for message in messages_
        ],
    }
    return render(request, "tasks/task_list.html", context, status=200 if query.is_valid else 400)


@require_GET
def task_export(request: HttpRequest) -> HttpResponseBase:
    """The filtered list as an Excel workbook, in the list's order, its rows numbered as on the
    page and its title row saying the filters applied; an unreadable filter or too long a list
    goes back to the list with the reason."""
    query = filters.read_task_query(request.GET, actor=actor_of(request.user))
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
        rows=tasks.values(*exports.FIELDS).iterator(chunk_size=2000),
        on=query.on,
        filters_in_words=filters.in_words(query),
        count=count,
    )
    return FileResponse(
        workbook,
        as_attachment=True,
        filename=f"nhiem-vu-{query.on.isoformat()}.xlsx",
        content_type=exports.CONTENT_TYPE,
    )
