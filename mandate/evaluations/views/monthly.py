"""The monthly evaluation's pages (issue 14, items 2 and 7): one's own months; a unit's month for
its leader (the officials, the A quota stated, why it cannot be submitted yet, the closing day);
an evaluation with its task part read from the records (each line linked to its task, the
formula's worked example beside it), the official's self-assessment and the leader's decision.
Thin: the selectors read, the services write; a refusal shows the page again with why (400, 409).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from mandate.core.exceptions import ApplicationError
from mandate.evaluations import monthly_rules, policy_monthly
from mandate.evaluations import selectors_monthly as selectors
from mandate.evaluations.forms_monthly import DecisionForm, MonthSettingsForm, SelfAssessmentForm, SubmitForm
from mandate.evaluations.models import EvaluationState, MonthlyEvaluation
from mandate.evaluations.services import monthly as services
from mandate.indicators.views.common import add_service_errors
from mandate.people.actors import actor_of

OUTCOME_LABELS = {
    "on_time": gettext_lazy("completed on time"),
    "late": gettext_lazy("completed late"),
    "overdue": gettext_lazy("overdue, not completed"),
}


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    months, month = [], today.replace(day=1)
    for _index in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


@require_GET
def monthly_own(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    today = timezone.localdate()
    return render(
        request,
        "evaluations/monthly_own.html",
        {
            "evaluations": list(selectors.own_evaluations(actor=actor)[:36]),
            "units": selectors.led_units(actor=actor),
            "months": _months_back(today, 3),
        },
    )


def _month_page(
    request: HttpRequest, unit_id: int, month: dt.date, *, settings_form: MonthSettingsForm | None = None,
    problem: str = "", status: int = 200,
) -> HttpResponse:  # fmt: skip
    view = selectors.month_get(
        actor=actor_of(request.user), unit_id=unit_id, month=month, on=timezone.localdate(),
        purpose="evaluations.monthly_month",
    )  # fmt: skip
    sheet = view.sheet
    if settings_form is None and sheet is not None:
        settings_form = MonthSettingsForm(
            initial={
                "closes_on": sheet.closes_on, "exceptionally_outstanding": sheet.exceptionally_outstanding,
                "outstanding_basis": sheet.outstanding_basis, "version": sheet.version,
            }
        )  # fmt: skip
    return render(
        request,
        "evaluations/monthly_month.html",
        {
            "view": view,
            "month_code": f"{month:%Y-%m}",
            "settings_form": settings_form,
            "submit_form": SubmitForm(initial={"version": sheet.version}) if sheet else None,
            "problem": problem,
        },
        status=status,
    )


@require_GET
def monthly_month(request: HttpRequest, unit_id: int, month: str) -> HttpResponse:
    return _month_page(request, unit_id, selectors.month_from_code(month))


@require_POST
def monthly_open(request: HttpRequest, unit_id: int, month: str) -> HttpResponse:
    actor = actor_of(request.user)
    day = selectors.month_from_code(month)
    unit = selectors.unit_for_leader(actor=actor, unit_id=unit_id)
    try:
        services.month_open(actor=actor, unit=unit, month=day)
    except ApplicationError as err:
        if err.status_code not in (400, 409):
            raise
        return _month_page(request, unit_id, day, problem=str(err.message), status=err.status_code)
    messages.success(request, _("The month is open: each official's task part is read from the records."))
    return redirect("evaluations:monthly_month", unit_id=unit_id, month=month)


@require_POST
def monthly_settings(request: HttpRequest, unit_id: int, month: str) -> HttpResponse:
    actor = actor_of(request.user)
    sheet = selectors.sheet_get(actor=actor, unit_id=unit_id, month=selectors.month_from_code(month))
    form = MonthSettingsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.month_settings(
                actor=actor, sheet=sheet, closes_on=data["closes_on"],
                exceptionally_outstanding=data["exceptionally_outstanding"],
                outstanding_basis=data["outstanding_basis"], expected_version=data["version"],
            )  # fmt: skip
        except ApplicationError as err:
            if err.status_code not in (400, 409):
                raise
            add_service_errors(form, err, {})
            return _month_page(request, unit_id, sheet.month, settings_form=form, status=err.status_code)
        messages.success(request, _("The month's settings are saved."))
        return redirect("evaluations:monthly_month", unit_id=unit_id, month=month)
    return _month_page(request, unit_id, sheet.month, settings_form=form, status=400)


@require_POST
def monthly_submit(request: HttpRequest, unit_id: int, month: str) -> HttpResponse:
    actor = actor_of(request.user)
    sheet = selectors.sheet_get(actor=actor, unit_id=unit_id, month=selectors.month_from_code(month))
    form = SubmitForm(request.POST)
    if not form.is_valid():
        problem = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _month_page(request, unit_id, sheet.month, problem=problem, status=400)
    try:
        services.month_submit(actor=actor, sheet=sheet, expected_version=form.cleaned_data["version"])
    except ApplicationError as err:
        if err.status_code not in (400, 409):
            raise
        return _month_page(request, unit_id, sheet.month, problem=str(err.message), status=err.status_code)
    messages.success(request, _("The month's evaluations are submitted."))
    return redirect("evaluations:monthly_month", unit_id=unit_id, month=month)


def _lines(evaluation: MonthlyEvaluation) -> list[dict[str, Any]]:
    lines = []
    for line in evaluation.prefill.get("lines", []):
        lines.append(
            {
                **line,
                "deadline": dt.date.fromisoformat(line["deadline_on"]),
                "done": dt.date.fromisoformat(line["done_reported_on"]) if line["done_reported_on"] else None,
                "outcome_label": OUTCOME_LABELS.get(line["outcome"], line["outcome"]),
                "weight_value": Decimal(line["weight"]),
                "earned_value": Decimal(line["earned"]),
                "lost": [(reason, Decimal(lost) * 100) for reason, lost in line["deductions"]],
            }
        )
    return lines


def _detail_page(
    request: HttpRequest, evaluation: MonthlyEvaluation, *, self_form: SelfAssessmentForm | None = None,
    decision_form: DecisionForm | None = None, problem: str = "", status: int = 200,
) -> HttpResponse:  # fmt: skip
    actor = actor_of(request.user)
    today = timezone.localdate()
    sheet = evaluation.sheet
    rules = monthly_rules.rules_by_code(sheet.rules_code)
    closed = policy_monthly.is_closed(sheet.closes_on, today)
    own = policy_monthly.is_own(actor, evaluation)
    may_self = own and not closed and evaluation.state != EvaluationState.DECIDED
    may_decide = not closed and not own and policy_monthly.leads(actor, sheet.unit)
    if may_self and self_form is None:
        self_form = SelfAssessmentForm(
            initial={
                "discipline": evaluation.self_discipline,
                "task": evaluation.self_task if evaluation.self_task is not None else evaluation.task_prefill,
                "bonus": evaluation.self_bonus or 0,
                "note": evaluation.self_note,
                "version": evaluation.version,
            }
        )
    if may_decide and decision_form is None:
        decided = evaluation.state == EvaluationState.DECIDED
        decision_form = DecisionForm(
            initial={
                "discipline": evaluation.discipline if decided else evaluation.self_discipline,
                "task": evaluation.task_points if decided else None,
                "bonus": evaluation.bonus if decided else 0,
                "note": evaluation.leader_note,
                "version": evaluation.version,
            }
        )
    example = monthly_rules.task_part(rules, rules.formula.example)
    return render(
        request,
        "evaluations/monthly_detail.html",
        {
            "evaluation": evaluation,
            "sheet": sheet,
            "rules": rules,
            "closed": closed,
            "closed_reason": policy_monthly.closed_reason(sheet.month, sheet.closes_on) if closed else "",
            "lines": _lines(evaluation),
            "example": example,
            "example_lines": [(line, OUTCOME_LABELS[line.facts.outcome]) for line in example.lines],
            "self_form": self_form if may_self else None,
            "decision_form": decision_form if may_decide else None,
            "may_open_month": policy_monthly.leads(actor, sheet.unit),
            "month_code": f"{sheet.month:%Y-%m}",
            "problem": problem,
        },
        status=status,
    )


@require_GET
def monthly_detail(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(
        actor=actor_of(request.user), evaluation_id=evaluation_id, purpose="evaluations.monthly_detail"
    )
    return _detail_page(request, evaluation)


@require_POST
def monthly_self(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    actor = actor_of(request.user)
    evaluation = selectors.evaluation_for_write(actor=actor, evaluation_id=evaluation_id)
    form = SelfAssessmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_self_assess(
                actor=actor, evaluation=evaluation, discipline=data["discipline"], task=data["task"],
                bonus=data["bonus"], note=data["note"], expected_version=data["version"],
            )  # fmt: skip
        except ApplicationError as err:
            if err.status_code not in (400, 409):
                raise
            add_service_errors(form, err, {})
            return _detail_page(
                request, evaluation, self_form=form, problem=str(err.message), status=err.status_code
            )
        messages.success(request, _("Your self-assessment is saved."))
        return redirect("evaluations:monthly_detail", evaluation_id=evaluation.pk)
    return _detail_page(request, evaluation, self_form=form, status=400)


@require_POST
def monthly_decide(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    actor = actor_of(request.user)
    evaluation = selectors.evaluation_for_write(actor=actor, evaluation_id=evaluation_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decided = services.evaluation_decide(
                actor=actor, evaluation=evaluation, discipline=data["discipline"], task=data["task"],
                bonus=data["bonus"], note=data["note"], expected_version=data["version"],
            )  # fmt: skip
        except ApplicationError as err:
            if err.status_code not in (400, 409):
                raise
            add_service_errors(form, err, {})
            return _detail_page(
                request, evaluation, decision_form=form, problem=str(err.message), status=err.status_code
            )
        messages.success(request, _("Decided: grade %(grade)s.") % {"grade": decided.grade})
        return redirect(
            "evaluations:monthly_month", unit_id=decided.sheet.unit_id, month=f"{decided.sheet.month:%Y-%m}"
        )
    return _detail_page(request, evaluation, decision_form=form, status=400)
