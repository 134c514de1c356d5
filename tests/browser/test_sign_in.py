import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_page_and_the_start_page(cast, pages):
    login = pages.open("/accounts/login/")
    assert login.locator("html").get_attribute("lang") == "vi"
    pages.check("sign-in")

    pages.page.fill("#id_username", "dung")
    pages.page.fill("#id_password", "sai mật khẩu")
    with pages.page.expect_navigation():
        pages.page.click("#main button[type=submit]")
    assert pages.page.locator("#id_username").input_value() == "dung"
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in pages.page.content()

    pages.sign_in("dung")
    assert "Giám đốc" in pages.page.content()
    pages.check("start")


def test_a_colleague_locks_an_official_out_and_the_e_mailed_link_lets_him_back(cast, pages):
    import re

    from django.core import mail

    from mandate.people.models import User

    User.objects.filter(pk=cast.dung.pk).update(email="dung@svhtt.example.gov.vn")
    pages.open("/accounts/login/")
    pages.page.fill("#id_username", "dung")
    pages.page.fill("#id_password", "sai mật khẩu")
    with pages.page.expect_navigation():
        pages.page.click("#main button[type=submit]")
    assert "Còn 4 lần thử" in pages.page.locator("#lock-notice").inner_text()

    for _ in range(4):
        pages.page.fill("#id_password", "sai mật khẩu")
        with pages.page.expect_navigation():
            pages.page.click("#main button[type=submit]")
    notice = pages.page.locator("#lock-notice").inner_text()
    assert re.search(r"bị khóa đến \d\d/\d\d/\d{4} \d\d:\d\d", notice), notice
    pages.check("sign-in-locked")

    with pages.page.expect_navigation():
        pages.page.click("text=Gửi cho tôi liên kết mở khóa")
    pages.check("unlock-sent")
    found = re.search(r"http://[^\s]+/accounts/unlock/[A-Za-z0-9_-]+/", str(mail.outbox[0].body))
    assert found, mail.outbox[0].body
    link = found.group(0)

    pages.open(link.split("/accounts/", 1)[1].join(["/accounts/", ""]))
    pages.check("unlock-confirm")
    with pages.page.expect_navigation():
        pages.page.click("#main button[type=submit]")
    assert "Đã mở khóa" in pages.page.content()

    pages.sign_in("dung")
    assert "Giám đốc" in pages.page.content()


def test_the_credentials_page_shows_a_new_token_once(cast, pages):
    pages.sign_in("dung")
    pages.open("/accounts/credentials/")
    pages.page.fill("#id_token_name", "Máy chủ báo cáo")
    with pages.page.expect_navigation():
        pages.page.click("text=Tạo mã mới")
    key = pages.page.locator("#new-token").inner_text()
    assert key.startswith("mdt_")
    pages.check("credentials")
    pages.open("/accounts/credentials/")
    assert key not in pages.page.content()
    assert "Máy chủ báo cáo" in pages.page.content()
