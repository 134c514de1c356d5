"""The done report carries its result (issue 10, item 4): the result in words, and the product
where the task expects one — a file or a registered document — the same in the service, the API
and the page, with a confirmation before it is sent."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.core.exceptions import ApplicationError
from mandate.core.models import AuditEntry
from mandate.tasks.enums import TaskStatus
from mandate.tasks.models import Evidence, ProgressReport, Task
from mandate.tasks.services import lifecycle

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PRODUCT = "Báo cáo kết quả tổ chức hội nghị"


def _pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def with_product(assign):
    return assign(expected_product=PRODUCT)


@pytest.fixture
def product_document(cast, make_document):
    return make_document("12-KH/ĐU", cast.culture_party, issued_on=dt.date(2024, 4, 2), title="Báo cáo số 12")


def _done(task, actor, **values):
    task = Task.objects.get(pk=task.pk)
    return lifecycle.task_transition(
        actor=actor, task=task, action="report_done", expected_version=task.version, **values
    )


# --- the service ---------------------------------------------------------------------------


def test_a_done_report_without_its_result_is_refused_and_changes_nothing(cast, assign):
    task = assign()
    with pytest.raises(ApplicationError) as err:
        _done(task, cast.oanh, reason="  ")
    assert set(err.value.fields) == {"reason"}
    assert Task.objects.get(pk=task.pk).status == TaskStatus.ASSIGNED
    assert not ProgressReport.objects.exists()


def test_a_task_with_an_expected_product_needs_the_product(cast, with_product):
    with pytest.raises(ApplicationError) as err:
        _done(with_product, cast.oanh, reason="Đã tổ chức xong")
    assert err.value.code == "product_required"
    assert set(err.value.fields) == {"files", "product_document"}
    assert Task.objects.get(pk=with_product.pk).status == TaskStatus.ASSIGNED


def test_the_product_file_is_kept_with_the_done_report(cast, with_product):
    task = _done(with_product, cast.oanh, reason="Đã tổ chức xong", files=[_pdf()])

    assert task.status == TaskStatus.REPORTED
    report = ProgressReport.objects.get(is_done_report=True)
    assert (report.text, report.percent) == ("Đã tổ chức xong", 100)
    assert [e.display_name for e in report.evidence.all()] == ["bao-cao.pdf"]
    entry = AuditEntry.objects.filter(action="tasks.report_done").get()
    assert (entry.after or {})["files"] == [report.evidence.get().sha256]


def test_a_registered_document_may_be_the_product(cast, with_product, product_document):
    _done(with_product, cast.oanh, reason="Đã ban hành báo cáo", product_document=product_document)
    assert ProgressReport.objects.get(is_done_report=True).product_document == product_document


def test_a_refused_product_file_stores_nothing(cast, with_product):
    with pytest.raises(ApplicationError):
        _done(with_product, cast.oanh, reason="Xong", files=[SimpleUploadedFile("x.pdf", b"MZ")])
    assert not Evidence.objects.exists()
    assert Task.objects.get(pk=with_product.pk).status == TaskStatus.ASSIGNED


def test_files_come_only_with_a_done_report(cast, assign):
    task = assign()
    with pytest.raises(ApplicationError) as err:
        lifecycle.task_transition(
            actor=cast.oanh, task=task, action="start", expected_version=task.version, files=[_pdf()]
        )
    assert set(err.value.fields) == {"files"}


# --- the API -------------------------------------------------------------------------------


def test_the_api_refuses_a_done_report_without_result_or_product_with_field_errors(cast, api, with_product):
    url = f"/api/v1/tasks/{with_product.pk}/transition/"
    empty = api(cast.oanh).post(
        url, {"action": "report_done", "version": with_product.version}, format="json"
    )
    assert empty.status_code == 400
    assert set(empty.json()["fields"]) == {"reason"}
    bare = api(cast.oanh).post(
        url, {"action": "report_done", "reason": "Xong", "version": with_product.version}, format="json"
    )
    assert bare.status_code == 400
    assert bare.json()["code"] == "product_required"
    assert set(bare.json()["fields"]) == {"files", "product_document"}


def test_the_api_takes_the_product_document_by_id(cast, api, with_product, product_document):
    response = api(cast.oanh).post(
        f"/api/v1/tasks/{with_product.pk}/transition/",
        {"action": "report_done", "reason": "Xong", "product_document": product_document.pk,
         "version": with_product.version},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    reports = api(cast.oanh).get(f"/api/v1/tasks/{with_product.pk}/progress/").json()["results"]
    assert reports[-1]["product_document"] == product_document.pk


def test_the_api_refuses_a_product_document_the_reporter_does_not_see(cast, api, with_product, make_document):
    foreign = make_document("3-KH/TU", cast.outsider_state, issued_on=dt.date(2024, 1, 5))
    response = api(cast.oanh).post(
        f"/api/v1/tasks/{with_product.pk}/transition/",
        {
            "action": "report_done",
            "reason": "Xong",
            "product_document": foreign.pk,
            "version": with_product.version,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"product_document": ["Không tìm thấy."]}


def test_the_api_takes_the_product_file_in_a_multipart_done_report(cast, api, with_product):
    response = api(cast.oanh).post(
        f"/api/v1/tasks/{with_product.pk}/done-report/",
        {"reason": "Xong", "files": [_pdf()], "version": with_product.version},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "reported"
    assert Evidence.objects.get().report.is_done_report


def test_the_multipart_done_report_is_404_for_outsiders_and_403_for_the_other_side(cast, api, with_product):
    url = f"/api/v1/tasks/{with_product.pk}/done-report/"
    body = {"reason": "Xong", "files": [_pdf()], "version": with_product.version}
    assert api(cast.olga).post(url, body, format="multipart").status_code == 404
    assert api(cast.chanh).post(url, {**body, "files": [_pdf()]}, format="multipart").status_code == 403
    assert not Evidence.objects.exists()


# --- the page ------------------------------------------------------------------------------


def _page_post(client, task, **values):
    data = {"report_done-version": Task.objects.get(pk=task.pk).version, "report_done-confirm": "on"}
    data |= {f"report_done-{name}": value for name, value in values.items()}
    return client.post(f"/tasks/{task.pk}/report-done/", data)


def test_the_page_shows_the_expected_product_and_the_confirmation(client, cast, with_product):
    client.force_login(cast.oanh)
    page = client.get(f"/tasks/{with_product.pk}/").content.decode()
    assert 'id="done-expected-product"' in page and PRODUCT in page
    assert 'data-confirm="done-report-dialog"' in page and 'id="done-report-dialog"' in page
    assert "/static/js/done-report.js" in page
    assert 'name="report_done-product_files"' in page and 'enctype="multipart/form-data"' in page


def test_the_page_refuses_an_empty_done_report_and_keeps_the_text(client, cast, with_product):
    client.force_login(cast.oanh)
    response = _page_post(client, with_product, reason="Đã làm xong phần lớn")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Đã làm xong phần lớn" in page
    form = response.context["panels"][[p["action"] for p in response.context["panels"]].index("report_done")][
        "form"
    ]
    assert "product_files" in form.errors and "product_document" in form.errors
    assert Task.objects.get(pk=with_product.pk).status == TaskStatus.ASSIGNED


def test_the_page_needs_the_confirmation(client, cast, assign):
    task = assign()
    client.force_login(cast.oanh)
    response = client.post(
        f"/tasks/{task.pk}/report-done/", {"report_done-version": task.version, "report_done-reason": "Xong"}
    )
    assert response.status_code == 400
    assert Task.objects.get(pk=task.pk).status == TaskStatus.ASSIGNED


def test_the_page_reports_done_with_the_product_file(client, cast, with_product):
    client.force_login(cast.oanh)
    response = client.post(
        f"/tasks/{with_product.pk}/report-done/",
        {
            "report_done-version": with_product.version,
            "report_done-confirm": "on",
            "report_done-reason": "Đã tổ chức xong",
            "report_done-product_files": [_pdf()],
        },
    )
    assert response.status_code == 302
    assert Task.objects.get(pk=with_product.pk).status == TaskStatus.REPORTED
    page = client.get(f"/tasks/{with_product.pk}/").content.decode()
    assert "bao-cao.pdf" in page


def test_the_page_names_the_product_document_by_its_symbol(client, cast, with_product, product_document):
    client.force_login(cast.oanh)
    unknown = _page_post(client, with_product, reason="Xong", product_document="99-KH/ĐU")
    assert unknown.status_code == 400
    response = _page_post(client, with_product, reason="Xong", product_document="12-kh/đu")
    assert response.status_code == 302
    assert ProgressReport.objects.get(is_done_report=True).product_document == product_document
    page = client.get(f"/tasks/{with_product.pk}/").content.decode()
    assert 'id="report-product-document"' in page
