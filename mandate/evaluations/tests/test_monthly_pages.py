"""The monthly evaluation over HTTP (issue 14, items 2 and 7): the API and the pages call the same
services; the readers of each route; a change to a closed month is 409 with its reason; every
read of another person's evaluation is in the access log."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from mandate.core.models import AccessLogEntry
from mandate.evaluations.models import EvaluationState, MonthlyEvaluation
from mandate.evaluations.services import monthly as services
from mandate.evaluations.tests.monthly_world import MARCH, march

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: SimpleNamespace, make_document: Any) -> SimpleNamespace:
    return march(cast, make_document)


def _current(cast: SimpleNamespace) -> tuple[str, MonthlyEvaluation]:
    """The current month of culture, opened by its director; vera's evaluation."""
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=timezone.localdate())
    return f"{sheet.month:%Y-%m}", MonthlyEvaluation.objects.get(sheet=sheet, person=cast.vera.person)


@pytest.mark.parametrize(
    ("who", "detail", "month"),
    [("dung", 200, 200), ("vera", 200, 404), ("oanh", 404, 404), ("van", 404, 404), ("ad", 404, 404),
     ("tin", 404, 404), ("chanh", 404, 404)],
)  # fmt: skip
def test_each_route_answers_its_readers_only(
    cast: SimpleNamespace, api: Any, who: str, detail: int, month: int
) -> None:
    code, evaluation = _current(cast)
    client = api(getattr(cast, who))
    for name in ("api-evaluations-monthly", "evaluations:monthly_detail"):
        assert client.get(reverse(name, args=[evaluation.pk])).status_code == detail
    for name in ("api-evaluations-month", "evaluations:monthly_month"):
        assert client.get(reverse(name, args=[cast.culture.pk, code])).status_code == month
    own = client.get(reverse("api-evaluations-monthly-own")).json()["results"]
    assert [row["id"] for row in own] == ([evaluation.pk] if who == "vera" else [])


def test_a_bad_month_names_nothing(cast: SimpleNamespace, api: Any) -> None:
    for code in ("2023-13", "2023-3", "abcd-ef", "1999-01"):
        assert (
            api(cast.dung).get(f"/api/v1/evaluations/units/{cast.culture.pk}/months/{code}/").status_code
            == 404
        )


def test_the_leaders_reads_of_others_are_logged_the_officials_own_are_not(
    cast: SimpleNamespace, api: Any
) -> None:
    code, evaluation = _current(cast)
    api(cast.vera).get(reverse("api-evaluations-monthly", args=[evaluation.pk]))
    assert not AccessLogEntry.objects.exists()
    api(cast.dung).get(reverse("evaluations:monthly_month", args=[cast.culture.pk, code]))
    api(cast.dung).get(reverse("api-evaluations-monthly", args=[evaluation.pk]))
    entries = list(AccessLogEntry.objects.order_by("id").values_list("actor_id", "record_id", "purpose"))
    assert entries == [
        (cast.dung.pk, str(evaluation.pk), "evaluations.monthly_month"),
        (cast.dung.pk, str(evaluation.pk), "evaluations.monthly_detail"),
    ]


def test_the_leader_opens_decides_and_submits_through_the_api(cast: SimpleNamespace, api: Any) -> None:
    code = f"{timezone.localdate():%Y-%m}"
    client = api(cast.dung)
    opened = client.post(reverse("api-evaluations-month-open", args=[cast.culture.pk, code]), format="json")
    assert opened.status_code == 201
    body = opened.json()
    assert (body["rated"], body["a_quota"], body["a_quota_percent"], body["submittable"]) == (1, 0, 30, False)
    (row,) = body["evaluations"]
    assert row["task_prefill"] is None  # vera leads no task: the leader enters the part
    url = reverse("api-evaluations-monthly-decide", args=[row["id"]])
    refused = client.post(url, {"discipline": "20", "bonus": "0", "version": row["version"]}, format="json")
    assert refused.status_code == 400 and "task" in refused.json()["fields"]
    decided = client.post(
        url, {"discipline": "20", "task": "70", "bonus": "10", "version": row["version"]}, format="json"
    )
    assert (decided.status_code, decided.json()["grade"]) == (200, "A")
    month = client.get(reverse("api-evaluations-month", args=[cast.culture.pk, code])).json()
    assert (month["a_given"], month["a_quota"], month["submittable"]) == (1, 0, False)
    assert "30 % × 1 " in month["refusal"]  # floor(0,3) = 0
    submit = client.post(
        reverse("api-evaluations-month-submit", args=[cast.culture.pk, code]), {"version": month["version"]},
        format="json",
    )  # fmt: skip
    assert (submit.status_code, submit.json()["code"]) == (409, "quota_exceeded")


def test_a_closed_month_answers_409_with_the_day_it_closed(
    cast: SimpleNamespace, api: Any, world: Any
) -> None:
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=dt.date(2023, 4, 3))
    lan = MonthlyEvaluation.objects.get(sheet=sheet, person=world.lan.person)
    response = api(cast.dung).post(
        reverse("api-evaluations-monthly-decide", args=[lan.pk]),
        {"discipline": "20", "bonus": "0", "version": lan.version},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "month_closed"
    assert "07/04/2023" in response.json()["message"]
    page = api(world.lan).post(
        reverse("evaluations:monthly_self", args=[lan.pk]),
        {"discipline": "20", "task": "50", "bonus": "0", "version": lan.version},
    )
    assert page.status_code == 409
    lan.refresh_from_db()
    assert (lan.state, lan.version) == (EvaluationState.OPEN, 1)


def test_the_form_shows_the_task_part_with_each_task_linked(
    cast: SimpleNamespace, api: Any, world: Any
) -> None:
    sheet = services.month_open(actor=cast.dung, unit=cast.culture, month=MARCH, on=dt.date(2023, 4, 3))
    lan = MonthlyEvaluation.objects.get(sheet=sheet, person=world.lan.person)
    page = api(cast.dung).get(reverse("evaluations:monthly_detail", args=[lan.pk])).content.decode()
    for task in (world.on_time, world.late, world.reworked, world.overdue):
        assert reverse("tasks:detail", args=[task.pk]) in page
    assert reverse("tasks:detail", args=[world.april.pk]) not in page
    assert "49,00" in page  # Vietnamese numbers
    assert "07/04/2023" in page
    minh = MonthlyEvaluation.objects.get(sheet=sheet, person=world.minh.person)
    page = api(cast.dung).get(reverse("evaluations:monthly_detail", args=[minh.pk])).content.decode()
    assert 'id="no-task-due"' in page
