"""The task page through HTTP: what each side sees, the query count, and progress reports with
their evidence (success, refusal with the input kept, the wrong side, strangers)."""

import datetime as dt
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandate.core.models import AuditEntry
from mandate.tasks.enums import TaskStatus
from mandate.tasks.models import Evidence, ProgressReport
from mandate.tasks.services import assignment, lifecycle, progress
from mandate.tasks.tests.task_page.pages import PDF, body, fresh, url

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
