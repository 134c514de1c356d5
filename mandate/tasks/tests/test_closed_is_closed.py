"""Closed is closed (issue 9, section 1): a pending extension is closed with its task."""

import datetime as dt

import pytest

from mandate.core.exceptions import InvalidStateError
from mandate.tasks.enums import ExtensionStatus
from mandate.tasks.models import ExtensionRequest
from mandate.tasks.services import assignment, lifecycle, progress


def _move(task, actor, action, **kwargs):
    return lifecycle.task_transition(
        actor=actor, task=task, action=action, expected_version=task.version, **kwargs
    )


@pytest.fixture
def late_with_pending_extension(cast, assign):
    task = assign(deadline_on=dt.date(2024, 4, 30))
    request = progress.extension_request(
        actor=cast.dung,
        task=task,
        proposed_deadline_on=dt.date(2024, 6, 30),
        reason="Chưa kịp",
        on=dt.date(2024, 4, 20),
    )
    task = _move(task, cast.oanh, "report_done", on=dt.date(2024, 5, 15), reason="Xong")
    return task, request


def test_approving_an_extension_after_acceptance_is_refused(cast, late_with_pending_extension):
    task, request = late_with_pending_extension
    task = _move(task, cast.chanh, "accept", on=dt.date(2024, 5, 20))
    request.refresh_from_db()
    with pytest.raises(InvalidStateError):
        progress.extension_decide(
            actor=cast.chanh, request=request, approve=True, expected_version=request.version
        )
    task.refresh_from_db()
    assert task.deadline_on == dt.date(2024, 4, 30)


def test_reporting_done_closes_a_pending_extension(cast, late_with_pending_extension):
    _task, request = late_with_pending_extension
    request.refresh_from_db()
    assert request.status == ExtensionStatus.CLOSED
    assert request.decision_note


def test_cancelling_closes_a_pending_extension(cast, assign):
    task = assign()
    request = progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=dt.date(2024, 6, 30), reason="Chưa kịp"
    )
    task.refresh_from_db()
    _move(task, cast.chanh, "cancel", reason="Không cần nữa")
    assert ExtensionRequest.objects.get(pk=request.pk).status == ExtensionStatus.CLOSED


@pytest.mark.parametrize("action", ["accept", "cancel"])
def test_a_closed_task_is_not_edited_nor_given_a_lead_person(cast, assign, action):
    from mandate.people.models import Person

    task = assign()
    if action == "accept":
        task = _move(task, cast.oanh, "report_done", reason="Xong")
        task = _move(task, cast.chanh, "accept")
    else:
        task = _move(task, cast.chanh, "cancel", reason="Không cần nữa")
    with pytest.raises(InvalidStateError):
        assignment.task_edit(
            actor=cast.van, task=task, expected_version=task.version, changes={"content": "Khác"}
        )
    with pytest.raises(InvalidStateError):
        assignment.task_name_lead_person(
            actor=cast.dung,
            task=task,
            person=Person.objects.get(user=cast.oanh),
            expected_version=task.version,
        )


def test_a_closed_task_is_409_through_the_api(cast, api, assign):
    task = assign()
    task = _move(task, cast.chanh, "cancel", reason="Không cần nữa")
    response = api(cast.van).patch(
        f"/api/v1/tasks/{task.pk}/", {"content": "Khác", "version": task.version}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["message"]
