"""The wire between the monthly evaluation and the annual classification (ADR 0053's seam,
installed by the app's ``ready``): a month the leader decided is counted in the year's summary;
a month only self-assessed is not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.evaluations import selectors_annual
from mandate.evaluations.models import MonthlyEvaluation
from mandate.evaluations.services import monthly as services
from mandate.evaluations.tests.monthly_world import MARCH, march

pytestmark = pytest.mark.django_db
APRIL_3 = dt.date(2023, 4, 3)


def test_a_decided_month_is_counted_by_the_annual_classification(
    cast: SimpleNamespace, make_document: Any
) -> None:
    world = march(cast, make_document)
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=APRIL_3)
    lan = MonthlyEvaluation.objects.get(sheet=sheet, person=world.lan.person)
    minh = MonthlyEvaluation.objects.get(sheet=sheet, person=world.minh.person)
    assert selectors_annual.monthly_summary(person_id=world.lan.person.pk, year=2023) == {}

    services.evaluation_decide(
        actor=cast.dung, evaluation=lan, discipline=Decimal(20), task=None, bonus=Decimal(0), note="",
        expected_version=lan.version, on=APRIL_3,
    )  # fmt: skip
    services.evaluation_self_assess(
        actor=world.minh, evaluation=minh, discipline=Decimal(20), task=Decimal(70), bonus=Decimal(10),
        note="", expected_version=minh.version, on=APRIL_3,
    )  # fmt: skip

    grades = selectors_annual.monthly_grades(person_id=world.lan.person.pk, year=2023)
    assert [(g.month, g.grade, g.points) for g in grades] == [(3, "C", Decimal("69.00"))]
    assert selectors_annual.monthly_summary(person_id=world.minh.person.pk, year=2023) == {}
    assert selectors_annual.monthly_grades(person_id=world.lan.person.pk, year=2024) == []
