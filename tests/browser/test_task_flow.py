"""The acceptance flow of issue 4, in Chromium, in Vietnamese and then in English.

`van` (the city office's specialist, standing for `vanphong`) assigns a task from a directive to
two departments; the culture department's official `oanh` reports progress with a PDF attached;
her leader `dung` asks for an extension and `chanh` (the chief of the city office, standing for
`chanhvanphong`) approves it; completion is reported and accepted; the dashboard's counts and the
list behind them change accordingly; `bao` (a district, standing for `bavi`) sees none of it: no
link on his pages, and 404 by URL. Screenshots of the main pages go to artifacts/screenshots/.
"""

import datetime as dt
import importlib
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mandate.tasks.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CONTENT = "Tổ chức tuyên truyền Chỉ thị 24-CT/TU đến toàn thể cán bộ, đảng viên"

# What each language must show. The Vietnamese words are the catalogue's; the English ones are
# the msgids, so the English run also proves the switch took effect.
WORDS = {
    "vi": {"status_reported": "Đã báo cáo hoàn thành", "status_accepted": "Đã xác nhận hoàn thành"},
    "en": {
        "status_reported": "Reported done",
        "status_accepted": "Accepted",
        "assign_heading": "Assign tasks",
        "actions_heading": "What you can do",
        "report_progress": "Report progress",
        "assigned_message": "2 tasks are assigned.",
        "progress_message": "Progress is reported.",
        "extension_message": "The extension is approved.",
        "accepted_message": "The task is accepted.",
    },
}


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
    return make_document(
        "24-CT/TU", cast.city_party, issued_on=dt.date(2023, 9, 6),
        title="Chỉ thị về tăng cường công tác tuyên truyền",
    )  # fmt: skip


