"""The task page through HTTP: what each side sees, every form's success, its refusal with the
input kept, the wrong side (403), strangers (404), stale versions (409) and the query count."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mandate.core.models import AuditEntry
from mandate.tasks.enums import ExtensionStatus, TaskStatus
from mandate.tasks.models import Evidence, ExtensionRequest, ProgressReport, Task, TaskEvent
from mandate.tasks.services import assignment, lifecycle, progress

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def directive(cast, make_document):
    return make_document("24-CT/TU", cast.city_party, issued_on=dt.date(2023, 1, 5))


@pytest.fixture
def deadline():
    return timezone.localdate() + dt.timedelta(days=60)


@pytest.fixture
def task(cast, directive, deadline):
    return assignment.task_assign(
        actor=cast.van,
        document=directive,
        content="Tổ chức tuyên truyền Chỉ thị 24",
        lead_unit=cast.culture,
        assigner_unit=cast.party_office,
        coordinating_units=[cast.info],
        deadline_on=deadline,
        expected_product="Báo cáo kết quả tuyên truyền",
        authority="Thường trực Thành ủy",
    )


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def url(task, action=""):
    return f"/tasks/{task.pk}/{action + '/' if action else ''}"


def fresh(task):
    return Task.objects.get(pk=task.pk)


def body(response):
    return response.content.decode()


def form_action(task, action):
    return f'action="{url(task, action)}"'


# --- the page ------------------------------------------------------------------------------


def test_the_page_shows_the_six_clear_fields_the_state_and_the_timeline(cast, signed_in, task, deadline):
    response = signed_in(cast.oanh).get(url(task))

    assert response.status_code == 200
    page = body(response)
    assert '<html lang="vi">' in page
    for text in (
        "Tổ chức tuyên truyền Chỉ thị 24",
        "Sở Văn hóa và Thể thao",
        deadline.strftime("%d/%m/%Y"),
        "Sở Thông tin và Truyền thông",
        "Văn phòng Thành ủy",
        "Văn Phòng Viên",  # who assigned it, by name
        "Thường trực Thành ủy",
        "Báo cáo kết quả tuyên truyền",
        "24-CT/TU",
        "Đã giao",  # the status, and the first line of the timeline
    ):
        assert text in page, text


def test_each_side_sees_only_the_forms_it_may_use(cast, signed_in, task, client):
    def forms_for(user):
        page = body(signed_in(user).get(url(task)))
        client.logout()
        return set(re.findall(rf'action="/tasks/{task.pk}/([a-z-]+)/"', page))

    assert forms_for(cast.oanh) == {"progress", "report-done", "start"}
    assert forms_for(cast.dung) == {
        "progress", "report-done", "start", "extensions", "lead-person", "instruct", "return",
    }  # fmt: skip
    assert forms_for(cast.van) == {"lead-person", "edit", "chase-up", "cancel"}
    assert forms_for(cast.chanh) == {"lead-person", "edit", "instruct", "chase-up", "cancel", "corrections"}
    assert forms_for(cast.vera) == set()


def test_the_page_is_not_found_for_strangers(cast, signed_in, task, client):
    for stranger in (cast.olga, cast.bao):  # tin is no stranger: info coordinates the task
        signed_in(stranger)
        assert client.get(url(task)).status_code == 404
        assert client.post(url(task, "start"), {"start-version": task.version}).status_code == 404
        client.logout()
    assert fresh(task).status == TaskStatus.ASSIGNED


def test_a_coordinating_unit_reads_the_task_but_offers_nothing(cast, signed_in, make_document, deadline):
    # tin (info) is no stranger once info coordinates: he reads, but is on neither side.
    plan = make_document("25-CT/TU", cast.city_party)
    shared = assignment.task_assign(
        actor=cast.van, document=plan, content="Phối hợp", lead_unit=cast.culture,
        assigner_unit=cast.party_office, coordinating_units=[cast.info], deadline_on=deadline,
    )  # fmt: skip
    page = body(signed_in(cast.tin).get(url(shared)))
    assert "Phối hợp" in page
    assert 'action="/tasks/' not in page


def test_the_interface_speaks_english_when_the_user_asks(cast, signed_in, task):
    cast.oanh.language = "en"
    cast.oanh.save(update_fields=["language"])
    client = signed_in(cast.oanh)
    client.post("/accounts/language/", {"language": "en", "next": "/"})
    page = body(client.get(url(task)))
    assert '<html lang="en">' in page
    assert "Report progress" in page
    assert "Timeline" in page


def test_the_page_runs_the_same_number_of_queries_for_2_and_for_10_reports(
    cast, signed_in, directive, deadline
):
    def task_with(reports):
        made = assignment.task_assign(
            actor=cast.van, document=directive, content=f"Nhiệm vụ {reports}", lead_unit=cast.culture,
            assigner_unit=cast.party_office, coordinating_units=[cast.info], deadline_on=deadline,
        )  # fmt: skip
        for n in range(reports):
            progress.task_report_progress(
                actor=cast.oanh, task=made, percent=n, text=f"Báo cáo {n}",
                files=[SimpleUploadedFile(f"bc{n}.pdf", PDF)],
            )  # fmt: skip
            lifecycle.task_instruct(actor=cast.chanh, task=made, text=f"Chỉ đạo {n}")
        progress.extension_request(
            actor=cast.dung, task=made, proposed_deadline_on=deadline + dt.timedelta(days=30), reason="Chờ"
        )
        return made

    small, large = task_with(2), task_with(10)
    client = signed_in(cast.chanh)
    client.get(url(small))  # scopes and sessions warm up alike

    counts = []
    for made in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(made))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
    assert "Báo cáo 9" in body(response)


# --- progress and evidence -----------------------------------------------------------------


def test_the_official_reports_progress_with_files_and_the_page_links_them(cast, signed_in, task, client):
    response = signed_in(cast.oanh).post(
        url(task, "progress"),
        {
            "progress-version": task.version,
            "progress-percent": 40,
            "progress-text": "Đã tổ chức 3 hội nghị",
            "progress-evidence": [
                SimpleUploadedFile("bien-ban.pdf", PDF),
                SimpleUploadedFile("anh.pdf", PDF),
            ],
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url(task)
    page = body(client.get(url(task)))
    assert "Đã tổ chức 3 hội nghị" in page
    assert fresh(task).progress == 40
    evidence = Evidence.objects.filter(report__task=task).order_by("display_name")
    assert [e.display_name for e in evidence] == ["anh.pdf", "bien-ban.pdf"]
    link = f"/tasks/{task.pk}/evidence/{evidence[0].pk}/"
    assert link in page

    client.logout()
    download = signed_in(cast.van).get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")
    client.logout()
    assert signed_in(cast.bao).get(link).status_code == 404


def test_evidence_of_another_task_is_not_found_under_this_one(cast, signed_in, task, directive, deadline):
    other = assignment.task_assign(
        actor=cast.van, document=directive, content="Khác", lead_unit=cast.culture,
        assigner_unit=cast.party_office, deadline_on=deadline,
    )  # fmt: skip
    report = progress.task_report_progress(
        actor=cast.oanh, task=other, percent=5, text="X", files=[SimpleUploadedFile("x.pdf", PDF)]
    )
    evidence = report.evidence.get()
    assert signed_in(cast.oanh).get(f"/tasks/{task.pk}/evidence/{evidence.pk}/").status_code == 404


def test_a_progress_report_with_errors_keeps_what_was_typed(cast, signed_in, task):
    response = signed_in(cast.oanh).post(
        url(task, "progress"),
        {
            "progress-version": task.version,
            "progress-percent": 150,
            "progress-text": "Đã tổ chức hội nghị quán triệt",
            "progress-evidence": [SimpleUploadedFile("bien-ban.pdf", PDF)],
        },
    )

    assert response.status_code == 400
    page = body(response)
    assert "Đã tổ chức hội nghị quán triệt</textarea>" in page
    assert 'value="150"' in page
    assert 'id="id_progress-percent_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'href="#form-progress"' in page  # the summary at the top leads to the form
    assert "<details" in page and 'id="form-progress" open' in page
    assert ProgressReport.objects.filter(task=task).count() == 0
    assert fresh(task).version == task.version


def test_a_file_the_service_refuses_is_named_next_to_the_files(cast, signed_in, task):
    response = signed_in(cast.oanh).post(
        url(task, "progress"),
        {
            "progress-version": task.version,
            "progress-percent": 10,
            "progress-text": "Kèm tệp",
            "progress-evidence": [SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not a document")],
        },
    )

    assert response.status_code == 415
    page = body(response)
    assert "virus.exe" in page
    assert 'id="id_progress-evidence_error"' in page
    assert "Kèm tệp</textarea>" in page
    assert Evidence.objects.count() == 0


def test_the_other_side_may_not_report_progress(cast, signed_in, task, client):
    before = (AuditEntry.objects.count(), fresh(task).version)
    for user in (cast.chanh, cast.van, cast.vera):
        response = signed_in(user).post(
            url(task, "progress"),
            {"progress-version": task.version, "progress-percent": 10, "progress-text": "X"},
        )
        assert response.status_code == 403, user
        client.logout()
    assert (AuditEntry.objects.count(), fresh(task).version) == before


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
