"""The task page: the "6 clear", the timeline, the reports and extensions, and the forms of the
actions — each shown only to whoever may use it, each posting to its own route.

A refused action re-shows the page with what was typed: the form's own errors and the fields a
service named (400), a stale version (409, naming who changed the task and when), or a move the
task's state does not allow (409). Success redirects to the page with a message (Post/Redirect/
Get). Forbidden (403) and not found (404) are left to ``core.middleware.ApplicationErrorMiddleware``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.db.models import Q, prefetch_related_objects
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from mandate.core.downloads import file_download
from mandate.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidStateError,
    NotFoundError,
    PermissionDeniedError,
)
from mandate.core.uploads import refuse_oversized_body
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.people import selectors as people_selectors
from mandate.people.models import Person
from mandate.people.scopes import today, write_scope
from mandate.tasks import permissions, selectors
from mandate.tasks.enums import MOVES, EventKind, ExtensionStatus, Side, TaskKind, TaskStatus
from mandate.tasks.forms import ACTION_FORMS, Choices, VersionedForm
from mandate.tasks.models import ExtensionRequest, Task
from mandate.tasks.services import assignment, lifecycle, progress

# The actions of the page, in the order their forms appear. Every one has its own POST route
# (``tasks:act_<action>``); the extension decision's also names the request.
ACTIONS = (
    "progress", "report_done", "start", "accept", "rework", "extension_request", "extension_decide",
    "lead_person", "instruct", "chase_up", "return", "reassign", "cancel", "reopen",
)  # fmt: skip

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
    "instruct": (gettext_lazy("Give an instruction"), gettext_lazy("Record the instruction"), "btn-primary"),
    "chase_up": (gettext_lazy("Chase up the lead unit"), gettext_lazy("Chase up"), "btn-secondary"),
    "return": (gettext_lazy("Return to the assigner"), gettext_lazy("Return the task"), "btn-outline-danger"),
    "reassign": (gettext_lazy("Reassign to another unit"), gettext_lazy("Reassign"), "btn-primary"),
    "cancel": (gettext_lazy("Cancel the task"), gettext_lazy("Cancel the task"), "btn-outline-danger"),
    "reopen": (gettext_lazy("Reopen the task"), gettext_lazy("Reopen the task"), "btn-primary"),
}
# Opened without a click: the decision a leader is waited for.
OPEN_BY_DEFAULT = frozenset({"extension_decide"})

# Form fields named differently by a service (its ``fields``) and by the page's form.
FIELD_ALIASES = {
    "lead_person": {"lead_person": "person"},
    "progress": {"file": "evidence", "files": "evidence"},
}
SYSTEM_LABEL = "system"


def _side_allows(actor: Any, task: Task, action: str) -> bool:
    """Whether the actor is on the side that may take this action (his roles in the units),
    whatever the task's state. The services check it again; the page uses it to show a form
    only to whoever may use it, and to refuse a post from anyone else with 403."""
    if action in MOVES:
        move = MOVES[action]
        return permissions.can_act(actor=actor, task=task, side=move.side, leader=move.needs_leader)
    checks: dict[str, Callable[[], bool]] = {
        "progress": lambda: permissions.can_act(actor=actor, task=task, side=Side.LEAD),
        "extension_request": lambda: permissions.can_act(actor=actor, task=task, side=Side.LEAD, leader=True),
        "extension_decide": lambda: permissions.can_act(
            actor=actor, task=task, side=Side.ASSIGNER, leader=True
        ),
        "lead_person": lambda: (
            permissions.can_act(actor=actor, task=task, side=Side.LEAD, leader=True)
            or permissions.can_act(actor=actor, task=task, side=Side.ASSIGNER)
        ),
        "instruct": lambda: permissions.can_instruct(actor=actor, task=task),
        "chase_up": lambda: permissions.can_act(actor=actor, task=task, side=Side.ASSIGNER),
    }
    return checks[action]()


def _refusal(action: str) -> str:
    """The services' own words for someone on the wrong side."""
    if action in MOVES:
        move = MOVES[action]
        side = Side(move.side).label
        if move.needs_leader:
            return _("Only a leader of %(side)s may do this.") % {"side": side}
        return _("Only %(side)s may do this.") % {"side": side}
    return {
        "progress": _("Only the lead unit's side reports progress."),
        "extension_request": _("Only a leader of the lead unit asks for an extension."),
        "extension_decide": _("Only a leader of the assigning unit decides on an extension."),
        "lead_person": _("The lead unit's leader names the lead person."),
        "instruct": _("Only leaders give instructions."),
        "chase_up": _("Only the assigner's side chases up."),
    }[action]


def _pending(task: Task) -> ExtensionRequest | None:
    return next((r for r in task.extension_requests.all() if r.status == ExtensionStatus.PENDING), None)


