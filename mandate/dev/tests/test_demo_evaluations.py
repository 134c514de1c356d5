"""The acceptance of issue 14's monthly evaluation on the demo city (item 9): every month of 2023
of the Department of Culture and Sports' officials is decided and submitted, the task part of
those who led tasks read from their records (the formula applied again here to the stored lines);
over HTTP, ``bavi`` gets 404 on an evaluation of the Department's official, who reads her own and
not her colleague's."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from mandate.dev.demo_city import DemoCity, load_demo_city
from mandate.evaluations.models import EvaluationState, MonthlyEvaluation
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoCity]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo_city()
        transaction.set_rollback(True)


def _client(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def _hers(demo: DemoCity) -> list[MonthlyEvaluation]:
    assert demo.person_keys is not None
    return list(
        MonthlyEvaluation.objects.filter(person_id=demo.person_keys["chuyenvien.vhtt"]).order_by(
            "sheet__month"
        )
    )


def test_every_month_of_2023_is_decided_with_the_task_part_from_the_records(demo: DemoCity) -> None:
    months = _hers(demo)
    assert [e.sheet.month.month for e in months] == list(range(1, 13))
    assert all(e.state == EvaluationState.DECIDED and e.sheet.submitted_at for e in months)
    from_records = [e for e in months if e.task_prefill is not None]
    assert from_records, "the official led tasks that fell due in 2023"
    for evaluation in from_records:
        lines = evaluation.prefill["lines"]
        due = sum((Decimal(line["weight"]) for line in lines), Decimal(0))
        earned = sum((Decimal(line["earned"]) for line in lines), Decimal(0))
        assert evaluation.task_points == (Decimal(70) * earned / due).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert evaluation.prefill_as_of == evaluation.sheet.closes_on
    may = months[4]
    assert may.discipline == Decimal(17)


def test_strangers_get_404_and_an_official_reads_her_own_only(demo: DemoCity) -> None:
    assert demo.person_keys is not None
    mine = _hers(demo)[0]
    department = OrgUnit.objects.get(pk=demo.units["so_van_hoa_the_thao"])
    colleague = (
        MonthlyEvaluation.objects.filter(sheet__unit_path__startswith=department.path)
        .exclude(person_id=mine.person_id)
        .first()
    )
    assert colleague is not None
    url = "/api/v1/evaluations/monthly/{}/"
    assert _client("bavi").get(url.format(mine.pk)).status_code == 404
    assert _client("chuyenvien.vhtt").get(url.format(mine.pk)).status_code == 200
    assert _client("chuyenvien.vhtt").get(url.format(colleague.pk)).status_code == 404
    assert _client("sovhtt").get(url.format(colleague.pk)).status_code == 200
