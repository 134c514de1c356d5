"""The acceptance test of issue 12's pages, in Chromium: the Standing Committee's Deputy
Secretary (phong, a reader of person records, so he signs in with a second factor) creates an
inspection of the Department of Culture and Sports, forms its team, decides it, starts it,
records a finding against a sign of the City Party Committee's catalogue, records the conclusion,
concludes it, adds a recommendation and issues it as a task; then the department's director
(dung) finds that task on My work."""

import datetime as dt
import importlib

import pytest
from playwright.sync_api import expect

from mandate.inspections import services
from mandate.inspections.enums import BodyKind, InspectionState
from mandate.inspections.models import Inspection
from mandate.inspections.tests.conftest import as_yaml, catalogue_rows, upload
from mandate.people import second_factor_services as sf
from mandate.people.scopes import today
from mandate.people.tests.factories import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
RECOMMENDATION = "Đẩy mạnh tuyên truyền chức năng, nhiệm vụ của Sở"


@pytest.fixture(autouse=True)
def _document_types(transactional_db):
    from django.apps import apps

    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture
def world(cast, settings, make_document):
    from conftest import _person

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    phong = _person(
        "phong",
        "Nguyễn Văn Phong",
        unit=cast.standing,
        scope_unit=cast.city,
        title="Phó Bí thư",
        role="leader",
    )
    services.inspecting_body_declare(
        actor=None,
        unit=cast.standing,
        kind=BodyKind.STANDING_COMMITTEE,
        competence_unit=cast.city,
        valid_from=dt.date(2020, 1, 1),
    )
    make_document("24-CT/TU", cast.standing, issued_on=dt.date(2023, 8, 7), is_public=True)
    services.catalogue_load(
        actor=None, file=upload("c.yaml", as_yaml(catalogue_rows())), owner_unit=cast.city_party
    )
    return sf.totp_enrol_fixed(user=phong, secret_base32=SECRET)


def _submit(pages, form):
    with pages.page.expect_navigation():
        pages.page.click(f"#form-{form} button[type=submit]")


def test_an_inspection_from_its_creation_to_a_task_on_the_leaders_work(cast, world, pages):
    day = today().strftime("%d/%m/%Y")
    page = pages.page
    pages.sign_in("phong")
    page.fill("#id_code", totp_code(world.key))
    with page.expect_navigation():
        page.click("#main button[type=submit]")

    pages.open("/inspections/")
    with page.expect_navigation():
        page.click("#new-inspection")
    page.select_option("#id_kind", "upon_signs")
    page.fill("#id_title", "Kiểm tra Sở Văn hóa và Thể thao")
    page.fill("#id_subject_matter", "Thực hiện Chỉ thị 24-CT/TU")
    with page.expect_navigation():
        page.click("#create-form button[type=submit]")
    inspection = Inspection.objects.get()

    page.select_option("#id_team_add-person", label="Nguyễn Văn Phong")
    page.select_option("#id_team_add-role", "leader")
    _submit(pages, "team_add")
    page.select_option("#id_subject_add-unit", label="Sở Văn hóa và Thể thao")
    _submit(pages, "subject_add")
    # A decision without its number is refused next to the field, the date kept.
    page.fill("#id_decide-on", day)
    _submit(pages, "decide")
    expect(page.locator("#id_decide-decision_number_error")).to_be_visible()
    expect(page.locator("#id_decide-on")).to_have_value(day)
    page.fill("#id_decide-decision_number", "12-QĐ/TU")
    _submit(pages, "decide")
    expect(page.locator("#decision")).to_contain_text("12-QĐ/TU")
    _submit(pages, "start")

    page.fill("#id_finding-text", "Chưa phổ biến Chỉ thị đến cán bộ")
    page.select_option("#id_finding-signs", index=0)
    page.fill("#id_finding-recorded_on", day)
    _submit(pages, "finding")
    expect(page.locator(".findings")).to_contain_text("Chưa phổ biến Chỉ thị")
    page.fill("#id_conclusion-text", "Có thiếu sót, cần rút kinh nghiệm")
    page.fill("#id_conclusion-concluded_on", day)
    _submit(pages, "conclusion")
    # The conclusion is corrected on its own form (opened from the subject), with its version.
    subject = inspection.subjects.get()
    page.click(f"#conclusion-actions-{subject.pk} summary")
    page.fill(f"#id_cc_{subject.pk}_conclusion_correct-text", "Có thiếu sót nhỏ, cần rút kinh nghiệm")
    _submit(pages, f"conclusion_correct-{subject.pk}")
    expect(page.locator(".conclusion")).to_contain_text("Có thiếu sót nhỏ")
    page.fill("#id_conclude-on", day)
    _submit(pages, "conclude")
    assert Inspection.objects.get(pk=inspection.pk).state == InspectionState.CONCLUDED

    page.fill("#id_recommendation-text", RECOMMENDATION)
    page.select_option("#id_recommendation-lead_unit", label="Sở Văn hóa và Thể thao")
    _submit(pages, "recommendation")
    page.fill("#id_issue-working_days", "10")
    page.fill("#id_issue-document", "24-CT/TU")
    _submit(pages, "issue")
    expect(page.locator("#recommendations")).to_contain_text(RECOMMENDATION)
    expect(page.locator("#recommendations a")).to_have_count(1)
    pages.check("inspection-page")
    # The follow-up is not offered while the recommendation's task is open (transitions.refusal).
    expect(page.locator("#form-follow_up_done")).to_have_count(0)
    assert Inspection.objects.get(pk=inspection.pk).state == InspectionState.CONCLUDED

    page.context.clear_cookies()  # signed out: the director signs in on the same browser
    pages.sign_in("dung")
    pages.open("/")
    expect(page.locator("#main")).to_contain_text(RECOMMENDATION)


def test_a_plan_is_made_its_lines_added_and_its_progress_shown(cast, world, pages):
    """Phong plans for the Standing Committee: a plan for the year, a line naming the department,
    the plan's page with the line not started and the link that creates its inspection."""
    page = pages.page
    pages.sign_in("phong")
    page.fill("#id_code", totp_code(world.key))
    with page.expect_navigation():
        page.click("#main button[type=submit]")
    pages.open("/inspections/plans/")
    with page.expect_navigation():
        page.click("#plan-create")
    page.fill("#id_year", "2024")
    page.fill("#id_title", "Kế hoạch 47-KH/ĐU kiểm tra, giám sát năm 2024")
    with page.expect_navigation():
        page.click("#plan-form button[type=submit]")
    page.select_option("#id_line_add-kind", "planned")
    page.fill("#id_line_add-subject_matter", "Thực hiện Chỉ thị 24-CT/TU")
    page.select_option("#id_line_add-subject_units", label="Sở Văn hóa và Thể thao")
    page.select_option("#id_line_add-month", "7")
    _submit(pages, "line_add")
    expect(page.locator("#lines")).to_contain_text("Thực hiện Chỉ thị 24-CT/TU")
    expect(page.locator("#progress")).to_contain_text("0")
    expect(page.locator(".progress-not_started")).to_have_count(1)
    pages.check("plan-page")
    pages.open("/inspections/plans/")
    pages.check("plans-page")
