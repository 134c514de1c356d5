"""Issue 14's browser acceptance for the monthly evaluation, in Chromium: the director of the
Department of Culture (dung) opens the current month, sees an official's task part read from the
records (a task she led, due and done today: 70,00), adjusts the discipline part, is told when an
A grade would put the unit above its quota, brings it within and submits the month; the official
(lan) sees her grade."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mandate.evaluations.tests.monthly_world import move, official
from mandate.tasks.services import assignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _document_types(transactional_db: Any) -> None:
    from django.apps import apps

    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture
def month(cast: Any, make_document: Any) -> str:
    """lan, an official of culture, led a task due today and done today (on time)."""
    lan = official("lan", "Nguyễn Thị Lan", cast.culture)
    today = timezone.localdate()
    plan = make_document("12-KH/UBND", cast.city_state, issued_on=today.replace(day=1))
    task = assignment.task_assign(
        actor=None, document=plan, content="Báo cáo công tác văn hóa tháng", lead_unit=cast.culture,
        assigner_unit=cast.city_state, lead_person=lan.person, deadline_on=today, assigned_on=today,
    )  # fmt: skip
    move(cast.ad, task, "report_done", today)
    move(cast.ad, task, "accept", today)
    return f"{today:%Y-%m}"


def _decide(page: Any, name: str, discipline: str, task: str, bonus: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name).click()
    page.fill("#id_discipline", discipline)
    page.fill("#id_task", task)
    page.fill("#id_bonus", bonus)
    with page.expect_navigation():
        page.click("#decision-form button[type=submit]")


def test_a_leader_evaluates_the_month_within_the_quota_and_the_official_sees_her_grade(
    cast: Any, pages: Any, month: str
) -> None:
    page = pages.page
    pages.sign_in("dung")
    pages.open(f"/evaluations/units/{cast.culture.pk}/months/{month}/")
    expect(page.locator("#month-quota")).to_contain_text("30 % × 2")  # lan and vera: floor(0,6) = 0
    pages.check("monthly-month-not-open")
    with page.expect_navigation():
        page.click("#open-form button[type=submit]")
    expect(page.locator("#month-table")).to_contain_text("70,00")

    with page.expect_navigation():
        page.get_by_role("link", name="Nguyễn Thị Lan").click()
    expect(page.locator("#task-lines")).to_contain_text("Báo cáo công tác văn hóa tháng")
    expect(page.locator("#task-prefill")).to_contain_text("70,00")
    expect(page.locator("#formula")).to_contain_text("49,00")  # the worked example
    pages.check("monthly-evaluation-form")
    page.fill("#id_discipline", "18,5")  # the task part left as read from the records
    with page.expect_navigation():
        page.click("#decision-form button[type=submit]")
    expect(page.locator("#month-table")).to_contain_text("88,50")

    _decide(page, "Người Xem Vera", "20", "60", "10")  # 90: an A, above a quota of 0
    expect(page.locator("#quota-warning")).to_be_visible()
    expect(page.locator("#submit-form button[type=submit]")).to_be_disabled()
    pages.screenshot("monthly-month-over-quota")
    _decide(page, "Người Xem Vera", "15", "50", "0")
    expect(page.locator("#quota-warning")).to_have_count(0)
    with page.expect_navigation():
        page.click("#submit-form button[type=submit]")
    expect(page.locator("#month-submitted")).to_be_visible()
    pages.check("monthly-month-submitted")

    page.context.clear_cookies()
    pages.sign_in("lan")
    pages.open("/evaluations/monthly/")
    expect(page.locator("#own-evaluations .own-grade")).to_have_text("B")
    with page.expect_navigation():
        page.locator("#own-evaluations a").first.click()
    expect(page.locator("#decided-grade")).to_have_text("B")
    expect(page.locator("#decided-total")).to_have_text("88,50")
    pages.check("monthly-evaluation-own")
