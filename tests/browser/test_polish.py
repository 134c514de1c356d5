"""Issue 10 §5, §6, §8 in Chromium: notices in the reader's language and opened by a click, a
file over the limit refused before sending with the text kept, the extended deadline said once,
the error page's way back, and the task page and the bell on a phone."""

import datetime as dt
import importlib

import pytest

from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.tasks.services import assignment, progress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _load_document_types():
    from django.apps import apps

    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture(autouse=True)
def _document_types(transactional_db):
    _load_document_types()


@pytest.fixture(scope="module", autouse=True)
def _document_types_for_the_next_tests(django_db_blocker):
    yield
    with django_db_blocker.unblock():
        _load_document_types()


@pytest.fixture
def task(cast, make_document):
    OrgUnit.objects.filter(pk=cast.culture.pk).update(name_en="Department of Culture and Sports")
    cast.culture.refresh_from_db()
    directive = make_document("24-CT/TU", cast.city_party, issued_on=dt.date(2023, 1, 5))
    return assignment.task_assign(
        actor=cast.van, document=directive, content="Tổ chức tuyên truyền Chỉ thị 24 trong toàn ngành",
        lead_unit=cast.culture, assigner_unit=cast.party_office, coordinating_units=[cast.info],
        working_days=10, expected_product="Báo cáo kết quả",
    )  # fmt: skip


def test_a_vietnamese_notice_reads_in_english_and_a_click_opens_it_and_marks_it_read(cast, pages, task):
    User.objects.filter(pk=cast.dung.pk).update(language="en")
    pages.sign_in("dung")
    page = pages.open("/notifications/")
    assert page.locator("html").get_attribute("lang") == "en"
    title = page.get_by_role("button", name="New task for Department of Culture and Sports", exact=True)
    assert title.count() == 1
    assert page.locator("#bell .badge").inner_text().strip() == "1"
    pages.check("notifications-english")

    with page.expect_navigation():
        title.click()
    assert page.url.endswith(f"/tasks/{task.pk}/")
    assert page.locator("#bell .badge").count() == 0


def test_a_file_over_the_limit_is_refused_before_sending_and_the_text_stays(cast, pages, task, settings):
    pages.sign_in("oanh")
    page = pages.open(f"/tasks/{task.pk}/")
    page.locator("#form-progress summary").click()
    page.fill("#id_progress-percent", "40")
    page.fill("#id_progress-text", "Đã tổ chức 3 hội nghị quán triệt")
    big = settings.MANDATE_MAX_UPLOAD_BYTES + 1024 * 1024
    page.set_input_files(
        "#id_progress-evidence",
        files=[{"name": "bao-cao.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * big}],
    )
    message = page.locator("#id_progress-evidence_size_error")
    assert message.inner_text() == "“bao-cao.pdf” có dung lượng 21,0 MB; giới hạn là 20,0 MB."
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.method))
    page.locator("#form-progress button[type=submit]").click()
    page.wait_for_timeout(300)
    assert "POST" not in requests
    assert page.locator("#id_progress-text").input_value() == "Đã tổ chức 3 hội nghị quán triệt"
    assert page.locator("#id_progress-evidence").get_attribute("aria-invalid") == "true"
    pages.screenshot("upload-too-large")


def test_the_extended_deadline_the_error_page_and_the_phone(cast, pages, task):
    request = progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=task.deadline_on + dt.timedelta(days=18),
        reason="Chờ số liệu",
    )  # fmt: skip
    task.refresh_from_db()
    progress.extension_decide(actor=cast.chanh, request=request, approve=True, expected_version=task.version)
    task.refresh_from_db()
    pages.sign_in("dung")
    page = pages.open(f"/tasks/{task.pk}/")
    deadline = page.locator("#clear-heading").locator("xpath=..").locator("dd").nth(2).inner_text()
    lines = [line.strip() for line in deadline.splitlines() if line.strip()]
    original, assigned = task.original_deadline_on.strftime("%d/%m/%Y"), task.assigned_on.strftime("%d/%m/%Y")
    assert lines == [
        task.deadline_on.strftime("%d/%m/%Y"),
        f"Thời hạn ban đầu: {original} (10 ngày làm việc kể từ {assigned})",
    ]
    pages.screenshot("task-extended-deadline")

    page.set_viewport_size(PHONE)
    page.reload()
    actions = page.locator("#actions-heading").bounding_box()
    clear = page.locator("#clear-heading").bounding_box()
    assert actions["y"] < clear["y"], "on a phone the actions come before the task's details"
    assert page.locator("#bell-phone").is_visible()
    assert not page.locator("#main-menu").is_visible()
    page.screenshot(path=str(pages_screenshot_path("task-phone")), full_page=False)

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(pages.base_url + "/tasks/999999/", referer=pages.base_url + f"/tasks/{task.pk}/")
    assert page.locator("h1").inner_text() == "Không tìm thấy."
    back = page.get_by_role("link", name="Quay lại trang trước")
    assert back.get_attribute("href") == f"/tasks/{task.pk}/"
    card = page.locator(".card-body").bounding_box()
    heading = page.locator("h1").bounding_box()
    assert heading["x"] - card["x"] >= 12, "the error card has padding"
    pages.check("error-404")


def pages_screenshot_path(name):
    from tests.browser.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def test_an_english_browser_reads_vietnamese_until_it_chooses_english(cast, browser, live_server):
    context = browser.new_context(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/accounts/login/")
        assert page.locator("html").get_attribute("lang") == "vi"
        assert page.locator("h1").inner_text() == "Đăng nhập"
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
        assert page.locator("html").get_attribute("lang") == "en"
        page.goto(live_server.url + "/accounts/login/")
        assert page.locator("html").get_attribute("lang") == "en"
        api = page.request.get(live_server.url + "/api/v1/tasks/", headers={"Accept-Language": "en"})
        assert api.status == 401
        assert api.json()["message"] == "Sign in first."
    finally:
        context.close()
