"""The list of inspections the reader may see, an inspection's page, and creating one. The page
reads through the API's selectors: the subjects ``subjects_visible`` allows, their findings and
conclusions through ``selectors_sensitive`` (those about a person go to the access log), the
recommendations with their tasks' states through ``selectors_recommendations``; the forms shown
are the actions ``policy_records`` allows now."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.indicators.views.common import add_service_errors
from mandate.inspections import policy_recommendations, policy_records, selectors_recommendations, services
from mandate.inspections import selectors_records as selectors
from mandate.inspections.api_records_outputs import subject_records
from mandate.inspections.enums import InspectionState
from mandate.inspections.forms import (
    ConclusionForm,
    CreateForm,
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
from mandate.inspections.models import Inspection
from mandate.inspections.views import choices
from mandate.inspections.views.record_rows import decision_day as _decision_day
from mandate.inspections.views.record_rows import record_rows
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.tasks.filters import STATE_LABELS

PAGE_SIZE = 100


@require_GET
def inspection_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    state = request.GET.get("state", "")
    filters = selectors.InspectionFilters(state=state if state in InspectionState.values else None)
    rows = list(selectors.inspection_list(actor=actor, filters=filters)[:PAGE_SIZE])
    return render(
        request,
        "inspections/list.html",
        {
            "inspections": rows,
            "states": InspectionState.choices,
            "state": state,
            "may_create": bool(choices.writer_bodies(actor)),
            "may_read_statistics": choices.may_read_statistics(actor),
        },
    )


@require_http_methods(["GET", "POST"])
def inspection_create(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    bodies = choices.writer_bodies(actor)
    if not bodies:
        raise NotFoundError()
    kwargs = {"bodies": bodies, "lines": choices.open_lines(actor)}
    if request.method != "POST":
        initial = {"planned": request.GET.get("line", "")}
        form = CreateForm(initial=initial, **kwargs)
        return render(request, "inspections/create.html", {"form": form})
    form = CreateForm(request.POST, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            body = selectors.body_get(body_id=data["body"])
            planned = data["planned"]
            inspection = services.inspection_create(
                actor=actor,
                body=body,
                kind=data["kind"],
                title=data["title"],
                subject_matter=data["subject_matter"],
                planned=selectors.planned_line_for(actor=actor, line_id=planned) if planned else None,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
        except ApplicationError as err:
            if err.status_code not in (400, 409):
                raise
            add_service_errors(form, err, {})
        else:
            messages.success(request, _("The inspection is created."))
            return redirect("inspections:detail", inspection_id=inspection.pk)
    return render(request, "inspections/create.html", {"form": form}, status=400)


def _forms(
    actor: User,
    inspection: Inspection,
    allowed: set[str],
    subjects: list[Any],
    recs: list[Any],
    concluded: set[int],
) -> dict[str, django_forms.Form]:
    """The empty forms of the actions the policy allows now."""
    body = choices.body_of(inspection)
    shown: dict[str, django_forms.Form] = {}
    version = {"version": inspection.version}
    if "team_add" in allowed:
        shown["team_add"] = TeamForm(prefix="team_add", people=choices.competence_people(body))
    if "subject_add" in allowed:
        shown["subject_add"] = SubjectForm(
            prefix="subject_add", units=choices.competence_units(body), people=choices.competence_people(body)
        )
    if "team_remove" in allowed and (members := choices.current_members(inspection)):
        shown["team_remove"] = TeamLeaveForm(prefix="team_remove", members=members)
    if "subject_withdraw" in allowed and (active := choices.active_subjects(subjects)):
        shown["subject_withdraw"] = SubjectWithdrawForm(prefix="subject_withdraw", subjects=active)
    if "decide" in allowed:
        shown["decide"] = DecideForm(prefix="decide", initial=version)
    for move in ("start", "conclude", "follow_up_done"):
        if move in allowed:
            shown[move] = MoveForm(prefix=move, initial=version)
    writable = choices.writable_subjects(actor, subjects)
    if writable and inspection.state in (InspectionState.DECIDED, InspectionState.UNDER_WAY):
        shown["finding"] = FindingForm(prefix="finding", subjects=writable, signs=choices.signs_in_force())
    unconcluded = [(pk, label) for pk, label in writable if pk not in concluded]
    if unconcluded and inspection.state in (InspectionState.UNDER_WAY, InspectionState.CONCLUDED):
        shown["conclusion"] = ConclusionForm(prefix="conclusion", subjects=unconcluded)
    if _may(policy_recommendations.require_add, actor, inspection):
        shown["recommendation"] = RecommendationForm(
            prefix="recommendation", units=choices.competence_units(body)
        )
    pending = [
        (row.recommendation.pk, f"{row.recommendation.order}. {row.recommendation.text[:80]}")
        for row in recs
        if row.task is None
    ]
    if pending and _may(policy_recommendations.require_issue, actor, inspection):
        shown["issue"] = IssueForm(prefix="issue", recommendations=pending)
    return shown


def _may(check: Any, actor: User, inspection: Inspection) -> bool:
    try:
        check(actor, inspection)
    except ApplicationError:
        return False
    return True


def render_page(
    request: HttpRequest,
    inspection_id: int,
    *,
    bound: dict[str, django_forms.Form] | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request.user)
    inspection = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
    subjects = selectors.subjects_visible(actor=actor, inspection=inspection)
    records = subject_records(actor, inspection, subjects)
    recs = selectors_recommendations.recommendation_rows(actor=actor, inspection=inspection)
    allowed = set(policy_records.allowed_names(actor, inspection))
    forms = _forms(actor, inspection, allowed, subjects, recs, set(records["conclusions"]))
    forms.update(bound or {})
    writable = {pk for pk, _label in choices.writable_subjects(actor, subjects)}
    rows, notes = record_rows(
        actor,
        inspection,
        subjects,
        records,
        writable,
        bound or {},
        _decision_day(request.GET.get("discipline_on", "")),
    )
    context = {
        "inspection": inspection,
        "subjects": rows,
        "recommendations": [
            {"row": row, "state": STATE_LABELS.get(row.state, _("Cancelled")) if row.state else ""}
            for row in recs
        ],
        "forms": forms,
        "problem": problem,
        "team": list(inspection.team.all()),
        "events": list(inspection.events.all()),
        "to_verify": notes,
        "discipline_on": request.GET.get("discipline_on", ""),
    }
    return render(request, "inspections/detail.html", context, status=status)


@require_GET
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    return render_page(request, inspection_id)
