"""An inspection's recommendations, and each one issued as a task of the inspected unit (issue 12,
item 4; docs/adr/0043).

Why through ``tasks.services.assignment.task_assign``: "the inspected unit did what was
recommended" is then measured by the same states, deadlines, reminders and escalation as every
task, and the task's own policy decides who may assign it in the inspecting body's name
(``policy_recommendations``). The task comes from the document whose implementation was
inspected (Directive 24-CT/TU), or from the document the recommendation is issued under (the
conclusion's notice) when the caller gives one: every task comes from a document.

The task's origin is ``Recommendation.task``; the tasks app may not import inspections (layers),
so the task page asks ``tasks.origins``, where this app registers ``task_origin`` at start: the
inspection is named and linked there for those who may read it (ADR 0047), and the inspection's
pages and API show the task with its state.

Audit: a recommendation may concern a subject who is a person, so its entry holds a reference and
the SHA-256 of its text, never the text (ADR 0040); the task's own entry is the task's.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version
from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.documents.models import Document
from mandate.inspections import policy_recommendations as policy
from mandate.inspections.models import Inspection, InspectionSubject, Recommendation
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import subtree_q
from mandate.people.models import User
from mandate.tasks.models import Task
from mandate.tasks.services.assignment import task_assign


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _audit_after(recommendation: Recommendation) -> dict[str, object]:
    return {
        "inspection": recommendation.inspection_id,
        "subject": recommendation.subject_id,
        "order": recommendation.order,
        "lead_unit": recommendation.lead_unit_id,
        "text_sha256": text_hash(recommendation.text),
        "expected_product_sha256": text_hash(recommendation.expected_product),
        "task": recommendation.task_id,
    }


def _check_lead_unit(inspection: Inspection, lead_unit: OrgUnit) -> None:
    competence = inspection.body.competence_path
    within = OrgUnit.objects.filter(subtree_q("path", competence), pk=lead_unit.pk).exists()
    if not within:
        message = _("“%(unit)s” is outside the competence of the inspecting body.") % {"unit": lead_unit.name}
        raise ApplicationError(message, fields={"lead_unit": [message]})


def _check_subject(inspection: Inspection, subject: InspectionSubject | None) -> None:
    if subject is None:
        return
    if subject.inspection_id != inspection.pk or subject.withdrawn_at is not None:
        message = _("Not a subject of this inspection.")
        raise ApplicationError(message, fields={"subject": [message]})


@transaction.atomic
def recommendation_add(
    *,
    actor: User | None,
    inspection: Inspection,
    text: str,
    lead_unit: OrgUnit,
    expected_product: str = "",
    subject: InspectionSubject | None = None,
) -> Recommendation:
    """Write down one recommendation (not yet a task), numbered after the last."""
    inspection = (
        Inspection.objects.select_for_update(of=("self",)).select_related("body__unit").get(pk=inspection.pk)
    )
    policy.require_add(actor, inspection)
    text = (text or "").strip()
    if not text:
        message = _("Say what is recommended.")
        raise ApplicationError(message, fields={"text": [message]})
    _check_subject(inspection, subject)
    _check_lead_unit(inspection, lead_unit)
    last = inspection.recommendations.aggregate(last=Max("order"))["last"] or 0
    recommendation = Recommendation.objects.create(
        inspection=inspection,
        subject=subject,
        order=last + 1,
        text=text,
        lead_unit=lead_unit,
        expected_product=(expected_product or "").strip(),
    )
    audit.record(
        actor=actor,
        action="inspections.recommendation_add",
        target=recommendation,
        after=_audit_after(recommendation),
    )
    return recommendation


@transaction.atomic
def recommendation_issue(
    *,
    actor: User | None,
    recommendation: Recommendation,
    working_days: int | None = None,
    deadline_on: dt.date | None = None,
    document: Document | None = None,
    assigned_on: dt.date | None = None,
) -> Task:
    """Make the recommendation a task of its unit, assigned in the inspecting body's name (the
    tasks' policy decides who may), with a deadline in working days or a date."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    inspection = Inspection.objects.select_related("body__unit", "subject_document").get(
        pk=recommendation.inspection_id
    )
    policy.require_issue(actor, inspection)
    if recommendation.task_id is not None:
        raise InvalidStateError(_("This recommendation is already a task."))
    source = document or inspection.subject_document
    if source is None:
        message = _(
            "A task comes from a document: link the inspection to the document it inspects, or give "
            "the document the recommendation is issued under (the conclusion's notice)."
        )
        raise ApplicationError(
            message, code="recommendation_without_document", fields={"document": [message]}
        )
    task = task_assign(
        actor=actor,
        content=recommendation.text,
        lead_unit=recommendation.lead_unit,
        assigner_unit=inspection.body.unit,
        document=source,
        deadline_on=deadline_on,
        working_days=working_days,
        expected_product=recommendation.expected_product,
        authority=_("Recommendation %(order)s of the inspection “%(title)s”")
        % {"order": recommendation.order, "title": inspection.title[:200]},
        assigned_on=assigned_on,
    )
    _link(actor, recommendation, task, action="inspections.recommendation_issue")
    return task


def _link(actor: User | None, recommendation: Recommendation, task: Task, *, action: str) -> None:
    recommendation.task = task
    bump_version(recommendation)
    recommendation.save(update_fields=["task", "version", "updated_at"])
    audit.record(
        actor=actor,
        action=action,
        target=recommendation,
        before={"task": None},
        after={"task": task.pk},
    )


@transaction.atomic
def recommendation_link_task(*, actor: User | None, recommendation: Recommendation, task: Task) -> Task:
    """Record that an existing task is what a recommendation asked for (seed 002's four follow-up
    tasks, assigned before the records of the inspection existed): the same signer as issuing,
    and the task must be the recommendation's — its unit's, assigned in the body's name — so the
    origin shown is never false."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    inspection = Inspection.objects.select_related("body__unit").get(pk=recommendation.inspection_id)
    policy.require_issue(actor, inspection)
    if recommendation.task_id is not None:
        raise InvalidStateError(_("This recommendation is already a task."))
    if Recommendation.objects.filter(task=task).exists():
        raise InvalidStateError(_("This task is already the task of a recommendation."))
    if task.lead_unit_id != recommendation.lead_unit_id or task.assigner_unit_id != inspection.body.unit_id:
        message = _(
            "The task must be assigned to the recommendation's unit in the name of the inspecting body."
        )
        raise ApplicationError(message, fields={"task": [message]})
    _link(actor, recommendation, task, action="inspections.recommendation_link_task")
    return task
