"""Assigning tasks from a document: one lead unit, or several (one task each), picked from the
units of the actor's write scope; the deadline as a date or as N working days, with the computed
date shown before saving (htmx asks ``deadline_preview``; without JavaScript the "Compute the
deadline" button re-shows the form with it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from mandate.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from mandate.core.workdays import add_working_days
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.organisations import selectors as org_selectors
from mandate.organisations.models import OrgUnit
from mandate.people import selectors as people_selectors
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.people.scopes import acting_for, today
from mandate.tasks import permissions
from mandate.tasks.forms import AssignForm, DeadlinePreviewForm
from mandate.tasks.models import Task
from mandate.tasks.services import assignment
from mandate.tasks.views.actions import add_service_errors
from mandate.tasks.views.choices import people_choices, unit_choices, units_in_write_scope

# The services name one lead unit per task; the page picks several.
FIELD_ALIASES = {"lead_unit": "lead_units"}


def assigning_units(actor: User, *, on: dt.date) -> list[OrgUnit]:
    """The units existing on ``on`` that the actor may sign for (``permissions.can_sign_for``, as
    ``task_assign`` checks): the units he acts for as a leader or specialist."""
    acting = acting_for(actor, on=on)
    units = org_selectors.unit_list(on=on)
    if not acting.everything:
        units = units.filter(path__in=acting.paths_with(permissions.ASSIGNING_ROLES))
    return [unit for unit in units if permissions.can_sign_for(actor=actor, unit=unit)]


def _chosen(data: QueryDict, name: str, units: Sequence[OrgUnit]) -> list[OrgUnit]:
    wanted = {int(value) for value in data.getlist(name) if value.isdigit()}
    return [unit for unit in units if unit.pk in wanted]


def _preview_context(*, working_days: int | None, start: dt.date) -> dict[str, Any]:
    if working_days is None:
        return {}
    try:
        return {"deadline": add_working_days(start, working_days), "working_days": working_days}
    except ValueError:
        return {"preview_error": _("Between 1 and 1000 working days.")}


def _wire(form: AssignForm, request: HttpRequest) -> AssignForm:
    """htmx where it helps: the lead person's choices follow the chosen lead units, and the
    deadline of N working days is shown as it is typed. Without JavaScript nothing changes."""
    form.fields["lead_units"].widget.attrs.update(
        {
            "hx-get": f"{request.path}?part=lead_person",
            "hx-trigger": "change",
            "hx-target": "#lead-person-field",
            "hx-swap": "outerHTML",
            "hx-include": "#id_lead_person",
            "size": "10",
        }
    )
    form.fields["coordinating_units"].widget.attrs["size"] = "10"
    form.fields["working_days"].widget.attrs.update(
        {
            "hx-get": reverse("tasks:deadline_preview"),
            "hx-trigger": "input changed delay:400ms, change",
            "hx-target": "#deadline-preview",
            "hx-swap": "innerHTML",
        }
    )
    return form


def _as_initial(data: QueryDict, form: AssignForm) -> dict[str, Any]:
    multiple = {"lead_units", "coordinating_units"}
    return {
        name: data.getlist(name) if name in multiple else data.get(name)
        for name in form.fields
        if name in data
    }


def _assign(actor: User, document: Document, data: dict[str, Any], units: Sequence[OrgUnit]) -> list[Task]:
    by_id = {unit.pk: unit for unit in units}
    person = None
    if data.get("lead_person") is not None:
        try:
            person = people_selectors.person_get_visible(actor=actor, person_id=data["lead_person"])
        except NotFoundError as err:
            raise ApplicationError(fields={"lead_person": [_("Not found.")]}) from err
    return assignment.task_assign_many(
        actor=actor,
        lead_units=[by_id[pk] for pk in data["lead_units"]],
        document=document,
        content=data["content"],
        ordinal=data["ordinal"],
        coordinating_units=[by_id[pk] for pk in data["coordinating_units"]],
        lead_person=person,
        assigner_unit=org_selectors.units_get(ids=[data["assigner_unit"]], field="assigner_unit")[0],
        kind=data["kind"],
        deadline_on=data["deadline_on"],
        working_days=data["working_days"],
        expected_product=data["expected_product"],
        weight=data["weight"],
        urgency=data["urgency"],
        authority=data["authority"],
    )


def _after_assigning(document: Document, tasks: list[Task]) -> str:
    try:
        return reverse("tasks:document_detail", kwargs={"document_id": document.pk})
    except NoReverseMatch:
        return reverse("tasks:detail", kwargs={"task_id": tasks[0].pk})


@require_http_methods(["GET", "POST"])
def task_assign(request: HttpRequest, document_id: int) -> HttpResponse:
    actor = actor_of(request.user)
    document = document_selectors.document_get_visible(actor=actor, document_id=document_id)
    day = today()
    assigners = assigning_units(actor, on=day)
    if request.method == "POST" and not assigners:
        raise PermissionDeniedError(
            _(
                "You may assign tasks only for a unit you work in, as a leader or specialist, "
                "into units you cover."
            )
        )
    units = units_in_write_scope(actor, on=day)
    data = request.POST if request.method == "POST" else None
    chosen = _chosen(data if data is not None else request.GET, "lead_units", units)
    form = AssignForm(
        data,
        units=unit_choices(units),
        assigner_units=[(unit.pk, unit.name) for unit in assigners],
        people=people_choices(actor, chosen, on=day),
        initial={"lead_person": request.GET.get("lead_person") or None},
    )
    if request.method == "GET" and request.GET.get("part") == "lead_person":
        # htmx: the lead person's choices follow the chosen lead units.
        return render(request, "tasks/_assign_lead_person.html", {"form": form})

    status = 200
    preview: dict[str, Any] = {}
    if data is not None and "preview" in data:
        # "Compute the deadline" without JavaScript: the same form, unsaved, with the date.
        form = AssignForm(
            initial=_as_initial(data, form),
            units=unit_choices(units),
            assigner_units=[(unit.pk, unit.name) for unit in assigners],
            people=people_choices(actor, chosen, on=day),
        )
        asked = DeadlinePreviewForm({"working_days": data.get("working_days", "")})
        if asked.is_valid():
            preview = _preview_context(working_days=asked.cleaned_data["working_days"], start=day)
        elif data.get("working_days"):
            preview = {"preview_error": _("Between 1 and 1000 working days.")}
    elif data is not None:
        if not form.is_valid():
            status = 400
        else:
            try:
                tasks = _assign(actor, document, form.cleaned_data, units)
            except (PermissionDeniedError, NotFoundError):
                raise
            except ApplicationError as err:
                add_service_errors(form, err, FIELD_ALIASES)
                status = 400
            else:
                messages.success(
                    request,
                    ngettext("%(n)s task is assigned.", "%(n)s tasks are assigned.", len(tasks))
                    % {"n": len(tasks)},
                )
                return redirect(_after_assigning(document, tasks))
    try:
        document_url: str | None = reverse("tasks:document_detail", kwargs={"document_id": document.pk})
    except NoReverseMatch:
        document_url = None
    context = {
        "document": document,
        "document_url": document_url,
        "form": _wire(form, request),
        "may_assign": bool(assigners),
        "preview": preview,
        "today": day,
    }
    return render(request, "tasks/task_assign.html", context, status=status)


@require_GET
def deadline_preview(request: HttpRequest) -> HttpResponse:
    """The date N working days after a day (today by default): what the assignment form shows
    before saving. An empty or wrong number shows nothing or a short message."""
    form = DeadlinePreviewForm(request.GET)
    context: dict[str, Any] = {}
    if form.is_valid():
        context = _preview_context(
            working_days=form.cleaned_data["working_days"], start=form.start_day(today())
        )
    elif request.GET.get("working_days"):
        context = {"preview_error": _("Between 1 and 1000 working days.")}
    return render(request, "tasks/_assign_deadline_preview.html", {"preview": context})
