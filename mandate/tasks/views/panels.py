"""The action forms of the task page: which are offered (exactly ``tasks.policy``'s allowed
actions), their headings and buttons, their initial values and choices, and the route each posts
to (``views.actions``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.urls import reverse
from django.utils.translation import gettext_lazy

from mandate.people.models import User
from mandate.people.scopes import today
from mandate.tasks import policy
from mandate.tasks.forms import ACTION_FORMS
from mandate.tasks.models import ExtensionRequest, Task
from mandate.tasks.views.choices import people_choices, unit_choices, units_in_write_scope

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
    "report_done": {"file": "product_files", "files": "product_files"},
}


def action_url(task: Task, action: str, request: ExtensionRequest | None = None) -> str:
    if action == "extension_decide":
        assert request is not None
        return reverse("tasks:act_extension_decide", kwargs={"task_id": task.pk, "request_id": request.pk})
    return reverse(f"tasks:act_{action}", kwargs={"task_id": task.pk})


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
        pending = policy.pending_request(task)
        return pending.version if pending is not None else 0
    return task.version


def initial_values(task: Task, action: str) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": version_of(task, action)}
    if action == "correct":
        initial["effective_on"] = task.assigned_on
    if action == "edit":
        initial.update(
            {name: getattr(task, name) for name in ("content", "expected_product", "weight", "urgency")}
        )
    return initial


@dataclass(frozen=True)
class Problem:
    """Why the posted form was refused as a whole (not one field): a stale version, or a move
    the task's state does not allow."""

    action: str
    message: str
    reload: bool = False


def build_panels(
    actor: User,
    task: Task,
    *,
    bound: dict[str, django_forms.Form],
    pending: ExtensionRequest | None,
) -> list[dict[str, Any]]:
    """One panel per action offered to this actor now (``policy.allowed_names``, the same list the
    API gives as ``allowed_actions``): a refused form is shown again as it was posted, the others
    fresh. A refused form whose action is no longer offered (the task moved meanwhile) is not
    shown; its problem is, at the top of the page."""
    panels = []
    for action in policy.allowed_names(actor, task):
        if action in bound:
            form = bound[action]
        else:
            form = ACTION_FORMS[action](
                prefix=action,
                initial=initial_values(task, action),
                **form_kwargs(actor, task, action),
            )
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
    return panels
