"""The acceptance of issue 2 on the demo city itself, through HTTP: `bavi` gets 404 for Plan
47-KH/ĐU through every route, reads Directive 24-CT/TU and the unit directory; `vanphong` reads
every document of the city; nobody writes outside his write scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from mandate.dev.demo_city import load_demo_city
from mandate.documents import services as document_services
from mandate.documents.models import Document
from mandate.people.models import User
from tests.route_policy import ROUTES


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _media_root(settings, media_root):
    """Overrides the suite's per-test folder: the module's demo file must outlive one test."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, media_root):
    from django.test import override_settings

    with django_db_blocker.unblock(), transaction.atomic(), override_settings(MEDIA_ROOT=media_root):
        city = load_demo_city()
        plan = Document.objects.get(pk=city.documents["47-KH/ĐU"])
        attachment = document_services.attachment_add(
            actor=None, document=plan, upload=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4\n%%EOF\n")
        )
        yield city, attachment.pk
        transaction.set_rollback(True)


def _as(username):
    client = APIClient()
    user = User.objects.get(username=username)
    client.force_authenticate(user)
    client.force_login(user)
    return client


SCOPED = [
    (name, policy)
    for name, policy in ROUTES.items()
    if policy.kind == "scoped_object" and "document_id" in policy.objects
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "policy"), SCOPED, ids=[n for n, _ in SCOPED])
def test_bavi_gets_404_for_the_internal_plan_through_every_route(demo, name, policy):
    city, attachment_id = demo
    objects = {"document": city.documents["47-KH/ĐU"], "attachment": attachment_id}
    url = reverse(name, kwargs={arg: objects[obj] for arg, obj in policy.objects.items()})
    bavi = _as("bavi")

    if policy.read:
        assert bavi.get(url).status_code == 404
        # An insider reaches it: the page, or (a page of one action) the action's refusal.
        assert _as("chuyenvien.vhtt").get(url).status_code in ((200, 403, 409) if policy.gated else (200,))
    for method, body in policy.writes.items():
        response = getattr(bavi, method)(url, body, format="json" if body else "multipart")
        assert response.status_code == 404


@pytest.mark.django_db
def test_bavi_reads_the_directive_and_the_directory(demo):
    city, _ = demo
    bavi = _as("bavi")

    assert bavi.get(f"/api/v1/documents/{city.documents['24-CT/TU']}/").status_code == 200
    assert bavi.get(f"/api/v1/organisations/{city.units['so_van_hoa_the_thao']}/").status_code == 200
    found = bavi.get("/api/v1/documents/", {"symbol": "24-ct-tu"}).json()["results"]
    assert [row["symbol"] for row in found] == ["24-CT/TU"]


@pytest.mark.django_db
def test_vanphong_reads_every_document_of_the_city(demo):
    rows = _as("vanphong").get("/api/v1/documents/", {"page_size": 200}).json()["results"]
    assert {row["id"] for row in rows} == set(Document.objects.values_list("pk", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "issuer_key"),
    [
        ("bavi", "thanh_uy_ha_noi"),
        ("sotttt", "so_van_hoa_the_thao"),
        ("chuyenvien.vhtt", "so_van_hoa_the_thao"),
    ],
)
def test_nobody_registers_outside_his_write_scope(demo, username, issuer_key):
    city, _ = demo
    payload = {
        "document_type": "ke-hoach", "symbol": "999/KH-UBND", "issuing_unit": city.units[issuer_key],
        "issued_on": "2024-01-05", "title": "Thử ngoài phạm vi",
    }  # fmt: skip
    before = Document.objects.count()

    response = _as(username).post("/api/v1/documents/", payload, format="json")

    assert response.status_code == 403
    assert Document.objects.count() == before


@pytest.mark.django_db
def test_vanphong_registers_a_city_document(demo):
    city, _ = demo
    payload = {
        "document_type": "ke-hoach", "symbol": "999/KH-UBND", "issuing_unit": city.units["ubnd_ha_noi"],
        "issued_on": "2024-01-05", "title": "Kế hoạch thử",
    }  # fmt: skip
    assert _as("vanphong").post("/api/v1/documents/", payload, format="json").status_code == 201