def _offered(actor: Any, task: Task) -> list[str]:
    """The forms the page shows this actor now: his side, and the task's state."""
    moves = set(lifecycle.allowed_actions(actor=actor, task=task))
    reportable = task.status in progress.REPORTABLE
    now_open = {
        "progress": reportable,
        "extension_request": reportable and task.kind == TaskKind.DEADLINE and _pending(task) is None,
        "extension_decide": _pending(task) is not None,
        "lead_person": task.status not in (TaskStatus.ACCEPTED, TaskStatus.CANCELLED),
        "instruct": True,
        "chase_up": task.status not in (TaskStatus.ACCEPTED, TaskStatus.CANCELLED),
    }
    offered = []
    for action in ACTIONS:
        if action in MOVES:
            if action in moves:
                offered.append(action)
        elif now_open[action] and _side_allows(actor, task, action):
            offered.append(action)
    return offered


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


def units_in_write_scope(actor: Any, *, on: dt.date) -> list[OrgUnit]:
    """The units that exist on ``on`` in the actor's write scope, in tree order."""
    return list(org_selectors.unit_list(on=on).filter(write_scope(actor, on=on).q("path")))


def people_choices(actor: Any, units: Sequence[OrgUnit], *, on: dt.date) -> Choices:
    """The people who hold a position on ``on`` in these units or below them, grouped by the
    unit they work in (one query)."""
    if not units:
        return []
    within = Q()
    for prefix in org_selectors.minimal_prefixes(unit.path for unit in units):
        within |= Q(unit__path__startswith=prefix)
    groups: dict[int, tuple[str, dict[int, str]]] = {}
    for position in people_selectors.position_list_visible(actor=actor, on=on).filter(within):
        _name, people = groups.setdefault(position.unit_id, (position.unit.name, {}))
        people.setdefault(position.person_id, f"{position.person.full_name} — {position.title}")
    return [(name, list(people.items())) for name, people in groups.values()]


def _form_kwargs(actor: Any, task: Task, action: str) -> dict[str, Any]:
    day = today()
    if action == "lead_person":
        return {"people": people_choices(actor, [task.lead_unit], on=day)}
    if action == "reassign":
        units = units_in_write_scope(actor, on=day)
        return {"units": unit_choices(units), "people": people_choices(actor, units, on=day)}
    return {}


def _version_of(task: Task, action: str) -> int:
    if action == "extension_decide":
        pending = _pending(task)
        return pending.version if pending is not None else 0
    return task.version


# --- the page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """Why the posted form was refused as a whole (not one field): a stale version, or a move
    the task's state does not allow."""

    action: str
    message: str
    reload: bool = False


def _display_name(user: Any, label: str = "") -> str:
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
    actor = request.user
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
                initial={"version": _version_of(task, action)},
                **_form_kwargs(actor, task, action),
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
        "pending": pending,
        "panels": panels,
        "refused": next((p for p in panels if p["action"] in bound), None),
        "problem": problem,
        "deadline_changed": task.deadline_on != task.original_deadline_on,
    }


def _render(
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
    task = selectors.task_get_visible(actor=request.user, task_id=task_id)
    return _render(request, task)


@require_GET
def evidence_download(request: HttpRequest, task_id: int, evidence_id: int) -> FileResponse:
    """An evidence file, for whoever sees the task (scope checked again on every download)."""
    evidence = selectors.evidence_get_visible(actor=request.user, task_id=task_id, evidence_id=evidence_id)
    return file_download(
        file=evidence.file, display_name=evidence.display_name, content_type=evidence.content_type
    )


# --- the actions ---------------------------------------------------------------------------


def conflict_message(err: ConflictError) -> str:
    if err.changed_by and err.changed_at:
        when = timezone.localtime(err.changed_at).strftime("%d/%m/%Y %H:%M")
        return _(
            "%(who)s changed this task at %(when)s, after you opened the page. The page now shows "
            "the task as it is; check it and send your change again, or reload the page."
        ) % {"who": err.changed_by, "when": when}
    return _(
        "Someone changed this task after you opened the page. The page now shows the task as it "
        "is; check it and send your change again, or reload the page."
    )


def add_service_errors(form: django_forms.Form, err: ApplicationError, aliases: dict[str, str]) -> None:
    """Put a service's refusal next to the fields it names, or above the form."""
    placed = False
    for name, errors in err.fields.items():
        field = aliases.get(name, name)
        if field in form.fields and field not in (form.errors or {}):
            for message in errors:
                form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(err.message))


