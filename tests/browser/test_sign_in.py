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
