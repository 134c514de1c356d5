"""My work, the home page, an inbox: the tasks that ask something of the reader today, in groups
(``tasks.my_work``), each with its count, its first rows and a link to all of them; for a leader,
his unit's work per person (``tasks.team``)."""

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
from mandate.tasks import team
from mandate.tasks.enums import TaskKind
from mandate.tasks.my_work import DUE_SOON_DAYS
from mandate.tasks.views.work import ROWS_PER_GROUP, list_url

GROUPS: tuple[tuple[str, str | Promise, str | Promise], ...] = (
    (
        "new",
        gettext_lazy("New to me or my unit"),
        gettext_lazy("Nothing new: every task assigned to you or your unit has been opened."),
    ),
    ("awaiting", gettext_lazy("Awaiting my decision"), gettext_lazy("Nothing awaits your decision.")),
    ("rework", gettext_lazy("Returned for rework"), gettext_lazy("No task was returned to you for rework.")),
    ("overdue", gettext_lazy("Overdue"), gettext_lazy("No overdue task.")),
    ("due_soon", gettext_lazy("Due within %(n)s days"), gettext_lazy("No task is due in the coming days.")),
    ("not_updated", gettext_lazy("Not updated"), gettext_lazy("Every task has a recent report.")),
    (
        "regular_due",
        gettext_lazy("Regular tasks due for this month's report"),
        gettext_lazy("Every regular task has this month's report."),
    ),
    ("led", gettext_lazy("Tasks I lead"), gettext_lazy("You lead no open task.")),
    ("coordinated", gettext_lazy("Tasks I coordinate"), gettext_lazy("You coordinate no open task.")),
    (
        "following",
        gettext_lazy("Assigned by my side, waiting for the other side"),
        gettext_lazy("Nothing your side assigned is waiting."),
    ),
)
# What each group says about its rows, under its title.
HINTS: dict[str, str | Promise] = {
    "new": gettext_lazy("Assigned to you, or to your unit with nobody named yet, and not opened by you."),
    "awaiting": gettext_lazy(
        "Only what you may decide: a completion you may accept, a returned task you may reassign, "
        "an extension you may grant."
    ),
    "rework": gettext_lazy("The assigning side returned the result: report it done again."),
    "following": gettext_lazy("The lead unit is working on them, or a completion waits for your leader."),
}

# The per-person table's columns: the count's name and its heading, in ``team.COUNT_NAMES``'s order.
TEAM_COLUMNS: tuple[tuple[str, str | Promise], ...] = (
    ("held", gettext_lazy("Open")),
    ("new", gettext_lazy("Not started")),
    ("overdue", gettext_lazy("Overdue")),
    ("due_soon", gettext_lazy("Due soon")),
    ("not_updated", gettext_lazy("Not updated")),
    ("reported", gettext_lazy("Reported done")),
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
            "hint": HINTS.get(name, ""),
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
        "teams": team.teams_of(actor=actor, day=day, due_soon_days=DUE_SOON_DAYS),
        "team_columns": TEAM_COLUMNS,
        "scope_everything": read_scope(actor).everything,
    }
    return render(request, "tasks/my_work.html", context)


def _single_unit(actor: User) -> int | None:
    """The unit the actor works in, when there is exactly one: My work links to its list."""
    scope = membership(actor)
    if scope.everything or len(scope.prefixes) != 1:
        return None
    return org_selectors.unit_ids_by_path(paths=scope.prefixes).get(scope.prefixes[0])