def _resolve_person(actor: Any, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    return people_selectors.person_get_visible(actor=actor, person_id=person_id)


def _perform(request: HttpRequest, task: Task, action: str, data: dict[str, Any], pending: Any) -> str:
    """Call the service of the action; returns the message that says it was done."""
    actor = request.user
    version = data.get("version")
    if action == "progress":
        progress.task_report_progress(actor=actor, task=task, percent=data["percent"], text=data["text"],
                                      files=data["evidence"])  # fmt: skip
        return _("Progress is reported.")
    if action == "extension_request":
        progress.extension_request(
            actor=actor, task=task, proposed_deadline_on=data["proposed_deadline_on"], reason=data["reason"]
        )
        return _("The extension is requested.")
    if action == "extension_decide":
        approve = data["decision"] == "approve"
        progress.extension_decide(
            actor=actor, request=pending, approve=approve, note=data["note"], expected_version=version
        )
        return _("The extension is approved.") if approve else _("The extension is refused.")
    if action == "lead_person":
        try:
            person = _resolve_person(actor, data["person"])
        except NotFoundError as err:
            raise ApplicationError(fields={"person": [_("Not found.")]}) from err
        assert person is not None
        assignment.task_name_lead_person(actor=actor, task=task, person=person, expected_version=version)
        return _("The lead person is named.")
    if action == "instruct":
        lifecycle.task_instruct(actor=actor, task=task, text=data["text"])
        return _("The instruction is recorded.")
    if action == "chase_up":
        lifecycle.task_chase_up(actor=actor, task=task, text=data["text"])
        return _("The lead unit is chased up.")
    lead_unit = lead_person = None
    if action == "reassign":
        lead_unit = org_selectors.units_get(ids=[data["lead_unit"]], field="lead_unit")[0]
        try:
            lead_person = _resolve_person(actor, data.get("lead_person"))
        except NotFoundError as err:
            raise ApplicationError(fields={"lead_person": [_("Not found.")]}) from err
    lifecycle.task_transition(
        actor=actor,
        task=task,
        action=action,
        expected_version=version,
        reason=data.get("reason", ""),
        lead_unit=lead_unit,
        lead_person=lead_person,
    )
    return {
        "start": _("Work on the task has started."),
        "report_done": _("The task is reported done."),
        "accept": _("The task is accepted."),
        "rework": _("The task is returned for rework."),
        "return": _("The task is returned to the assigner."),
        "reassign": _("The task is reassigned."),
        "cancel": _("The task is cancelled."),
        "reopen": _("The task is reopened."),
    }[action]


def _act(request: HttpRequest, task_id: int, action: str, request_id: int | None = None) -> HttpResponse:
    actor = request.user
    if action == "progress":
        refuse_oversized_body(request.META)
    pending = (
        selectors.extension_get_visible(actor=actor, task_id=task_id, request_id=request_id)
        if request_id is not None
        else None
    )
    task = selectors.task_get_visible(actor=actor, task_id=task_id)
    if not _side_allows(actor, task, action):
        raise PermissionDeniedError(_refusal(action))
    form: VersionedForm = ACTION_FORMS[action](
        request.POST, request.FILES, prefix=action, **_form_kwargs(actor, task, action)
    )
    if not form.is_valid():
        if action == "progress" and request.FILES:
            form.add_error("evidence", _("Choose the files again: a browser cannot keep them."))
        return _render(request, task, bound={action: form}, status=400)
    try:
        message = _perform(request, task, action, form.cleaned_data, pending)
    except (PermissionDeniedError, NotFoundError):
        raise
    except ConflictError as err:
        task = selectors.task_get_visible(actor=actor, task_id=task_id)
        fresh = _refreshed(form, action, _version_of(task, action), _form_kwargs(actor, task, action))
        problem = Problem(action, conflict_message(err), reload=True)
        return _render(request, task, bound={action: fresh}, problem=problem, status=409)
    except InvalidStateError as err:
        task = selectors.task_get_visible(actor=actor, task_id=task_id)
        return _render(
            request, task, bound={action: form}, problem=Problem(action, str(err.message)), status=409
        )
    except ApplicationError as err:
        add_service_errors(form, err, FIELD_ALIASES.get(action, {}))
        if action == "progress" and request.FILES:
            form.add_error("evidence", _("Choose the files again: a browser cannot keep them."))
        status = err.status_code if err.status_code in (413, 415) else 400
        return _render(request, task, bound={action: form}, status=status)
    messages.success(request, message)
    return redirect("tasks:detail", task_id=task.pk)


def _refreshed(
    form: django_forms.Form, action: str, version: int, kwargs: dict[str, Any]
) -> django_forms.Form:
    """The form again with what was typed, now carrying the version the page shows: the user
    sees the task as it is and may send his change again."""
    data = form.data.copy()  # type: ignore[attr-defined]
    data[f"{action}-version"] = str(version)
    fresh = type(form)(data, form.files, prefix=action, **kwargs)
    fresh.is_valid()
    return fresh


def _action_view(action: str) -> Callable[..., HttpResponse]:
    @require_POST
    def view(request: HttpRequest, task_id: int) -> HttpResponse:
        return _act(request, task_id, action)

    view.__name__ = f"task_{action}"
    view.__doc__ = f"POST: the “{action}” form of the task page."
    return view


@require_POST
def task_extension_decide(request: HttpRequest, task_id: int, request_id: int) -> HttpResponse:
    return _act(request, task_id, "extension_decide", request_id=request_id)


ACTION_VIEWS = {action: _action_view(action) for action in ACTIONS if action != "extension_decide"}
