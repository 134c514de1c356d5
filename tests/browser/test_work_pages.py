"""My work, the task list, the dashboard and the notices page in real Chromium: each page is
looked at (screenshot), checked by axe-core, and kept from scrolling sideways on both screens."""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from mandate.tasks.models import Task
from mandate.tasks.services import assignment, lifecycle, progress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def document_types(transactional_db):
    """A live-server test empties every table after it, the document types that a migration
    loads included: put them back for the next one."""
    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(django_apps, None)


@pytest.fixture
def work(cast, make_document, document_types):
    """The culture department's day: tasks in every group, reports, an extension asked."""
    today = timezone.localdate()
    plan = make_document("6-CTr/TU", cast.city_party, type_slug="chuong-trinh", issued_on=dt.date(2023, 1, 5))

    def assign(content, lead_unit=None, **values):
        return assignment.task_assign(
            actor=cast.van, document=plan, content=content, lead_unit=lead_unit or cast.culture,
            assigner_unit=cast.party_office, **values,
        )  # fmt: skip

    back = today - dt.timedelta(days=60)
    overdue = assign(
        "Tổ chức Ngày hội Văn hóa các dân tộc Việt Nam",
        assigned_on=back,
        deadline_on=today - dt.timedelta(days=5),
    )
    assign("Kiểm tra di tích trên địa bàn", assigned_on=back, deadline_on=today + dt.timedelta(days=4))
    assign("Báo cáo tình hình thể thao quần chúng hằng tháng", kind="regular", assigned_on=back)
    assign(
        "Số hóa tư liệu thư viện",
        lead_unit=cast.culture_office,
        assigned_on=back,
        deadline_on=today + dt.timedelta(days=40),
    )
    done = assign(
        "Tổng kết phong trào Toàn dân đoàn kết", assigned_on=back, deadline_on=today + dt.timedelta(days=10)
    )
    progress.task_report_progress(actor=cast.oanh, task=done, percent=60, text="Đã tổng hợp số liệu")
    done.refresh_from_db()
    lifecycle.task_transition(
        actor=cast.oanh, task=done, action="report_done", expected_version=done.version, reason="Xong"
    )
    done.refresh_from_db()
    lifecycle.task_transition(actor=cast.chanh, task=done, action="accept", expected_version=done.version)
    progress.extension_request(
        actor=cast.dung, task=Task.objects.get(pk=overdue.pk), reason="Chờ kinh phí",
        proposed_deadline_on=today + dt.timedelta(days=30),
    )  # fmt: skip
    return {"overdue": overdue, "done": done}


def test_my_work_page(cast, work, pages):
    pages.sign_in("dung")
    page = pages.open("/")
    assert page.locator("#group-overdue").get_by_text("Tổ chức Ngày hội Văn hóa").count() == 1
    assert page.locator("#group-due_soon").get_by_text("Kiểm tra di tích").count() == 1
    pages.check("my-work")


def test_what_awaits_the_assigners_leader(cast, work, pages):
    pages.sign_in("chanh")
    page = pages.open("/")
    assert page.locator("#group-awaiting").get_by_text("Tổ chức Ngày hội Văn hóa").count() == 1


def test_task_list_searches_without_accents_and_exports(cast, work, pages):
    pages.sign_in("dung")
    page = pages.open("/tasks/")
    page.fill("#f-q", "van hoa dan toc")
    with page.expect_navigation():
        page.press("#f-q", "Enter")
    rows = page.locator("#task-table tbody tr")
    assert rows.count() == 1
    assert "Văn hóa các dân tộc" in rows.first.inner_text()
    pages.check("task-list")

    with page.expect_download() as download:
        page.get_by_role("link", name="Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_dashboard_draws_its_charts_beside_their_tables(cast, work, pages):
    pages.sign_in("dung")
    page = pages.open("/dashboard/")
    page.wait_for_function(
        "() => window.Chart && Chart.getChart('child-chart') && Chart.getChart('month-chart')"
    )
    assert page.locator("#child-table").get_by_text("Phòng Quản lý Văn hóa").count() == 1
    assert page.locator("#child-chart").bounding_box()["height"] > 100
    pages.check("dashboard")

    page.locator("#summary-completed a").first.click()
    page.wait_for_url("**/tasks/?*")
    assert page.locator("#task-table tbody tr").count() == 1
    assert "Tổng kết phong trào" in page.locator("#task-table").inner_text()


def test_notifications_page_and_the_bell(cast, work, pages):
    pages.sign_in("dung")
    page = pages.open("/")
    assert page.locator("#bell .badge").count() == 1
    page.click("#bell")
    page.wait_for_url("**/notifications/")
    pages.check("notifications")

    with page.expect_navigation():
        page.locator("form[action$='/read-all/'] button").click()
    assert page.locator("#bell .badge").count() == 0


def test_the_task_list_sorts_from_its_headers_and_numbers_its_rows(cast, work, pages):
    pages.sign_in("dung")
    page = pages.open("/tasks/?include_subtasks=1")
    with page.expect_navigation():
        page.locator("#task-table thead a[data-sort-link]", has_text="Ngày giao").click()
    assert "ordering=assigned_on" in page.url
    assert page.locator("#task-table thead th[aria-sort=ascending]").count() == 1
    numbers = page.locator("#task-table tbody td[data-row-number]").all_inner_texts()
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    with page.expect_navigation():
        page.locator("#task-table thead a[data-sort-link]", has_text="Ngày giao").click()
    assert "ordering=-assigned_on" in page.url
    pages.check("task-list-sorted")


def test_my_work_shows_what_is_new_and_the_leaders_table(cast, work, pages):
    pages.sign_in("dung")
    page = pages.open("/")
    assert page.locator("#group-new").get_by_text("Kiểm tra di tích").count() == 1
    assert page.locator("table[data-team-table]").count() == 1
    pages.check("my-work-inbox")
    with page.expect_navigation():
        page.locator("#group-new").get_by_text("Kiểm tra di tích").click()
    page = pages.open("/")
    assert page.locator("#group-new").get_by_text("Kiểm tra di tích").count() == 0
