"""The reads of the monthly evaluation (issue 14, items 2 and 7), scoped by ``policy_monthly``:
an official's own, a leader's unit's; anything else is 404. Each read of another person's
evaluation goes into the access log (ADR 0034) before it is returned.

``monthly_results`` is what the annual classification reads: a person's decided months of a
year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from mandate.core import access_log
from mandate.core.exceptions import NotFoundError
from mandate.evaluations import monthly_rules, policy_monthly
from mandate.evaluations.models import EvaluationState, MonthlyEvaluation, MonthSheet
from mandate.evaluations.services.monthly import default_closes_on, first_of, quota_refusal, rated_positions
from mandate.organisations.models import OrgUnit
from mandate.people.enums import Role
from mandate.people.models import Person, User
from mandate.people.scopes import membership


def month_from_code(text: str) -> dt.date:
    """``2023-03`` → 01/03/2023; anything else names no month (404)."""
    year, _dash, number = text.partition("-")
    if len(text) != 7 or _dash != "-" or not (year.isdigit() and number.isdigit()):
        raise NotFoundError()
    if not 2018 <= int(year) <= 2100 or not 1 <= int(number) <= 12:
        raise NotFoundError()
    return dt.date(int(year), int(number), 1)


def _log(actor: User | None, evaluations: list[MonthlyEvaluation], purpose: str) -> None:
    others = [e.pk for e in evaluations if actor is None or e.person.user_id != actor.pk]
    if others:
        access_log.record_reads(
            actor=actor, record_type=MonthlyEvaluation, record_ids=others, purpose=purpose
        )


def evaluation_get(*, actor: User | None, evaluation_id: int, purpose: str) -> MonthlyEvaluation:
    """One evaluation its reader may read (404 otherwise), the read logged if it is another's."""
    evaluation = evaluation_for_write(actor=actor, evaluation_id=evaluation_id)
    _log(actor, [evaluation], purpose)
    return evaluation


def evaluation_for_write(*, actor: User | None, evaluation_id: int) -> MonthlyEvaluation:
    """The evaluation a write names, scoped as a read (404) but not logged: the write's own
    answer reads it, and a refused write must leave nothing behind (not even a log entry)."""
    evaluation = (
        MonthlyEvaluation.objects.select_related("sheet__unit", "person", "decided_by")
        .filter(pk=evaluation_id)
        .first()
    )
    if evaluation is None or not policy_monthly.may_read(actor, evaluation):
        raise NotFoundError()
    return evaluation


def own_evaluations(*, actor: User | None) -> QuerySet[MonthlyEvaluation]:
    if actor is None or not actor.is_authenticated:
        return MonthlyEvaluation.objects.none()
    return (
        MonthlyEvaluation.objects.filter(person__user=actor)
        .select_related("sheet__unit")
        .order_by("-sheet__month", "sheet__unit__name")
    )


def led_units(*, actor: User | None) -> list[OrgUnit]:
    """The units whose months the actor opens: those he works in as a leader."""
    if actor is None or actor.is_superuser:
        return []
    prefixes = [grant.prefix for grant in membership(actor).grants if grant.role == Role.LEADER]
    return list(OrgUnit.objects.filter(path__in=prefixes).order_by("path"))


@dataclass(frozen=True)
class MonthView:
    unit: OrgUnit
    month: dt.date
    rules: monthly_rules.Rules
    sheet: MonthSheet | None  # None: not opened yet
    closes_on: dt.date
    closed: bool
    rows: list[MonthlyEvaluation]
    rated: int
    quota: int
    given: int
    quota_percent: int
    refusal: tuple[str, str]


def month_get(*, actor: User | None, unit_id: int, month: dt.date, on: dt.date, purpose: str) -> MonthView:
    """A unit's month for its leader: the evaluations with the quota, or (not opened yet) the
    officials it would rate."""
    unit = unit_for_leader(actor=actor, unit_id=unit_id)
    month = first_of(month)
    sheet = MonthSheet.objects.filter(unit=unit, month=month).first()
    rules = monthly_rules.rules_by_code(sheet.rules_code) if sheet else monthly_rules.rules_for(month)
    closes_on = sheet.closes_on if sheet else default_closes_on(month, rules)
    rows: list[MonthlyEvaluation] = []
    if sheet is not None:
        rows = list(sheet.evaluations.select_related("person").order_by("person__full_name", "pk"))
        _log(actor, rows, purpose)
    rated = len(rows) if sheet is not None else len(rated_positions(unit, month))
    outstanding = sheet.exceptionally_outstanding if sheet else False
    given = sum(1 for row in rows if row.state == EvaluationState.DECIDED and row.grade == "A")
    return MonthView(
        unit=unit,
        month=month,
        rules=rules,
        sheet=sheet,
        closes_on=closes_on,
        closed=policy_monthly.is_closed(closes_on, on),
        rows=rows,
        rated=rated,
        quota=monthly_rules.a_quota(rules, rated, outstanding=outstanding),
        given=given,
        quota_percent=rules.a_quota_percent_outstanding if outstanding else rules.a_quota_percent,
        refusal=quota_refusal(sheet) if sheet else ("not_ready", ""),
    )


def unit_for_leader(*, actor: User | None, unit_id: int) -> OrgUnit:
    """A unit whose months the actor opens (404 for anyone else)."""
    unit: OrgUnit | None = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None or not policy_monthly.leads(actor, unit):
        raise NotFoundError()
    return unit


def sheet_get(*, actor: User | None, unit_id: int, month: dt.date) -> MonthSheet:
    """The opened month of a unit, for a write by its leader (404 for anyone else, or if not
    opened)."""
    sheet = MonthSheet.objects.select_related("unit").filter(unit_id=unit_id, month=first_of(month)).first()
    if sheet is None or not policy_monthly.leads(actor, sheet.unit):
        raise NotFoundError()
    return sheet


@dataclass(frozen=True)
class MonthlyResult:
    month: dt.date
    unit_id: int
    grade: str
    total: Decimal
    evaluation_id: int


def monthly_results(*, actor: User | None, person: Person, year: int, purpose: str) -> list[MonthlyResult]:
    """A person's decided months of ``year``, oldest first (the annual classification's basis,
    R7): only what a leader decided counts, and only months the reader may read (logged)."""
    evaluations = [
        evaluation
        for evaluation in MonthlyEvaluation.objects.filter(
            person=person, state=EvaluationState.DECIDED, sheet__month__year=year
        )
        .select_related("sheet__unit", "person")
        .order_by("sheet__month", "pk")
        if actor is None or policy_monthly.may_read(actor, evaluation)
    ]
    _log(actor, evaluations, purpose)
    return [
        MonthlyResult(e.sheet.month, e.sheet.unit_id, e.grade, e.total or Decimal(0), e.pk)
        for e in evaluations
    ]
