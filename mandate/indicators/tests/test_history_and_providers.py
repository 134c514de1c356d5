"""History as recorded on a day, the computed indicators' providers, and the admin pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from mandate.core import periods
from mandate.indicators import history, providers
from mandate.indicators.models import Actual
from mandate.indicators.services import actuals, approval
from mandate.indicators.tests.factories import submission_of

pytestmark = pytest.mark.django_db


def _enter(ind: SimpleNamespace, cast: Any, value: int, on: dt.date, version: int | None = None) -> None:
    entry = actuals.ActualEntry(indicator=ind.families, value=Decimal(value), version=version)
    actuals.actuals_enter(
        actor=cast.bao,
        indicator_set=ind.titles,
        unit=cast.district_state,
        period=ind.y2023,
        entries=[entry],
        on=on,
    )


def test_a_past_day_reads_the_values_and_states_recorded_by_then(cast: Any, ind: SimpleNamespace):
    _enter(ind, cast, 90, dt.date(2023, 9, 15))
    submission = submission_of(ind.titles, cast.district_state, ind.y2023)
    approval.submission_transition(
        actor=cast.bao, submission=submission, action="submit", expected_version=1, on=dt.date(2023, 9, 16)
    )
    submission.refresh_from_db()
    approval.submission_transition(
        actor=cast.dung, submission=submission, action="accept", expected_version=2, on=dt.date(2023, 9, 20)
    )
    submission.refresh_from_db()
    approval.submission_transition(
        actor=cast.dung,
        submission=submission,
        action="unlock",
        expected_version=3,
        reason="Sửa",
        on=dt.date(2023, 10, 1),
    )
    _enter(ind, cast, 96, dt.date(2023, 10, 2), version=1)
    actual = Actual.objects.get()

    def value_on(day: dt.date) -> Decimal | None:
        found = history.values_as_recorded([actual.pk], on=day).get(actual.pk)
        return found.value if found else None

    assert [value_on(dt.date(2023, 9, d)) for d in (14, 15, 30)] == [None, Decimal(90), Decimal(90)]
    assert value_on(dt.date(2023, 10, 2)) == Decimal(96)
    states = [
        history.states_on([submission.pk], on=dt.date(2023, m, d))[submission.pk]
        for m, d in (
            (9, 15),
            (9, 16),
            (9, 20),
            (10, 1),
        )
    ]
    assert states == ["draft", "submitted", "accepted", "returned"]


def test_the_task_completion_rate_is_read_from_the_tasks_statistics(cast: Any, make_document: Any):
    from mandate.tasks.services import assignment

    plan = make_document("47-KH/ĐU", cast.culture_party)
    assignment.task_assign(
        actor=cast.van,
        document=plan,
        content="Kiểm tra",
        lead_unit=cast.culture,
        assigner_unit=cast.party_office,
        deadline_on=dt.date(2031, 3, 1),
    )
    provider = providers.get("tasks.completion_rate")

    figure = provider.value(unit=cast.culture, period=periods.year(2031))

    assert figure == providers.ProvidedValue(numerator=Decimal(0), denominator=Decimal(1))
    assert provider.value(unit=cast.info, period=periods.year(2031)) is None
    assert "tasks.completion_rate" in providers.registered_keys()


@pytest.mark.parametrize(
    "model", ["indicator", "indicatorset", "target", "allocation", "submission", "actual"]
)
def test_the_admin_lists_the_indicators_records_read_only(
    cast: Any, client: Any, ind: SimpleNamespace, model: str
):
    client.force_login(cast.ad)
    assert client.get(reverse(f"admin:indicators_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:indicators_{model}_add")).status_code == 403
