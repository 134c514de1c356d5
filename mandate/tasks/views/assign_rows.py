"""Assigning a document's tasks in a row, as its table of tasks reads: one form, one row per task
(content, lead unit, coordinating units, deadline, expected product), signed for a unit the
person may sign for, committed together (``services.batch``): every row or none, each refused
row showing its own messages and everything typed kept.

"Add a row" is a submit button: the page comes back with one more empty row and nothing lost.
With JavaScript (``static/js/assign-rows.js``) the row is added in place, without a round trip.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from mandate.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.people.scopes import today
from mandate.tasks.forms_rows import (
    ROWS_PREFIX,
    AssignRowsFormSet,
    AssignRowsHeadForm,
    BaseRowsFormSet,
)
from mandate.tasks.services import batch
from mandate.tasks.views.assign import assigning_units
from mandate.tasks.views.choices import unit_choices, units_in_write_scope

# A row's refusal names the service's fields; the row's form names a few differently.
ROW_ALIASES = {"working_days": "deadline_on", "kind": "deadline_on", "document": "content"}
HEAD_FIELDS = ("assigner_unit", "urgency", "authority")


def _one_more_row(data: QueryDict) -> QueryDict:
    """The posted form with one more (empty) row."""
    more = data.copy()
    total = f"{ROWS_PREFIX}-TOTAL_FORMS"
    try:
        count = int(more.get(total, "0"))
    except ValueError:
        count = 0
    more[total] = str(min(max(count, 0) + 1, batch.MAX_ROWS))
    return more


def _place(form: Any, err: ApplicationError, aliases: dict[str, str]) -> None:
    placed = False
    for name, errors in err.fields.items():
        field = aliases.get(name, name)
        if field in form.fields:
            for message in errors:
                form.add_error(field, str(message))
            placed = True
    if not placed:
        form.add_error(None, str(err.message))


def _rows(formset: BaseRowsFormSet, units: dict[int, OrgUnit]) -> list[batch.TaskRow]:
    rows = []
    for _index, form in formset.filled():
        data = form.cleaned_data
        rows.append(
            batch.TaskRow(
                content=data["content"],
                lead_unit=units[data["lead_unit"]],
                coordinating_units=[units[pk] for pk in data["coordinating_units"]],
                deadline_on=data["deadline_on"],
                expected_product=data["expected_product"],
                ordinal=data["ordinal"],
            )
        )
    return rows


def _assign(
    actor: User,
    document: Document,
    head: AssignRowsHeadForm,
    formset: BaseRowsFormSet,
    units: dict[int, OrgUnit],
) -> int | None:
    """The tasks assigned, or None with the refusals placed on the head and the rows."""
    filled = formset.filled()
    assigners = {unit.pk: unit for unit in assigning_units(actor, on=today())}
    try:
        tasks = batch.task_assign_rows(
            actor=actor,
            document=document,
            assigner_unit=assigners[head.cleaned_data["assigner_unit"]],
            rows=_rows(formset, units),
            urgency=head.cleaned_data["urgency"],
            authority=head.cleaned_data["authority"],
        )
    except (PermissionDeniedError, NotFoundError):
        raise
    except batch.RowsRefused as err:
        for index, refusal in err.rows.items():
            _place(filled[index][1], refusal, ROW_ALIASES)
        head.add_error(None, str(err.message))
        return None
    except ApplicationError as err:
        _place(head, err, {})
        return None
    return len(tasks)


@require_http_methods(["GET", "POST"])
def task_assign_rows(request: HttpRequest, document_id: int) -> HttpResponse:
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
    choices = unit_choices(units)
    assigner_choices = [(unit.pk, unit.name) for unit in assigners]
    data: QueryDict | None = request.POST if request.method == "POST" else None
    adding = data is not None and "add_row" in data
    if data is not None and adding:
        data = _one_more_row(data)
    head = AssignRowsHeadForm(data, assigner_units=assigner_choices)
    formset = AssignRowsFormSet(data, prefix=ROWS_PREFIX, form_kwargs={"units": choices})
    assert isinstance(formset, BaseRowsFormSet)
    status = 200
    if data is not None and not adding:
        status = 400
        valid = head.is_valid() & formset.is_valid()  # both validated: every message shown at once
        if valid and not formset.filled():
            head.add_error(None, _("Write at least one task."))
        elif valid:
            assigned = _assign(actor, document, head, formset, {unit.pk: unit for unit in units})
            if assigned is not None:
                messages.success(
                    request,
                    ngettext("%(n)s task is assigned.", "%(n)s tasks are assigned.", assigned)
                    % {"n": assigned},
                )
                return redirect(reverse("tasks:document_detail", kwargs={"document_id": document.pk}))
    context = {
        "document": document,
        "head": head,
        "formset": formset,
        "rows": list(enumerate(formset.forms, start=1)),
        "empty_row": formset.empty_form,
        "may_assign": bool(assigners),
        "show_errors": not adding,
        "max_rows": batch.MAX_ROWS,
    }
    return render(request, "tasks/task_assign_rows.html", context, status=status)
