"""The monthly evaluation of one unit of the write matrix (tests/write_world.py) and of the
permission matrix's foreign unit: the unit's current month, opened by the system, every
official's evaluation decided (so that its leader may submit it); the evaluation named is its
clerk's (nobody of the cast assesses himself there: the self-assessment is refused to all)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from mandate.evaluations.models import MonthlyEvaluation
from mandate.evaluations.services import monthly as services
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person


def month_code() -> str:
    return f"{timezone.localdate():%Y-%m}"


def monthly_objects(unit: OrgUnit, person: Person) -> dict[str, int]:
    sheet = services.month_open(actor=None, unit=unit, month=timezone.localdate())
    for evaluation in sheet.evaluations.all():
        services.evaluation_decide(
            actor=None, evaluation=evaluation, discipline=Decimal(18), task=Decimal(50), bonus=Decimal(0),
            note="", expected_version=evaluation.version,
        )  # fmt: skip
    sheet.refresh_from_db()
    evaluation = MonthlyEvaluation.objects.get(sheet=sheet, person=person)
    return {
        "monthly_evaluation": evaluation.pk,
        "monthly_evaluation_version": evaluation.version,
        "evaluation_sheet_version": sheet.version,
    }
