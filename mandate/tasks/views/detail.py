"""The task page: the "6 clear", the timeline, the reports and extensions, and the forms of the
actions — each shown only to whoever ``tasks.policy`` allows, each posting to its own route
(``views.actions``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.db.models import Q, prefetch_related_objects
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from mandate.core.downloads import file_download
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.people import selectors as people_selectors
from mandate.people.actors import actor_of
from mandate.people.models import Person, User
from mandate.people.scopes import today, write_scope
from mandate.tasks import policy, selectors
from mandate.tasks.enums import EventKind, TaskStatus
from mandate.tasks.forms import ACTION_FORMS, Choices
from mandate.tasks.models import ExtensionRequest, Task

# The actions of the page, in the order their forms appear (``tasks.policy.ACTIONS``). Every one
# has its own POST route (``tasks:act_<action>``); the extension decision's also names the request.
ACTIONS = policy.ACTIONS

# Each action's heading, its button, and the button's look.
PANELS: dict[str, tuple[Any, Any, str]] = {
    "progress": (gettext_lazy("Report progress"), gettext_lazy("Send the report"), "btn-primary"),
    "report_done": (gettext_lazy("Report the task done"), gettext_lazy("Report done"), "btn-success"),
    "start": (gettext_lazy("Start work"), gettext_lazy("Start work"), "btn-primary"),
    "accept": (gettext_lazy("Accept the result"), gettext_lazy("Accept"), "btn-success"),
    "rework": (gettext_lazy("Return for rework"), gettext_lazy("Return for rework"), "btn-outline-danger"),
    "extension_request": (
        gettext_lazy("Ask for an extension"),
        gettext_lazy("Ask for the extension"),
        "btn-primary",
    ),
    "extension_decide": (gettext_lazy("Decide on the extension"), gettext_lazy("Approve"), "btn-success"),
    "lead_person": (
        gettext_lazy("Name the lead person"),
        gettext_lazy("Name the lead person"),
        "btn-primary",
    ),
    "edit": (gettext_lazy("Correct the task"), gettext_lazy("Save the corrections"), "btn-outline-primary"),
    "instruct": (gettext_lazy("Give an instruction"), gettext_lazy("Record the instruction"), "btn-primary"),
    "chase_up": (gettext_lazy("Chase up the lead unit"), gettext_lazy("Chase up"), "btn-secondary"),
    "return": (gettext_lazy("Return to the assigner"), gettext_lazy("Return the task"), "btn-outline-danger"),
    "reassign": (gettext_lazy("Reassign to another unit"), gettext_lazy("Reassign"), "btn-primary"),
    "cancel": (gettext_lazy("Cancel the task"), gettext_lazy("Cancel the task"), "btn-outline-danger"),
    "reopen": (gettext_lazy("Reopen the task"), gettext_lazy("Reopen the task"), "btn-primary"),
    "correct": (
        gettext_lazy("Correct a recorded date"),
        gettext_lazy("Record the correction"),
        "btn-outline-warning",
    ),
}
# Opened without a click: the decision a leader is waited for.
OPEN_BY_DEFAULT = frozenset({"extension_decide"})

# Form fields named differently by a service (its ``fields``) and by the page's form.
FIELD_ALIASES = {
    "lead_person": {"lead_person": "person"},
    "progress": {"file": "evidence", "files": "evidence"},
}
SYSTEM_LABEL = "system"
# The recorded dates a correction may change (``correction.CORRECTABLE``), as the page names them.
CORRECTED_FIELDS = {
    "deadline_on": gettext_lazy("Deadline"),
    "done_reported_on": gettext_lazy("Day reported done"),
}


def _pending(task: Task) -> ExtensionRequest | None:
    return policy.pending_request(task)


def _offered(actor: User, task: Task) -> list[str]:
    """The forms the page shows this actor now: exactly ``tasks.policy``'s allowed actions, the
    same list the API gives as ``allowed_actions``."""
    return policy.allowed_names(actor, task)


def _url_or_none(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def action_url(task: Task, action: str, request: ExtensionRequest | None = None) -> str:
    if action == "extension_decide":
        assert request is not None
        return reverse("tasks:act_extension_decide", kwargs={"task_id": task.pk, "request_id": request.pk})
    return reverse(f"tasks:act_{action}", kwargs={"task_id": task.pk})


# --- choices of the forms ------------------------------------------------------------------


def unit_choices(units: Sequence[OrgUnit]) -> Choices:
    """Units as options, indented by their depth in the tree (a select cannot nest)."""
    if not units:
        return []
    top = min(unit.depth for unit in units)
    return [(unit.pk, "\u00a0\u00a0\u00a0" * (unit.depth - top) + unit.name) for unit in units]


def units_in_write_scope(actor: User, *, on: dt.date) -> list[OrgUnit]:
    """The units that exist on ``on`` in the actor's write scope, in tree order."""
    return list(org_selectors.unit_list(on=on).filter(write_scope(actor, on=on).q("path")))


