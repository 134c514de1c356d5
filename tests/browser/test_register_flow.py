"""The whole daily loop (issue 10's first acceptance item), in Chromium with an English browser:
the UBND's Office specialist (`vp`, standing for the demo's `vpubnd`) registers Plan 999/KH-UBND
on the UBND's behalf with its signed scan, the symbol checked as it is typed; assigns three tasks
from it in one form to the Department of Culture and Sports; its director (`dung`, the demo's
`sovhtt`) finds them under "new" on My work and names `oanh` lead person of the first; she finds
it under "new" on hers, reports progress (a file over the limit is refused in the page and her
text stays), then reports it done with its product, after the confirmation shows what will be
sent; the UBND's side (the Office's chief, by the same delegation: accepting needs a leader)
accepts it from "awaiting my decision". The pages stay Vietnamese whatever the browser's
language. Every page is looked at: screenshots, axe-core, no sideways scroll."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from conftest import STATE_DELEGATION
from mandate.dev.pdf import simple_pdf
from mandate.documents.models import Document
from mandate.tasks.models import Task

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser_context_args(locale="en-US"),
]

TITLE = "Kế hoạch tổ chức các hoạt động văn hóa, thể thao chào mừng các ngày lễ lớn năm 2024"
SCAN = simple_pdf(["UY BAN NHAN DAN THANH PHO", "So: 999/KH-UBND", "KE HOACH", "(ban chup co chu ky)"])
LIMIT = 200 * 1024  # MANDATE_MAX_UPLOAD_BYTES in this test: the scan and the product fit, one file does not
PROGRESS = "Đã tổ chức 3 trong 5 sự kiện; đang chuẩn bị lễ hội đường phố."
ROWS = (
    ("Tổ chức chuỗi sự kiện văn hóa chào mừng ngày lễ lớn", "culture", "Báo cáo kết quả tổ chức sự kiện"),
    ("Tuyên truyền trên các phương tiện thông tin đại chúng", "culture", ""),
    ("Hướng dẫn các đơn vị thuộc Sở tổ chức hoạt động", "culture", ""),
)


@pytest.fixture(autouse=True)
def _document_types(transactional_db):
    """A live-server test ends with a flush, which also empties the document types that migration
    documents/0003 loaded: load them again, as that migration does."""
    importlib.import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture
def chief(cast):
    """The Office's chief, who accepts for the UBND by the same declared delegation."""
    from mandate.people.tests.factories import AccountFactory

    return AccountFactory.create(
        username="chanhvp",
        full_name="Chánh Văn Phòng UBND",
        position={
            "unit": cast.state_office,
            "scope_unit": cast.city_state,
            "title": "Chánh Văn phòng",
            "role": "leader",
            "is_head": True,
            "acts_for": cast.city_state,
            "acts_for_basis": STATE_DELEGATION,
        },
    )


def _sign_in(pages, username):
    pages.page.context.clear_cookies()
    pages.sign_in(username)


def _my_work(pages, name, group, tasks):
    """My work (the home page) lists ``tasks`` in ``group``'s section, Vietnamese whatever the
    browser's language; the page is looked at."""
    page = pages.open("/")
    assert page.evaluate("() => document.documentElement.lang") == "vi"
    section = page.locator(f"#group-{group}")
    for task in tasks:
        expect(section.locator(f'a[href="/tasks/{task.pk}/"]')).to_have_count(1)
    pages.check(name)
    return section


def _open_from(section, task):
    with section.page.expect_navigation():
        section.locator(f'a[href="/tasks/{task.pk}/"]').click()
    assert section.page.url.endswith(f"/tasks/{task.pk}/")


