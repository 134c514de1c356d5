"""Every route, present and future, tried by an account that gave its password but not yet its
second factor (ADR 0034): no page opens (a redirect to the code page), no API answers (403
``second_factor_required``), no write changes anything; public routes treat it as an anonymous
visitor. After the code, no route refuses it for the second factor's sake."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from mandate.core.models import AuditEntry
from mandate.people import second_factor_services as sf
from mandate.people.tests.factories import TEST_PASSWORD, totp_code
from tests.fingerprint import fingerprint
from tests.route_policy import ROUTES, all_routes

EXEMPT = {"second_factor_verify", "second_factor_enrol", "logout"}
VERIFY = "/accounts/second-factor/"
# A route's arguments: the middleware answers before any view looks them up, so any value of
# the right form will do.
_CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")
_GROUP = re.compile(r"\(\?P<\w+>([^)]*)\)")


def _url(route: str) -> str:
    """A URL of the route (Django's ``path`` converters, or the admin's regular expressions),
    its arguments filled with values of the right form."""
    url = _GROUP.sub(lambda group: group.group(1).split("|")[0].replace(".*", "x"), route)
    url = _CONVERTER.sub("1", url)
    return "/" + url.replace("^", "").replace("$", "")


def _routes() -> list[tuple[str, str]]:
    """(name, URL) of every route but the second factor's own pages, each route once."""
    urls = {_url(route): name for route, name, _callback in all_routes() if name not in EXEMPT}
    return sorted((name, url) for url, name in urls.items())


def _is_public(name: str) -> bool:
    """The allow-list of public routes, and the admin's own sign-in page."""
    policy = ROUTES.get(name)
    return name == "admin:login" or (policy is not None and policy.kind == "public")


@pytest.fixture
def half(cast, settings):
    """ad (a superuser: every route is his once signed in), enrolled, after the password only."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    key = sf.new_secret()
    sf.second_factor_enrol(actor=cast.ad, key_hex=key, code=totp_code(key))
    client = Client()
    signed = client.post("/accounts/login/", {"username": "ad", "password": TEST_PASSWORD})
    assert signed["Location"].startswith(VERIFY)
    return client, key


def test_the_walk_reaches_every_route(half):
    names = {name for name, _url in _routes()}
    assert {"api-access-log", "api-tasks", "tasks:my_work", "admin:index", "credentials"} <= names
    assert len(names) > 100


def test_before_the_code_no_page_opens_and_no_api_answers(half):
    client, _key = half
    anonymous = Client()
    wrong: list[tuple[object, ...]] = []
    for name, url in _routes():
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if _is_public(name):
                as_visitor = getattr(anonymous, method)(url).status_code
                if response.status_code != as_visitor:
                    wrong.append((method, url, response.status_code, as_visitor))
            elif url.startswith("/api/"):
                if response.status_code != 403 or response.json().get("code") != "second_factor_required":
                    wrong.append((method, url, response.status_code))
            elif response.status_code != 302 or not response["Location"].startswith(VERIFY):
                wrong.append((method, url, response.status_code, response.get("Location")))
    assert wrong == []


def test_before_the_code_a_write_changes_nothing(cast, half, make_document):
    client, _key = half
    plan = make_document("47-KH/ĐU", cast.culture_party)
    before = (fingerprint(), AuditEntry.objects.count())
    for name, policy in ROUTES.items():
        if policy.kind == "public" or name in EXEMPT:
            continue
        url = _url(next(route for route, n, _ in all_routes() if n == name))
        for method, body in policy.writes.items():
            if url.startswith("/api/"):
                getattr(client, method)(url, body, content_type="application/json")
            else:
                getattr(client, method)(url, body)
    client.patch(
        f"/api/v1/documents/{plan.pk}/", {"title": "X", "version": 1}, content_type="application/json"
    )
    after = (fingerprint(), AuditEntry.objects.count())
    # The session itself is the only row a refused request may touch (its expiry); nothing else.
    changed = {table for table in before[0] if before[0][table] != after[0][table]} - {"django_session"}
    assert changed == set()
    assert after[1] == before[1]


def test_after_the_code_the_second_factor_refuses_nothing(half):
    client, key = half
    assert client.post(VERIFY, {"code": totp_code(key, steps_ahead=1), "next": "/"}).status_code == 302
    refused = []
    for _name, url in _routes():
        response = client.get(url)
        if (response.status_code == 302 and response["Location"].startswith(VERIFY)) or (
            response.status_code == 403
            and url.startswith("/api/")
            and b"second_factor_required" in response.content
        ):
            refused.append(url)
    assert refused == []


def test_a_half_signed_in_inspector_reaches_only_the_code_page(cast):
    from mandate.people.tests.factories import AccountFactory

    AccountFactory.create(
        username="kiem", position={"unit": cast.city_party, "title": "Ủy viên", "role": "inspector"}
    )
    client = Client()
    client.post("/accounts/login/", {"username": "kiem", "password": TEST_PASSWORD})

    assert client.get("/")["Location"].startswith("/accounts/second-factor/enrol/")
    assert client.get("/documents/")["Location"].startswith("/accounts/second-factor/enrol/")
    assert client.get("/api/v1/documents/").status_code == 403
    assert client.get("/accounts/second-factor/enrol/").status_code == 200
