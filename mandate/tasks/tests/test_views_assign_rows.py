"""Assigning a document's tasks in a row (issue 10, item 1): one form, several tasks, committed
together, signed for a unit the person may sign for; every row or none, each refused row with its
own messages, nothing typed lost."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandate.core.exceptions import PermissionDeniedError
from mandate.documents import services as document_services
from mandate.documents.models import DocumentType
from mandate.tasks.models import Task
from mandate.tasks.services import batch


@pytest.fixture
def plan(cast):
    """Plan 999/KH-UBND, registered by the UBND's Office on the UBND's behalf."""
    return document_services.document_register(
        actor=cast.vp,
        document_type=DocumentType.objects.get(slug="ke-hoach"),
        symbol="999/KH-UBND",
        issuing_unit=cast.city_state,
        issued_on=dt.date(2024, 3, 1),
        title="Kế hoạch 999",
        direction="outgoing",
        outgoing_number=999,
        recipient_units=[cast.culture],
    )


def _rows(*rows, total=None):
    data = {"rows-TOTAL_FORMS": str(total or len(rows)), "rows-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data |= {f"rows-{index}-{name}": value for name, value in row.items()}
    return data


def _form(cast, *rows, total=None, **head):
    return {"assigner_unit": cast.city_state.pk, "urgency": "normal", **head} | _rows(*rows, total=total)


def _row(cast, content, unit=None, deadline="31/12/2031", **extra):
    return {"content": content, "lead_unit": (unit or cast.culture).pk, "deadline_on": deadline, **extra}


def test_the_office_assigns_three_tasks_in_one_form(client, cast, plan):
    client.force_login(cast.vp)
    response = client.post(
        f"/documents/{plan.pk}/assign-rows/",
        _form(
            cast,
            _row(cast, "Tổ chức lễ hội", expected_product="Báo cáo kết quả", ordinal="1",
                 coordinating_units=[cast.info.pk]),
            _row(cast, "Tuyên truyền", unit=cast.info, ordinal="2"),
            _row(cast, "Kiểm tra", unit=cast.culture_office, ordinal="3"),
            {},  # an empty row is left out
            total=4,
        ),
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == f"/documents/{plan.pk}/"
    tasks = list(Task.objects.order_by("ordinal"))
    assert [(t.ordinal, t.lead_unit, t.assigner_unit, t.assigned_by) for t in tasks] == [
        ("1", cast.culture, cast.city_state, cast.vp),
        ("2", cast.info, cast.city_state, cast.vp),
        ("3", cast.culture_office, cast.city_state, cast.vp),
    ]
    assert tasks[0].expected_product == "Báo cáo kết quả"
    assert [c.unit for c in tasks[0].coordinators.all()] == [cast.info]


def test_a_refused_row_assigns_nothing_and_every_row_keeps_what_was_typed(client, cast, plan):
    client.force_login(cast.vp)
    response = client.post(
        f"/documents/{plan.pk}/assign-rows/",
        _form(
            cast,
            _row(cast, "Việc đúng"),
            _row(cast, "Hạn trước ngày giao", deadline="01/01/2020"),
            _row(cast, "Đơn vị chủ trì trùng phối hợp", coordinating_units=[cast.culture.pk]),
        ),
    )
    assert response.status_code == 400
    assert not Task.objects.exists()
    forms = response.context["formset"].forms
    assert not forms[0].errors
    assert "deadline_on" in forms[1].errors
    assert "coordinating_units" in forms[2].errors
    page = response.content.decode()
    assert all(text in page for text in ("Việc đúng", "Hạn trước ngày giao", "Đơn vị chủ trì trùng phối hợp"))
    assert 'id="form-problem"' in page


def test_a_row_without_its_lead_unit_is_a_field_error(client, cast, plan):
    client.force_login(cast.vp)
    response = client.post(
        f"/documents/{plan.pk}/assign-rows/",
        _form(cast, {"content": "Thiếu đơn vị", "deadline_on": "31/12/2031"}),
    )
    assert response.status_code == 400
    assert "lead_unit" in response.context["formset"].forms[0].errors
    assert not Task.objects.exists()


def test_an_empty_form_assigns_nothing(client, cast, plan):
    client.force_login(cast.vp)
    response = client.post(f"/documents/{plan.pk}/assign-rows/", _form(cast, {}, {}, total=2))
    assert response.status_code == 400
    assert response.context["head"].non_field_errors()


def test_add_a_row_keeps_everything_typed(client, cast, plan):
    client.force_login(cast.vp)
    response = client.post(
        f"/documents/{plan.pk}/assign-rows/", {**_form(cast, _row(cast, "Đã gõ"), total=1), "add_row": "1"}
    )
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert "Đã gõ" in response.content.decode()
    assert not Task.objects.exists()


def test_the_page_offers_only_units_the_person_may_sign_for(client, cast, plan):
    client.force_login(cast.vp)
    page = client.get(f"/documents/{plan.pk}/assign-rows/")
    offered = {pk for pk, _name in page.context["head"].fields["assigner_unit"].choices}
    assert offered == {cast.city_state.pk, cast.state_office.pk}  # by delegation, and his own office
    assert "/static/js/assign-rows.js" in page.content.decode()
    assert 'id="assign-row-template"' in page.content.decode()


def test_signing_for_a_unit_one_may_not_sign_for_is_refused(client, cast, plan):
    """dung may not sign for the UBND: the choice is not offered, and the service refuses it too."""
    client.force_login(cast.dung)
    response = client.post(f"/documents/{plan.pk}/assign-rows/", _form(cast, _row(cast, "Việc")))
    assert response.status_code == 400
    assert "assigner_unit" in response.context["head"].errors
    assert not Task.objects.exists()
    with pytest.raises(Exception) as err:
        batch.task_assign_rows(
            actor=cast.dung,
            document=plan,
            assigner_unit=cast.city_state,
            rows=[batch.TaskRow(content="Việc", lead_unit=cast.culture, deadline_on=dt.date(2031, 1, 1))],
        )
    assert "assigner_unit" in getattr(err.value, "fields", {})


def test_a_viewer_may_not_assign(client, cast, plan):
    client.force_login(cast.vera)
    assert 'id="cannot-assign"' in client.get(f"/documents/{plan.pk}/assign-rows/").content.decode()
    assert (
        client.post(f"/documents/{plan.pk}/assign-rows/", _form(cast, _row(cast, "Việc"))).status_code == 403
    )


def test_an_outsider_gets_404(client, cast, plan):
    client.force_login(cast.olga)
    assert client.get(f"/documents/{plan.pk}/assign-rows/").status_code == 404
    assert (
        client.post(f"/documents/{plan.pk}/assign-rows/", _form(cast, _row(cast, "Việc"))).status_code == 404
    )


def test_a_lead_unit_outside_the_scope_stops_everything_with_403(cast, plan):
    with pytest.raises(PermissionDeniedError):
        batch.task_assign_rows(
            actor=cast.vp,
            document=plan,
            assigner_unit=cast.city_state,
            rows=[
                batch.TaskRow(content="Việc", lead_unit=cast.culture, deadline_on=dt.date(2031, 1, 1)),
                batch.TaskRow(
                    content="Ngoài", lead_unit=cast.outsider_state, deadline_on=dt.date(2031, 1, 1)
                ),
            ],
        )
    assert not Task.objects.exists()


def test_the_page_reads_a_bounded_number_of_queries(client, cast, plan):
    client.force_login(cast.vp)
    client.get(f"/documents/{plan.pk}/assign-rows/")  # warm the caches
    with CaptureQueriesContext(connection) as few:
        client.get(f"/documents/{plan.pk}/assign-rows/")
    extra = {
        "rows-TOTAL_FORMS": "12",
        "rows-INITIAL_FORMS": "0",
        "add_row": "1",
        "assigner_unit": cast.city_state.pk,
    }
    with CaptureQueriesContext(connection) as many:
        client.post(f"/documents/{plan.pk}/assign-rows/", extra)
    assert len(many.captured_queries) <= len(few.captured_queries) + 2, "rows must not query each"
