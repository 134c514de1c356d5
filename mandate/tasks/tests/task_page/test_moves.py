"""The task page's actions through HTTP: the moves of the life cycle, extensions, the lead person,
instructions and chase-ups — each form's success, its refusal with the input kept, the wrong side
(403), stale versions (409)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mandate.core.models import AuditEntry
from mandate.tasks.enums import ExtensionStatus, TaskStatus
from mandate.tasks.models import ExtensionRequest, TaskEvent
from mandate.tasks.services import lifecycle, progress
from mandate.tasks.tests.task_page.pages import PDF, body, form_action, fresh, url

# --- moves of the life cycle ---------------------------------------------------------------


def test_start_report_done_rework_and_accept_through_the_page(cast, signed_in, task, client):
    oanh = signed_in(cast.oanh)
    assert oanh.post(url(task, "start"), {"start-version": task.version}).status_code == 302
    done = oanh.post(
        url(task, "report-done"),
        {
            "report_done-version": fresh(task).version,
            "report_done-reason": "Xong",
            "report_done-confirm": "on",
            "report_done-product_files": [SimpleUploadedFile("bao-cao.pdf", PDF)],
        },
    )
    assert done.status_code == 302
    assert fresh(task).status == TaskStatus.REPORTED
    client.logout()

    chanh = signed_in(cast.chanh)
    page = body(chanh.get(url(task)))
    assert form_action(task, "accept") in page and form_action(task, "rework") in page
    rework = chanh.post(
        url(task, "rework"), {"rework-version": fresh(task).version, "rework-reason": "Thiếu số liệu"}
    )
    assert rework.status_code == 302
    assert fresh(task).status == TaskStatus.IN_PROGRESS
    client.logout()

    oanh = signed_in(cast.oanh)
    oanh.post(
        url(task, "report-done"),
        {
            "report_done-version": fresh(task).version,
            "report_done-reason": "Xong",
            "report_done-confirm": "on",
            "report_done-product_files": [SimpleUploadedFile("bao-cao.pdf", PDF)],
        },
    )
    client.logout()
    accepted = signed_in(cast.chanh).post(url(task, "accept"), {"accept-version": fresh(task).version})
    assert accepted.status_code == 302
    assert fresh(task).status == TaskStatus.ACCEPTED
    page = body(client.get(url(task)))
    assert "Thiếu số liệu" in page  # the rework's reason, in the timeline
    assert 'role="status"' in page  # the success message after the redirect


def test_a_specialist_may_not_accept_and_an_official_may_not_return(cast, signed_in, task, client):
    lifecycle.task_transition(
        actor=cast.oanh, task=task, action="report_done", expected_version=task.version, reason="Xong",
        files=[SimpleUploadedFile("bao-cao.pdf", PDF)],
    )  # fmt: skip
    version = fresh(task).version
    assert signed_in(cast.van).post(url(task, "accept"), {"accept-version": version}).status_code == 403
    client.logout()
    assert (
        signed_in(cast.oanh)
        .post(url(task, "return"), {"return-version": version, "return-reason": "Không đúng chức năng"})
        .status_code
        == 403
    )
    assert fresh(task).status == TaskStatus.REPORTED


def test_a_reason_left_empty_is_asked_for_next_to_the_field(cast, signed_in, task):
    response = signed_in(cast.van).post(
        url(task, "cancel"), {"cancel-version": task.version, "cancel-reason": " "}
    )
    assert response.status_code == 400
    assert 'id="id_cancel-reason_error"' in body(response)
    assert fresh(task).status == TaskStatus.ASSIGNED


def test_a_move_the_state_does_not_allow_shows_why(cast, signed_in, task):
    response = signed_in(cast.chanh).post(url(task, "accept"), {"accept-version": task.version})
    assert response.status_code == 409
    assert 'id="page-problem"' in body(response)
    assert "Đã giao" in body(response)
    assert fresh(task).status == TaskStatus.ASSIGNED


def test_a_stale_version_names_who_changed_the_task_and_when_and_keeps_the_input(cast, signed_in, task):
    seen = task.version
    progress.task_report_progress(actor=cast.oanh, task=task, percent=20, text="Đã triển khai")
    changed_at = AuditEntry.objects.filter(action="tasks.report_progress").latest("id").at

    response = signed_in(cast.dung).post(
        url(task, "return"), {"return-version": seen, "return-reason": "Không thuộc chức năng của Sở"}
    )

    assert response.status_code == 409
    page = body(response)
    assert "oanh" in page
    assert timezone.localtime(changed_at).strftime("%d/%m/%Y %H:%M") in page
    assert f'href="{url(task)}"' in page  # reload
    assert "Không thuộc chức năng của Sở</textarea>" in page
    assert f'name="return-version" value="{fresh(task).version}"' in page
    assert fresh(task).status == TaskStatus.IN_PROGRESS


def test_return_then_reassign_to_another_unit_with_a_lead_person(cast, signed_in, task, client):
    dung = signed_in(cast.dung)
    returned = dung.post(url(task, "return"), {"return-version": task.version, "return-reason": "Sai đơn vị"})
    assert returned.status_code == 302
    client.logout()

    van = signed_in(cast.van)
    page = body(van.get(url(task)))
    assert form_action(task, "reassign") in page
    wrong = van.post(
        url(task, "reassign"),
        {"reassign-version": fresh(task).version, "reassign-lead_unit": cast.district_state.pk,
         "reassign-lead_person": cast.oanh.person.pk},
    )  # fmt: skip
    assert wrong.status_code == 400  # oanh does not work in the district
    assert 'id="id_reassign-lead_person_error"' in body(wrong)
    assert fresh(task).lead_unit == cast.culture

    done = van.post(
        url(task, "reassign"),
        {"reassign-version": fresh(task).version, "reassign-lead_unit": cast.district_state.pk,
         "reassign-lead_person": cast.bao.person.pk},
    )  # fmt: skip
    assert done.status_code == 302
    task = fresh(task)
    assert (task.lead_unit, task.lead_person, task.status) == (
        cast.district_state, cast.bao.person, TaskStatus.ASSIGNED,
    )  # fmt: skip


def test_cancel_and_reopen_need_a_reason_and_the_assigners_side(cast, signed_in, task, client):
    van = signed_in(cast.van)
    assert (
        van.post(url(task, "cancel"), {"cancel-version": task.version, "cancel-reason": "Trùng"}).status_code
        == 302
    )
    assert fresh(task).status == TaskStatus.CANCELLED
    assert form_action(task, "reopen") in body(van.get(url(task)))
    reopened = van.post(
        url(task, "reopen"), {"reopen-version": fresh(task).version, "reopen-reason": "Cần làm"}
    )
    assert reopened.status_code == 302
    assert fresh(task).status == TaskStatus.IN_PROGRESS
    client.logout()
    assert (
        signed_in(cast.dung)
        .post(url(task, "cancel"), {"cancel-version": fresh(task).version, "cancel-reason": "X"})
        .status_code
        == 403
    )


# --- extensions ----------------------------------------------------------------------------


def test_the_leader_asks_for_an_extension_and_the_assigners_leader_approves(
    cast, signed_in, task, deadline, client
):
    later = deadline + dt.timedelta(days=30)
    asked = signed_in(cast.dung).post(
        url(task, "extensions"),
        {"extension_request-version": task.version,
         "extension_request-proposed_deadline_on": later.strftime("%d/%m/%Y"),
         "extension_request-reason": "Chờ số liệu của quận"},
    )  # fmt: skip
    assert asked.status_code == 302
    request = ExtensionRequest.objects.get(task=task)
    client.logout()

    chanh = signed_in(cast.chanh)
    page = body(chanh.get(url(task)))
    decide = f"/tasks/{task.pk}/extensions/{request.pk}/decide/"
    assert f'action="{decide}"' in page
    assert 'id="form-extension_decide" open' in page
    assert "Chờ số liệu của quận" in page

    refused_without_note = chanh.post(
        decide, {"extension_decide-version": request.version, "extension_decide-decision": "refuse"}
    )
    assert refused_without_note.status_code == 400
    assert "Nhập lý do từ chối gia hạn." in body(refused_without_note)
    assert ExtensionRequest.objects.get(pk=request.pk).status == ExtensionStatus.PENDING

    approved = chanh.post(
        decide, {"extension_decide-version": request.version, "extension_decide-decision": "approve"}
    )
    assert approved.status_code == 302
    assert fresh(task).deadline_on == later
    page = body(chanh.get(url(task)))
    assert later.strftime("%d/%m/%Y") in page and deadline.strftime("%d/%m/%Y") in page  # original too


def test_an_extension_form_with_an_earlier_date_keeps_the_input_and_explains(cast, signed_in, task, deadline):
    response = signed_in(cast.dung).post(
        url(task, "extensions"),
        {"extension_request-version": task.version,
         "extension_request-proposed_deadline_on": "01/01/2020",
         "extension_request-reason": "Lý do riêng"},
    )  # fmt: skip
    assert response.status_code == 400
    page = body(response)
    assert f"Thời hạn đề nghị phải sau thời hạn hiện tại ({deadline.strftime('%d/%m/%Y')})." in page
    assert 'value="01/01/2020"' in page
    assert "Lý do riêng</textarea>" in page

    typo = signed_in(cast.dung).post(
        url(task, "extensions"),
        {"extension_request-version": task.version, "extension_request-proposed_deadline_on": "31/02/2031",
         "extension_request-reason": "X"},
    )  # fmt: skip
    assert typo.status_code == 400
    assert 'id="id_extension_request-proposed_deadline_on_error"' in body(typo)
    assert not ExtensionRequest.objects.exists()


def test_only_the_assigners_leader_decides_and_a_stale_decision_is_refused(
    cast, signed_in, task, deadline, client
):
    request = progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=deadline + dt.timedelta(days=9), reason="Chờ"
    )
    decide = f"/tasks/{task.pk}/extensions/{request.pk}/decide/"
    for user in (cast.van, cast.dung):
        response = signed_in(user).post(
            decide, {"extension_decide-version": request.version, "extension_decide-decision": "approve"}
        )
        assert response.status_code == 403
        client.logout()

    stale = signed_in(cast.chanh).post(
        decide, {"extension_decide-version": request.version + 1, "extension_decide-decision": "approve"}
    )
    assert stale.status_code == 409
    assert 'id="page-problem"' in body(stale)
    assert ExtensionRequest.objects.get(pk=request.pk).status == ExtensionStatus.PENDING


# --- lead person, instructions, chase-ups ---------------------------------------------------


def test_the_leader_names_the_lead_person_from_the_people_of_the_lead_unit(cast, signed_in, task):
    dung = signed_in(cast.dung)
    page = body(dung.get(url(task)))
    assert "Chuyên Viên Oanh" in page
    assert "Giám Đốc Tín" not in page  # info's people are not offered

    outsider = dung.post(url(task, "lead-person"), {"lead_person-version": task.version,
                                                     "lead_person-person": cast.tin.person.pk})  # fmt: skip
    assert outsider.status_code == 400
    assert 'id="id_lead_person-person_error"' in body(outsider)

    named = dung.post(
        url(task, "lead-person"),
        {"lead_person-version": task.version, "lead_person-person": cast.oanh.person.pk},
    )
    assert named.status_code == 302
    assert fresh(task).lead_person == cast.oanh.person


def test_leaders_give_instructions_and_the_assigner_chases_up(cast, signed_in, task, client):
    instructed = signed_in(cast.chanh).post(
        url(task, "instruct"), {"instruct-version": task.version, "instruct-text": "Hoàn thành trước Tết"}
    )
    assert instructed.status_code == 302
    empty = client.post(url(task, "instruct"), {"instruct-version": task.version, "instruct-text": ""})
    assert empty.status_code == 400
    client.logout()

    chased = signed_in(cast.van).post(
        url(task, "chase-up"), {"chase_up-version": task.version, "chase_up-text": ""}
    )
    assert chased.status_code == 302
    assert (
        signed_in(cast.van)
        .post(url(task, "instruct"), {"instruct-version": task.version, "instruct-text": "X"})
        .status_code
        == 403
    )  # a specialist gives no instructions
    client.logout()

    page = body(signed_in(cast.oanh).get(url(task)))
    assert "Hoàn thành trước Tết" in page
    assert list(TaskEvent.objects.filter(task=task).values_list("kind", flat=True)) == [
        "assigned", "instruction", "chase_up",
    ]  # fmt: skip


def test_a_form_without_its_version_is_refused_and_changes_nothing(cast, signed_in, task):
    response = signed_in(cast.oanh).post(url(task, "start"), {})
    assert response.status_code == 400
    assert fresh(task).status == TaskStatus.ASSIGNED


def test_action_routes_answer_only_post(cast, signed_in, task):
    assert signed_in(cast.oanh).get(url(task, "start")).status_code == 405
