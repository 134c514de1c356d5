"""The document detail page: the document as registered, its relations, and its tasks with their
counts. It shows tasks, so it lives in the tasks app (documents sits below tasks in the layers)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Avg
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from mandate.documents import policy as document_policy
from mandate.documents import selectors as document_selectors
from mandate.documents.enums import CLASSIFIED, RecipientKind, RelationKind
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.people.scopes import acting_for, today
from mandate.tasks import selectors
from mandate.tasks.enums import TaskStatus
from mandate.tasks.permissions import ASSIGNING_ROLES

PAGE_SIZE = 50
StrOrPromise = str | Promise

STATE_LABELS = {
    "completed": (_("Completed"), "text-bg-success"),
    "overdue": (_("Overdue"), "text-bg-danger"),
    "in_progress": (_("In progress"), "text-bg-primary"),
    "due_today": (_("Due today"), "text-bg-warning"),
    "regular": (_("Regular"), "text-bg-secondary"),
}


OUTGOING: dict[str, StrOrPromise] = {
    RelationKind.IMPLEMENTS: _("Implements"),
    RelationKind.AMENDS: _("Amends"),
    RelationKind.REPLACES: _("Replaces"),
}
INCOMING: dict[str, StrOrPromise] = {
    RelationKind.IMPLEMENTS: _("Implemented by"),
    RelationKind.AMENDS: _("Amended by"),
    RelationKind.REPLACES: _("Replaced by"),
}


DOCUMENT_ACTIONS: dict[str, StrOrPromise] = {
    "edit": _("Correct"),
    "relate": _("Relate to another document"),
    "attach": _("Attach files"),
    "retire": _("Withdraw from the register"),
}


def _url(route: str, object_id: int, fallback: str) -> str:
    """The path of a page another change may not have built yet: by its name when it exists."""
    try:
        return reverse(route, args=[object_id])
    except NoReverseMatch:
        return fallback


def _may_assign(actor: User) -> bool:
    """Whether to offer "Assign tasks": the actor signs for some unit (``can_assign`` then checks
    the assigning unit and the lead units he picks)."""
    acting = acting_for(actor)
    return acting.everything or bool(acting.paths_with(ASSIGNING_ROLES))


@require_GET
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    actor = actor_of(request.user)
    document = document_selectors.document_get_visible(actor=actor, document_id=document_id)
    outgoing, incoming = document_selectors.relations_visible(actor=actor, document=document)
    day = today()
    tasks = selectors.task_list_visible(
        actor=actor, filters=selectors.TaskFilters(document=document, include_subtasks=False)
    )
    counts = selectors.statistics(tasks=tasks, on=day)
    average = tasks.exclude(status=TaskStatus.CANCELLED).aggregate(value=Avg("progress"))["value"]
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "task": task,
            "url": _url("tasks:detail", task.pk, f"/tasks/{task.pk}/"),
            "state": STATE_LABELS.get(getattr(task, "state", ""), ("", "text-bg-secondary")),
            "other_document": task.document if task.document_id != document.pk else None,
        }
        for task in page
    ]
    recipients = list(document.recipients.select_related("unit"))
    leading, coordinating = selectors.document_task_units(document=document)
    reached = [r.unit for r in recipients if r.kind == RecipientKind.TASKS]
    assign_url = assign_rows_url = None
    if document.retired_at is None and _may_assign(actor):
        assign_url = _url("tasks:assign", document.pk, f"/documents/{document.pk}/assign/")
        assign_rows_url = _url("tasks:assign_rows", document.pk, f"/documents/{document.pk}/assign-rows/")
    # The register's actions this reader may take now: exactly what ``documents.policy`` allows.
    document_actions = [
        {
            "name": action.name,
            "label": DOCUMENT_ACTIONS[action.name],
            "url": reverse(f"documents:{action.name}", args=[document.pk]),
        }
        for action in sorted(
            document_policy.available_actions(actor, document),
            key=lambda a: list(DOCUMENT_ACTIONS).index(a.name),
        )
        if action.allowed
    ]
    return render(
        request,
        "tasks/document_detail.html",
        {
            "document": document,
            "addressed": [r.unit for r in recipients if r.kind == RecipientKind.ADDRESSED],
            "lead_units": [unit for unit in reached if unit.pk in leading],
            "coordinating_units": [unit for unit in reached if unit.pk in coordinating],
            "reached_units": [unit for unit in reached if unit.pk not in leading | coordinating],
            "attachments": list(document.attachments.all()),
            "relations": [
                *({"label": OUTGOING.get(r.kind, r.kind), "document": r.target} for r in outgoing),
                *({"label": INCOMING.get(r.kind, r.kind), "document": r.source} for r in incoming),
            ],
            "counts": counts,
            "average_progress": average,
            "page_obj": page,
            "rows": rows,
            "assign_url": assign_url,
            "assign_rows_url": assign_rows_url,
            "document_actions": document_actions,
            "classified": document.confidentiality in CLASSIFIED,
            "today": day,
        },
    )
