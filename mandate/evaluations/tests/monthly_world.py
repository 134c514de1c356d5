"""A month of the Department of Culture for the monthly evaluation's tests: two officials of the
cast's department (``lan`` and ``minh``) and tasks ``lan`` leads in March 2023, played through the
task services on their days: on time, late, reworked, overdue, and one due in April."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from mandate.people.models import User
from mandate.people.tests.factories import AccountFactory
from mandate.tasks.models import Task
from mandate.tasks.services import assignment, lifecycle

MARCH = dt.date(2023, 3, 1)


def official(username: str, name: str, unit: Any, *, role: str = "official") -> User:
    return AccountFactory.create(
        username=username, full_name=name, position={"unit": unit, "title": "Chuyên viên", "role": role}
    )


def move(actor: User, task: Task, action: str, on: dt.date) -> Task:
    """Moved by the administrator, as the write matrix's world does (a done report has a reporter)."""
    task.refresh_from_db()
    return lifecycle.task_transition(
        actor=actor, task=task, action=action, expected_version=task.version, reason="Đã xong", on=on
    )


def led_task(
    cast: SimpleNamespace, document: Any, user: User, deadline: dt.date, *, done: dt.date | None,
    reworks: int = 0, weight: str | None = None, content: str = "Nhiệm vụ",
) -> Task:  # fmt: skip
    """A task of the culture department that ``user`` leads, done (accepted a day later) or not."""
    task = assignment.task_assign(
        actor=None, document=document, content=content, lead_unit=cast.culture, assigner_unit=cast.city_state,
        lead_person=user.person, deadline_on=deadline, assigned_on=dt.date(2023, 2, 1),
        weight=Decimal(weight) if weight else None,
    )  # fmt: skip
    if done is None:
        return task
    for _ in range(reworks):
        task = move(cast.ad, task, "report_done", done - dt.timedelta(days=2))
        task = move(cast.ad, task, "rework", done - dt.timedelta(days=1))
    task = move(cast.ad, task, "report_done", done)
    return move(cast.ad, task, "accept", done + dt.timedelta(days=1))


def march(cast: SimpleNamespace, make_document: Any) -> SimpleNamespace:
    """``lan`` leads, in March 2023: weight 2 on time; late; on time after one rework; overdue.
    Expected: 70 × 3,5 / 5 = 49,00 (the rules' worked example). ``minh`` leads nothing."""
    w = SimpleNamespace()
    w.lan = official("lan", "Nguyễn Thị Lan", cast.culture)
    w.minh = official("minh", "Trần Văn Minh", cast.culture)
    plan = make_document("12-KH/UBND", cast.city_state, issued_on=dt.date(2023, 1, 20))
    w.on_time = led_task(cast, plan, w.lan, dt.date(2023, 3, 10), done=dt.date(2023, 3, 8), weight="2")
    w.late = led_task(cast, plan, w.lan, dt.date(2023, 3, 15), done=dt.date(2023, 3, 20))
    w.reworked = led_task(cast, plan, w.lan, dt.date(2023, 3, 31), done=dt.date(2023, 3, 28), reworks=1)
    w.overdue = led_task(cast, plan, w.lan, dt.date(2023, 3, 20), done=None)
    w.april = led_task(cast, plan, w.lan, dt.date(2023, 4, 3), done=None)
    return w
