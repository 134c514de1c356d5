"""Signing in with a second factor in Debian's Chromium (ADR 0034): an inspector types the code
of his authenticator app after the password; another sets the app up from the QR code page and
keeps his backup codes. Both pages are checked for accessibility and at a phone's width."""

import base64

import pytest

from mandate.people import second_factor_services as sf
from mandate.people.tests.factories import AccountFactory, totp_code, wrong_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # as the demo prints its inspector's


@pytest.fixture
def inspector(cast, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the sign-in lock counts here, not the device's wait
    return AccountFactory.create(
        username="kiemtra",
        full_name="Kiểm Tra Viên",
        position={"unit": cast.city_party, "title": "Ủy viên Ủy ban Kiểm tra", "role": "inspector"},
    )


def test_an_inspector_types_the_code_of_his_app_after_the_password(inspector, pages):
    device = sf.totp_enrol_fixed(user=inspector, secret_base32=SECRET)

    pages.sign_in("kiemtra")
    assert "/accounts/second-factor/" in pages.page.url
    assert pages.page.locator("h1").inner_text() == "Nhập mã xác thực"
    assert pages.page.locator("#main-menu").count() == 0  # nothing to open yet but sign-out
    pages.check("second-factor-code")

    pages.page.fill("#id_code", wrong_code(device.key))
    with pages.page.expect_navigation():
        pages.page.click("#main button[type=submit]")
    assert "Mã xác thực không đúng." in pages.page.locator("#code-error").inner_text()
    assert "Còn 4 lần thử" in pages.page.locator("#lock-notice").inner_text()
    pages.open("/tasks/")
    assert "/accounts/second-factor/" in pages.page.url  # still held at the code

    pages.page.fill("#id_code", totp_code(device.key))
    with pages.page.expect_navigation():
        pages.page.click("#main button[type=submit]")
    assert pages.page.url.endswith("/tasks/")
    assert pages.page.locator("#main-menu").count() == 1


def test_an_inspector_sets_up_his_app_from_the_qr_code_and_keeps_his_backup_codes(inspector, pages):
    pages.sign_in("kiemtra")
    assert "/accounts/second-factor/enrol/" in pages.page.url
    assert pages.page.evaluate("() => document.querySelector('#qr-code').naturalWidth") > 100
    pages.check("second-factor-enrol")
    secret = pages.page.locator("#secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()

    pages.page.fill("#id_code", totp_code(key))
    with pages.page.expect_navigation():
        pages.page.click("#main button[type=submit]")
    codes = pages.page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 10
    pages.check("second-factor-backup-codes")

    with pages.page.expect_navigation():
        pages.page.click("text=Tiếp tục")
    assert pages.page.locator("#main-menu").count() == 1
    pages.open("/accounts/credentials/")
    assert "Còn 10 mã dự phòng." in pages.page.locator("#second-factor").inner_text()
    assert sf.is_enrolled(inspector)
