"""My work, the home page: the tasks that ask something of the reader today, in groups
(``tasks.my_work``), each with its first rows and a link to all of them."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from mandate.organisations import selectors as org_selectors
from mandate.people import selectors as people_selectors
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.people.scopes import membership, read_scope, today
from mandate.tasks import my_work as work_selectors
from mandate.tasks.enums import TaskKind
from mandate.tasks.my_work import DUE_SOON_DAYS
from mandate.tasks.views.work import ROWS_PER_GROUP, list_url

GROUPS: tuple[tuple[str, str | Promise, str | Promise], ...] = (
    ("awaiting", gettext_lazy("Awaiting my decision"), gettext_lazy("Nothing awaits your decision.")),
    ("overdue", gettext_lazy("Overdue"), gettext_lazy("No overdue task.")),
    ("due_soon", gettext_lazy("Due within %(n)s days"), gettext_lazy("No task is due in the coming days.")),
    ("not_updated", gettext_lazy("Not updated"), gettext_lazy("Every task has a recent report.")),
    (
        "regular_due",
        gettext_lazy("Regular tasks due for this month's report"),
        gettext_lazy("Every regular task has this month's report."),
    ),
)


@require_GET
def my_work(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    day = today()
    person = people_selectors.person_of(user=actor)
    found = work_selectors.my_work_groups(actor=actor, person=person, day=day, rows=ROWS_PER_GROUP)
    within = _single_unit(actor)
    links = {
        "overdue": list_url(within=within, state="overdue", include_subtasks=1),
        "due_soon": list_url(
            within=within,
            state="in_progress",
            deadline_to=day + dt.timedelta(days=DUE_SOON_DAYS),
            include_subtasks=1,
        ),
        "not_updated": list_url(
            within=within, state="not_updated", kind=TaskKind.DEADLINE, include_subtasks=1
        ),
        "regular_due": list_url(within=within, kind=TaskKind.REGULAR, include_subtasks=1),
    }
    groups = [
        {
            "name": name,
            "awaiting": name == "awaiting",
            "title": str(title) % {"n": DUE_SOON_DAYS} if name == "due_soon" else title,
            "empty": empty,
            "count": found[name].count,
            "tasks": found[name].tasks,
            "link": links.get(name) if within else None,
        }
        for name, title, empty in GROUPS
    ]
    positions = (
        list(people_selectors.position_list_visible(actor=actor, person=person, on=day)) if person else []
    )
    context = {
        "groups": groups,
        "person": person,
        "positions": positions,
        "today": day,
        "rows_per_group": ROWS_PER_GROUP,
        "scope_everything": read_scope(actor).everything,
    }
    return render(request, "tasks/my_work.html", context)


def _single_unit(actor: User) -> int | None:
    """The unit the actor works in, when there is exactly one: My work links to its list."""
    scope = membership(actor)
    if scope.everything or len(scope.prefixes) != 1:
        return None
    return org_selectors.unit_ids_by_path(paths=scope.prefixes).get(scope.prefixes[0])
