"""A task that is an inspection's recommendation names its inspection on the task page, in
Chromium (docs/adr/0047): the inspected department's director sees "Xuất xứ" linked to the
inspection and follows the link; the official who works on the task sees nothing of it."""

import datetime as dt
import importlib

import pytest
from playwright.sync_api import expect

from mandate.inspections import services
from mandate.inspections.enums import BodyKind, InspectionKind, InspectionState
from mandate.inspections.tests.factories_stats import add_organisations, make_body, make_inspection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECOMMENDATION = "Đẩy mạnh tuyên truyền chức năng, nhiệm vụ của Sở"


@pytest.fixture(autouse=True)
def _document_types(transactional_db):
    from django.apps import apps

    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture
def task(cast, make_document):
    directive = make_document("24-CT/TU", cast.standing, issued_on=dt.date(2023, 8, 7), is_public=True)
    body = make_body(cast.standing, BodyKind.STANDING_COMMITTEE, cast.city)
    inspection = make_inspection(
        body, InspectionKind.PLANNED, state=InspectionState.CONCLUDED, subject_document=directive
    )
    add_organisations(inspection, cast.culture, 1)
    recommendation = services.recommendation_add(
        actor=None, inspection=inspection, text=RECOMMENDATION, lead_unit=cast.culture
    )
    return services.recommendation_issue(actor=None, recommendation=recommendation, working_days=10)


def test_the_director_follows_the_origin_and_the_official_sees_none(cast, task, pages):
    inspection = task.inspection_recommendation.inspection
    page = pages.page
    pages.sign_in("dung")
    pages.open(f"/tasks/{task.pk}/")

    origin = page.locator("#task-origin a")
    expect(origin).to_have_text(f"Cuộc kiểm tra {inspection.decision_number}, Ban Thường vụ Thành ủy")
    pages.check("task-origin")
    with page.expect_navigation():
        origin.click()
    expect(page.locator("#recommendations")).to_contain_text(RECOMMENDATION)

    page.context.clear_cookies()
    pages.sign_in("oanh")
    pages.open(f"/tasks/{task.pk}/")
    expect(page.locator("#main")).to_contain_text(RECOMMENDATION)
    expect(page.locator("#task-origin")).to_have_count(0)
