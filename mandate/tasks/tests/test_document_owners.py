"""A document is changed only by its issuing unit's authorised people (issue 9, section 1)."""

import datetime as dt

import pytest

from mandate.documents.models import Document
from mandate.tasks.services import assignment


@pytest.fixture
def directive(cast, make_document):
    """Directive 24-CT/TU of the Standing Committee, with a task for the district."""
    document = make_document("24-CT/TU", cast.standing, issued_on=dt.date(2023, 8, 7))
    assignment.task_assign(
        actor=cast.van,
        content="Quán triệt Chỉ thị",
        document=document,
        lead_unit=cast.district_state,
        assigner_unit=cast.party_office,
        assigned_on=dt.date(2024, 3, 1),
        deadline_on=dt.date(2024, 4, 30),
    )
    return document


def test_a_unit_reached_by_a_task_does_not_retire_the_document(cast, api, directive):
    response = api(cast.bao).post(
        f"/api/v1/documents/{directive.pk}/retire/",
        {"reason": "Hết hiệu lực", "version": directive.version},
        format="json",
    )
    assert response.status_code == 403, response.json()
    assert response.json()["message"]
    directive.refresh_from_db()
    assert directive.retired_at is None


def test_a_recipient_does_not_edit_the_document(cast, api, directive):
    response = api(cast.bao).patch(
        f"/api/v1/documents/{directive.pk}/", {"title": "Khác", "version": directive.version}, format="json"
    )
    assert response.status_code == 403
    assert Document.objects.get(pk=directive.pk).title == directive.title
