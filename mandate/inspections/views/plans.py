"""The plans pages (issue 12, items 2 and 8): the plans the reader may see, each line with its
progress (done / under way / not started) as ``selectors_records.plans_progress`` reckons it;
creating a plan (year, inspecting body), a plan's own page with its lines, and its forms: add a
planned inspection (kind, subject matter, subjects in words or as units, month) and withdraw the
plan. A line not started links to creating its inspection. The forms shown are what
``policy_records.plan_actions`` allows; the services ask again."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mandate.core.exceptions import ApplicationError, ConflictError, NotFoundError, PermissionDeniedError
from mandate.indicators.views.common import add_service_errors
from mandate.inspections import policy_records, services
from mandate.inspections import selectors_records as selectors
from mandate.inspections.forms import PlanForm, PlanLineForm, PlanWithdrawForm
from mandate.inspections.models import InspectionPlan
from mandate.inspections.views import choices
from mandate.organisations import selectors as org_selectors
from mandate.people.actors import actor_of
from mandate.people.models import User

PROGRESS_LABELS = {"done": _("Done"), "under_way": _("Under way"), "not_started": _("Not started")}
PAGE_SIZE = 20
PLAN_ACTIONS = {"line_add": _("The line is added to the plan."), "withdraw": _("The plan is withdrawn.")}


def _rows(progress: Any) -> list[dict[str, Any]]:
    return [{"row": line, "label": PROGRESS_LABELS[line.progress]} for line in progress.lines]


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    plans = list(selectors.plan_list(actor=actor)[:PAGE_SIZE])
    progress = selectors.plans_progress(plans=plans)
    rows = [
        {"plan": plan, "counts": progress[plan.pk].counts, "lines": _rows(progress[plan.pk])}
        for plan in plans
    ]
    return render(
        request, "inspections/plans.html", {"plans": rows, "may_create": bool(choices.writer_bodies(actor))}
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    """A plan of a body the reader writes for (404 to whoever writes for none)."""
    actor = actor_of(request.user)
    bodies = choices.writer_bodies(actor)
    if not bodies:
        raise NotFoundError()
    if request.method != "POST":
        return render(request, "inspections/plan_create.html", {"form": PlanForm(bodies=bodies)})
    form = PlanForm(request.POST, bodies=bodies)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                actor=actor,
                body=selectors.body_get(body_id=data["body"]),
                year=data["year"],
                title=data["title"],
            )
        except (PermissionDeniedError, NotFoundError):
            raise
        except ApplicationError as err:
            add_service_errors(form, err, {})
        else:
            messages.success(request, _("The plan is created."))
            return redirect("inspections:plan", plan_id=plan.pk)
    return render(request, "inspections/plan_create.html", {"form": form}, status=400)


def _forms(actor: User, plan: InspectionPlan) -> dict[str, django_forms.Form]:
    allowed = policy_records.plan_actions(actor, plan)
    shown: dict[str, django_forms.Form] = {}
    if "line_add" in allowed:
        shown["line_add"] = PlanLineForm(prefix="line_add", units=choices.competence_units(plan.body))
    if "withdraw" in allowed:
        shown["withdraw"] = PlanWithdrawForm(prefix="withdraw", initial={"version": plan.version})
    return shown


def render_plan(
    request: HttpRequest,
    plan_id: int,
    *,
    bound: dict[str, django_forms.Form] | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    actor = actor_of(request.user)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id)
    progress = selectors.plan_progress(plan=plan)
    forms = _forms(actor, plan)
    forms.update(bound or {})
    context = {
        "plan": plan,
        "counts": progress.counts,
        "lines": _rows(progress),
        "forms": forms,
        "problem": problem,
        "may_create": plan.withdrawn_at is None and policy_records.writes_for(actor, plan.body),
    }
    return render(request, "inspections/plan_detail.html", context, status=status)


@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    return render_plan(request, plan_id)


def _bound(plan: InspectionPlan, action: str, data: Any) -> django_forms.Form:
    if action == "line_add":
        return PlanLineForm(data, prefix=action, units=choices.competence_units(plan.body))
    return PlanWithdrawForm(data, prefix=action)


def _perform(actor: User, plan: InspectionPlan, action: str, data: dict[str, Any]) -> None:
    if action == "line_add":
        ids = data["subject_units"]
        units = org_selectors.units_get(ids=ids, field="subject_units") if ids else []
        services.plan_line_add(
            actor=actor,
            plan=plan,
            kind=data["kind"],
            subject_matter=data["subject_matter"],
            subjects_text=data["subjects_text"],
            subject_units=units,
            month=data["month"],
        )
    else:
        services.plan_withdraw(
            actor=actor, plan=plan, reason=data["reason"], expected_version=data["version"]
        )


@require_POST
def plan_act(request: HttpRequest, plan_id: int) -> HttpResponse:
    """POST: one form of a plan's page, naming its ``action`` (an unknown one: the page, 400)."""
    actor = actor_of(request.user)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id)
    action = request.POST.get("action", "")
    if action not in PLAN_ACTIONS:
        return render_plan(request, plan_id, problem=str(_("Unknown action.")), status=400)
    form = _bound(plan, action, request.POST)
    if not form.is_valid():
        return render_plan(request, plan_id, bound={action: form}, status=400)
    try:
        _perform(actor, plan, action, form.cleaned_data)
    except (PermissionDeniedError, NotFoundError):
        raise
    except ConflictError as err:
        data = form.data.copy()  # type: ignore[attr-defined]
        data[f"{action}-version"] = str(err.current_version)
        fresh = _bound(plan, action, data)
        fresh.is_valid()
        return render_plan(request, plan_id, bound={action: fresh}, problem=str(err.message), status=409)
    except ApplicationError as err:
        if err.fields:
            add_service_errors(form, err, {})
            return render_plan(request, plan_id, bound={action: form}, status=400)
        return render_plan(
            request, plan_id, bound={action: form}, problem=str(err.message), status=err.status_code
        )
    messages.success(request, PLAN_ACTIONS[action])
    return redirect("inspections:plan", plan_id=plan_id)
