"""The conventions every endpoint keeps: error shape, language, versions, uploads, sign-in."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from mandate.core.models import AuditEntry
from mandate.documents.models import Document, DocumentAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _error_shape(body):
    return set(body) >= {"code", "message", "fields"} and isinstance(body["fields"], dict)


@pytest.fixture
def plan(cast, make_document):
    """dung's department's own plan: he acts for its issuer, so he may change it (ADR 0018)."""
    return make_document("47/KH-SVHTT", cast.culture, title="Kế hoạch kiểm tra, giám sát năm 2023")


def test_token_sign_in_and_use(cast):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "dung", "password": "mandate-test-password"}, format="json"
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")

    me = client.get("/api/v1/me/")

    assert me.status_code == 200
    assert me.json()["username"] == "dung"
    assert me.json()["read_scope"] == [cast.culture.pk]


def test_wrong_password_then_throttled(cast):
    client = APIClient()
    for _ in range(4):
        wrong = client.post("/api/v1/auth/token/", {"username": "dung", "password": "nope"}, format="json")
        assert wrong.status_code == 400
        assert wrong.json()["code"] == "invalid_credentials"
    client.post("/api/v1/auth/token/", {"username": "dung", "password": "nope"}, format="json")

    locked = client.post(
        "/api/v1/auth/token/", {"username": "dung", "password": "mandate-test-password"}, format="json"
    )

    assert locked.status_code == 429
    assert _error_shape(locked.json())
    assert locked["Retry-After"]


def test_page_sign_in_is_throttled_too(cast, client):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "tin", "password": "nope"})
    response = client.post("/accounts/login/", {"username": "tin", "password": "mandate-test-password"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_anonymous_api_gets_401_in_the_error_shape(db):
    response = APIClient().get("/api/v1/documents/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_messages_speak_vietnamese_by_default_english_on_request_and_the_users_setting_wins(cast, api):
    assert api(cast.dung).get("/api/v1/documents/999999/").json()["message"] == "Không tìm thấy."
    english = api(cast.dung).get("/api/v1/documents/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["message"] == "Not found."

    cast.dung.language = "vi"
    cast.dung.save()
    insisted = api(cast.dung).get("/api/v1/documents/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert insisted.json()["message"] == "Không tìm thấy."


def test_validation_errors_name_the_fields(cast, api):
    response = api(cast.van).post("/api/v1/documents/", {"symbol": "24/CT-TU-XYZ!"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert {"document_type", "issuing_unit", "issued_on", "title"} <= set(body["fields"])


def test_register_through_the_api_and_refuse_a_bad_symbol(cast, api):
    payload = {
        "document_type": "chi-thi",
        "symbol": "24-CT/TU",
        "issuing_unit": cast.standing.pk,
        "issued_on": "2023-08-07",
        "title": "Chỉ thị 24",
        "is_public": True,
    }
    created = api(cast.van).post("/api/v1/documents/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["symbol"] == "24-CT/TU"

    bad = api(cast.van).post("/api/v1/documents/", {**payload, "symbol": "24/CT-TU-XYZ!"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_symbol"
    assert "24-CT/TU" in bad.json()["fields"]["symbol"][0]

    duplicate = api(cast.van).post("/api/v1/documents/", payload, format="json")
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == "duplicate_symbol"


def test_registering_outside_write_scope_is_403_and_changes_nothing(cast, api):
    payload = {
        "document_type": "ke-hoach",
        "symbol": "5/KH-UBND",
        "issuing_unit": cast.city_state.pk,
        "issued_on": "2023-01-05",
        "title": "Ngoài phạm vi",
    }
    before = AuditEntry.objects.count()

    response = api(cast.bao).post("/api/v1/documents/", payload, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Document.objects.exists()
    assert AuditEntry.objects.count() == before


def test_update_needs_a_version(cast, api, plan):
    response = api(cast.dung).patch(f"/api/v1/documents/{plan.pk}/", {"title": "Mới"}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "version_required"
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch kiểm tra, giám sát năm 2023"


def test_a_stale_update_is_409_with_who_changed_it_and_nothing_changes(cast, api, plan):
    first = api(cast.dung).patch(
        f"/api/v1/documents/{plan.pk}/", {"title": "Bản của Dũng", "version": 1}, format="json"
    )
    assert first.status_code == 200
    assert first.json()["version"] == 2

    stale = api(cast.ad).patch(
        f"/api/v1/documents/{plan.pk}/", {"title": "Bản cũ"}, format="json", HTTP_IF_MATCH='"1"'
    )

    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict"
    assert body["current_version"] == 2
    assert body["changed_by"] == "dung"
    assert dt.datetime.fromisoformat(body["changed_at"])
    plan.refresh_from_db()
    assert plan.title == "Bản của Dũng"


def test_if_match_header_carries_the_version(cast, api, plan):
    response = api(cast.dung).patch(
        f"/api/v1/documents/{plan.pk}/", {"summary": "Tóm tắt"}, format="json", HTTP_IF_MATCH='W/"1"'
    )
    assert response.status_code == 200


def test_an_official_may_read_but_not_change_a_document_he_sees(cast, api, plan):
    response = api(cast.oanh).patch(
        f"/api/v1/documents/{plan.pk}/", {"title": "x", "version": 1}, format="json"
    )
    assert response.status_code == 403


def _stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_upload_download_and_scope(cast, api, plan, settings):
    upload = SimpleUploadedFile("Kế hoạch 47.pdf", PDF, content_type="application/pdf")
    created = api(cast.dung).post(
        f"/api/v1/documents/{plan.pk}/attachments/", {"file": upload}, format="multipart"
    )
    assert created.status_code == 201, created.json()
    attachment_id = created.json()["id"]

    url = f"/api/v1/documents/{plan.pk}/attachments/{attachment_id}/"
    download = api(cast.oanh).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert api(cast.bao).get(url).status_code == 404
    assert api(cast.olga).get(url).status_code == 404


def test_an_oversized_upload_is_413_and_nothing_is_stored(cast, api, plan, settings):
    settings.MANDATE_MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 4096, content_type="application/pdf")

    response = api(cast.dung).post(
        f"/api/v1/documents/{plan.pk}/attachments/", {"file": upload}, format="multipart"
    )

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert not DocumentAttachment.objects.exists()
    assert _stored_files(settings) == []


def test_a_disguised_executable_is_415_and_nothing_is_stored(cast, api, plan, settings):
    upload = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")

    response = api(cast.dung).post(
        f"/api/v1/documents/{plan.pk}/attachments/", {"file": upload}, format="multipart"
    )

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_file_type"
    assert not DocumentAttachment.objects.exists()
    assert _stored_files(settings) == []


def test_lists_are_paginated(cast, api, make_document):
    for number in range(1, 4):
        make_document(f"{number}/KH-UBND", cast.city_state)

    body = api(cast.van).get("/api/v1/documents/?page_size=2").json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_the_unit_directory_is_open_to_every_signed_in_user(cast, api):
    response = api(cast.olga).get(f"/api/v1/organisations/{cast.culture.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["parent"] == cast.city_state.pk
    assert body["heads"][0]["full_name"] == "Giám Đốc Dũng"


def test_the_directory_on_a_date(cast, api):
    response = api(cast.olga).get(
        f"/api/v1/organisations/?on=2023-12-31&parent={cast.city.pk}&level=district"
    )
    assert [u["id"] for u in response.json()["results"]] == [cast.district.pk]

    bad = api(cast.olga).get("/api/v1/organisations/?on=31/12/2023")
    assert bad.status_code == 400
    assert "on" in bad.json()["fields"]


def test_a_relation_to_a_document_out_of_scope_is_400_not_found(cast, api, make_document, plan):
    foreign = make_document("3/KH-UBND", cast.outsider_state)

    response = api(cast.dung).post(
        f"/api/v1/documents/{plan.pk}/relations/", {"kind": "implements", "target": foreign.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["fields"]["target"] == ["Không tìm thấy."]


def test_a_nul_character_in_the_address_is_refused_at_the_edge(cast, api):
    response = api(cast.ad).get("/api/v1/audit/?action=%00")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_sign_ins_are_in_the_audit_trail(cast, client):
    APIClient().post(
        "/api/v1/auth/token/", {"username": "dung", "password": "mandate-test-password"}, format="json"
    )
    client.post("/accounts/login/", {"username": "tin", "password": "mandate-test-password"})

    entries = AuditEntry.objects.filter(action="people.sign_in").order_by("id")
    assert [(e.actor_label, e.after and e.after["channel"]) for e in entries] == [
        ("dung", "api"),
        ("tin", "page"),
    ]


def test_production_settings_hash_passwords_with_argon2():
    from config import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_an_upload_declared_too_large_is_refused_before_its_body_is_read(cast, api, plan, settings):
    settings.MANDATE_MAX_UPLOAD_BYTES = 1024
    client = api(cast.dung)

    response = client.post(
        f"/api/v1/documents/{plan.pk}/attachments/",
        data=b"x" * 10,
        content_type="multipart/form-data; boundary=zzz",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert not DocumentAttachment.objects.exists()


def test_the_deadline_preview(cast, api):
    ok = api(cast.oanh).get("/api/v1/calendar/deadline/?from=2024-02-05&working_days=10")
    assert ok.json() == {"deadline_on": "2024-02-26"}
    bad = api(cast.oanh).get("/api/v1/calendar/deadline/?from=2024-02-05&working_days=0")
    assert bad.status_code == 400
    assert "working_days" in bad.json()["fields"]
