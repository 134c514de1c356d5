"""The inspection pages (issue 12, item 8): the list and the page are scoped as the API is, the
forms call the services (a refusal keeps what was typed), and an outsider gets 404."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from mandate.inspections.enums import InspectionState
from mandate.inspections.models import Inspection

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_sees_the_list_and_the_page_with_its_forms(records: SimpleNamespace) -> None:
    client = _client(records.kvp)
    listed = client.get("/inspections/")
    assert listed.status_code == 200
    assert records.inspection.title in listed.content.decode()
    page = client.get(f"/inspections/{records.inspection.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="form-decide"' in text and 'id="form-team_add"' in text
    assert '<h3 class="h6">Người Xem Vera' not in text  # a person subject only under the person rule


def test_deciding_without_a_number_keeps_what_was_typed_then_decides(records: SimpleNamespace) -> None:
    client = _client(records.kvp)
    url = f"/inspections/{records.inspection.pk}/act/"
    version = records.inspection.version
    refused = client.post(
        url,
        {
            "action": "decide",
            "decide-version": version,
            "decide-on": "19/07/2024",
            "decide-decision_number": "",
        },
    )
    assert refused.status_code == 400
    assert 'value="19/07/2024"' in refused.content.decode()
    done = client.post(
        url,
        {
            "action": "decide",
            "decide-version": version,
            "decide-on": "19/07/2024",
            "decide-decision_number": "12-QĐ/UBKT",
        },
    )
    assert done.status_code == 302
    assert Inspection.objects.get(pk=records.inspection.pk).state == InspectionState.DECIDED


def test_an_outsider_gets_404(records: SimpleNamespace) -> None:
    client = _client(records.cast.tin)
    assert client.get(f"/inspections/{records.inspection.pk}/").status_code == 404
    url = f"/inspections/{records.inspection.pk}/act/"
    assert (
        client.post(
            url,
            {
                "action": "decide",
                "decide-version": 1,
                "decide-on": "19/07/2024",
                "decide-decision_number": "1",
            },
        ).status_code
        == 404
    )
    assert Inspection.objects.get(pk=records.inspection.pk).state == InspectionState.PLANNED
    assert records.inspection.title not in client.get("/inspections/").content.decode()


def test_the_plans_page_shows_each_line_with_its_progress(records: SimpleNamespace) -> None:
    from mandate.inspections import services

    plan = services.plan_create(actor=None, body=records.body, year=2024, title="Kế hoạch kiểm tra 2024")
    line = services.plan_line_add(
        actor=None,
        plan=plan,
        kind="party_fees",
        subject_matter="Thu nộp đảng phí",
        subjects_text="Chi bộ",
        month=9,
    )
    text = _client(records.kvp).get("/inspections/plans/").content.decode()
    assert "Kế hoạch kiểm tra 2024" in text
    assert 'class="progress-not_started">Chưa bắt đầu' in text
    assert f"/inspections/new/?line={line.pk}" in text
    assert (
        "Kế hoạch kiểm tra 2024" not in _client(records.cast.tin).get("/inspections/plans/").content.decode()
    )
