"""The sign-in lock cannot be turned against a user: a colleague behind the same address who
locks an official out cannot keep him out (one-time link by e-mail, administrator's unlock), and
the page says how many tries are left and when a lock ends, the same for unknown user names."""

import datetime as dt
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.utils import timezone

from mandate.core.models import AuditEntry
from mandate.people.models import SignInUnlock, User

PASSWORD = "mandate-test-password"
LINK = re.compile(r"http://[^\s]+/accounts/unlock/([A-Za-z0-9_-]+)/")


def _sent_key():
    """The key of the unlock link in the first mail sent; the test fails here if there is none."""
    found = LINK.search(str(mail.outbox[0].body))
    assert found, mail.outbox[0].body
    return found.group(1)


def _sign_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _lock(username):
    colleague = Client()  # same office, same address (127.0.0.1)
    for _ in range(5):
        _sign_in(colleague, username, "guessing")


@pytest.fixture
def dung(cast):
    User.objects.filter(pk=cast.dung.pk).update(email="dung@svhtt.example.gov.vn")
    return User.objects.get(pk=cast.dung.pk)


def test_after_a_failure_the_page_says_how_many_tries_are_left(cast):
    client = Client()
    first = _sign_in(client, "dung", "wrong")
    second = _sign_in(client, "dung", "wrong")

    assert "Còn 4 lần thử" in first.content.decode()
    assert "Còn 3 lần thử" in second.content.decode()
    assert "lần thử" not in client.get("/accounts/login/").content.decode()


def test_an_unknown_user_name_gets_the_same_page_as_a_known_one(cast):
    known = _sign_in(Client(), "dung", "wrong").content.decode()
    unknown = _sign_in(Client(), "khong-co-ai", "wrong").content.decode()

    def strip(html):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return html.replace("khong-co-ai", "dung")

    assert strip(known) == strip(unknown)


def test_a_locked_page_says_when_the_lock_ends_in_local_time(cast):
    _lock("dung")
    response = _sign_in(Client(), "dung")

    assert response.status_code == 429
    last = AccessAttempt.objects.filter(username="dung").latest("attempt_time").attempt_time
    ends = timezone.localtime(last + dt.timedelta(minutes=15)).strftime("%d/%m/%Y %H:%M")
    assert f"bị khóa đến {ends}" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 900


def test_a_colleague_locks_an_official_out_and_the_unlock_link_lets_him_back(cast, dung):
    _lock("dung")
    official = Client()
    assert _sign_in(official, "dung").status_code == 429

    sent = official.post("/accounts/unlock/", {"username": "dung"})
    assert sent.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dung@svhtt.example.gov.vn"]
    key = _sent_key()
    assert SignInUnlock.objects.get().key_hash != key  # only a hash is kept

    assert official.get(f"/accounts/unlock/{key}/").status_code == 200  # a scanner opening it uses nothing
    used = official.post(f"/accounts/unlock/{key}/")
    assert used.status_code == 302
    assert "_auth_user_id" not in official.session  # the link signs nobody in

    assert _sign_in(official, "dung").status_code == 302
    assert official.session["_auth_user_id"] == str(dung.pk)
    assert Client().post(f"/accounts/unlock/{key}/").status_code == 404  # once only
    entry = AuditEntry.objects.get(action="people.unlock")
    assert entry.after is not None
    assert entry.after["by"] == "link"


def test_an_unlock_link_expires(cast, dung, settings):
    _lock("dung")
    Client().post("/accounts/unlock/", {"username": "dung"})
    key = _sent_key()
    SignInUnlock.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    assert Client().post(f"/accounts/unlock/{key}/").status_code == 404
    assert _sign_in(Client(), "dung").status_code == 429


def test_asking_for_a_link_says_the_same_for_unknown_names_and_sends_nothing(cast, dung):
    unknown = Client().post("/accounts/unlock/", {"username": "khong-co-ai"})
    no_mail = Client().post("/accounts/unlock/", {"username": "tin"})  # no e-mail address
    known = Client().post("/accounts/unlock/", {"username": "dung"})
    again = Client().post("/accounts/unlock/", {"username": "dung"})  # one live link at a time

    def text(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert text(unknown) == text(no_mail) == text(known) == text(again)
    assert len(mail.outbox) == 1


def test_an_administrator_lifts_the_lock_and_it_is_audited(cast):
    _lock("dung")
    admin = Client()
    admin.force_login(cast.ad)

    response = admin.post(
        "/admin/people/user/", {"action": "unlock_sign_in", "_selected_action": [cast.dung.pk]}
    )

    assert response.status_code == 302
    assert _sign_in(Client(), "dung").status_code == 302
    entry = AuditEntry.objects.get(action="people.unlock")
    assert entry.after is not None
    assert (entry.actor_label, entry.target_id, entry.after["by"]) == (
        "ad",
        str(cast.dung.pk),
        "administrator",
    )


def test_only_an_administrator_may_lift_a_lock(cast):
    from mandate.core.exceptions import PermissionDeniedError
    from mandate.people import credentials

    _lock("dung")
    with pytest.raises(PermissionDeniedError):
        credentials.sign_in_unlock(actor=cast.tin, user=cast.dung)
    assert _sign_in(Client(), "dung").status_code == 429
