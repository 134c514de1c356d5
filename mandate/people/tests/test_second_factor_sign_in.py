"""Signing in with a second factor, through the pages and the API as a person and a script would
(ADR 0034): the code after the password, setting it up, the lock that counts wrong codes, backup
codes, the administrator's reset, API tokens."""

from __future__ import annotations

import base64
import re

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from rest_framework.test import APIClient

from mandate.core.models import AuditEntry
from mandate.people import second_factor_services as sf
from mandate.people.models import ApiToken, User
from mandate.people.tests.factories import TEST_PASSWORD, AccountFactory, totp_code, wrong_code

VERIFY = "/accounts/second-factor/"
ENROL = "/accounts/second-factor/enrol/"


@pytest.fixture(autouse=True)
def _no_device_throttle(settings):
    """django-otp's own wait after a wrong code (tested in test_second_factor_policy.py) would
    hide the sign-in lock these tests count."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def inspector(cast):
    return AccountFactory.create(
        username="kiem",
        position={"unit": cast.city_party, "title": "Ủy viên Ủy ban Kiểm tra", "role": "inspector"},
    )


@pytest.fixture
def enrolled(inspector):
    """(the inspector, his secret, his backup codes)."""
    key = sf.new_secret()
    _device, codes = sf.second_factor_enrol(actor=inspector, key_hex=key, code=totp_code(key))
    return inspector, key, codes


def _password(client, username, next_url="/"):
    return client.post(f"/accounts/login/?next={next_url}", {"username": username, "password": TEST_PASSWORD})


def _code(client, code, next_url="/"):
    return client.post(VERIFY, {"code": code, "next": next_url})


def _secret(page):
    found = re.search(r'<code id="secret"[^>]*>([A-Z2-7 ]+)</code>', page)
    assert found, page
    return found.group(1)


def _failures(username):
    return sum(a.failures_since_start for a in AccessAttempt.objects.filter(username=username))


def test_after_the_password_an_enrolled_inspector_is_asked_for_his_code(enrolled):
    _inspector, key, _codes = enrolled
    client = Client()

    signed = _password(client, "kiem", "/tasks/")
    assert signed.status_code == 302
    assert signed["Location"] == f"{VERIFY}?next=%2Ftasks%2F"
    page = client.get(signed["Location"])
    assert page.status_code == 200
    assert "Nhập mã" in page.content.decode()

    assert client.get("/").status_code == 302 and client.get("/")["Location"].startswith(VERIFY)
    api = client.get("/api/v1/me/")
    assert (api.status_code, api.json()["code"]) == (403, "second_factor_required")

    done = _code(client, totp_code(key, steps_ahead=1), "/tasks/")
    assert (done.status_code, done["Location"]) == (302, "/tasks/")
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/me/").json()["username"] == "kiem"
    actions = list(AuditEntry.objects.filter(actor_label="kiem").values_list("action", "after"))
    assert actions[-2:] == [
        ("people.sign_in", {"channel": "page", "second_factor": "pending"}),
        ("people.second_factor_verify", {"method": "totp", "backup_codes_left": 10}),
    ]


def test_the_session_key_changes_when_the_code_is_given(enrolled):
    _inspector, key, _codes = enrolled
    client = Client()
    _password(client, "kiem")
    half = client.cookies["sessionid"].value

    _code(client, totp_code(key, steps_ahead=1))

    assert client.cookies["sessionid"].value != half


def test_an_inspector_without_a_device_sets_it_up_after_the_password(inspector):
    client = Client()

    signed = _password(client, "kiem", "/tasks/")
    assert signed["Location"] == f"{ENROL}?next=%2Ftasks%2F"
    page = client.get(signed["Location"]).content.decode()
    assert 'src="data:image/svg+xml' in page
    shown = _secret(page)
    secret = shown.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    assert _secret(client.get(ENROL).content.decode()) == shown  # the same secret on reload

    wrong = client.post(ENROL, {"code": wrong_code(key), "next": "/tasks/"})
    assert wrong.status_code == 400 and not sf.is_enrolled(inspector)
    right = client.post(ENROL, {"code": totp_code(key), "next": "/tasks/"})

    assert right.status_code == 200
    codes = re.findall(r"<li class=\"col\">([a-z2-7]{4} [a-z2-7]{4})</li>", right.content.decode())
    assert len(codes) == 10
    assert sf.is_enrolled(inspector)
    assert client.get("/tasks/").status_code == 200  # signed in now
    assert _failures("kiem") == 0  # wrong codes while setting up guess nothing: not counted


def test_wrong_codes_count_toward_the_sign_in_lock_and_the_fifth_locks_the_name(enrolled):
    _inspector, key, _codes = enrolled
    client = Client()
    _password(client, "kiem")

    answers = [_code(client, wrong_code(key)) for _ in range(4)]
    assert [a.status_code for a in answers] == [400] * 4
    assert "Còn 1 lần thử" in answers[-1].content.decode()
    locked = _code(client, wrong_code(key))

    assert locked.status_code == 429
    assert "bị khóa đến" in locked.content.decode()
    assert client.get("/")["Location"].startswith("/accounts/login/")  # the half session ended
    assert _password(Client(), "kiem").status_code == 429  # the password is locked too
    assert _code(client, totp_code(key, steps_ahead=1)).status_code == 302  # to the sign-in page
    assert not AuditEntry.objects.filter(action="people.second_factor_verify").exists()


def test_a_right_password_does_not_wipe_the_wrong_codes_but_the_right_code_does(enrolled):
    _inspector, key, _codes = enrolled
    client = Client()
    _password(client, "kiem")
    _code(client, wrong_code(key))
    _code(client, wrong_code(key))
    client.post("/accounts/logout/")

    _password(client, "kiem")
    assert _failures("kiem") == 2
    _code(client, totp_code(key, steps_ahead=1))
    assert _failures("kiem") == 0


def test_for_an_account_without_a_second_factor_the_right_password_clears_the_count(cast):
    client = Client()
    client.post("/accounts/login/", {"username": "dung", "password": "sai"})
    client.post("/accounts/login/", {"username": "dung", "password": "sai"})
    assert _failures("dung") == 2

    assert _password(client, "dung").status_code == 302
    assert _failures("dung") == 0


def test_a_backup_code_works_once(enrolled):
    _inspector, _key, codes = enrolled
    first = Client()
    _password(first, "kiem")
    used = _code(first, codes[3])
    assert used.status_code == 302
    assert "còn 9" in first.get("/").content.decode()

    second = Client()
    _password(second, "kiem")
    again = _code(second, codes[3])

    assert again.status_code == 400
    assert _failures("kiem") == 1
    assert (
        AuditEntry.objects.filter(action="people.second_factor_verify", after__method="backup_code").count()
        == 1
    )


def test_a_half_signed_in_session_can_sign_out_and_see_public_pages_as_a_visitor(enrolled):
    client = Client()
    _password(client, "kiem")

    login_page = client.get("/accounts/login/")
    schema = client.get("/api/v1/schema/")
    out = client.post("/accounts/logout/")

    assert login_page.status_code == 200 and 'id="id_password"' in login_page.content.decode()
    assert schema.status_code == 200
    assert out.status_code == 302
    assert client.get("/")["Location"].startswith("/accounts/login/")


def test_an_account_that_becomes_an_inspector_is_stopped_at_its_next_request(cast):
    client = Client()
    _password(client, "dung")
    assert client.get("/").status_code == 200

    User.objects.filter(pk=cast.dung.pk).update(second_factor_required=True)

    assert client.get("/")["Location"].startswith(ENROL)
    assert client.get("/api/v1/tasks/").status_code == 403


def test_a_password_alone_gets_no_api_token_for_an_account_with_a_second_factor(enrolled):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "kiem", "password": TEST_PASSWORD}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (403, "second_factor_required")
    assert not ApiToken.objects.exists()


def test_only_a_token_made_after_the_code_opens_the_api(enrolled):
    inspector, key, _codes = enrolled
    from mandate.people import credentials

    _token, old_key = credentials.api_token_issue(actor=inspector, name="Từ trước")
    browser = Client()
    _password(browser, "kiem")
    _code(browser, totp_code(key, steps_ahead=1))
    page = browser.post("/accounts/credentials/", {"name": "Máy chủ báo cáo"})
    shown = re.search(r'<code id="new-token"[^>]*>([^<]+)</code>', page.content.decode())
    assert shown
    new_key = shown.group(1)

    old = APIClient(HTTP_AUTHORIZATION=f"Token {old_key}").get("/api/v1/me/")
    new = APIClient(HTTP_AUTHORIZATION=f"Token {new_key}")
    made = new.post("/api/v1/auth/tokens/", {"name": "Một cái nữa"}, format="json")

    assert (old.status_code, old.json()["code"]) == (403, "second_factor_required")
    assert new.get("/api/v1/me/").status_code == 200
    assert made.status_code == 201
    assert ApiToken.objects.get(pk=made.json()["id"]).second_factor is True


def test_an_administrator_resets_the_second_factor_in_the_admin_and_the_session_dies(cast, enrolled):
    inspector, key, _codes = enrolled
    phone = Client()
    _password(phone, "kiem")
    _code(phone, totp_code(key, steps_ahead=1))
    admin = Client()
    admin.force_login(cast.ad)

    response = admin.post(
        "/admin/people/user/", {"action": "reset_second_factor", "_selected_action": [inspector.pk]}
    )

    assert response.status_code == 302
    assert not sf.is_enrolled(inspector)
    assert phone.get("/")["Location"].startswith("/accounts/login/")
    entry = AuditEntry.objects.filter(action="people.second_factor_reset").get()
    assert entry.actor_label == "ad"
    assert _password(Client(), "kiem")["Location"].startswith(ENROL)


def test_the_admin_site_shows_no_device_and_no_secret(cast):
    admin = Client()
    admin.force_login(cast.ad)

    assert admin.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert admin.get("/admin/otp_static/staticdevice/").status_code == 404


def test_new_backup_codes_need_a_session_that_gave_its_code(cast, enrolled):
    inspector, key, old = enrolled
    client = Client()
    _password(client, "kiem")

    refused = client.post("/accounts/second-factor/backup-codes/")
    assert refused["Location"].startswith(VERIFY)
    _code(client, totp_code(key, steps_ahead=1))
    page = client.post("/accounts/second-factor/backup-codes/")

    assert page.status_code == 200
    new = re.findall(r"<li class=\"col\">([a-z2-7]{4}) ([a-z2-7]{4})</li>", page.content.decode())
    assert len(new) == 10
    assert {a + b for a, b in new}.isdisjoint(old)
    assert sf.backup_codes_left(inspector) == 10


def test_an_enrolled_account_that_no_longer_needs_the_code_makes_no_codes_without_it(cast, enrolled):
    inspector, _key, old = enrolled
    inspector.person.positions.update(role="official")  # moved out of the commission
    from mandate.people.scopes import forget_scopes

    forget_scopes(inspector)
    client = Client()
    _password(client, "kiem")

    assert client.get("/").status_code == 200  # no code asked
    refused = client.post("/accounts/second-factor/backup-codes/")
    assert refused.status_code == 403
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)


def test_an_account_that_needs_none_is_told_so_and_cannot_post_a_code(cast):
    client = Client()
    _password(client, "dung")

    page = client.get(ENROL)
    posted = client.post(ENROL, {"code": "123456"})
    code = client.post(VERIFY, {"code": "123456"})

    assert page.status_code == 200 and "không cần" in page.content.decode()
    assert posted.status_code == 403
    assert code.status_code == 409
    assert not AuditEntry.objects.filter(action__startswith="people.second_factor").exists()
