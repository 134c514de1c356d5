"""A PATCH names only what it may change, and an empty one changes nothing (issue 9, section 1)."""

import pytest

from mandate.core.models import AuditEntry


@pytest.mark.parametrize("field", ["lead_unit", "status", "parent", "assigner_unit", "colour"])
def test_a_task_patch_naming_a_field_it_cannot_change_is_400(cast, api, assign, field):
    task = assign()
    response = api(cast.van).patch(
        f"/api/v1/tasks/{task.pk}/", {field: cast.info.pk, "version": task.version}, format="json"
    )
    assert response.status_code == 400, response.json()
    body = response.json()
    assert set(body) >= {"code", "message", "fields"}
    assert field in body["fields"]
    task.refresh_from_db()
    assert task.version == 1


def test_an_empty_task_patch_neither_bumps_the_version_nor_audits(cast, api, assign):
    task = assign()
    entries = AuditEntry.objects.count()
    response = api(cast.van).patch(
        f"/api/v1/tasks/{task.pk}/", {"content": task.content, "version": task.version}, format="json"
    )
    assert response.status_code == 200, response.json()
    task.refresh_from_db()
    assert task.version == 1
    assert AuditEntry.objects.count() == entries


def test_a_negative_weight_is_refused_on_edit(cast, api, assign):
    task = assign()
    response = api(cast.van).patch(
        f"/api/v1/tasks/{task.pk}/", {"weight": "-1", "version": task.version}, format="json"
    )
    assert response.status_code == 400
    assert "weight" in response.json()["fields"]


@pytest.mark.parametrize("field", ["issuing_unit", "path", "symbol", "colour"])
def test_a_document_patch_naming_a_field_it_cannot_change_is_400(cast, api, make_document, field):
    plan = make_document("24-CT/TU", cast.standing)  # van acts for the Standing Committee
    response = api(cast.van).patch(
        f"/api/v1/documents/{plan.pk}/", {field: cast.info.pk, "version": plan.version}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["fields"]


def test_an_empty_document_patch_neither_bumps_the_version_nor_audits(cast, api, make_document):
    plan = make_document("24-CT/TU", cast.standing)  # van acts for the Standing Committee
    entries = AuditEntry.objects.count()
    response = api(cast.van).patch(
        f"/api/v1/documents/{plan.pk}/", {"title": plan.title, "version": plan.version}, format="json"
    )
    assert response.status_code == 200, response.json()
    plan.refresh_from_db()
    assert plan.version == 1
    assert AuditEntry.objects.count() == entries
