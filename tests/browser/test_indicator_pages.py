"""The acceptance test of issue 11's pages, in Chromium: a district People's Committee (bao)
enters its cultural-title figure and submits it; the Department of Culture and Sports (dung)
accepts it from the approval queue, which locks it; the indicator page's chart and league table
show the new value and its rank; the locked value's form is read-only. Each page is looked at
(screenshot), checked by axe-core and at both screen widths.

The world is ``factories.cultural_titles``: two districts report to the department, one approval
level; the other district has reported 450 of 500 (90%), accepted.
"""

import importlib

import pytest
from playwright.sync_api import expect

from mandate.indicators.models import Submission
from mandate.indicators.tests.factories import cultural_titles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _load_document_types():
    from django.apps import apps

    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture(autouse=True)
def _document_types(transactional_db):
    """A live-server test ends with a flush, which also empties the rows a data migration loaded:
    load them again, as the other browser tests do."""
    _load_document_types()


@pytest.fixture
def titles(cast):
    return cultural_titles(cast)


def test_a_district_reports_the_department_accepts_and_the_figures_follow(cast, titles, pages):
    families, indicator_set = titles["families"], titles["titles"]
    problems = []  # script errors and CSP refusals, on every page of the flow
    pages.page.on(
        "console", lambda message: problems.append(message.text) if message.type == "error" else None
    )
    pages.page.on("pageerror", lambda error: problems.append(str(error)))

    # The district enters its figure, written the Vietnamese way, and submits it.
    pages.sign_in("bao")
    page = pages.open("/indicators/")
    expect(page.locator("#set-table")).to_contain_text("Danh hiệu văn hóa 2023")
    expect(page.get_by_role("link", name="Chỉ tiêu", exact=True)).to_have_attribute("aria-current", "page")
    pages.check("indicators-catalogue")

    with page.expect_navigation():
        page.locator("#set-table").get_by_role("link", name="Nhập số liệu").click()
    expect(page.locator("#values-title")).to_contain_text("Ủy ban nhân dân huyện Mẫu")
    expect(page.locator("#values-title")).to_contain_text("Năm 2023")
    value = page.locator(f"#id_v{families.pk}")
    value.fill("48O")  # a typo: refused inline, what was typed kept
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator(f"#id_v{families.pk}-error")).to_be_visible()
    expect(value).to_have_value("48O")
    value.fill("480")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu số liệu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu số liệu")
    expect(page.locator("#entry-table")).to_contain_text("96,00%")
    pages.check("indicators-entry")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator("#submission-state")).to_contain_text("Sở Văn hóa và Thể thao")
    expect(value).to_be_disabled()

    # The department accepts it from its queue: the value is locked.
    page.context.clear_cookies()
    pages.sign_in("dung")
    page = pages.open("/indicators/queue/")
    row = page.locator("#queue-table tbody tr", has_text="Ủy ban nhân dân huyện Mẫu")
    expect(row).to_be_visible()
    expect(row.get_by_role("button", name="Phê duyệt")).to_have_count(0)  # one level: it accepts
    pages.check("indicators-queue")
    with page.expect_navigation():
        row.get_by_role("button", name="Tiếp nhận và khóa").click()
    expect(page.locator(".messages")).to_contain_text("khóa")
    submission = Submission.objects.get(indicator_set=indicator_set, unit=cast.district_state)
    assert submission.state == "accepted"

    # The indicator page: 930 of 1.000 in all; the district is now first of the league.
    page = pages.open(f"/indicators/{families.pk}/?set={indicator_set.pk}&period=2023")
    expect(page.locator("#total")).to_contain_text("930")
    expect(page.locator("#total")).to_contain_text("93,00%")
    first = page.locator("#league-table tbody tr").first
    expect(first).to_contain_text("Ủy ban nhân dân huyện Mẫu")
    expect(first).to_contain_text("480")
    expect(first.locator("td").first).to_have_text("1")
    expect(page.locator("#unit-table")).to_contain_text("Đã tiếp nhận và khóa")
    drawn = page.evaluate("() => !!window.Chart && !!window.Chart.getChart('unit-chart')")
    assert drawn
    labels = page.evaluate("() => window.Chart.getChart('unit-chart').data.datasets[1].data")
    assert 480 in labels
    # Both districts' values stand accepted: the reporting rate counts them, whatever their day.
    expect(page.locator("#rate-levels")).to_contain_text("100,00%")
    expect(page.locator("#stated-figures")).to_be_visible()
    pages.check("indicators-indicator")

    page = pages.open(f"/indicators/sets/{indicator_set.pk}/allocation/")
    expect(page.locator("#allocation-check")).to_contain_text("1.000")
    pages.check("indicators-allocation")

    # Back at the district: the locked value's form is read-only, with who locked it.
    page.context.clear_cookies()
    pages.sign_in("bao")
    page = pages.open(f"/indicators/sets/{indicator_set.pk}/entry/")
    expect(page.locator("#locked-reason")).to_contain_text("dung")
    expect(page.locator(f"#id_v{families.pk}")).to_be_disabled()
    expect(page.locator(f"#id_v{families.pk}")).to_have_value("480")
    expect(page.get_by_role("button", name="Lưu số liệu")).to_have_count(0)
    pages.check("indicators-entry-locked")
    # The one refused form answers 400, which Chromium logs; nothing else may be logged.
    assert [p for p in problems if "status of 400" not in p] == []
