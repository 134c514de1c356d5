"""The register's fields through the API: the same service and the same refusals as the pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.documents.models import Document

PDF = b"%PDF-1.4\n%%EOF\n"


def _body(cast, **values):
    return {
        "document_type": "ke-hoach",
        "symbol": "999/KH-UBND",
        "issuing_unit": cast.city_state.pk,
        "issued_on": "2024-03-01",
        "title": "Kế hoạch 999",
    } | values


def test_an_outgoing_document_is_registered_with_its_register_entry(api, cast):
    response = api(cast.vp).post(
        "/api/v1/documents/",
        _body(cast, direction="outgoing", outgoing_number=999, signer="CHỦ TỊCH Trần B"),
        format="json",
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["direction"], data["outgoing_number"], data["incoming_number"], data["signer"]) == (
        "outgoing",
        999,
        None,
        "CHỦ TỊCH Trần B",
    )
    assert data["registered_for"] == cast.state_office.pk
    assert set(data["allowed_actions"]) == {"edit", "relate", "attach"}  # a specialist: no retire


def test_an_incoming_document_without_its_day_received_is_a_field_error(api, cast):
    response = api(cast.dung).post(
        "/api/v1/documents/", _body(cast, direction="incoming", incoming_number=3), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"received_on"}
    assert not Document.objects.exists()


def test_the_register_entry_is_corrected_with_patch(api, cast):
    created = api(cast.vp).post(
        "/api/v1/documents/", _body(cast, direction="outgoing", outgoing_number=998), format="json"
    )
    document = created.json()
    response = api(cast.vp).patch(
        f"/api/v1/documents/{document['id']}/", {"outgoing_number": 999, "version": 1}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["outgoing_number"] == 999


@pytest.mark.parametrize("level", ["confidential", "secret", "top_secret"])
def test_a_classified_document_refuses_files_with_409(api, cast, level):
    created = api(cast.vp).post(
        "/api/v1/documents/",
        _body(cast, direction="outgoing", outgoing_number=1, confidentiality=level),
        format="json",
    )
    assert created.status_code == 201
    assert "attach" not in created.json()["allowed_actions"]
    response = api(cast.vp).post(
        f"/api/v1/documents/{created.json()['id']}/attachments/",
        {"file": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")},
        format="multipart",
    )
    assert response.status_code == 409
    assert Document.objects.get().attachments.count() == 0


def test_an_attachment_says_its_kind(api, cast):
    created = api(cast.vp).post(
        "/api/v1/documents/", _body(cast, direction="outgoing", outgoing_number=1), format="json"
    )
    response = api(cast.vp).post(
        f"/api/v1/documents/{created.json()['id']}/attachments/",
        {"file": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"), "kind": "scan"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "scan"
