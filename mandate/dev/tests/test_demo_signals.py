"""The demo city's accountability signals (issue 14 items 1 and 9): no signal data of its own —
the signals point at the demo's genuinely late tasks, read from their records, and the demo's
accounts reach them as the scoping says."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from mandate.dev.demo_city import DemoCity, load_demo_city
from mandate.evaluations import selectors_signals
from mandate.evaluations.signals_registry import Window, definition_of
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.tasks.enums import TaskStatus
from mandate.tasks.models import Task


@pytest.fixture(scope="module")
def city(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoCity]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo_city()
        transaction.set_rollback(True)


def _task(city: DemoCity, key: str) -> Task:
    assert city.tasks is not None
    return Task.objects.get(pk=city.tasks.tasks[key])


def _unit(city: DemoCity, key: str) -> OrgUnit:
    return OrgUnit.objects.get(pk=city.units[key])


def _client(username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(User.objects.get(username=username))
    return client


def _hits(code: str, unit: OrgUnit, starts_on: dt.date, ends_on: dt.date) -> set[int]:
    definition = definition_of(code)
    assert definition is not None
    column = selectors_signals.column_of(code, ends_on)
    window = Window(starts_on, ends_on, (unit.path,), None, column.threshold.params)
    return {hit.record_id for hit in definition.finder(window)}


@pytest.mark.django_db
def test_the_departments_board_points_at_its_genuinely_late_tasks(city: DemoCity) -> None:
    today = timezone.localdate()
    culture = _unit(city, "so_van_hoa_the_thao")
    board = selectors_signals.unit_board(
        actor=User.objects.get(username="sovhtt"),
        unit_id=culture.pk,
        starts_on=today - dt.timedelta(days=90),
        ends_on=today,
        purpose="test",
    )

    overdue = _task(city, "live.vhtt.overdue")
    late = _hits("overdue_unreported", culture, today - dt.timedelta(days=90), today)
    assert len(late) == board.total.counts["overdue_unreported"]
    assert overdue.pk in late
    assert _task(city, "live.vhtt.not_updated").pk in _hits(
        "not_updated", culture, today - dt.timedelta(days=90), today
    )
    for pk in late:  # every one genuinely late on the day
        task = Task.objects.get(pk=pk)
        assert task.deadline_on is not None and task.deadline_on < today
        assert task.status != TaskStatus.ACCEPTED
    clerk = next(row for row in board.people if row.person and row.person.user_id)
    assert clerk.counts is not None


@pytest.mark.django_db
def test_the_return_counts_for_the_department_that_returned_it(city: DemoCity) -> None:
    returned = _task(city, "spread.returned")
    q4 = (dt.date(2024, 10, 1), dt.date(2024, 12, 31))

    events = _hits("returned_not_ours", _unit(city, "so_du_lich"), *q4)
    assert returned.pk in set(Task.objects.filter(events__pk__in=events).values_list("pk", flat=True))
    assert not _hits("returned_not_ours", _unit(city, "so_van_hoa_the_thao"), *q4)


@pytest.mark.django_db
def test_the_escalated_task_is_signalled_in_its_quarter(city: DemoCity) -> None:
    escalated = _task(city, "spread.overdue.escalated")
    construction = _unit(city, "so_xay_dung")

    assert escalated.pk in _hits(
        "escalated_after_reminders", construction, dt.date(2025, 7, 1), dt.date(2025, 9, 30)
    )
    assert escalated.pk not in _hits(
        "escalated_after_reminders", construction, dt.date(2025, 4, 1), dt.date(2025, 6, 30)
    )


@pytest.mark.django_db
def test_over_http_the_demo_accounts_reach_what_the_scoping_says(city: DemoCity) -> None:
    culture = _unit(city, "so_van_hoa_the_thao")
    clerk = User.objects.get(username="chuyenvien.vhtt")
    director = User.objects.get(username="sovhtt")

    assert _client("sovhtt").get(f"/api/v1/evaluations/signals/units/{culture.pk}/").status_code == 200
    assert _client("bavi").get(f"/api/v1/evaluations/signals/units/{culture.pk}/").status_code == 404
    assert (
        _client("chuyenvien.vhtt").get(f"/api/v1/evaluations/signals/units/{culture.pk}/").status_code == 404
    )
    own = _client("chuyenvien.vhtt").get(f"/api/v1/evaluations/signals/people/{clerk.person.pk}/")
    assert own.status_code == 200
    overdue = next(s for s in own.json()["signals"] if s["code"] == "overdue_unreported")
    assert _task(city, "live.vhtt.overdue").pk in {r["record_id"] for r in overdue["records"]}
    assert (
        _client("chuyenvien.vhtt")
        .get(f"/api/v1/evaluations/signals/people/{director.person.pk}/")
        .status_code
        == 404
    )
