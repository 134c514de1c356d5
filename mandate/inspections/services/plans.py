"""A year's inspection and supervision plan of an inspecting body (Plan 47-KH/ĐU): created and
filled by the body's writers (``policy_records``), withdrawn with a reason, never deleted. Each
line is a planned inspection (kind, subject matter, subjects in words and, where known, as units,
month); its progress is read from the inspection made from it (``selectors_records``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError
from mandate.documents.models import Document
from mandate.inspections import policy_records
from mandate.inspections.enums import InspectionKind
from mandate.inspections.models import InspectingBody, InspectionPlan, PlannedInspection
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

PLAN_FIELDS = ("body", "year", "title", "document", "withdrawn_reason")
LINE_FIELDS = ("plan", "order", "kind", "subject_matter", "subjects_text", "month")


def required_text(value: str, field: str, *, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ApplicationError(fields={field: [_("Required.")]})
    if len(text) > limit:
        message = _("At most %(limit)s characters.") % {"limit": limit}
        raise ApplicationError(message, fields={field: [message]})
    return text


def outside_competence(body: InspectingBody, unit: OrgUnit) -> str:
    """Why ``unit`` cannot be inspected by ``body`` ('' when it can)."""
    if unit.path.startswith(body.competence_path):
        return ""
    return _(
        "“%(unit)s” is outside the competence of the inspecting body “%(body)s”, which covers "
        "“%(competence)s” and the units under it."
    ) % {"unit": unit.name, "body": body.unit.name, "competence": body.competence_unit.name}


@transaction.atomic
def plan_create(
    *,
    actor: User | None,
    body: InspectingBody,
    year: int,
    title: str,
    document: Document | None = None,
) -> InspectionPlan:
    policy_records.require_plan_writer(actor, body)
    if not 2000 <= year <= 2100:
        raise ApplicationError(fields={"year": [_("Give a year between 2000 and 2100.")]})
    plan = InspectionPlan.objects.create(
        body=body,
        year=year,
        title=required_text(title, "title", limit=300),
        document=document,
        created_by=actor,
    )
    audit.record(
        actor=actor, action="inspections.plan_create", target=plan, after=audit.snapshot(plan, PLAN_FIELDS)
    )
    return plan


@transaction.atomic
def plan_line_add(
    *,
    actor: User | None,
    plan: InspectionPlan,
    kind: str,
    subject_matter: str,
    subjects_text: str = "",
    subject_units: Sequence[OrgUnit] = (),
    month: int,
) -> PlannedInspection:
    plan = InspectionPlan.objects.select_for_update().select_related("body__unit").get(pk=plan.pk)
    policy_records.require_plan_writer(actor, plan.body)
    policy_records.require_plan_open(plan)
    if kind not in InspectionKind.values:
        raise ApplicationError(fields={"kind": [_("Not a choice.")]})
    if not 1 <= month <= 12:
        raise ApplicationError(fields={"month": [_("Give a month from 1 to 12.")]})
    for unit in subject_units:
        refusal = outside_competence(plan.body, unit)
        if refusal:
            raise ApplicationError(refusal, code="outside_competence", fields={"subject_units": [refusal]})
    if not subject_units and not (subjects_text or "").strip():
        message = _("Name the subjects, in words or as units.")
        raise ApplicationError(message, fields={"subjects_text": [message]})
    last = plan.lines.aggregate(last=Max("order"))["last"] or 0
    line = PlannedInspection.objects.create(
        plan=plan,
        order=last + 1,
        kind=kind,
        subject_matter=required_text(subject_matter, "subject_matter", limit=5000),
        subjects_text=(subjects_text or "").strip()[:5000],
        month=month,
    )
    line.subject_units.set(subject_units)
    bump_version(plan)
    plan.save(update_fields=["version", "updated_at"])
    after = audit.snapshot(line, LINE_FIELDS) | {"subject_units": sorted(u.pk for u in subject_units)}
    audit.record(actor=actor, action="inspections.plan_line_add", target=line, after=after)
    return line


@transaction.atomic
def plan_withdraw(
    *, actor: User | None, plan: InspectionPlan, reason: str, expected_version: int | None
) -> InspectionPlan:
    """A plan made by mistake is withdrawn, not deleted; the inspections already made from its
    lines keep their link (they happened)."""
    plan = InspectionPlan.objects.select_for_update().select_related("body__unit").get(pk=plan.pk)
    policy_records.require_plan_writer(actor, plan.body)
    policy_records.require_plan_open(plan)
    check_version(obj=plan, expected_version=expected_version)
    plan.withdrawn_reason = required_text(reason, "reason", limit=300)
    plan.withdrawn_at = timezone.now()
    bump_version(plan)
    plan.save(update_fields=["withdrawn_reason", "withdrawn_at", "version", "updated_at"])
    audit.record(
        actor=actor, action="inspections.plan_withdraw", target=plan, after={"reason": plan.withdrawn_reason}
    )
    return plan
