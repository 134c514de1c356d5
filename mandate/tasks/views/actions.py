"""The task page's actions: each form posts to its own route, and the service decides.

A refused action re-shows the page with what was typed: the form's own errors and the fields a
service named (400), a stale version (409, naming who changed the task and when), or an action the
task's state does not allow (409, with ``tasks.policy``'s reason). Success redirects to the page
with a message (Post/Redirect/Get). Forbidden (403) and not found (404) are left to
``core.middleware.ApplicationErrorMiddleware``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mandate.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidStateError,
    NotFoundError,
    PermissionDeniedError,
)
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.organisations import selectors as org_selectors
from mandate.people import selectors as people_selectors
from mandate.people.actors import actor_of
from mandate.people.models import Person, User
from mandate.tasks import policy, selectors
from mandate.tasks.forms import ACTION_FORMS, VersionedForm
from mandate.tasks.models import Task
from mandate.tasks.services import assignment, correction, lifecycle, progress
from mandate.tasks.views.detail import render_page
from mandate.tasks.views.panels import ACTIONS, FIELD_ALIASES, Problem, form_kwargs, version_of

# The actions whose form sends files, with the field that holds them.
WITH_FILES = {"progress": "evidence", "report_done": "product_files"}
# The fields the page's correction form sends to ``task_edit``.
EDIT_FIELDS = ("content", "expected_product", "weight", "urgency")


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


def _resolve_person(actor: User, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    return people_selectors.person_get_visible(actor=actor, person_id=person_id)


def _product_document(actor: User, task: Task, symbol: str) -> Document | None:
    """The registered document a done report names as its product, looked up in the reader's
    register (the lead unit's own first)."""
    if not symbol.strip():
        return None
    try:
        return document_selectors.document_by_symbol_visible(
            actor=actor, symbol=symbol, prefer_issuer=task.lead_unit
        )
    except NotFoundError as err:
        raise ApplicationError(
            fields={"product_document": [_("No document you may see has this symbol.")]}
        ) from err


def _perform(request: HttpRequest, task: Task, action: str, data: dict[str, Any], pending: Any) -> str:
    """Call the service of the action; returns the message that says it was done."""
    actor = actor_of(request.user)
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
    if action == "edit":
        changes = {name: data[name] for name in EDIT_FIELDS}
        assignment.task_edit(actor=actor, task=task, expected_version=version, changes=changes)
        return _("The task is corrected.")
    if action == "correct":
        correction.task_correct(
            actor=actor, task=task, field=data["field"], value=data["value"],
            effective_on=data["effective_on"], reason=data["reason"], expected_version=version,
        )  # fmt: skip
        return _("The correction is recorded.")
    if action == "report_done":
        lifecycle.task_transition(
            actor=actor,
            task=task,
            action=action,
            expected_version=version,
            reason=data["reason"],
            files=data["product_files"],
            product_document=_product_document(actor, task, data["product_document"]),
        )
        return _("The task is reported done.")
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
    actor = actor_of(request.user)
    pending = (
        selectors.extension_get_visible(actor=actor, task_id=task_id, request_id=request_id)
        if request_id is not None
        else None
    )
    task = selectors.task_get_visible(actor=actor, task_id=task_id)
    refused = policy.check(actor, task, action, pending=pending)
    if not refused.allowed and not refused.conflict:
        raise PermissionDeniedError(refused.reason)
    form: VersionedForm = ACTION_FORMS[action](
        request.POST, request.FILES, prefix=action, **form_kwargs(actor, task, action)
    )
    if not form.is_valid():
        if action in WITH_FILES and request.FILES:
            form.add_error(WITH_FILES[action], _("Choose the files again: a browser cannot keep them."))
        return render_page(request, task, bound={action: form}, status=400)
    try:
        message = _perform(request, task, action, form.cleaned_data, pending)
    except (PermissionDeniedError, NotFoundError):
        raise
    except ConflictError as err:
        task = selectors.task_get_visible(actor=actor, task_id=task_id)
        fresh = _refreshed(form, action, version_of(task, action), form_kwargs(actor, task, action))
        problem = Problem(action, conflict_message(err), reload=True)
        return render_page(request, task, bound={action: fresh}, problem=problem, status=409)
    except InvalidStateError as err:
        task = selectors.task_get_visible(actor=actor, task_id=task_id)
        return render_page(
            request, task, bound={action: form}, problem=Problem(action, str(err.message)), status=409
        )
    except ApplicationError as err:
        add_service_errors(form, err, FIELD_ALIASES.get(action, {}))
        if action in WITH_FILES and request.FILES and WITH_FILES[action] not in form.errors:
            form.add_error(WITH_FILES[action], _("Choose the files again: a browser cannot keep them."))
        status = err.status_code if err.status_code in (413, 415) else 400
        return render_page(request, task, bound={action: form}, status=status)
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
