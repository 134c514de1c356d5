"""The task page: the "6 clear", the timeline, the reports and extensions, and the forms of the
actions (``views.panels``) — each shown only to whoever ``tasks.policy`` allows, each posting to
its own route (``views.actions``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms as django_forms
from django.db.models import prefetch_related_objects
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from mandate.core.downloads import file_download
from mandate.documents import selectors as document_selectors
from mandate.people.actors import actor_of
from mandate.people.models import Person, User
from mandate.tasks import origins, policy, selectors
from mandate.tasks.enums import EventKind, TaskStatus
from mandate.tasks.models import Task
from mandate.tasks.services import seen
from mandate.tasks.views.panels import Problem, build_panels

SYSTEM_LABEL = "system"
# The recorded dates a correction may change (``correction.CORRECTABLE``), as the page names them.
CORRECTED_FIELDS = {
    "deadline_on": gettext_lazy("Deadline"),
    "done_reported_on": gettext_lazy("Day reported done"),
}


def _url_or_none(name: str, **kwargs: Any) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


# --- the page ------------------------------------------------------------------------------


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
    pending = policy.pending_request(task)
    panels = build_panels(actor, task, bound=bound or {}, pending=pending)

    events = list(selectors.events_visible(actor=actor, task=task).select_related("actor__person"))
    reports = list(selectors.reports_of(task=task).select_related("reporter__person"))
    # A done report's product document, shown to those who may read it.
    products = document_selectors.documents_visible_by_id(
        actor=actor, ids=[r.product_document_id for r in reports if r.product_document_id]
    )
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
        # What an app above asked for with this task, as this reader may see it (ADR 0047).
        "origin": origins.origin_of(actor=actor, task=task),
        "state_label": state_labels.get(getattr(task, "state", ""), ""),
        "coordinators": [c.unit for c in task.coordinators.all()],
        "assigned_by_name": _display_name(task.assigned_by) if task.assigned_by_id else "",
        "rollup": selectors.rollup(task=task),
        "timeline": timeline,
        "instructions": [row for row in timeline if row["event"].kind == EventKind.INSTRUCTION],
        "reports": [
            {
                "report": r,
                "who": _display_name(r.reporter),
                "product": products.get(r.product_document_id or 0),
            }
            for r in reports
        ],
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
        "refused": next((p for p in panels if p["action"] in (bound or {})), None),
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
    """The page; opening it takes the task off "new" on the reader's My work."""
    actor = actor_of(request.user)
    task = selectors.task_get_visible(actor=actor, task_id=task_id)
    seen.task_mark_seen(actor=actor, task=task)
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
