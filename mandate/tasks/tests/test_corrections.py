"""A correction is an explicit act with a reason and an effective date, through its own service
(issue 9, section 2), offered by the action policy (section 1): the API, the task page and the
service agree on who may (a leader acting for the assigning unit) and refuse everything else
with the database unchanged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from mandate.core.models import AuditEntry
from mandate.tasks import policy
from mandate.tasks.models import Task, TaskCorrection, TaskStateSpan

URL = "/api/v1/tasks/{}/corrections/"


@pytest.fixture
def task(assign):
    return assign(deadline_on=dt.date(2024, 4, 30))  # assigned on 01/03/2024


def _body(task: Task, **values: Any) -> dict[str, Any]:
    body = {
        "field": "deadline_on",
        "value": "2024-05-31",
        "effective_on": "2024-04-15",
        "reason": "Văn bản giao ghi hạn 31/05/2024",
        "version": Task.objects.get(pk=task.pk).version,
    }
    return {**body, **values}


def _snapshot(task: Task) -> tuple[Any, ...]:
    fresh = Task.objects.get(pk=task.pk)
    spans = list(TaskStateSpan.objects.filter(task=task).order_by("id").values_list())
    return (
        fresh.version,
        fresh.deadline_on,
        spans,
        TaskCorrection.objects.count(),
        AuditEntry.objects.count(),
    )


def test_a_leader_of_the_assigning_unit_corrects_through_the_api_and_lists_it(cast, api, task):
    response = api(cast.chanh).post(URL.format(task.pk), _body(task), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["field"], body["old_value"], body["new_value"]) == (
        "deadline_on",
        "2024-04-30",
        "2024-05-31",
    )
    assert (body["effective_on"], body["reason"]) == ("2024-04-15", "Văn bản giao ghi hạn 31/05/2024")
    assert body["made_by"] == cast.chanh.pk and body["made_by_name"]
    fresh = Task.objects.get(pk=task.pk)
    assert (fresh.deadline_on, fresh.version) == (dt.date(2024, 5, 31), task.version + 1)

    listed = api(cast.dung).get(URL.format(task.pk)).json()  # the lead side reads it too
    assert [c["id"] for c in listed["results"]] == [body["id"]]


def test_allowed_actions_offer_correct_exactly_to_a_leader_of_the_assigning_unit(cast, api, task):
    for user, offered in ((cast.chanh, True), (cast.van, False), (cast.dung, False), (cast.oanh, False)):
        allowed = api(user).get(f"/api/v1/tasks/{task.pk}/").json()["allowed_actions"]
        assert ("correct" in allowed) is offered, user
        refusal = policy.check(user, task, "correct")
        assert refusal.allowed is offered and (offered or refusal.reason), user


def test_correct_is_allowed_in_any_state(cast, api, task):
    for status in ("accepted", "cancelled", "reported", "returned"):
        Task.objects.filter(pk=task.pk).update(status=status)
        assert policy.check(cast.chanh, Task.objects.get(pk=task.pk), "correct").allowed, status


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"effective_on": (timezone.localdate() + dt.timedelta(days=1)).isoformat()}, "effective_on"),
        ({"effective_on": "2024-02-01"}, "effective_on"),  # before the day of assignment
        ({"effective_on": "9999-12-31"}, "effective_on"),
        ({"effective_on": "1999-12-31"}, "effective_on"),
        ({"value": "2101-01-01"}, "value"),
        ({"value": "2024-02-01"}, "value"),  # before the day of assignment
        ({"value": "2024-04-30"}, "value"),  # the record already says so
        ({"reason": ""}, "reason"),
        ({"reason": "   "}, "reason"),
        ({"field": "status"}, "field"),
        ({"reason": 5}, "reason"),
    ],
)
def test_an_invalid_correction_is_400_naming_the_field_and_changes_nothing(cast, api, task, values, field):
    before = _snapshot(task)
    response = api(cast.chanh).post(URL.format(task.pk), _body(task, **values), format="json")

    assert response.status_code == 400, response.json()
    body = response.json()
    assert set(body) >= {"code", "message", "fields"}
    assert field in body["fields"], body
    assert _snapshot(task) == before


def test_a_correction_without_the_version_or_with_a_stale_one_is_refused(cast, api, task):
    before = _snapshot(task)
    body = _body(task)
    del body["version"]
    assert api(cast.chanh).post(URL.format(task.pk), body, format="json").json()["code"] == "version_required"
    stale = api(cast.chanh).post(URL.format(task.pk), _body(task, version=task.version + 5), format="json")
    assert stale.status_code == 409
    assert _snapshot(task) == before


def test_an_outsider_gets_404_for_reading_and_correcting(cast, api, task):
    before = _snapshot(task)
    assert api(cast.bao).get(URL.format(task.pk)).status_code == 404
    assert api(cast.bao).post(URL.format(task.pk), _body(task), format="json").status_code == 404
    assert api(cast.bao).post(f"/tasks/{task.pk}/corrections/", {}).status_code == 404
    assert _snapshot(task) == before


@pytest.mark.parametrize("role", ["van", "dung", "oanh"])  # office staff, the lead side's leader, an official
def test_a_refused_role_gets_403_with_the_reason_and_the_database_unchanged(cast, api, task, role):
    user = getattr(cast, role)
    before = _snapshot(task)

    response = api(user).post(URL.format(task.pk), _body(task), format="json")
    assert response.status_code == 403, response.json()
    assert response.json()["message"] == policy.check(user, task, "correct").reason
    page = api(user).post(f"/tasks/{task.pk}/corrections/", _page_body(task))
    assert page.status_code == 403
    assert _snapshot(task) == before


def _page_body(task: Task, **values: str) -> dict[str, Any]:
    body = {
        "version": str(Task.objects.get(pk=task.pk).version),
        "field": "deadline_on",
        "value": "31/05/2024",
        "effective_on": "15/04/2024",
        "reason": "Văn bản giao ghi hạn 31/05/2024",
    }
    return {f"correct-{name}": value for name, value in {**body, **values}.items()}


def test_the_page_offers_the_form_to_the_leader_only_and_shows_the_correction(cast, api, task):
    action = f'action="/tasks/{task.pk}/corrections/"'
    assert action not in api(cast.van).get(f"/tasks/{task.pk}/").content.decode()
    assert action in api(cast.chanh).get(f"/tasks/{task.pk}/").content.decode()

    response = api(cast.chanh).post(f"/tasks/{task.pk}/corrections/", _page_body(task))
    assert response.status_code == 302
    html = api(cast.dung).get(f"/tasks/{task.pk}/").content.decode()
    section = html[html.index('id="task-corrections"') :]
    for text in ("30/04/2024 → 31/05/2024", "15/04/2024", "Văn bản giao ghi hạn 31/05/2024"):
        assert text in section, text
    assert str(cast.chanh.person.full_name) in section
    assert "Đính chính hồ sơ" in html and "Người đính chính" in section  # Vietnamese first


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"reason": ""}, "reason"),
        (
            {"effective_on": (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")},
            "effective_on",
        ),
        ({"effective_on": "01/01/2101"}, "effective_on"),
    ],
)
def test_a_refused_page_form_keeps_what_was_typed(cast, api, task, values, field):
    before = _snapshot(task)
    response = api(cast.chanh).post(f"/tasks/{task.pk}/corrections/", _page_body(task, **values))

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="form-correct"' in html
    assert "Văn bản giao ghi hạn 31/05/2024" in html or field == "reason"
    assert 'value="31/05/2024"' in html
    assert f'id="id_correct-{field}_error"' in html
    assert _snapshot(task) == before
