"""The unit dashboard: status counts of a unit's subtree on any date, by child unit and by
month, with the lists of overdue and not-updated tasks; every number links to its list."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mandate.core.exceptions import NotFoundError
from mandate.core.request_values import RequestValues
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of
from mandate.people.scopes import read_scope, today
from mandate.tasks import dashboard as numbers
from mandate.tasks import history, rollups, selectors
from mandate.tasks.enums import TaskKind
from mandate.tasks.models import Task
from mandate.tasks.views.work import DATE_HINT, ROWS_PER_GROUP, list_url


def _per_child(
    tasks: QuerySet[Task], unit: OrgUnit, children: list[OrgUnit], on: dt.date
) -> list[dict[str, Any]]:
    """The counts of each child unit's subtree in ONE grouped query (by the lead path cut to the
    child's length); the unit's own tasks and those of units gone by then come apart."""
    by_branch = numbers.counts_by_branch(tasks, unit, on)
    rows: list[dict[str, Any]] = []

    def row(
        label: str, counts: dict[str, Any] | None, link: dict[str, Any] | None, unit_id: int | None
    ) -> None:
        values = {
            name: int((counts or {}).get(name) or 0) for name in ("completed", "in_progress", "overdue")
        }
        values["total"] = sum(values.values())
        links = {
            state: list_url(state=state, on=on, **link) if link else None
            for state in ("completed", "in_progress", "overdue")
        }
        links["total"] = list_url(state="existing", kind=TaskKind.DEADLINE, on=on, **link) if link else None
        rows.append({"label": label, "unit_id": unit_id, "links": links, **values})

    if unit.path in by_branch:
        row(
            _("%(unit)s (its own tasks)") % {"unit": unit.name},
            by_branch.pop(unit.path),
            {"lead_unit": unit.pk},
            None,
        )
    for child in children:
        row(child.name, by_branch.pop(child.path, None), {"within": child.pk}, child.pk)
    if by_branch:
        others: dict[str, int] = {}
        for counts in by_branch.values():
            for name in ("completed", "in_progress", "overdue"):
                others[name] = others.get(name, 0) + int(counts[name] or 0)
        row(_("Units no longer in the tree on that date"), others, None, None)
    return rows


@require_GET
def dashboard(request: HttpRequest, unit_id: int | None = None) -> HttpResponse:
    actor = actor_of(request.user)
    scope = read_scope(actor)
    errors: dict[str, list[str]] = {}
    values = RequestValues(request.GET)
    raw_on = values.raw("on")
    on = values.day("on") or today()
    errors.update(values.errors)
    if unit_id is not None:
        unit: OrgUnit | None = org_selectors.unit_get(unit_id=unit_id)
        assert unit is not None
        if not scope.covers(unit.path):
            raise NotFoundError()
        tops: list[OrgUnit] = []
    else:
        unit, tops = numbers.top_of_scope(scope, on)
    context: dict[str, Any] = {
        "unit": unit, "on": on, "raw_on": raw_on, "errors": errors, "tops": tops, "date_hint": DATE_HINT,
    }  # fmt: skip
    if errors or unit is None:
        return render(request, "tasks/dashboard.html", context, status=400 if errors else 200)

    return _dashboard_of(request, unit, on, context)


def _dashboard_of(request: HttpRequest, unit: OrgUnit, on: dt.date, context: dict[str, Any]) -> HttpResponse:
    actor = actor_of(request.user)
    scope = read_scope(actor)
    # The unit is in the reader's scope, so every task led in its subtree is visible to him
    # (as in tasks.api_statistics): the counts read the subtree directly, or today's cache.
    tasks = numbers.tasks_of(unit)
    days = selectors.NOT_UPDATED_DAYS
    counts = rollups.subtree_counts(unit=unit, on=on, not_updated_days=days, include_subtasks=False)
    if counts is None:
        spans = history.spans_led_within(unit=unit, include_subtasks=False)
        counts = selectors.statistics(tasks=tasks, on=on, not_updated_days=days, spans=spans)
    children = list(org_selectors.children_on(unit=unit, day=on))
    per_child = _per_child(tasks, unit, children, on)
    per_month = numbers.counts_by_month(unit, on)
    listed = selectors.TaskFilters(within=unit, on=on, kind=TaskKind.DEADLINE)
    overdue = selectors.task_list_visible(actor=actor, filters=dataclasses.replace(listed, state="overdue"))
    not_updated = selectors.task_list_visible(
        actor=actor, filters=dataclasses.replace(listed, state="not_updated")
    )

    def link(state: str, kind: str | None = TaskKind.DEADLINE) -> str:
        return list_url(within=unit.pk, state=state, kind=kind, on=on)

    links = {
        "total": link("existing"),
        "completed": link("completed"),
        "completed_on_time": link("completed_on_time"),
        "completed_late": link("completed_late"),
        "in_progress": link("in_progress"),
        "overdue": link("overdue"),
        "due_today": link("due_today"),
        "due": link("due"),
        "completed_of_due": link("completed_of_due"),
        "not_updated": link("not_updated"),
        "regular_total": link("existing", TaskKind.REGULAR),
        "regular_not_updated": link("not_updated", TaskKind.REGULAR),
    }
    series = {
        "completed": _("Completed"),
        "in_progress": _("In progress"),
        "overdue": _("Overdue"),
    }
    context.update(
        {
            "counts": counts,
            "links": links,
            "ancestors": numbers.ancestors_in_scope(unit, scope),
            "per_child": per_child,
            "per_month": per_month,
            "overdue_tasks": list(overdue[:ROWS_PER_GROUP]),
            "not_updated_tasks": list(not_updated[:ROWS_PER_GROUP]),
            "rows_per_group": ROWS_PER_GROUP,
            "child_chart": {
                "labels": [r["label"] for r in per_child],
                "series": [
                    {"key": key, "label": label, "data": [r[key] for r in per_child]}
                    for key, label in series.items()
                ],
                "axis": _("Tasks"),
            },
            "month_chart": {
                "labels": [m["label"] for m in per_month],
                "series": [
                    {
                        "key": "completed",
                        "label": _("Completed in the month"),
                        "data": [m["completed"] for m in per_month],
                    },
                    {
                        "key": "overdue",
                        "label": _("Overdue at the month's end"),
                        "data": [m["overdue"] for m in per_month],
                    },
                ],
                "axis": _("Tasks"),
            },
            "month_links": [
                {
                    "completed": list_url(
                        within=unit.pk,
                        state="completed",
                        kind=TaskKind.DEADLINE,
                        on=m["end"],
                        done_from=m["first"],
                    ),
                    "overdue": list_url(within=unit.pk, state="overdue", kind=TaskKind.DEADLINE, on=m["end"]),
                }
                for m in per_month
            ],
        }
    )
    context["month_rows"] = [
        {**m, "links": links_} for m, links_ in zip(per_month, context["month_links"], strict=True)
    ]
    return render(request, "tasks/dashboard.html", context)
