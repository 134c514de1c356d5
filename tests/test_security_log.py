"""Every denied access is logged on ``mandate.security``: who, what, the result and from where,
never the password or the token (issue 9 §4; ASVS 16.3)."""

import logging

import pytest
from rest_framework.test import APIClient

PASSWORD = "mandate-test-password"


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="mandate.security")

    def records():
        return [r.security for r in caplog.records if r.name == "mandate.security"]

    return records


@pytest.fixture
def plan(cast, make_document):
    return make_document("47-KH/ĐU", cast.culture_party)


def test_an_api_404_on_an_object_outside_the_scope_is_logged_with_who_what_and_where(
    cast, api, plan, security_log
):
    response = api(cast.olga).get(f"/api/v1/documents/{plan.pk}/", HTTP_X_REQUEST_ID="req-olga-1")

    assert response.status_code == 404
    [entry] = security_log()
    assert entry == {
        "event": "access_denied",
        "result": "404",
        "user_id": cast.olga.pk,
        "username": "olga",
        "method": "GET",
        "path": f"/api/v1/documents/{plan.pk}/",
        "object_type": "document",
        "object_id": plan.pk,
        "code": "not_found",
        "ip": "127.0.0.1",
        "request_id": "req-olga-1",
    }


def test_an_api_403_is_logged(cast, api, security_log):
    url = f"/api/v1/organisations/{cast.culture.pk}/"
    response = api(cast.dung).patch(url, {"name_en": "X", "version": 1}, format="json")

    assert response.status_code == 403
    entries = [
        (e["result"], e["username"], e["method"], e["object_type"], e["object_id"]) for e in security_log()
    ]
    assert entries == [("403", "dung", "PATCH", "unit", cast.culture.pk)]


def test_a_page_404_on_an_object_outside_the_scope_is_logged(cast, client, plan, security_log):
    client.force_login(cast.olga)
    response = client.get(f"/documents/{plan.pk}/")

    assert response.status_code == 404
    [entry] = security_log()
    assert (entry["result"], entry["username"], entry["object_type"], entry["object_id"]) == (
        "404",
        "olga",
        "document",
        plan.pk,
    )


def test_a_refused_sign_in_is_logged_without_the_password(cast, client, caplog, security_log):
    client.post("/accounts/login/", {"username": "dung", "password": "s3cret-guess-XYZ"})
    guess = {"username": "dung", "password": "s3cret-guess-XYZ"}
    APIClient().post("/api/v1/auth/token/", guess, format="json")

    entries = security_log()
    assert [(e["event"], e["username"], e["path"]) for e in entries] == [
        ("sign_in_refused", "dung", "/accounts/login/"),
        ("sign_in_refused", "dung", "/api/v1/auth/token/"),
    ]
    assert all(e["ip"] == "127.0.0.1" and e["request_id"] for e in entries)
    assert "s3cret-guess-XYZ" not in caplog.text


def test_a_locked_sign_in_is_logged_as_such(cast, client, security_log):
    for _ in range(6):
        client.post("/accounts/login/", {"username": "dung", "password": "nope"})
    assert "sign_in_locked" in {e["event"] for e in security_log()}


def test_a_refused_token_is_logged_without_the_token(cast, caplog, security_log):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token mdt_not-a-real-token-value-42")

    assert client.get("/api/v1/me/").status_code == 401

    [entry] = security_log()
    assert (entry["result"], entry["username"]) == ("401", "anonymous")
    assert "not-a-real-token-value-42" not in caplog.text


def test_a_request_without_credentials_is_logged_at_info_a_bad_token_at_warning(cast, caplog):
    caplog.set_level(logging.INFO, logger="mandate.security")
    APIClient().get("/api/v1/me/")
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token mdt_nope")
    bad.get("/api/v1/me/")

    levels = [(r.levelname, r.security["code"]) for r in caplog.records if r.name == "mandate.security"]
    assert levels == [("INFO", "not_authenticated"), ("WARNING", "authentication_failed")]
