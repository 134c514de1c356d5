"""A task that is an inspection's recommendation shows where it comes from on the task page
(docs/adr/0047): "Inspection <decision number>, <body>" linked to the inspection's page, for whoever
may read that page; nothing of it for the task's other readers (ADR 0040: to them the inspection
does not exist). Through ``tasks.origins``: the tasks app does not import this one."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.inspections import services
from mandate.tasks.services.assignment import task_assign

TEXT = "Đẩy mạnh tuyên truyền chức năng, nhiệm vụ của Sở"


@pytest.fixture
def issued(cast: SimpleNamespace, seed: SimpleNamespace) -> SimpleNamespace:
    from conftest import _person

    seed.thu = _person("thu", "Chuyên Viên Thu", unit=cast.info, title="Chuyên viên", role="specialist")
    recommendation = services.recommendation_add(
        actor=seed.phong, inspection=seed.inspection, text=TEXT, lead_unit=cast.info
    )
    seed.task = services.recommendation_issue(
        actor=seed.phong, recommendation=recommendation, working_days=10, assigned_on=dt.date(2024, 7, 22)
    )
    seed.label = f"Cuộc kiểm tra {seed.inspection.decision_number}, {cast.standing.name}"
    seed.link = f'<a href="/inspections/{seed.inspection.pk}/">{seed.label}</a>'
    return seed


def _page(client: Any, user: Any, task: Any) -> str:
    client.force_login(user)
    response = client.get(f"/tasks/{task.pk}/")
    assert response.status_code == 200
    return str(response.content.decode())


@pytest.mark.parametrize("who", ["phong", "van", "tin"])
def test_readers_of_the_inspection_see_the_origin_with_its_link(
    client: Any, cast: SimpleNamespace, issued: SimpleNamespace, who: str
) -> None:
    """The team leader, the body's office (which issues the tasks), the inspected unit's leader."""
    html = _page(client, getattr(issued, who, None) or getattr(cast, who), issued.task)

    assert issued.link in html
    assert client.get(f"/inspections/{issued.inspection.pk}/").status_code == 200  # the link opens


def test_a_task_reader_who_may_not_read_the_inspection_sees_nothing_of_it(
    client: Any, cast: SimpleNamespace, issued: SimpleNamespace
) -> None:
    html = _page(client, issued.thu, issued.task)

    assert TEXT in html  # the task itself, as before
    assert 'id="task-origin"' not in html
    assert issued.inspection.decision_number not in html
    assert client.get(f"/inspections/{issued.inspection.pk}/").status_code == 404


def test_a_task_linked_afterwards_shows_it_and_another_task_does_not(
    client: Any, cast: SimpleNamespace, issued: SimpleNamespace
) -> None:
    """Seed 002's four tasks were assigned before the inspection's records and linked after."""
    existing = task_assign(
        actor=None, content="Rà soát quy chế làm việc", lead_unit=cast.info, assigner_unit=cast.standing,
        document=issued.directive, deadline_on=dt.date(2031, 1, 1),
    )  # fmt: skip
    unrelated = task_assign(
        actor=None, content="Việc khác", lead_unit=cast.info, assigner_unit=cast.standing,
        document=issued.directive, deadline_on=dt.date(2031, 1, 1),
    )  # fmt: skip
    recommendation = services.recommendation_add(
        actor=issued.phong, inspection=issued.inspection, text="Rà soát quy chế", lead_unit=cast.info
    )
    services.recommendation_link_task(actor=None, recommendation=recommendation, task=existing)

    assert issued.link in _page(client, cast.tin, existing)
    assert 'id="task-origin"' not in _page(client, cast.tin, unrelated)
