"""The forms of an inspection's page post here, each naming its action (``action``): the view
reads the form, resolves the chosen records through the selectors and calls the service, which
asks the policy. A refusal comes back on the page, next to the field, with what was typed kept."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mandate.core.exceptions import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.indicators.views.common import add_service_errors
from mandate.inspections import selectors_records as selectors
from mandate.inspections import selectors_sensitive, services
from mandate.inspections.forms import (
    ConclusionForm,
    DecideForm,
    FindingForm,
    IssueForm,
    MoveForm,
    RecommendationForm,
    SubjectForm,
    TeamForm,
)
from mandate.inspections.models import Inspection, Recommendation
from mandate.inspections.views import choices
from mandate.inspections.views.pages import render_page
from mandate.organisations import selectors as org_selectors
from mandate.people.actors import actor_of
from mandate.people.models import User

ACTIONS = (
    "team_add",
    "subject_add",
    "decide",
    "start",
    "conclude",
    "finding",
    "conclusion",
    "recommendation",
    "issue",
)
DONE = {
    "team_add": _("The person is on the team."),
    "subject_add": _("The subject is added."),
    "decide": _("The inspection is decided."),
    "start": _("The inspection is under way."),
    "conclude": _("The inspection is concluded."),
    "finding": _("The finding is recorded."),
    "conclusion": _("The conclusion is recorded."),
    "recommendation": _("The recommendation is added."),
    "issue": _("The recommendation is a task now."),
}


def _bound(actor: User, inspection: Inspection, action: str, data: Any) -> django_forms.Form:
    body = choices.body_of(inspection)
    subjects = choices.writable_subjects(
        actor, selectors.subjects_visible(actor=actor, inspection=inspection)
    )
    if action == "team_add":
        return TeamForm(data, prefix=action, people=choices.competence_people(body))
    if action == "subject_add":
        return SubjectForm(
            data, prefix=action, units=choices.competence_units(body), people=choices.competence_people(body)
        )
    if action == "decide":
        return DecideForm(data, prefix=action)
    if action in ("start", "conclude"):
        return MoveForm(data, prefix=action)
    if action == "finding":
        return FindingForm(data, prefix=action, subjects=subjects, signs=choices.signs_in_force())
    if action == "conclusion":
        return ConclusionForm(data, prefix=action, subjects=subjects)
    if action == "recommendation":
        return RecommendationForm(data, prefix=action, units=choices.competence_units(body))
    pending = Recommendation.objects.filter(inspection=inspection, task__isnull=True).order_by("order")
    return IssueForm(data, prefix=action, recommendations=[(r.pk, str(r.order)) for r in pending])


def _perform(actor: User, inspection: Inspection, action: str, data: dict[str, Any]) -> None:
    if action == "team_add":
        person = selectors.person_for(
            actor=actor, body=inspection.body, person_id=data["person"], field="person"
        )
        services.team_member_add(actor=actor, inspection=inspection, person=person, role=data["role"])
    elif action == "subject_add":
        unit = org_selectors.units_get(ids=[data["unit"]], field="unit")[0] if data["unit"] else None
        member = (
            selectors.person_for(actor=actor, body=inspection.body, person_id=data["person"], field="person")
            if data["person"]
            else None
        )
        services.subject_add(actor=actor, inspection=inspection, unit=unit, person=member)
    elif action in ("decide", "start", "conclude"):
        services.inspection_move(
            actor=actor,
            inspection=inspection,
            action=action,
            expected_version=data["version"],
            on=data["on"],
            decision_number=data.get("decision_number", ""),
        )
    elif action == "finding":
        subject = selectors_sensitive.subject_get_visible(actor=actor, subject_id=data["subject"])
        services.finding_record(
            actor=actor,
            subject=subject,
            text=data["text"],
            signs=data["signs"],
            recorded_on=data["recorded_on"],
        )
    elif action == "conclusion":
        subject = selectors_sensitive.subject_get_visible(actor=actor, subject_id=data["subject"])
        services.conclusion_record(
            actor=actor,
            subject=subject,
            violated=data["violated"],
            severity=data["severity"],
            text=data["text"],
            concluded_on=data["concluded_on"],
        )
    elif action == "recommendation":
        unit = org_selectors.units_get(ids=[data["lead_unit"]], field="lead_unit")[0]
        services.recommendation_add(
            actor=actor,
            inspection=inspection,
            text=data["text"],
            lead_unit=unit,
            expected_product=data["expected_product"],
        )
    else:
        recommendation = Recommendation.objects.get(pk=data["recommendation"], inspection=inspection)
        services.recommendation_issue(
            actor=actor,
            recommendation=recommendation,
            working_days=data["working_days"],
            deadline_on=data["deadline_on"],
            document=_document(actor, inspection, data["document"]),
        )


def _document(actor: User, inspection: Inspection, symbol: str) -> Document | None:
    """The registered document a recommendation is issued under, looked up in the reader's
    register (the inspecting body's own first)."""
    if not symbol.strip():
        return None
    try:
        return document_selectors.document_by_symbol_visible(
            actor=actor, symbol=symbol, prefer_issuer=inspection.body.unit
        )
    except NotFoundError as err:
        raise ApplicationError(fields={"document": [_("No document you may see has this symbol.")]}) from err


@require_POST
def inspection_act(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """POST: one form of the inspection's page (an unknown action: the page, 400)."""
    actor = actor_of(request.user)
    inspection = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return render_page(request, inspection_id, problem=str(_("Unknown action.")), status=400)
    form = _bound(actor, inspection, action, request.POST)
    if not form.is_valid():
        return render_page(request, inspection_id, bound={action: form}, status=400)
    try:
        _perform(actor, inspection, action, form.cleaned_data)
    except (PermissionDeniedError, NotFoundError):
        raise
    except ConflictError as err:
        return render_page(request, inspection_id, bound={action: form}, problem=str(err.message), status=409)
    except ApplicationError as err:
        if err.fields:
            add_service_errors(form, err, {"on": "on"})
            return render_page(request, inspection_id, bound={action: form}, status=400)
        return render_page(
            request, inspection_id, bound={action: form}, problem=str(err.message), status=err.status_code
        )
    messages.success(request, DONE[action])
    return redirect("inspections:detail", inspection_id=inspection_id)
