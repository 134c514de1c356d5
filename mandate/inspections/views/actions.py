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
from mandate.core.uploads import refuse_oversized_body
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
    SubjectWithdrawForm,
    TeamForm,
    TeamLeaveForm,
)
from mandate.inspections.models import Inspection, Recommendation
from mandate.inspections.views import actions_records, choices
from mandate.inspections.views.pages import render_page
from mandate.organisations import selectors as org_selectors
from mandate.people.actors import actor_of
from mandate.people.models import User

ACTIONS = (
    "team_add",
    "team_remove",
    "subject_add",
    "subject_withdraw",
    "decide",
    "start",
    "conclude",
    "follow_up_done",
    "finding",
    "conclusion",
    "recommendation",
    "issue",
    *actions_records.RECORD_ACTIONS,
)
DONE = {
    "team_add": _("The person is on the team."),
    "team_remove": _("The person has left the team."),
    "subject_withdraw": _("The subject is withdrawn."),
    "follow_up_done": _("The follow-up of the inspection is done."),
    "finding_withdraw": _("The finding is withdrawn."),
    "evidence_add": _("The evidence is added to the finding."),
    "conclusion_correct": _("The conclusion is corrected."),
    "discipline": _("The discipline decision is recorded."),
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
    visible = selectors.subjects_visible(actor=actor, inspection=inspection)
    subjects = choices.writable_subjects(actor, visible)
    if action == "team_add":
        return TeamForm(data, prefix=action, people=choices.competence_people(body))
    if action == "team_remove":
        return TeamLeaveForm(data, prefix=action, members=choices.current_members(inspection))
    if action == "subject_withdraw":
        return SubjectWithdrawForm(data, prefix=action, subjects=choices.active_subjects(visible))
    if action == "subject_add":
        return SubjectForm(
            data, prefix=action, units=choices.competence_units(body), people=choices.competence_people(body)
        )
    if action == "decide":
        return DecideForm(data, prefix=action)
    if action in ("start", "conclude", "follow_up_done"):
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
    elif action == "team_remove":
        leaving = selectors.team_member_get(inspection=inspection, member_id=data["member"])
        services.team_member_remove(actor=actor, member=leaving, left_on=data["left_on"])
    elif action == "subject_withdraw":
        subject = selectors.subject_get(actor=actor, inspection=inspection, subject_id=data["subject"])
        services.subject_withdraw(actor=actor, subject=subject, reason=data["reason"])
    elif action == "subject_add":
        unit = org_selectors.units_get(ids=[data["unit"]], field="unit")[0] if data["unit"] else None
        member = (
            selectors.person_for(actor=actor, body=inspection.body, person_id=data["person"], field="person")
            if data["person"]
            else None
        )
        services.subject_add(actor=actor, inspection=inspection, unit=unit, person=member)
    elif action in ("decide", "start", "conclude", "follow_up_done"):
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
    # The inspection is settled before the body is read (the form and its files are in it).
    refuse_oversized_body(request.META)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return render_page(request, inspection_id, problem=str(_("Unknown action.")), status=400)
    record: Any = None
    if action in actions_records.RECORD_ACTIONS:
        form, record = actions_records.bind(request, actor, inspection, action)
    else:
        form = _bound(actor, inspection, action, request.POST)
    bound = {action: form}
    if not form.is_valid():
        _files_again(form, action, request)
        return render_page(request, inspection_id, bound=bound, status=400)
    try:
        if record is not None:
            actions_records.perform(actor, action, record, form.cleaned_data)
        else:
            _perform(actor, inspection, action, form.cleaned_data)
    except (PermissionDeniedError, NotFoundError):
        raise
    except ConflictError as err:
        # Stale: what was typed stays, now carrying the version the page shows.
        _refresh_version(form, action, err.current_version)
        return render_page(request, inspection_id, bound=bound, problem=str(err.message), status=409)
    except ApplicationError as err:
        if err.fields:
            add_service_errors(form, err, {"on": "on", "files": "evidence"})
            _files_again(form, action, request)
            return render_page(request, inspection_id, bound=bound, status=400)
        return render_page(
            request, inspection_id, bound=bound, problem=str(err.message), status=err.status_code
        )
    messages.success(request, DONE[action])
    return redirect("inspections:detail", inspection_id=inspection_id)


def _files_again(form: django_forms.Form, action: str, request: HttpRequest) -> None:
    if action == "evidence_add" and request.FILES and "evidence" not in form.errors:
        form.add_error("evidence", _("Choose the files again: a browser cannot keep them."))


def _refresh_version(form: django_forms.Form, action: str, version: int) -> None:
    if "version" not in form.fields:
        return
    data = form.data.copy()  # type: ignore[attr-defined]
    data[f"{action}-version"] = str(version)
    form.data = data
    form.full_clean()
