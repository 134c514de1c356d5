"""The per-record actions of an inspection's page (``record_forms``): the record named in the
form is found through ``selectors_sensitive`` (404 for whoever may not read it, or when it belongs
to another inspection), the form is bound with the same builder the page used, and the service
decides (``policy_sensitive``: 403 with the reason, 409 for the state or a stale version)."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.http import HttpRequest
from django.utils.translation import gettext as _

from mandate.core.exceptions import InvalidStateError, NotFoundError, PermissionDeniedError
from mandate.inspections import selectors_sensitive, services
from mandate.inspections.enums import InspectedKind
from mandate.inspections.models import Conclusion, Finding, Inspection
from mandate.inspections.views import record_forms, record_rows
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

RECORD_ACTIONS = tuple(record_forms.RECORD_KEYS)


def _finding(actor: User, inspection: Inspection, finding_id: int) -> Finding:
    finding = selectors_sensitive.finding_get_visible(actor=actor, finding_id=finding_id, purpose=None)
    if finding.subject.inspection_id != inspection.pk:
        raise NotFoundError()
    return finding


def _conclusion(
    actor: User, inspection: Inspection, *, pk: int | None = None, subject: int | None = None
) -> Conclusion:
    rows = selectors_sensitive.conclusion_list_visible(actor=actor, inspection_id=inspection.pk)
    found = rows.filter(pk=pk).first() if pk is not None else rows.filter(subject_id=subject).first()
    if found is None:
        raise NotFoundError()
    return found


def bind(
    request: HttpRequest, actor: User, inspection: Inspection, action: str
) -> tuple[django_forms.Form, Any]:
    """The posted form on its record, and the record (404 when the form names none the actor
    may read on this inspection)."""
    pk = record_forms.record_id(action, request.POST)
    if pk is None:
        raise NotFoundError()
    if action == "finding_withdraw":
        finding = _finding(actor, inspection, pk)
        return record_forms.finding_withdraw_form(finding, request.POST), finding
    if action == "evidence_add":
        finding = _finding(actor, inspection, pk)
        return record_forms.evidence_form(finding, request.POST, request.FILES), finding
    if action == "conclusion_correct":
        conclusion = _conclusion(actor, inspection, subject=pk)
        return record_forms.correct_form(conclusion, request.POST), conclusion
    conclusion = _conclusion(actor, inspection, pk=pk)
    built = record_forms.discipline_form(
        actor,
        conclusion,
        record_rows.decision_day(request.POST.get("discipline-decided_on", "")),
        request.POST,
    )
    if built is None:
        if not conclusion.violated:
            raise InvalidStateError(_("The conclusion found no violation: no discipline follows from it."))
        raise PermissionDeniedError(
            _(
                "Only an inspector or a leader of a unit competent for this subject records its "
                "discipline decisions."
            )
        )
    return built[0], conclusion


def perform(actor: User, action: str, record: Any, data: dict[str, Any]) -> None:
    if action == "finding_withdraw":
        services.finding_withdraw(
            actor=actor, finding=record, reason=data["reason"], expected_version=data["version"]
        )
    elif action == "evidence_add":
        services.finding_evidence_add(actor=actor, finding=record, files=data["evidence"])
    elif action == "conclusion_correct":
        # The page does not edit the proposal: it stays while a violation does.
        proposed = record.proposed_form if data["violated"] else None
        services.conclusion_correct(
            actor=actor,
            conclusion=record,
            expected_version=data["version"],
            violated=data["violated"],
            severity=data["severity"],
            proposes_discipline=record.proposes_discipline and data["violated"],
            proposed_form=proposed.code if proposed else None,
            proposed_kind=proposed.subject_kind if proposed else None,
            text=data["text"],
            concluded_on=data["concluded_on"],
        )
    else:
        subject = record.subject
        unit = (
            subject.unit
            if subject.kind == InspectedKind.ORGANISATION
            else OrgUnit.objects.filter(path=subject.subject_path).first()
        )
        services.discipline_decide(
            actor=actor,
            subject_kind=data["subject_kind"],
            unit=unit,
            person=subject.person,
            deciding_unit=OrgUnit.objects.get(pk=data["deciding_unit"]),
            number=data["number"],
            decided_on=data["decided_on"],
            form=data["form"],
            reason=data["reason"],
            effective_from=data["effective_from"],
            conclusion=record,
            deferral_reason=data["deferral_reason"] or None,
            deferred_until=data["deferred_until"],
            deferral_counted_from=data["deferral_counted_from"],
        )