def people_choices(actor: User, units: Sequence[OrgUnit], *, on: dt.date) -> Choices:
    """The people who hold a position on ``on`` in these units or below them, grouped by the
    unit they work in (one query). A person with several positions there is listed once, under
    the highest of his units, his other positions named beside the first."""
    if not units:
        return []
    within = Q()
    for prefix in org_selectors.minimal_prefixes(unit.path for unit in units):
        within |= Q(unit__path__startswith=prefix)
    groups: dict[int, tuple[str, dict[int, str]]] = {}
    placed: dict[int, int] = {}  # person -> the unit whose group lists him
    positions = people_selectors.position_list_visible(actor=actor, on=on).filter(within)
    for position in positions.order_by("unit__depth", "unit__path", "-is_head", "id"):
        if position.person_id in placed:
            people = groups[placed[position.person_id]][1]
            other = (
                position.title
                if position.unit_id == placed[position.person_id]
                else (f"{position.title}, {position.unit.name}")
            )
            if other not in people[position.person_id]:
                people[position.person_id] += f"; {other}"
            continue
        _name, people = groups.setdefault(position.unit_id, (position.unit.name, {}))
        people[position.person_id] = f"{position.person.full_name} — {position.title}"
        placed[position.person_id] = position.unit_id
    return [(name, list(people.items())) for name, people in groups.values()]


def form_kwargs(actor: User, task: Task, action: str) -> dict[str, Any]:
    day = today()
    if action == "lead_person":
        return {"people": people_choices(actor, [task.lead_unit], on=day)}
    if action == "reassign":
        units = units_in_write_scope(actor, on=day)
        return {"units": unit_choices(units), "people": people_choices(actor, units, on=day)}
    return {}


def version_of(task: Task, action: str) -> int:
    if action == "extension_decide":
        pending = _pending(task)
        return pending.version if pending is not None else 0
    return task.version


def _initial(task: Task, action: str) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": version_of(task, action)}
    if action == "correct":
        initial["effective_on"] = task.assigned_on
    if action == "edit":
        initial.update(
            {name: getattr(task, name) for name in ("content", "expected_product", "weight", "urgency")}
        )
    return initial


# --- the page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why the posted form was refused as a whole (not one field): a stale version, or a move
    the task's state does not allow."""

    action: str
    message: str
    reload: bool = False


def _day(value: str) -> str:
    """A date a correction recorded (ISO), as the page writes dates; '—' for none."""
    if not value:
        return "—"
    try:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def _display_name(user: User | None, label: str = "") -> str:
    """A person's full name for an account; the system for no account."""
    if user is None:
        return label if label and label != SYSTEM_LABEL else _("the system")
    try:
        return str(user.person.full_name)
    except Person.DoesNotExist:
        return str(user.get_username())


