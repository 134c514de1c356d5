"""The pages of the foundation: sign-in, the start page, the language switch, error pages."""

import pytest
from django.urls import include, path

from mandate.core.exceptions import NotFoundError, PermissionDeniedError


def _raises_not_found(request):
    raise NotFoundError()


def _raises_forbidden(request):
    raise PermissionDeniedError()


urlpatterns = [
    path("boom/404/", _raises_not_found),
    path("boom/403/", _raises_forbidden),
    path("", include("config.urls")),
]


def test_a_signed_out_visitor_is_sent_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_in_page_speaks_vietnamese_and_keeps_the_user_name_on_failure(client, cast):
    page = client.get("/accounts/login/")
    assert '<html lang="vi">' in page.content.decode()
    assert "Đăng nhập" in page.content.decode()

    failed = client.post("/accounts/login/", {"username": "dung", "password": "sai"})

    assert failed.status_code == 200
    body = failed.content.decode()
    assert 'value="dung"' in body
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in body


def test_the_start_page_shows_my_positions(client, cast):
    client.force_login(cast.dung)
    body = client.get("/").content.decode()
    assert "Giám đốc" in body
    assert "Sở Văn hóa và Thể thao" in body


def test_the_language_switch_is_remembered_on_the_account(client, cast):
    client.force_login(cast.dung)

    client.post("/accounts/language/", {"language": "en", "next": "/"})

    cast.dung.refresh_from_db()
    assert cast.dung.language == "en"
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()


@pytest.mark.urls("tests.test_pages")
@pytest.mark.parametrize(("url", "status"), [("/boom/404/", 404), ("/boom/403/", 403)])
def test_service_refusals_become_error_pages(client, cast, url, status):
    client.force_login(cast.dung)
    response = client.get(url)
    assert response.status_code == status
    assert '<html lang="vi">' in response.content.decode()


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/unlock/"])
def test_a_public_page_is_vietnamese_for_an_english_browser_until_a_choice_is_made(client, db, url):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page.status_code == 200
    assert '<html lang="vi">' in page.content.decode()


def test_the_switch_cookie_chooses_the_language_of_public_pages(client, db):
    client.post("/accounts/language/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="vi")
    assert '<html lang="en">' in page.content.decode()
    client.post("/accounts/language/", {"language": "vi", "next": "/accounts/login/"})
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="vi">' in page.content.decode()


def test_a_signed_in_page_is_vietnamese_for_an_english_browser_without_a_setting(client, cast):
    assert cast.van.language == ""
    client.force_login(cast.van)
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="vi">' in body


def test_an_english_account_reads_english_pages_whatever_the_browser_says(client, cast):
    cast.van.language = "en"
    cast.van.save(update_fields=["language"])
    client.force_login(cast.van)
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()


def test_the_api_still_answers_in_the_clients_accept_language(api, cast):
    client = api(None)
    english = client.get("/api/v1/tasks/", HTTP_ACCEPT_LANGUAGE="en")
    vietnamese = client.get("/api/v1/tasks/", HTTP_ACCEPT_LANGUAGE="vi")
    assert english.status_code == vietnamese.status_code == 401
    assert english.json()["message"] != vietnamese.json()["message"]
    assert english["Content-Language"] == "en"
    assert vietnamese["Content-Language"] == "vi"
    assert english.json()["message"] == "Sign in first."
