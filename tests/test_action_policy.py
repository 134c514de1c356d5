"""One action policy (issue 9, section 1): every action × every role of the cast × every state
of a task, through the page (the forms it shows), the API (``allowed_actions``) and the service
(allowed ⇔ the service accepts it). The three must agree with ``tasks.policy``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from mandate.core.exceptions import ApplicationError, InvalidStateError, PermissionDeniedError
from mandate.people.models import Person, User
from mandate.tasks import policy
from mandate.tasks.enums import ExtensionStatus, TaskStatus
from mandate.tasks.models import ExtensionRequest, Task
from mandate.tasks.services import assignment, correction, lifecycle, progress
from mandate.tasks.urls_detail import ACTION_PATHS

ROLES = ("van", "chanh", "dung", "oanh", "vera", "tin", "bao", "ad")
STATES = ("assigned", "in_progress", "pending_extension", "reported", "returned", "accepted", "cancelled")
SEGMENT_TO_ACTION = {segment: action for action, segment in ACTION_PATHS.items()}


class _Rollback(Exception):
    pass


@pytest.fixture
def task(cast, make_document, request):
    """A task of the city office for the Department of Culture, put in the state asked for."""
    state = request.param
    plan = make_document("6-CTr/TU", cast.city_party, type_slug="chuong-trinh")
    task = assignment.task_assign(
        actor=cast.van, document=plan, content="Tuyên truyền", lead_unit=cast.culture,
        assigner_unit=cast.party_office, coordinating_units=[cast.info],
        deadline_on=timezone.localdate() + dt.timedelta(days=60),
    )  # fmt: skip
    status = TaskStatus.IN_PROGRESS if state == "pending_extension" else state
    Task.objects.filter(pk=task.pk).update(status=status)
    if state == "pending_extension":
        assert task.deadline_on is not None
        ExtensionRequest.objects.create(
            task=task, requested_by=cast.dung, current_deadline_on=task.deadline_on,
            proposed_deadline_on=task.deadline_on + dt.timedelta(days=30), reason="Cần thêm thời gian",
        )  # fmt: skip
    return Task.objects.get(pk=task.pk)


def _perform(cast: Any, actor: User, task: Task, action: str) -> None:
    """Call the action's service with valid values."""
    task = Task.objects.get(pk=task.pk)
    version = task.version
    if action == "progress":
        progress.task_report_progress(actor=actor, task=task, percent=10, text="Đã làm")
    elif action == "extension_request":
        assert task.deadline_on is not None
        progress.extension_request(
            actor=actor,
            task=task,
            proposed_deadline_on=task.deadline_on + dt.timedelta(days=10),
            reason="Lý do",
        )
    elif action == "extension_decide":
        pending = ExtensionRequest.objects.get(task=task, status=ExtensionStatus.PENDING)
        progress.extension_decide(
            actor=actor, request=pending, approve=True, expected_version=pending.version
        )
    elif action == "lead_person":
        person = Person.objects.get(user=cast.dung)
        assignment.task_name_lead_person(actor=actor, task=task, person=person, expected_version=version)
    elif action == "edit":
        assignment.task_edit(actor=actor, task=task, expected_version=version, changes={"content": "Khác"})
    elif action == "instruct":
        lifecycle.task_instruct(actor=actor, task=task, text="Chỉ đạo")
    elif action == "chase_up":
        lifecycle.task_chase_up(actor=actor, task=task, text="Đôn đốc")
    elif action == "correct":
        assert task.deadline_on is not None
        correction.task_correct(
            actor=actor, task=task, field="deadline_on", value=task.deadline_on + dt.timedelta(days=10),
            effective_on=task.assigned_on, reason="Nhập sai hạn", expected_version=version,
        )  # fmt: skip
    else:
        lifecycle.task_transition(
            actor=actor, task=task, action=action, expected_version=version, reason="Lý do",
            lead_unit=cast.district_state if action == "reassign" else None,
        )  # fmt: skip


def _service_accepts(cast: Any, actor: User, task: Task, action: str) -> bool:
    try:
        with transaction.atomic():
            _perform(cast, actor, task, action)
            raise _Rollback
    except _Rollback:
        return True
    except (PermissionDeniedError, InvalidStateError):
        return False
    except ExtensionRequest.DoesNotExist:
        return False  # nothing to decide
    except ApplicationError as err:  # a refusal of the values would hide the policy's answer
        raise AssertionError(f"{action}: {err.message} {err.fields}") from err


@pytest.mark.parametrize("task", STATES, indirect=True)
def test_the_page_the_api_and_the_services_agree_with_the_policy(cast, task):
    for role in ROLES:
        actor = getattr(cast, role)
        allowed = policy.allowed_names(actor, Task.objects.get(pk=task.pk))
        client = Client()
        client.force_login(actor)

        response = client.get(f"/tasks/{task.pk}/")
        if response.status_code == 404:  # bao does not see it: nothing is offered, nothing allowed
            assert allowed == [], role
            assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 404
            continue
        page = response.content.decode()
        segments = set(re.findall(rf'action="/tasks/{task.pk}/([a-z0-9/-]+)/"', page))
        offered = {"extension_decide" if s.endswith("/decide") else SEGMENT_TO_ACTION[s] for s in segments}
        assert offered == set(allowed), (role, task.status)

        api = client.get(f"/api/v1/tasks/{task.pk}/").json()
        assert api["allowed_actions"] == allowed, (role, task.status)

        for action in policy.ACTIONS:
            accepted = _service_accepts(cast, actor, task, action)
            assert accepted == (action in allowed), (role, task.status, action)
            refused = policy.check(actor, Task.objects.get(pk=task.pk), action)
            assert refused.allowed or refused.reason, (role, action)