def _context(
    request: HttpRequest,
    task: Task,
    *,
    bound: dict[str, django_forms.Form] | None = None,
    problem: Problem | None = None,
) -> dict[str, Any]:
    actor = actor_of(request.user)
    bound = bound or {}
    offered = _offered(actor, task)
    shown_forms: dict[str, django_forms.Form] = {}
    for action in offered:
        if action in bound:
            shown_forms[action] = bound[action]
        else:
            form_class = ACTION_FORMS[action]
            shown_forms[action] = form_class(
                prefix=action,
                initial=_initial(task, action),
                **form_kwargs(actor, task, action),
            )
    # A refused form whose action is no longer offered (the task moved meanwhile) is not shown;
    # its problem is, at the top of the page.
    pending = _pending(task)
    panels = []
    for action in offered:
        form = shown_forms[action]
        title, button, style = PANELS[action]
        panels.append(
            {
                "action": action,
                "title": title,
                "button": button,
                "style": style,
                "form": form,
                "url": action_url(task, action, pending),
                "fields": [field for field in form if not field.is_hidden and field.name != "decision"],
                "hidden_errors": [error for field in form.hidden_fields() for error in field.errors],
                "open": action in bound or action in OPEN_BY_DEFAULT,
            }
        )

    events = list(selectors.events_visible(actor=actor, task=task).select_related("actor__person"))
    reports = list(selectors.reports_of(task=task).select_related("reporter__person"))
    corrections = [
        {
            "correction": c,
            "who": _display_name(c.made_by),
            "label": CORRECTED_FIELDS.get(c.field, c.field),
            "old": _day(c.old_value),
            "new": _day(c.new_value),
        }
        for c in selectors.corrections_of(task=task)
    ]
    extensions = list(task.extension_requests.all())
    prefetch_related_objects(extensions, "requested_by__person", "decided_by__person")
    timeline: list[dict[str, Any]] = [
        {
            "event": event,
            "label": EventKind(event.kind).label if event.kind in EventKind.values else event.kind,
            "who": _display_name(event.actor, event.actor_label),
            "from_status": TaskStatus(event.from_status).label if event.from_status else "",
            "to_status": TaskStatus(event.to_status).label if event.to_status else "",
        }
        for event in events
    ]
    # The reporting state, where the status does not already say it.
    state_labels = {
        "completed": _("Completed"),
        "overdue": _("Overdue"),
        "due_today": _("Due today"),
        "regular": _("Regular task"),
    }
    return {
        "task": task,
        "document": task.document,
        "document_url": _url_or_none("tasks:document_detail", document_id=task.document_id),
        "state_label": state_labels.get(getattr(task, "state", ""), ""),
        "coordinators": [c.unit for c in task.coordinators.all()],
        "assigned_by_name": _display_name(task.assigned_by) if task.assigned_by_id else "",
        "rollup": selectors.rollup(task=task),
        "timeline": timeline,
        "instructions": [row for row in timeline if row["event"].kind == EventKind.INSTRUCTION],
        "reports": [{"report": r, "who": _display_name(r.reporter)} for r in reports],
        "extensions": [
            {
                "request": r,
                "requested_by": _display_name(r.requested_by),
                "decided_by": _display_name(r.decided_by) if r.decided_by_id else "",
            }
            for r in extensions
        ],
        "corrections": corrections,
        "pending": pending,
        "panels": panels,
        "refused": next((p for p in panels if p["action"] in bound), None),
        "problem": problem,
        "deadline_changed": task.deadline_on != task.original_deadline_on,
    }


def render_page(
    request: HttpRequest,
    task: Task,
    *,
    bound: dict[str, django_forms.Form] | None = None,
    problem: Problem | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "tasks/task_detail.html",
        _context(request, task, bound=bound, problem=problem),
        status=status,
    )


@require_GET
def task_detail(request: HttpRequest, task_id: int) -> HttpResponse:
    task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
    return render_page(request, task)


@require_GET
def evidence_download(request: HttpRequest, task_id: int, evidence_id: int) -> FileResponse:
    """An evidence file, for whoever sees the task (scope checked again on every download)."""
    evidence = selectors.evidence_get_visible(
        actor=actor_of(request.user), task_id=task_id, evidence_id=evidence_id
    )
    return file_download(
        file=evidence.file, display_name=evidence.display_name, content_type=evidence.content_type
    )


# The forms post to ``views.actions`` (each action its own route).