class Flow:
    def __init__(self, pages, language):
        self.pages = pages
        self.page = pages.page
        self.language = language
        self.words = WORDS[language]

    def act_as(self, username):
        self.page.context.clear_cookies()
        self.pages.sign_in(username)
        if self.language == "en" and self.page.locator("html").get_attribute("lang") != "en":
            with self.page.expect_navigation():
                self.page.click("button[name=language][value=en]")
        assert self.page.locator("html").get_attribute("lang") == self.language

    def shot(self, name):
        self.pages.screenshot(f"flow-{self.language}-{name}")

    def says(self, key):
        """The text of ``key`` in this language, where the test knows it."""
        return self.words.get(key)

    def expect_message(self, key):
        expect(self.page.locator(".messages")).to_be_visible()
        if self.says(key):
            expect(self.page.locator(".messages")).to_contain_text(self.says(key))

    def open_form(self, action):
        details = self.page.locator(f"#form-{action}")
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        return details

    def submit(self, container):
        with self.page.expect_navigation():
            container.locator("button[type=submit]").first.click()

    def counts(self):
        """The dashboard's status table: {row number: count} for completed (0) and all tasks with a
        deadline (6, after "of which due today")."""
        rows = self.page.locator("#status-counts tbody tr")
        return {n: int(re.sub(r"\D", "", rows.nth(n).locator("td").inner_text())) for n in (0, 6)}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_assign_report_extend_complete_accept_and_a_stranger_sees_nothing(cast, directive, pages, language):
    flow = Flow(pages, language)
    page = flow.page
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=30)
    extended = deadline + dt.timedelta(days=31)

    # 1. van finds the directive in the register and assigns it to two departments.
    flow.act_as("van")
    pages.open("/documents/")
    page.locator(f'a[href="/documents/{directive.pk}/"]').first.click()
    page.locator(f'a[href="/documents/{directive.pk}/assign/"]').click()
    if flow.says("assign_heading"):
        expect(page.locator("h1")).to_have_text(flow.says("assign_heading"))
    page.fill("#id_content", CONTENT)
    page.select_option("#id_lead_units", [str(cast.culture.pk), str(cast.info.pk)])
    page.fill("#id_deadline_on", deadline.strftime("%d/%m/%Y"))
    page.fill("#id_expected_product", "Báo cáo kết quả tuyên truyền")
    flow.shot("assign")
    with page.expect_navigation():
        page.locator("#main form button[type=submit]:not([name])").click()
    assert page.url.endswith(f"/documents/{directive.pk}/")
    flow.expect_message("assigned_message")
    culture_task = Task.objects.get(document=directive, lead_unit=cast.culture)
    info_task = Task.objects.get(document=directive, lead_unit=cast.info)
    for task in (culture_task, info_task):
        expect(page.locator(f'a[href="/tasks/{task.pk}/"]')).to_have_count(1)
    flow.shot("document")

    pages.open("/dashboard/")
    before = flow.counts()
    assert before == {0: 0, 6: 2}

    # 2. oanh, the culture department's official, reports progress with a PDF attached.
    flow.act_as("oanh")
    pages.open("/tasks/")
    with page.expect_navigation():
        page.locator(f'a[href="/tasks/{culture_task.pk}/"]').first.click()
    if flow.says("actions_heading"):
        expect(page.locator("#actions-heading")).to_have_text(flow.says("actions_heading"))
        expect(page.locator("#form-progress summary")).to_have_text(flow.says("report_progress"))
    form = flow.open_form("progress")
    page.fill("#id_progress-percent", "60")
    page.fill("#id_progress-text", "Đã tổ chức 12 hội nghị quán triệt tại các đơn vị")
    page.set_input_files(
        "#id_progress-evidence",
        files=[{"name": "bao-cao-tien-do.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    flow.submit(form)
    flow.expect_message("progress_message")
    evidence_link = page.locator("a", has_text="bao-cao-tien-do.pdf")
    expect(evidence_link).to_have_count(1)
    evidence_url = evidence_link.get_attribute("href")
    assert page.request.get(pages.base_url + evidence_url).body().startswith(b"%PDF")
    flow.shot("progress")

    # 3. Her leader dung asks for an extension.
    flow.act_as("dung")
    pages.open(f"/tasks/{culture_task.pk}/")
    form = flow.open_form("extension_request")
    page.fill("#id_extension_request-proposed_deadline_on", extended.strftime("%d/%m/%Y"))
    page.fill("#id_extension_request-reason", "Chờ số liệu tổng hợp của các quận, huyện")
    flow.submit(form)
    expect(page.locator(".messages")).to_be_visible()

    # 4. chanh finds it awaiting his decision and approves it.
    flow.act_as("chanh")
    with page.expect_navigation():
        page.locator("#group-awaiting").locator(f'a[href="/tasks/{culture_task.pk}/"]').first.click()
    decision = page.locator("#form-extension_decide")
    expect(decision).to_have_attribute("open", "")
    with page.expect_navigation():
        decision.locator('button[value="approve"]').click()
    flow.expect_message("extension_message")
    expect(page.locator("#clear-heading + dl")).to_contain_text(extended.strftime("%d/%m/%Y"))
    expect(page.locator("#clear-heading + dl")).to_contain_text(deadline.strftime("%d/%m/%Y"))  # original
    flow.shot("extension")

    # 5. oanh reports the task done; 6. chanh accepts it.
    flow.act_as("oanh")
    pages.open(f"/tasks/{culture_task.pk}/")
    form = flow.open_form("report_done")
    page.fill("#id_report_done-reason", "Đã hoàn thành toàn bộ các hội nghị")
    # The task expects a product: the report carries it, and is confirmed before it is sent.
    page.set_input_files(
        "#id_report_done-product_files",
        files=[{"name": "bao-cao-ket-qua.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    form.locator("button[type=submit]").first.click()
    expect(page.locator("#done-report-dialog")).to_be_visible()
    with page.expect_navigation():
        page.click("#done-report-send")
    expect(page.locator("#task-status")).to_contain_text(flow.says("status_reported"))

    flow.act_as("chanh")
    pages.open(f"/tasks/{culture_task.pk}/")
    flow.submit(page.locator("#form-accept"))
    flow.expect_message("accepted_message")
    expect(page.locator("#task-status")).to_contain_text(flow.says("status_accepted"))
    pages.check(f"flow-{language}-accepted")

    # 7. The dashboard counts one more completed task, and its number leads to that task.
    flow.act_as("van")
    pages.open("/dashboard/")
    assert flow.counts() == {0: 1, 6: 2}
    flow.shot("dashboard")
    with page.expect_navigation():
        page.locator("#status-counts tbody tr").nth(0).locator("a").click()
    expect(page.locator(f'a[href="/tasks/{culture_task.pk}/"]')).to_have_count(1)
    expect(page.locator(f'a[href="/tasks/{info_task.pk}/"]')).to_have_count(0)
    flow.shot("completed-list")

    # 8. bao, of a district, sees none of it: no link anywhere, and 404 by URL.
    flow.act_as("bao")
    for path in ("/", "/tasks/", "/dashboard/", "/documents/"):
        pages.open(path)
        for task in (culture_task, info_task):
            expect(page.locator(f'a[href="/tasks/{task.pk}/"]')).to_have_count(0)
        expect(page.locator(f'a[href="/documents/{directive.pk}/"]')).to_have_count(0)
    for path in (
        f"/tasks/{culture_task.pk}/",
        f"/tasks/{info_task.pk}/",
        f"/documents/{directive.pk}/",
        f"/documents/{directive.pk}/assign/",
        evidence_url,
    ):
        assert page.request.get(pages.base_url + path).status == 404, path
    flow.shot("stranger")
