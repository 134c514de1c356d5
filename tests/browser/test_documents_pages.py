"""The document register (live look-up as people type), the document detail page and the
organisation tree, in Chromium: screenshots, axe-core, no sideways scroll."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps
from playwright.sync_api import expect

from mandate.documents import services as document_services
from mandate.organisations import services as org_services
from mandate.tasks.models import Task
from mandate.tasks.services import assignment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _document_types(transactional_db):
    """A live-server test ends with a flush, which also empties the document types that migration
    documents/0003 loaded (serialized_rollback cannot help: Playwright's greenlet gets a fresh
    connection object without Django's serialized copy). Load them again, as that migration does."""
    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture
def documents(cast, make_document):
    programme = make_document(
        "06/Ctr-TU", cast.city_party, issued_on=dt.date(2021, 3, 17), type_slug="chuong-trinh",
        title="Chương trình phát triển văn hóa Thủ đô giai đoạn 2021-2025",
        summary="Phát triển văn hóa, xây dựng người Hà Nội thanh lịch, văn minh.",
        recipients_text="Các huyện ủy, thành ủy, các sở, ban, ngành.", recipient_units=[cast.culture],
    )  # fmt: skip
    directive = make_document("24-CT/TU", cast.city_party, issued_on=dt.date(2023, 9, 6))
    plan = make_document("176/KH-UBND", cast.city_state, issued_on=dt.date(2023, 3, 2))
    document_services.document_relate(actor=None, source=plan, target=programme, kind="implements")
    for number, (unit, deadline) in enumerate(
        [
            (cast.culture, dt.date(2024, 4, 30)),
            (cast.culture, dt.date(2031, 1, 1)),
            (cast.info, dt.date(2024, 6, 30)),
        ]
    ):
        task = assignment.task_assign(
            actor=cast.van, document=programme, content=f"Nội dung nhiệm vụ số {number + 1} của Chương trình",
            lead_unit=unit, assigner_unit=cast.party_office, assigned_on=dt.date(2024, 3, 1),
            deadline_on=deadline, ordinal=str(number + 1),
        )  # fmt: skip
        if number == 0:
            Task.objects.filter(pk=task.pk).update(
                status="accepted", progress=100, done_reported_on=dt.date(2024, 4, 20)
            )
    return {"programme": programme, "directive": directive, "plan": plan}


def test_the_register_finds_a_symbol_as_it_is_typed_and_opens_the_document(cast, documents, pages):
    pages.sign_in("van")
    page = pages.open("/documents/")
    results = page.locator("#document-results")
    expect(results).to_contain_text("24-CT/TU")
    expect(results).to_contain_text("06/Ctr-TU")
    pages.check("documents")

    page.locator("#id_symbol").press_sequentially("06-ctr-tu", delay=20)
    expect(results).not_to_contain_text("24-CT/TU")
    expect(results).not_to_contain_text("176/KH-UBND")
    expect(results.get_by_role("link", name="06/Ctr-TU")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/documents/\?symbol=06-ctr-tu$"))  # the address bar follows

    with page.expect_navigation():
        results.get_by_role("link", name="06/Ctr-TU").click()
    assert page.url.endswith(f"/documents/{documents['programme'].pk}/")
    expect(page.locator("#document-counts")).to_contain_text("33,33%")  # 1 of 3 completed
    expect(page.get_by_role("link", name="Nội dung nhiệm vụ số 2 của Chương trình")).to_be_visible()
    expect(page.get_by_role("link", name="Kế hoạch 176/KH-UBND")).to_be_visible()
    pages.check("document-detail")


def test_the_register_works_without_javascript_too(cast, documents, pages):
    pages.page.context.route("**/htmx-2.min.js", lambda route: route.abort())
    pages.sign_in("van")
    page = pages.open("/documents/")
    page.fill("#id_symbol", "24-ct")
    page.fill("#id_year", "20x3")
    with page.expect_navigation():
        page.click("#document-filters button[type=submit]")
    expect(page.locator("#id_year_errors")).to_be_visible()
    expect(page.locator("#id_symbol")).to_have_value("24-ct")

    page.fill("#id_year", "2023")
    with page.expect_navigation():
        page.press("#id_year", "Enter")
    expect(page.locator("#document-results")).to_contain_text("24-CT/TU")
    expect(page.locator("#document-results")).not_to_contain_text("06/Ctr-TU")


def test_the_organisation_tree_on_a_date_and_a_unit_with_its_lineage(cast, pages):
    commune = org_services.unit_create(
        actor=None, parent=cast.city, name="Xã Mẫu Mới", kind="area", level="commune",
        valid_from=dt.date(2025, 7, 1),
    )  # fmt: skip
    org_services.unit_merge(
        actor=None, sources=[cast.district_state], parent=commune, name="Ủy ban nhân dân xã Mẫu Mới",
        kind="state", level="commune", effective_on=dt.date(2025, 7, 1), reason="Sắp xếp",
    )  # fmt: skip
    org_services.unit_merge_into(actor=None, sources=[cast.district], successor=commune, reason="Sắp xếp")

    pages.sign_in("olga")  # the directory is open to every signed-in user
    page = pages.open("/organisations/?on=2023-12-31")
    tree = page.locator("#org-tree")
    expect(tree).to_contain_text("Huyện Mẫu")
    expect(tree).not_to_contain_text("Xã Mẫu Mới")
    pages.check("organisation-tree")

    page.fill("#id_on", "2026-01-01")
    with page.expect_navigation():
        page.click("#main form button[type=submit]")
    expect(tree).not_to_contain_text("Huyện Mẫu")
    expect(tree).to_contain_text("Xã Mẫu Mới")

    with page.expect_navigation():
        tree.get_by_role("link", name="Xã Mẫu Mới", exact=True).click()
    expect(page.locator("#predecessors")).to_contain_text("Huyện Mẫu")
    expect(page.locator("#predecessors")).to_contain_text("01/07/2025")
    pages.check("organisation-unit")
