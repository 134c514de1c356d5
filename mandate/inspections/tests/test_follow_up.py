"""The follow-up is done only when what was recommended is done (docs/adr/0047): every
recommendation issued as a task, every such task completed or cancelled in the tasks' own states;
otherwise the move is 409 with the reason (which recommendations), and nothing changes."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.core.exceptions import InvalidStateError
from mandate.core.models import AuditEntry
from mandate.inspections import policy_records, services
from mandate.inspections.enums import InspectionState
from mandate.inspections.models import Inspection, InspectionEvent
from mandate.tasks.enums import TaskStatus
from mandate.tasks.models import Task
from mandate.tasks.services.lifecycle import task_transition

DONE_ON = dt.date(2024, 10, 30)


def _recommend(cast: Any, seed: SimpleNamespace, text: str) -> Any:
    return services.recommendation_add(
        actor=seed.phong, inspection=seed.inspection, text=text, lead_unit=cast.info
    )


def _issue(seed: SimpleNamespace, recommendation: Any) -> Any:
    return services.recommendation_issue(
        actor=seed.phong,
        recommendation=recommendation,
        deadline_on=dt.date(2024, 9, 30),
        assigned_on=dt.date(2024, 7, 22),
    )


def _task_move(actor: Any, task: Any, action: str, reason: str = "") -> None:
    task = Task.objects.get(pk=task.pk)
    task_transition(actor=actor, task=task, action=action, expected_version=task.version, reason=reason)


def _complete(cast: Any, seed: SimpleNamespace, task: Any) -> None:
    """The department's leader reports it done; the Standing Committee's Deputy Secretary accepts."""
    _task_move(cast.tin, task, "report_done", "Đã thực hiện xong.")
    _task_move(seed.phong, task, "accept")


def _cancel(seed: SimpleNamespace, task: Any) -> None:
    _task_move(seed.phong, task, "cancel", "Không còn cần.")


def _follow_up(seed: SimpleNamespace) -> Inspection:
    inspection = Inspection.objects.get(pk=seed.inspection.pk)
    return services.inspection_move(
        actor=seed.phong,
        inspection=inspection,
        action="follow_up_done",
        expected_version=inspection.version,
        on=DONE_ON,
    )


def _refused(seed: SimpleNamespace) -> str:
    before = (
        Inspection.objects.values_list("state", "version", "follow_up_done_on").get(pk=seed.inspection.pk),
        InspectionEvent.objects.count(),
        AuditEntry.objects.count(),
    )
    with pytest.raises(InvalidStateError) as refused:
        _follow_up(seed)
    after = (
        Inspection.objects.values_list("state", "version", "follow_up_done_on").get(pk=seed.inspection.pk),
        InspectionEvent.objects.count(),
        AuditEntry.objects.count(),
    )
    assert after == before, "a refused move changes nothing"
    return str(refused.value.message)


def test_a_recommendation_not_issued_keeps_the_follow_up_open(cast: Any, seed: SimpleNamespace) -> None:
    _issue(seed, _recommend(cast, seed, "Một"))
    _recommend(cast, seed, "Hai")

    message = _refused(seed)

    assert "chưa được giao thành nhiệm vụ: số 2." in message
    assert "số 1" not in message.split("số 2")[0]


def test_an_open_task_keeps_it_open_until_completed_or_cancelled(cast: Any, seed: SimpleNamespace) -> None:
    first = _issue(seed, _recommend(cast, seed, "Một"))
    second = _issue(seed, _recommend(cast, seed, "Hai"))
    third = _issue(seed, _recommend(cast, seed, "Ba"))
    _complete(cast, seed, first)
    _task_move(cast.tin, second, "start")

    message = _refused(seed)
    assert "Nhiệm vụ của kiến nghị số 2, 3 chưa hoàn thành" in message

    _complete(cast, seed, second)
    assert "kiến nghị số 3 " in _refused(seed)  # reported done is not completed: accepted is

    _cancel(seed, third)
    inspection = _follow_up(seed)

    assert (inspection.state, inspection.follow_up_done_on) == (InspectionState.FOLLOW_UP_DONE, DONE_ON)


def test_a_task_reported_but_not_accepted_is_still_open(cast: Any, seed: SimpleNamespace) -> None:
    task = _issue(seed, _recommend(cast, seed, "Một"))
    _task_move(cast.tin, task, "report_done", "Xong.")

    assert Inspection.objects.get(pk=seed.inspection.pk).state == InspectionState.CONCLUDED
    assert "kiến nghị số 1 " in _refused(seed)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.REPORTED


def test_an_inspection_without_recommendations_follows_up_at_once(seed: SimpleNamespace) -> None:
    assert _follow_up(seed).state == InspectionState.FOLLOW_UP_DONE


def test_the_actions_offered_follow_the_same_rule(cast: Any, seed: SimpleNamespace) -> None:
    task = _issue(seed, _recommend(cast, seed, "Một"))
    inspection = Inspection.objects.get(pk=seed.inspection.pk)
    check = policy_records.check(seed.phong, inspection, "follow_up_done")

    assert (check.allowed, check.conflict) == (False, True)
    assert "follow_up_done" not in policy_records.allowed_names(seed.phong, inspection)
    _cancel(seed, task)
    assert "follow_up_done" in policy_records.allowed_names(seed.phong, inspection)


MOVES = "/api/v1/inspections/inspections/{pk}/moves/"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("vi", "Nhiệm vụ của kiến nghị số 1 chưa hoàn thành"),
        ("en", "The tasks of recommendations no. 1 are neither completed nor cancelled"),
    ],
)
def test_the_api_refuses_with_409_and_the_reason_in_the_readers_language(
    cast: Any, seed: SimpleNamespace, api: Any, language: str, words: str
) -> None:
    _issue(seed, _recommend(cast, seed, "Một"))
    version = Inspection.objects.get(pk=seed.inspection.pk).version

    response = api(seed.phong).post(
        MOVES.format(pk=seed.inspection.pk),
        {"action": "follow_up_done", "on": "2024-10-30", "version": version},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert response.status_code == 409, response.json()
    assert response.json()["code"] == "invalid_transition"
    assert words in response.json()["message"]
    assert Inspection.objects.get(pk=seed.inspection.pk).state == InspectionState.CONCLUDED


def test_the_api_moves_once_the_work_is_done(cast: Any, seed: SimpleNamespace, api: Any) -> None:
    _complete(cast, seed, _issue(seed, _recommend(cast, seed, "Một")))
    detail = api(seed.phong).get(f"/api/v1/inspections/inspections/{seed.inspection.pk}/").json()

    response = api(seed.phong).post(
        MOVES.format(pk=seed.inspection.pk),
        {"action": "follow_up_done", "on": "2024-10-30", "version": detail["version"]},
        format="json",
    )

    assert "follow_up_done" in detail["actions"]
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "follow_up_done"


def test_the_page_offers_no_follow_up_while_work_is_open_and_says_why(
    cast: Any, seed: SimpleNamespace, api: Any
) -> None:
    task = _issue(seed, _recommend(cast, seed, "Một"))
    client = api(seed.phong)
    page = client.get(f"/inspections/{seed.inspection.pk}/").content.decode()
    version = Inspection.objects.get(pk=seed.inspection.pk).version

    refused = client.post(
        f"/inspections/{seed.inspection.pk}/act/",
        {"action": "follow_up_done", "follow_up_done-version": version, "follow_up_done-on": "30/10/2024"},
    )

    assert 'id="form-follow_up_done"' not in page
    assert refused.status_code == 409
    assert "Nhiệm vụ của kiến nghị số 1 chưa hoàn thành" in refused.content.decode()
    assert Inspection.objects.get(pk=seed.inspection.pk).state == InspectionState.CONCLUDED
    _cancel(seed, task)
    assert 'id="form-follow_up_done"' in client.get(f"/inspections/{seed.inspection.pk}/").content.decode()
