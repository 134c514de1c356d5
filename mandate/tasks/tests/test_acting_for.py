"""Acting for a unit is not sitting below it (issue 9, section 1): the reproductions."""

import datetime as dt

import pytest

from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.people.tests.factories import AccountFactory
from mandate.tasks.services import assignment, lifecycle


@pytest.fixture
def city_task(cast, programme):
    """A task the City People's Committee assigns to its Department of Culture and Sports."""
    return assignment.task_assign(
        actor=None,
        content="Kiểm tra việc thực hiện Chỉ thị",
        document=programme,
        lead_unit=cast.culture,
        assigner_unit=cast.city_state,
        assigned_on=dt.date(2024, 3, 1),
        deadline_on=dt.date(2024, 4, 30),
    )


def _reported(task, actor):
    return lifecycle.task_transition(
        actor=actor, task=task, action="report_done", expected_version=task.version, reason="Xong"
    )


def test_the_lead_units_director_does_not_accept_his_own_task(cast, city_task):
    task = _reported(city_task, cast.dung)
    with pytest.raises(PermissionDeniedError):
        lifecycle.task_transition(actor=cast.dung, task=task, action="accept", expected_version=task.version)
    task.refresh_from_db()
    assert task.status == "reported"


def test_a_sibling_departments_director_does_not_accept(cast, city_task):
    task = _reported(city_task, cast.dung)
    with pytest.raises(PermissionDeniedError):
        lifecycle.task_transition(actor=cast.tin, task=task, action="accept", expected_version=task.version)


def test_a_sub_office_does_not_cancel_a_task_assigned_by_the_city(cast, city_task):
    clerk = AccountFactory.create(
        username="clerk",
        position={"unit": cast.culture_office, "title": "Chuyên viên", "role": "specialist"},
    )
    with pytest.raises(PermissionDeniedError):
        lifecycle.task_transition(
            actor=clerk,
            task=city_task,
            action="cancel",
            expected_version=city_task.version,
            reason="Không cần",
        )
    city_task.refresh_from_db()
    assert city_task.status == "assigned"


def test_a_superior_unit_is_not_an_assigner_unit_through_the_api(cast, api, make_document):
    plan = make_document("47-KH/ĐU", cast.culture_party)
    response = api(cast.dung).post(
        "/api/v1/tasks/",
        {
            "content": "Tổng kết",
            "deadline_on": "2031-03-31",
            "document": plan.pk,
            "lead_unit": cast.culture_office.pk,
            "assigner_unit": cast.city_state.pk,
        },
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert "assigner_unit" in response.json()["fields"]


def test_a_successor_acts_for_the_unit_it_took_over(cast, assign):
    from mandate.organisations.models import UnitLineage
    from mandate.people.scopes import forget_scopes

    task = assign(lead_unit=cast.info)
    with pytest.raises(PermissionDeniedError):
        _reported(task, cast.dung)
    UnitLineage.objects.create(
        predecessor=cast.info, successor=cast.culture, kind="merge", effective_on=dt.date(2024, 3, 2)
    )
    forget_scopes(cast.dung)  # as the merge services do

    task.refresh_from_db()
    assert _reported(task, cast.dung).status == "reported"


def test_a_declared_delegation_gives_the_units_side_and_nothing_more(cast, make_document):
    plan = make_document("24-CT/TU", cast.standing)
    task = assignment.task_assign(
        actor=cast.van, content="Quán triệt", document=plan, lead_unit=cast.culture,
        assigner_unit=cast.standing, assigned_on=dt.date(2024, 3, 1), deadline_on=dt.date(2024, 4, 30),
    )  # fmt: skip
    task = _reported(task, cast.dung)
    with pytest.raises(PermissionDeniedError):  # van: the Standing Committee's side, not a leader
        lifecycle.task_transition(actor=cast.van, task=task, action="accept", expected_version=task.version)
    accepted = lifecycle.task_transition(
        actor=cast.chanh, task=task, action="accept", expected_version=task.version
    )
    assert accepted.status == "accepted"
    # The office acts for the Standing Committee, not for the City Party Committee above both.
    with pytest.raises(ApplicationError) as err:
        assignment.task_assign(
            actor=cast.van, content="X", document=plan, lead_unit=cast.culture,
            assigner_unit=cast.city_party, deadline_on=dt.date(2031, 4, 30),
        )  # fmt: skip
    assert "assigner_unit" in err.value.fields
