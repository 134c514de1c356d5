"""The annual classification pages (issue 14 items 3 and 7; ADR 0053): a unit's sheet for a year
and one classification. Thin: the selectors read (scoped, the reads of others logged); writes go
through the API's services."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mandate.evaluations import rule_sets, selectors_annual
from mandate.evaluations.models.annual import AnnualClassification, AnnualRuleSet, AnnualState
from mandate.evaluations.rule_sets_load import rules_of
from mandate.evaluations.services.annual import quota_checks, quota_message
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of


@dataclass(frozen=True)
class RuleSetShown:
    """A rule set as the page names it: source, period, mark, and its quotas as they stand."""

    rule_set: AnnualRuleSet
    rules: rule_sets.RuleSet
    quotas: list[tuple[rule_sets.QuotaCheck, str]]


def _shown(rule_set: AnnualRuleSet, unit: OrgUnit | None, year: int) -> RuleSetShown:
    checks: list[tuple[rule_sets.QuotaCheck, str]] = []
    if unit is not None:
        for check in quota_checks(rule_set=rule_set, unit=unit, year=year):
            checks.append((check, quota_message(check)))
    return RuleSetShown(rule_set, rules_of(rule_set), checks)


@require_GET
def annual_sheet(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    sheet = selectors_annual.sheet_get(
        actor=actor_of(request.user), unit_id=unit_id, year=year, purpose="evaluations.annual_sheet"
    )
    classified = [row.classification for row in sheet.rows if row.classification is not None]
    rule_sets_used = {c.rule_set_id: c.rule_set for c in classified}
    shown = [_shown(rs, sheet.unit if sheet.leads else None, year) for rs in rule_sets_used.values()]
    context = {"sheet": sheet, "rule_sets": shown, "decided": AnnualState.DECIDED}
    return render(request, "evaluations/annual_sheet.html", context)


@require_GET
def annual_detail(request: HttpRequest, classification_id: int) -> HttpResponse:
    row: AnnualClassification = selectors_annual.classification_get(
        actor=actor_of(request.user), classification_id=classification_id, purpose="evaluations.annual_detail"
    )
    monthly = selectors_annual.monthly_grades(person_id=row.person_id, year=row.year) if row.person_id else []
    context = {"row": row, "rule_set": _shown(row.rule_set, None, row.year), "monthly": monthly}
    return render(request, "evaluations/annual_detail.html", context)