def test_register_999_assign_three_delegate_report_and_accept_from_my_work(cast, chief, pages, settings):
    page = pages.page
    assert page.evaluate("() => navigator.language") == "en-US"
    settings.MANDATE_MAX_UPLOAD_BYTES = LIMIT
    deadline = timezone.localdate() + dt.timedelta(days=45)

    # 1. vp registers Plan 999/KH-UBND, outgoing, with its signed scan.
    _sign_in(pages, "vp")
    pages.open("/documents/")
    with page.expect_navigation():
        page.click("#register-new")
    expect(page.locator("#id_outgoing_number")).to_be_hidden()  # until the register is chosen
    page.check("#register-form input[name=direction][value=outgoing]")
    expect(page.locator("#id_outgoing_number")).to_be_visible()
    expect(page.locator("#id_incoming_number")).to_be_hidden()
    page.fill("#id_outgoing_number", "999")
    page.select_option("#id_document_type", "ke-hoach")
    page.fill("#id_symbol", "999/kh-ubnd")
    expect(page.locator("#symbol-parsed")).to_contain_text("999/KH-UBND")  # read live, as registered
    page.fill("#id_symbol", "999/QĐ-UBND")
    expect(page.locator("#symbol-problems")).to_be_visible()  # a decision's code in a plan's symbol
    page.fill("#id_symbol", "999/KH-UBND")
    expect(page.locator("#symbol-problems")).to_have_count(0)
    page.fill("#id_issued_on", "01/03/2024")
    page.select_option("#id_issuing_unit", str(cast.city_state.pk))
    page.fill("#id_signer", "KT. CHỦ TỊCH — PHÓ CHỦ TỊCH Nguyễn Văn A")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", "Tổ chức các hoạt động văn hóa, thể thao trên địa bàn thành phố.")
    page.select_option("#id_recipient_units", [str(cast.culture.pk), str(cast.info.pk)])
    # A classified level hides the files (only the details of such a document are kept).
    page.select_option("#id_confidentiality", "secret")
    expect(page.locator("#id_scan")).to_be_hidden()
    expect(page.locator("#classified-note")).to_be_visible()
    page.select_option("#id_confidentiality", "normal")
    expect(page.locator("#id_scan")).to_be_visible()
    page.set_input_files(
        "#id_scan", files=[{"name": "999-KH-UBND.pdf", "mimeType": "application/pdf", "buffer": SCAN}]
    )
    pages.check("register-new")
    with page.expect_navigation():
        page.click("#register-form button[type=submit]")
    plan = Document.objects.get(symbol="999/KH-UBND")
    assert page.url.endswith(f"/documents/{plan.pk}/")
    assert (plan.registered_by, plan.registered_for, plan.outgoing_number) == (
        cast.vp,
        cast.state_office,
        999,
    )
    expect(page.locator("#register-entry")).to_contain_text("999")
    scan = page.locator("a", has_text="999-KH-UBND.pdf")
    assert page.request.get(pages.base_url + scan.get_attribute("href")).body() == SCAN
    pages.check("register-document")

    # 2. From its page, three tasks in one form (one more row added in place, left empty).
    with page.expect_navigation():
        page.click("#assign-rows")
    page.click("#add-row")
    expect(page.locator("[data-row]")).to_have_count(4)
    for index, (content, unit, product) in enumerate(ROWS):
        page.fill(f"#id_rows-{index}-ordinal", str(index + 1))
        page.fill(f"#id_rows-{index}-content", content)
        page.select_option(f"#id_rows-{index}-lead_unit", str(getattr(cast, unit).pk))
        page.fill(f"#id_rows-{index}-deadline_on", deadline.strftime("%d/%m/%Y"))
        if product:
            page.fill(f"#id_rows-{index}-expected_product", product)
    page.select_option("#id_rows-0-coordinating_units", [str(cast.info.pk)])
    page.select_option("#id_assigner_unit", str(cast.city_state.pk))
    pages.check("assign-rows")
    with page.expect_navigation():
        page.click("#assign-submit")
    assert page.url.endswith(f"/documents/{plan.pk}/")
    tasks = list(Task.objects.filter(document=plan).order_by("ordinal"))
    assert [(t.content, t.lead_unit, t.assigner_unit) for t in tasks] == [
        (content, getattr(cast, unit), cast.city_state) for content, unit, _product in ROWS
    ]
    for task in tasks:
        expect(page.locator(f'a[href="/tasks/{task.pk}/"]')).to_have_count(1)
    first = tasks[0]

    # 3. The department's director finds the three under "new" and names oanh lead person of one.
    _sign_in(pages, "dung")
    new = _my_work(pages, "my-work-new-director", "new", tasks)
    expect(new.locator("#group-new-title")).to_contain_text("Mới giao cho tôi hoặc đơn vị tôi")
    expect(new.locator("[data-count]")).to_have_text("3")
    _open_from(new, first)
    page.locator("#form-lead_person summary").click()
    page.select_option("#id_lead_person-person", str(cast.oanh.person.pk))
    with page.expect_navigation():
        page.locator("#form-lead_person button[type=submit]").click()
    assert Task.objects.get(pk=first.pk).lead_person_id == cast.oanh.person.pk

    # 4. oanh finds it under "new" and reports progress; a file over the limit is refused in the
    # page, before anything is sent, and her text stays.
    _sign_in(pages, "oanh")
    _open_from(_my_work(pages, "my-work-new-official", "new", [first]), first)
    _report_progress_past_the_limit(page)
    assert Task.objects.get(pk=first.pk).progress == 60

    # 5. ... then the task done, with its product.
    details = page.locator("#form-report_done")
    details.locator("summary").click()
    expect(page.locator("#done-expected-product")).to_contain_text("Báo cáo kết quả tổ chức sự kiện")
    expect(page.locator("#id_report_done-confirm")).to_be_hidden()  # the dialog confirms instead
    page.fill("#id_report_done-reason", "Đã tổ chức 5 sự kiện với hơn 20.000 lượt người tham gia.")
    details.locator("button[type=submit]").click()  # without the product: refused, text kept
    expect(page.locator("#done-report-dialog")).to_be_visible()
    expect(page.locator('#done-report-dialog [data-show="reason"]')).to_contain_text("20.000")
    with page.expect_navigation():
        page.click("#done-report-send")
    expect(page.locator("#id_report_done-product_files_error")).to_be_visible()
    expect(page.locator("#id_report_done-reason")).to_have_value(
        "Đã tổ chức 5 sự kiện với hơn 20.000 lượt người tham gia."
    )
    product_file = simple_pdf(["BAO CAO KET QUA", "To chuc chuoi su kien van hoa"])
    page.set_input_files(
        "#id_report_done-product_files",
        files=[{"name": "bao-cao-ket-qua.pdf", "mimeType": "application/pdf", "buffer": product_file}],
    )
    page.locator("#form-report_done button[type=submit]").click()
    dialog = page.locator("#done-report-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator('[data-show="product_files"]')).to_contain_text("bao-cao-ket-qua.pdf")
    pages.screenshot("done-report-confirmation")
    dialog.locator('[data-dialog="back"]').click()  # going back keeps everything
    expect(dialog).to_be_hidden()
    assert Task.objects.get(pk=first.pk).status == "in_progress"  # since the progress report
    page.locator("#form-report_done button[type=submit]").click()
    with page.expect_navigation():
        page.click("#done-report-send")
    assert Task.objects.get(pk=first.pk).status == "reported"
    expect(page.locator("a", has_text="bao-cao-ket-qua.pdf")).to_have_count(1)
    pages.check("done-reported")

    # 6. The UBND's side accepts it from "awaiting my decision".
    _sign_in(pages, "chanhvp")
    awaiting = _my_work(pages, "my-work-awaiting", "awaiting", [first])
    expect(awaiting.locator("#group-awaiting-title")).to_contain_text("Chờ tôi quyết định")
    _open_from(awaiting, first)
    with page.expect_navigation():
        page.locator("#form-accept button[type=submit]").click()
    assert Task.objects.get(pk=first.pk).status == "accepted"
    expect(page.locator(".messages")).to_be_visible()
    pages.check("done-accepted")


def _report_progress_past_the_limit(page):
    page.locator("#form-progress summary").click()
    page.fill("#id_progress-percent", "60")
    page.fill("#id_progress-text", PROGRESS)
    big = simple_pdf(["ANH SU KIEN"]) + b"0" * (LIMIT + 100 * 1024)
    photo = {"name": "anh-su-kien.pdf", "mimeType": "application/pdf", "buffer": big}
    page.set_input_files("#id_progress-evidence", files=[photo])
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.locator("#form-progress button[type=submit]").click()
    message = page.locator("#id_progress-evidence_size_error")
    expect(message).to_be_visible()
    expect(message).to_have_text("“anh-su-kien.pdf” có dung lượng 0,3 MB; giới hạn là 0,2 MB.")
    page.wait_for_timeout(300)
    assert posts == []
    expect(page.locator("#id_progress-text")).to_have_value(PROGRESS)
    page.set_input_files("#id_progress-evidence", files=[])  # sent without the big file
    with page.expect_navigation():
        page.locator("#form-progress button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
