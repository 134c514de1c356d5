"""The statistics page in Chromium (issue 12, items 6 and 8): the commission's inspector (a reader
of person records, so he signs in with a second factor) opens the inspections, follows the
statistics link, chooses the city's commission and the first nine months of 2023, reads seed
004's layout, follows a figure to the records it counts and a name to that person's history;
each page accessible and never scrolling sideways."""

import importlib

import pytest
from playwright.sync_api import expect

from mandate.inspections.tests import stats_world
from mandate.people import second_factor_services as sf
from mandate.people.tests.factories import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _document_types(transactional_db):
    from django.apps import apps

    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture
def world(cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    w = stats_world.build(cast)
    w.device = sf.totp_enrol_fixed(user=w.kiem, secret_base32=SECRET)
    return w


def test_the_statistics_page_its_records_and_a_persons_history(cast, world, pages):
    page = pages.page
    pages.sign_in("kiem")
    page.fill("#id_code", totp_code(world.device.key))
    with page.expect_navigation():
        page.click("#main button[type=submit]")

    pages.open("/inspections/")
    with page.expect_navigation():
        page.click("#statistics-link")
    page.select_option("#id_body", str(world.ic_city.pk))
    page.fill("#id_from", "01/01/2023")
    page.fill("#id_to", "15/09/2023")
    with page.expect_navigation():
        page.click("#statistics-form button[type=submit]")
    expect(page.locator("#row-party_committees_inspected td[data-column=organisations]")).to_have_text("7")
    expect(page.locator("#row-standing_committee_planned th")).to_contain_text("(2 cuộc)")
    expect(page.locator("#row-inspection_tasks td[data-column=members]")).to_have_text("—")
    pages.check("inspection-statistics")

    page.fill("#id_to", "01/01/2022")
    with page.expect_navigation():
        page.click("#statistics-form button[type=submit]")
    expect(page.locator("#id_to_error")).to_be_visible()
    pages.screenshot("inspection-statistics-error")

    pages.open(f"/inspections/statistics/?body={world.ic_city.pk}&from=01/01/2023&to=15/09/2023")
    with page.expect_navigation():
        page.click("#row-upon_signs_violated td[data-column=members] a")
    expect(page.locator("#records-table tr.record")).to_have_count(3)
    pages.check("inspection-statistics-records")

    with page.expect_navigation():
        page.locator("#records-table tr.record a").first.click()
    expect(page.locator(".history-subject")).to_have_count(1)
    pages.check("inspection-subject-history")
