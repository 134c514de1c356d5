"""Assigning tasks: from a document or as a subtask, to exactly one lead unit (and person), with
coordinating units and a deadline — a date, or N working days under the Vietnamese calendar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mandate.core import audit
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError
from mandate.core.workdays import add_working_days
from mandate.documents import services as document_services
from mandate.documents.models import Document
from mandate.notifications.enums import NotificationKind
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, User
from mandate.people.selectors import holds_position_within
from mandate.tasks import permissions, policy
from mandate.tasks.enums import EventKind, TaskKind, TaskStatus, Urgency
from mandate.tasks.models import Task, TaskCoordinator
from mandate.tasks.services.common import (
    TASK_FIELDS,
    lead_side_users,
    moment,
    record,
    require,
    require_text,
    search_text,
    tell,
    today,
)

EDITABLE_FIELDS = ("content", "expected_product", "weight", "urgency", "ordinal", "authority")


def compute_deadline(
    *, kind: str, assigned_on: dt.date, deadline_on: dt.date | None, working_days: int | None
) -> dt.date | None:
    """The deadline in force at assignment: a date as given, or N working days after assignment
    (day 1 is the first working day after it). A regular task has none."""
    if kind == TaskKind.REGULAR:
        if deadline_on is not None or working_days is not None:
            message = _("A regular task is reported on every period and has no deadline.")
            raise ApplicationError(message, fields={"deadline_on": [message]})
        return None
    if kind != TaskKind.DEADLINE:
        raise ApplicationError(fields={"kind": [_("Not a choice.")]})
    if (deadline_on is None) == (working_days is None):
        message = _("Give either a deadline date or a number of working days.")
        raise ApplicationError(message, fields={"deadline_on": [message], "working_days": [message]})
    if working_days is not None:
        if not 1 <= working_days <= 1000:
            message = _("Between 1 and 1000 working days.")
            raise ApplicationError(message, fields={"working_days": [message]})
        return add_working_days(assigned_on, working_days)
    assert deadline_on is not None
    if deadline_on < assigned_on:
        message = _("The deadline cannot be before the day of assignment.")
        raise ApplicationError(message, fields={"deadline_on": [message]})
    return deadline_on


def _check_lead_person(person: Person | None, unit: OrgUnit, day: dt.date) -> None:
    if person is not None and not holds_position_within(person=person, unit=unit, day=day):
        message = _("%(person)s holds no position in %(unit)s on %(day)s.") % {
            "person": person.full_name,
            "unit": unit.name,
            "day": day.strftime("%d/%m/%Y"),
        }
        raise ApplicationError(message, code="lead_person_outside_unit", fields={"lead_person": [message]})


def _check_weight(weight: Decimal | None) -> None:
    if weight is not None and not Decimal(0) < weight <= Decimal(10000):
        raise ApplicationError(fields={"weight": [_("A weight is a positive number.")]})


def _check_units(*, lead_unit: OrgUnit, coordinating: Sequence[OrgUnit], day: dt.date) -> None:
    for unit in [lead_unit, *coordinating]:
        if not unit.is_valid_on(day):
            message = _("“%(unit)s” does not exist on %(day)s.") % {
                "unit": unit.name,
                "day": day.strftime("%d/%m/%Y"),
            }
            field = "lead_unit" if unit == lead_unit else "coordinating_units"
            raise ApplicationError(message, fields={field: [message]})
    if lead_unit in coordinating:
        message = _("The lead unit cannot also be a coordinating unit.")
        raise ApplicationError(message, fields={"coordinating_units": [message]})


@transaction.atomic
def task_assign(
    *,
    actor: User | None,
    content: str,
    lead_unit: OrgUnit,
    assigner_unit: OrgUnit,
    document: Document | None = None,
    parent: Task | None = None,
    coordinating_units: Sequence[OrgUnit] = (),
    lead_person: Person | None = None,
    kind: str = TaskKind.DEADLINE,
    deadline_on: dt.date | None = None,
    working_days: int | None = None,
    expected_product: str = "",
    weight: Decimal | None = None,
    urgency: str = Urgency.NORMAL,
    authority: str = "",
    ordinal: str = "",
    assigned_on: dt.date | None = None,
) -> Task:
    """Assign one task. Exactly one lead unit: the data model has one lead unit per task, and a
    second lead would be a second task (``task_assign_many``)."""
    content = require_text(content, "content", _("Say what the task is."))
    day = assigned_on or today()
    if (document is None) == (parent is None):
        message = _("A task comes from a document or is a subtask of a task.")
        raise ApplicationError(message, fields={"document": [message], "parent": [message]})
    if parent is not None:
        document = parent.document
        require(
            actor is None or permissions.can_assign_subtask(actor=actor, parent=parent),
            _("Only the lead unit of a task may divide it into subtasks."),
        )
        if not lead_unit.path.startswith(parent.lead_path):
            message = _("A subtask goes down the tree: its lead unit must lie within “%(unit)s”.") % {
                "unit": parent.lead_unit.name
            }
            raise ApplicationError(message, fields={"lead_unit": [message]})
        assigner_unit = parent.lead_unit
    assert document is not None
    refusal = policy.assignment_refusal(assigner_unit=assigner_unit, lead_unit=lead_unit)
    if refusal:
        raise ApplicationError(refusal, code="assigned_to_itself", fields={"lead_unit": [refusal]})
    if actor is not None and not permissions.can_sign_for(actor=actor, unit=assigner_unit):
        message = _("You may assign tasks only in the name of a unit you act for, as a leader or specialist.")
        raise ApplicationError(message, code="assigner_unit", fields={"assigner_unit": [message]})
    allowed = actor is None or permissions.can_assign(
        actor=actor, assigner_unit=assigner_unit, units=[lead_unit, *coordinating_units]
    )
    require(
        allowed,
        _(
            "You may assign tasks only for a unit you work in, as a leader or specialist, "
            "into units you cover."
        ),
    )
    if urgency not in Urgency.values:
        raise ApplicationError(fields={"urgency": [_("Not a choice.")]})
    _check_weight(weight)
    coordinating = list(dict.fromkeys(coordinating_units))
    _check_units(lead_unit=lead_unit, coordinating=coordinating, day=day)
    _check_lead_person(lead_person, lead_unit, day)
    deadline = compute_deadline(
        kind=kind, assigned_on=day, deadline_on=deadline_on, working_days=working_days
    )
    task = Task(
        document=document,
        parent=parent,
        depth=(parent.depth + 1) if parent is not None else 1,
        ordinal=ordinal.strip(),
        content=content,
        expected_product=expected_product.strip(),
        lead_unit=lead_unit,
        lead_path=lead_unit.path,
        lead_person=lead_person,
        assigned_by=actor,
        assigner_unit=assigner_unit,
        assigner_path=assigner_unit.path,
        authority=authority.strip(),
        assigned_on=day,
        kind=kind,
        working_days=working_days,
        deadline_on=deadline,
        original_deadline_on=deadline,
        weight=weight,
        urgency=urgency,
        status=TaskStatus.ASSIGNED,
    )
    task.search_text = search_text(task)
    task.save()
    TaskCoordinator.objects.bulk_create(
        [TaskCoordinator(task=task, unit=unit, unit_path=unit.path) for unit in coordinating]
    )
    for unit in [lead_unit, *coordinating]:
        document_services.document_reach_add(actor=actor, document=document, unit=unit)
    after = audit.snapshot(task, TASK_FIELDS)
    after["coordinating_units"] = [u.pk for u in coordinating]
    record(
        actor=actor,
        task=task,
        kind=EventKind.ASSIGNED,
        action="assign",
        to_status=task.status,
        after=after,
        at=moment(assigned_on),
    )
    tell(
        users=lead_side_users(task),
        actor=actor,
        kind=NotificationKind.ASSIGNED,
        task=task,
        message=gettext_noop("New task for %(unit)s"),
        params={"unit": lead_unit},
        unit=lead_unit,
    )
    return task


@transaction.atomic
def task_assign_many(*, actor: User | None, lead_units: Sequence[OrgUnit], **values: Any) -> list[Task]:
    """The same task to many units at once: one task each, each with its own lead unit."""
    if not lead_units:
        raise ApplicationError(fields={"lead_units": [_("Choose at least one lead unit.")]})
    if len(set(lead_units)) != len(lead_units):
        raise ApplicationError(fields={"lead_units": [_("A unit is listed twice.")]})
    return [task_assign(actor=actor, lead_unit=unit, **values) for unit in lead_units]


@transaction.atomic
def task_edit(
    *, actor: User | None, task: Task, expected_version: int | None, changes: dict[str, Any]
) -> Task:
    """Correct the wording, product, weight or urgency — the assigner's side, while the task is
    open. A field that cannot be changed here is refused by name, never silently dropped; an edit
    that changes nothing leaves the version alone (it would make others' edits fail with 409)
    and writes no audit entry."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(fields={name: [_("Cannot be changed here.")] for name in sorted(unknown)})
    task = Task.objects.select_for_update().get(pk=task.pk)
    policy.require(actor, task, "edit")
    check_version(obj=task, expected_version=expected_version)
    if "urgency" in changes and changes["urgency"] not in Urgency.values:
        raise ApplicationError(fields={"urgency": [_("Not a choice.")]})
    if "weight" in changes:
        _check_weight(changes["weight"])
    before = audit.snapshot(task, EDITABLE_FIELDS)
    for name, value in changes.items():
        setattr(task, name, value.strip() if isinstance(value, str) else value)
    require_text(task.content, "content", _("Say what the task is."))
    old, new = audit.changes(before, audit.snapshot(task, EDITABLE_FIELDS))
    if not new:
        task.refresh_from_db()
        return task
    task.search_text = search_text(task)
    bump_version(task)
    task.save(update_fields=[*new, "search_text", "version", "updated_at"])
    record(actor=actor, task=task, kind=EventKind.EDITED, action="edit", before=old, after=new)
    return task


@transaction.atomic
def task_name_lead_person(
    *, actor: User | None, task: Task, person: Person, expected_version: int | None
) -> Task:
    """The lead unit's leader (or the assigner's side) names who leads the task; he must work in
    the lead unit. Not on a closed task."""
    task = Task.objects.select_for_update(of=("self",)).select_related("lead_unit").get(pk=task.pk)
    policy.require(actor, task, "lead_person")
    check_version(obj=task, expected_version=expected_version)
    _check_lead_person(person, task.lead_unit, today())
    before = {"lead_person": task.lead_person_id}
    task.lead_person = person
    bump_version(task)
    task.save(update_fields=["lead_person", "version", "updated_at"])
    record(
        actor=actor,
        task=task,
        kind=EventKind.LEAD_PERSON,
        action="name_lead_person",
        before=before,
        after={"lead_person": person.pk},
        text=person.full_name,
    )
    if person.user is not None:
        tell(users=[person.user], actor=actor, kind=NotificationKind.ASSIGNED, task=task,
             message=gettext_noop("You lead a task"), unit=task.lead_unit)  # fmt: skip
    return task
