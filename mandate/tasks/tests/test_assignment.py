import datetime as dt
from decimal import Decimal

import pytest

from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.documents import selectors as document_selectors
from mandate.tasks.models import Task, TaskEvent
from mandate.tasks.services import assignment


def test_assign_keeps_the_six_clear_and_records_it(cast, assign):
    task = assign(
        coordinating_units=[cast.info],
        lead_person=cast.dung.person,
        expected_product="Báo cáo kết quả",
        weight=Decimal("2"),
        authority="Thay mặt Ban Thường vụ",
    )

    assert (task.lead_unit, task.lead_person, task.status) == (cast.culture, cast.dung.person, "assigned")
    assert [c.unit for c in task.coordinators.all()] == [cast.info]
    assert task.deadline_on == task.original_deadline_on == dt.date(2024, 4, 30)
    assert TaskEvent.objects.filter(task=task, kind="assigned").count() == 1
    assert AuditEntry.objects.filter(action="tasks.assign", target_id=str(task.pk)).count() == 1


def test_a_task_makes_its_document_visible_to_the_lead_and_coordinating_units(cast, assign, programme):
    assert not document_selectors.document_list_visible(actor=cast.tin).filter(pk=programme.pk).exists()

    assign(coordinating_units=[cast.info])

    assert document_selectors.document_list_visible(actor=cast.tin).filter(pk=programme.pk).exists()


def test_a_deadline_in_working_days_is_computed_under_the_vietnamese_calendar(cast, assign):
    task = assign(working_days=10, assigned_on=dt.date(2024, 2, 5))
    assert task.deadline_on == dt.date(2024, 2, 26)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"deadline_on": None, "working_days": None}, "deadline_on"),
        ({"deadline_on": dt.date(2024, 4, 1), "working_days": 5}, "deadline_on"),
        ({"deadline_on": dt.date(2023, 1, 1)}, "deadline_on"),
        ({"kind": "regular", "deadline_on": dt.date(2024, 4, 1)}, "deadline_on"),
        ({"content": "  "}, "content"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(cast, assign, values, field):
    with pytest.raises(ApplicationError) as err:
        assign(**values)
    assert field in err.value.fields
    assert not Task.objects.exists()


def test_a_unit_does_not_assign_a_task_to_itself(cast, assign):
    """The assigner's side and the lead side are two units (the action policy's
    ``assignment_refusal``): the city office's own work comes from the body above it."""
    with pytest.raises(ApplicationError) as err:
        assign(cast.party_office)

    assert err.value.code == "assigned_to_itself"
    assert "lead_unit" in err.value.fields
    assert not Task.objects.exists()


def test_a_subtask_to_the_parents_own_lead_unit_is_refused(cast, assign):
    parent = assign()
    with pytest.raises(ApplicationError) as err:
        assignment.task_assign(
            actor=cast.dung,
            content="Chia nhỏ cho chính đơn vị",
            lead_unit=cast.culture,
            assigner_unit=cast.culture,
            parent=parent,
            deadline_on=dt.date(2024, 4, 20),
            assigned_on=dt.date(2024, 3, 5),
        )
    assert err.value.code == "assigned_to_itself"
    assert Task.objects.count() == 1


def test_a_lead_person_outside_the_lead_unit_is_refused(cast, assign):
    with pytest.raises(ApplicationError) as err:
        assign(lead_person=cast.tin.person)
    assert err.value.code == "lead_person_outside_unit"
    assert "lead_person" in err.value.fields


def test_the_lead_unit_cannot_also_coordinate(cast, assign):
    with pytest.raises(ApplicationError):
        assign(coordinating_units=[cast.culture])


def test_nobody_assigns_outside_his_units(cast, assign):
    # A unit he may not sign for is a 400 on the assigning unit (the page never offers it).
    with pytest.raises(ApplicationError) as err:
        assign(actor=cast.bao)  # not in the city office
    assert "assigner_unit" in err.value.fields
    with pytest.raises(ApplicationError) as err:
        assign(actor=cast.oanh)  # an official does not assign
    assert "assigner_unit" in err.value.fields
    with pytest.raises(PermissionDeniedError):
        assign(actor=cast.dung, assigner_unit=cast.culture, lead_unit=cast.info)  # outside his scope
    assert not Task.objects.exists()


def test_subtasks_go_down_the_lead_units_tree(cast, assign):
    parent = assign()

    child = assignment.task_assign(
        actor=cast.dung,
        parent=parent,
        content="Phòng QLVH thực hiện",
        lead_unit=cast.culture_office,
        assigner_unit=cast.city_state,
        deadline_on=dt.date(2024, 4, 15),
        assigned_on=dt.date(2024, 3, 2),
    )

    assert (child.document, child.assigner_unit, child.depth) == (parent.document, cast.culture, 2)
    with pytest.raises(ApplicationError):
        assignment.task_assign(
            actor=cast.dung,
            parent=parent,
            content="Sai cây",
            lead_unit=cast.info,
            assigner_unit=cast.culture,
            deadline_on=dt.date(2024, 4, 15),
            assigned_on=dt.date(2024, 3, 2),
        )
    with pytest.raises(PermissionDeniedError):
        assignment.task_assign(
            actor=cast.van,
            parent=parent,
            content="Không phải đơn vị chủ trì",
            lead_unit=cast.culture_office,
            assigner_unit=cast.culture,
            deadline_on=dt.date(2024, 4, 15),
            assigned_on=dt.date(2024, 3, 2),
        )


def test_assign_many_gives_one_task_per_unit(cast, programme):
    tasks = assignment.task_assign_many(
        actor=cast.van,
        lead_units=[cast.culture, cast.info],
        document=programme,
        content="Báo cáo quý",
        assigner_unit=cast.party_office,
        deadline_on=dt.date(2024, 6, 30),
        assigned_on=dt.date(2024, 3, 1),
    )
    assert [t.lead_unit for t in tasks] == [cast.culture, cast.info]


def test_edit_needs_the_version_and_the_assigners_side(cast, assign):
    from mandate.core.exceptions import ConflictError

    task = assign()
    assignment.task_edit(actor=cast.van, task=task, expected_version=1, changes={"content": "Nội dung mới"})
    with pytest.raises(ConflictError):
        assignment.task_edit(actor=cast.chanh, task=task, expected_version=1, changes={"content": "Cũ"})
    with pytest.raises(PermissionDeniedError):
        assignment.task_edit(actor=cast.dung, task=task, expected_version=2, changes={"content": "Sở sửa"})
    task.refresh_from_db()
    assert task.content == "Nội dung mới"
