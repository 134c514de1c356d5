"""Credentials that die: API tokens expire, are revoked, and die with a password change or a
switched-off account, and stay dead when it is switched on again; sessions too (issue 9 §4).

The reproductions of the issue go through HTTP and the admin site only, as an administrator
would do it.
"""

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from mandate.core.models import AuditEntry
from mandate.people.models import User

PASSWORD = "mandate-test-password"


def _token(username, password=PASSWORD):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _me(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/me/")


def _admin_form_data(client, user):
    """The admin site's change form of ``user`` as the browser would post it back."""
    page = client.get(f"/admin/people/user/{user.pk}/change/")
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.strftime("%d/%m/%Y"), local.strftime("%H:%M:%S")
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = value
    return data


def _admin_set_active(admin_client, user, is_active):
    data = _admin_form_data(admin_client, user)
    data.pop("is_active", None)
    if is_active:
        data["is_active"] = "on"
    response = admin_client.post(f"/admin/people/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user.refresh_from_db()
    assert user.is_active is is_active


@pytest.fixture
def admin_client(cast):
    client = Client()
    client.force_login(cast.ad)
    return client


def test_a_token_stays_dead_after_the_account_is_switched_off_and_on_again(cast, admin_client):
    token = _token("dung")
    assert _me(token).status_code == 200

    _admin_set_active(admin_client, cast.dung, False)
    assert _me(token).status_code == 401
    _admin_set_active(admin_client, cast.dung, True)

    response = _me(token)
    assert response.status_code == 401
    assert set(response.json()) >= {"code", "message", "fields"}
    assert _me(_token("dung")).status_code == 200  # a new sign-in works


def test_a_session_stays_dead_after_the_account_is_switched_off_and_on_again(cast, admin_client):
    browser = Client()
    assert browser.post("/accounts/login/", {"username": "dung", "password": PASSWORD}).status_code == 302
    assert browser.get("/").status_code == 200

    _admin_set_active(admin_client, cast.dung, False)
    _admin_set_active(admin_client, cast.dung, True)

    response = browser.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_token_dies_when_the_password_is_changed_in_the_admin_site(cast, admin_client):
    token = _token("dung")
    new = "another-long-password-42"
    response = admin_client.post(
        f"/admin/people/user/{cast.dung.pk}/password/",
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302

    assert _me(token).status_code == 401
    assert _me(_token("dung", new)).status_code == 200
    assert admin_client.get("/admin/").status_code == 200  # the administrator's own session lives


def test_a_token_dies_when_the_password_is_changed_through_the_service(cast):
    from mandate.people import credentials

    token = _token("dung")
    credentials.user_set_password(actor=cast.dung, user=cast.dung, password="another-long-password-42")
    response = _me(token)
    assert response.status_code == 401
    assert response.json()["code"] == "token_revoked"
    assert AuditEntry.objects.filter(action="people.password_change", target_id=str(cast.dung.pk)).exists()


def test_an_expired_token_is_refused_with_401_in_the_error_shape(cast, settings):
    from mandate.people.models import ApiToken

    settings.MANDATE_TOKEN_DAYS = 30
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "dung", "password": PASSWORD}, format="json"
    )
    body = response.json()
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(days=29, hours=23) < expires - timezone.now() <= dt.timedelta(days=30)
    ApiToken.objects.filter(pk=body["id"]).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    refused = _me(body["token"])

    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Token"
    assert refused.json() == {
        "code": "token_expired",
        "message": "Mã truy cập đã hết hạn. Hãy đăng nhập lại để lấy mã mới.",
        "fields": {},
    }


def test_only_a_hash_of_the_key_is_stored(cast):
    from mandate.people.models import ApiToken

    key = _token("dung")
    stored = ApiToken.objects.get(user=cast.dung)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in set(ApiToken.objects.values_list("key_hash", "prefix", "name")[0])


def test_the_owner_lists_and_revokes_his_token_and_it_is_refused_afterwards(cast):
    key = _token("dung")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    created = client.post("/api/v1/auth/tokens/", {"name": "Báo cáo tự động", "days": 7}, format="json")
    assert created.status_code == 201
    script_key = created.json()["token"]

    listed = client.get("/api/v1/auth/tokens/").json()["results"]
    assert next((t["name"], t["active"]) for t in listed) == ("Báo cáo tự động", True)
    assert all("token" not in t and "key_hash" not in t for t in listed)

    revoked = client.post(f"/api/v1/auth/tokens/{created.json()['id']}/revoke/", {}, format="json")
    assert revoked.status_code == 200
    assert revoked.json()["active"] is False

    refused = _me(script_key)
    assert refused.status_code == 401
    assert refused.json()["code"] == "token_revoked"
    assert _me(key).status_code == 200
    assert AuditEntry.objects.filter(action="people.token_revoke", actor_label="dung").count() == 1


def test_a_token_with_an_empty_name_is_refused_naming_the_field(cast, api):
    response = api(cast.dung).post("/api/v1/auth/tokens/", {"name": "  "}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()["fields"]


def test_another_users_token_is_not_found_but_an_administrator_revokes_it(cast, api):
    key = _token("dung")
    token_id = api(cast.dung).get("/api/v1/auth/tokens/").json()["results"][0]["id"]

    assert api(cast.tin).post(f"/api/v1/auth/tokens/{token_id}/revoke/", {}, format="json").status_code == 404
    assert api(cast.tin).get(f"/api/v1/auth/tokens/?user={cast.dung.pk}").json()["results"] == []
    assert _me(key).status_code == 200

    listed = api(cast.ad).get(f"/api/v1/auth/tokens/?user={cast.dung.pk}").json()["results"]
    assert [t["id"] for t in listed] == [token_id]
    response = api(cast.ad).post(
        f"/api/v1/auth/tokens/{token_id}/revoke/", {"reason": "Lộ mã"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["revoked_by"] == "ad"
    assert _me(key).status_code == 401
    entry = AuditEntry.objects.get(action="people.token_revoke")
    assert entry.after is not None
    assert (entry.actor_label, entry.after["reason"]) == ("ad", "Lộ mã")


def test_the_administrator_action_signs_an_account_out_everywhere(cast, admin_client):
    key = _token("dung")
    browser = Client()
    browser.force_login(cast.dung)

    response = admin_client.post(
        "/admin/people/user/", {"action": "revoke_credentials", "_selected_action": [cast.dung.pk]}
    )

    assert response.status_code == 302
    assert _me(key).status_code == 401
    assert browser.get("/").status_code == 302
    assert AuditEntry.objects.filter(action="people.credentials_revoke", actor_label="ad").count() == 1


def test_the_credentials_page_shows_a_new_key_once_and_signs_out_everywhere_else(cast):
    here, elsewhere = Client(), Client()
    here.force_login(cast.dung)
    elsewhere.force_login(cast.dung)

    page = here.post("/accounts/credentials/", {"name": "Máy chủ báo cáo"})
    assert page.status_code == 200
    key = page.context["new_key"]
    assert key in page.content.decode()
    assert _me(key).status_code == 200
    assert key not in here.get("/accounts/credentials/").content.decode()

    here.post("/accounts/credentials/sign-out-elsewhere/")

    assert here.get("/accounts/credentials/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert _me(key).status_code == 401


def test_the_credentials_page_revokes_ones_own_token_only(cast):
    from mandate.people import credentials

    token, key = credentials.api_token_issue(actor=cast.dung, name="X")
    stranger = Client()
    stranger.force_login(cast.tin)
    assert stranger.post(f"/accounts/credentials/tokens/{token.pk}/revoke/").status_code == 404
    assert _me(key).status_code == 200

    owner = Client()
    owner.force_login(cast.dung)
    assert owner.post(f"/accounts/credentials/tokens/{token.pk}/revoke/").status_code == 302
    assert _me(key).status_code == 401


def test_a_token_notes_its_last_use(cast):
    key = _token("dung")
    _me(key)
    assert User.objects.get(pk=cast.dung.pk).api_tokens.get().last_used_at is not None


def test_a_token_dies_when_the_password_is_changed_behind_the_services_back(cast):
    """``manage.py changepassword`` saves the password itself; the token notices."""
    token = _token("dung")
    user = User.objects.get(pk=cast.dung.pk)
    user.set_password("another-long-password-42")
    user.save()

    assert _me(token).status_code == 401
