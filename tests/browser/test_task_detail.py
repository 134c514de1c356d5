"""The task page and the assignment page in Chromium: accessible, no sideways scrolling, and
their forms usable with the keyboard and without losing what was typed."""

import datetime as dt
import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mandate.core.workdays import add_working_days
from mandate.tasks.services import assignment, lifecycle, progress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _load_document_types():
    from django.apps import apps

    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture(autouse=True)
def _document_types(transactional_db):
    """Django empties every table after a live-server test, the document types that a data
    migration loaded included (serialized_rollback does not bring them back while Playwright
    drives the test): load them again the way the migration does."""
    _load_document_types()


@pytest.fixture(scope="module", autouse=True)
def _document_types_for_the_next_tests(django_db_blocker):
    """…and once more after this module's last flush, for the tests that an xdist worker runs
    after these ones."""
    yield
    with django_db_blocker.unblock():
        _load_document_types()


@pytest.fixture
def directive(cast, make_document):
    return make_document("24-CT/TU", cast.city_party, issued_on=dt.date(2023, 1, 5))


@pytest.fixture
def task(cast, directive):
    deadline = timezone.localdate() + dt.timedelta(days=45)
    task = assignment.task_assign(
        actor=cast.van, document=directive, content="Tổ chức tuyên truyền Chỉ thị 24 trong toàn ngành",
        lead_unit=cast.culture, assigner_unit=cast.party_office, coordinating_units=[cast.info],
        deadline_on=deadline, expected_product="Báo cáo kết quả", authority="Thường trực Thành ủy",
    )  # fmt: skip
    progress.task_report_progress(
        actor=cast.oanh, task=task, percent=30, text="Đã tổ chức hội nghị quán triệt",
        files=[SimpleUploadedFile("bien-ban-hoi-nghi.pdf", PDF)],
    )  # fmt: skip
    lifecycle.task_instruct(actor=cast.chanh, task=task, text="Hoàn thành trước Tết")
    progress.extension_request(
        actor=cast.dung,
        task=task,
        proposed_deadline_on=deadline + dt.timedelta(days=30),
        reason="Chờ số liệu",
    )
    return task


def test_the_task_page_for_the_lead_unit_and_for_the_assigner(cast, pages, task):
    pages.sign_in("dung")
    page = pages.open(f"/tasks/{task.pk}/")
    assert "Tổ chức tuyên truyền Chỉ thị 24" in page.locator("h1").inner_text()
    assert page.locator("a", has_text="bien-ban-hoi-nghi.pdf").count() == 1
    pages.check("task-detail")

    # A form with an error keeps what was typed, and the keyboard reaches it.
    page.locator("#form-progress summary").focus()
    page.keyboard.press("Enter")
    page.fill("#id_progress-percent", "150")
    page.fill("#id_progress-text", "Đã triển khai tại 30 quận, huyện")
    with page.expect_navigation():
        page.click("#form-progress button[type=submit]")
    assert page.locator("#id_progress-text").input_value() == "Đã triển khai tại 30 quận, huyện"
    assert page.locator("#id_progress-percent").get_attribute("aria-invalid") == "true"
    assert page.locator("#page-problem").is_visible()
    pages.check("task-detail-form-error")

    page.context.clear_cookies()
    pages.sign_in("chanh")
    page = pages.open(f"/tasks/{task.pk}/")
    assert page.locator("#form-extension_decide").get_attribute("open") is not None
    pages.check("task-detail-assigner")


def test_the_assign_page_with_the_unit_filter_and_the_deadline_preview(cast, pages, directive):
    pages.sign_in("van")
    page = pages.open(f"/documents/{directive.pk}/assign/")
    pages.check("task-assign")

    page.fill("#id_lead_units-filter", "van hoa")
    visible = [name.strip() for name in page.locator("#id_lead_units option:not([hidden])").all_inner_texts()]
    assert "Sở Văn hóa và Thể thao" in visible and "Phòng Quản lý Văn hóa" in visible
    assert "Sở Thông tin và Truyền thông" not in visible
    page.fill("#id_lead_units-filter", "")

    page.select_option("#id_lead_units", [str(cast.culture.pk), str(cast.info.pk)])
    page.locator("#id_lead_person option", has_text="Chuyên Viên Oanh").wait_for(state="attached")

    page.fill("#id_working_days", "10")
    expected = add_working_days(timezone.localdate(), 10).strftime("%d/%m/%Y")
    page.locator("#deadline-preview", has_text=expected).wait_for()
    page.fill("#id_content", "Tuyên truyền Chỉ thị 24")
    pages.check("task-assign-filled")
