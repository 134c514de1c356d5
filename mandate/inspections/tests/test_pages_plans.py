"""The plans pages (issue 12, items 2 and 8): create a plan, add planned inspections to it,
withdraw it; its page shows each line's progress. Each form: done by the body's writer, refused
with what was typed kept, 404 to an outsider, 403 to a reader without the right, and a refusal
changes nothing. The list and the page cost the same queries for one plan as for several."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mandate.inspections import services
from mandate.inspections.models import Inspection, InspectionPlan, PlannedInspection
from tests.fingerprint import fingerprint

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _plan(records: SimpleNamespace, title: str = "Kế hoạch kiểm tra 2024", lines: int = 1) -> InspectionPlan:
    plan = services.plan_create(actor=None, body=records.body, year=2024, title=title)
    for n in range(lines):
        services.plan_line_add(
            actor=None,
            plan=plan,
            kind="party_fees",
            subject_matter=f"Thu nộp đảng phí {n}",
            subjects_text="Chi bộ",
            month=9,
        )
    plan.refresh_from_db()
    return plan


def _refused_unchanged(user: Any, url: str, data: dict[str, Any], status: int) -> Any:
    client = _client(user)
    before = fingerprint()
    response = client.post(url, data)
    assert response.status_code == status
    assert fingerprint() == before
    return response


# --- create a plan ----------------------------------------------------------------------------


def test_the_bodys_writer_creates_a_plan_and_lands_on_its_page(records: SimpleNamespace) -> None:
    client = _client(records.kvp)
    assert 'id="plan-create"' in client.get("/inspections/plans/").content.decode()
    assert client.get("/inspections/plans/new/").status_code == 200
    done = client.post(
        "/inspections/plans/new/", {"body": records.body.pk, "year": 2025, "title": "Kế hoạch 2025"}
    )
    plan = InspectionPlan.objects.get(title="Kế hoạch 2025")
    assert done.status_code == 302 and done["Location"] == f"/inspections/plans/{plan.pk}/"
    assert plan.year == 2025 and plan.body_id == records.body.pk


def test_a_plan_without_a_title_or_with_a_wrong_year_keeps_what_was_typed(records: SimpleNamespace) -> None:
    refused = _refused_unchanged(
        records.kvp,
        "/inspections/plans/new/",
        {"body": records.body.pk, "year": 1999, "title": "Kế hoạch cũ"},
        400,
    )
    assert 'value="Kế hoạch cũ"' in refused.content.decode()
    _refused_unchanged(records.kvp, "/inspections/plans/new/", {"body": records.body.pk, "year": 2025}, 400)


def test_who_writes_for_no_body_gets_404_on_creating_a_plan(records: SimpleNamespace) -> None:
    """The team leader and an outsider: no body of theirs, so no such page."""
    for user in (records.cast.chanh, records.cast.tin):
        assert _client(user).get("/inspections/plans/new/").status_code == 404
        _refused_unchanged(
            user, "/inspections/plans/new/", {"body": records.body.pk, "year": 2025, "title": "X"}, 404
        )


# --- a plan's page, its lines, its withdrawal -------------------------------------------------


def _line(**extra: Any) -> dict[str, Any]:
    return {
        "action": "line_add",
        "line_add-kind": "planned",
        "line_add-subject_matter": "Thực hiện Chỉ thị 24-CT/TU",
        "line_add-subjects_text": "Đảng ủy Sở",
        "line_add-month": "10",
        **{f"line_add-{k}": v for k, v in extra.items()},
    }


def test_the_plan_page_shows_progress_and_a_line_is_added(records: SimpleNamespace) -> None:
    plan = _plan(records, lines=2)
    first = PlannedInspection.objects.filter(plan=plan).order_by("order").first()
    assert first is not None
    inspection = services.inspection_create(
        actor=None,
        body=records.body,
        kind="party_fees",
        title="Kiểm tra đảng phí",
        subject_matter="X",
        planned=first,
    )
    client = _client(records.kvp)
    page = client.get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert 'id="progress"' in page and 'id="form-line_add"' in page and 'id="form-withdraw"' in page
    assert f'href="/inspections/{inspection.pk}/"' in page
    url = f"/inspections/plans/{plan.pk}/act/"
    done = client.post(url, _line(subject_units=[records.cast.culture.pk]))
    assert done.status_code == 302
    line = PlannedInspection.objects.get(plan=plan, order=3)
    assert line.month == 10 and list(line.subject_units.all()) == [records.cast.culture]


def test_a_line_naming_no_subject_is_refused_with_the_text_kept(records: SimpleNamespace) -> None:
    plan = _plan(records)
    refused = _refused_unchanged(
        records.kvp, f"/inspections/plans/{plan.pk}/act/", _line(subjects_text=""), 400
    )
    assert "Thực hiện Chỉ thị 24-CT/TU" in refused.content.decode()


def test_the_plan_is_withdrawn_and_a_stale_withdrawal_is_409(records: SimpleNamespace) -> None:
    plan = _plan(records)
    url = f"/inspections/plans/{plan.pk}/act/"
    stale = {"action": "withdraw", "withdraw-version": plan.version + 5, "withdraw-reason": "Lập nhầm"}
    refused = _refused_unchanged(records.kvp, url, stale, 409)
    assert 'id="problem"' in refused.content.decode()
    assert f'name="withdraw-version" value="{plan.version}"' in refused.content.decode()
    _refused_unchanged(records.kvp, url, {"action": "withdraw", "withdraw-version": plan.version}, 400)
    done = _client(records.kvp).post(url, {**stale, "withdraw-version": plan.version})
    assert done.status_code == 302
    assert InspectionPlan.objects.get(pk=plan.pk).withdrawn_at is not None
    page = _client(records.kvp).get(f"/inspections/plans/{plan.pk}/").content.decode()
    assert 'id="withdrawn"' in page and "form-line_add" not in page
    refused = _refused_unchanged(records.kvp, url, _line(), 409)  # a withdrawn plan: the reason shown
    assert 'id="problem"' in refused.content.decode()


def _reader_above(records: SimpleNamespace) -> Any:
    """A leader of the City Party Committee, an inspecting body whose competence covers the
    commission: he reads the commission's plans and writes none of them."""
    from conftest import _person
    from mandate.inspections.enums import BodyKind

    services.inspecting_body_declare(
        actor=None,
        unit=records.cast.city_party,
        kind=BodyKind.PARTY_COMMITTEE,
        competence_unit=records.cast.city,
        valid_from=dt.date(2020, 1, 1),
    )
    return _person(
        "thuong", "Thường Trực Thành Ủy", unit=records.cast.city_party, title="Phó Bí thư", role="leader"
    )


def test_a_reader_without_the_right_is_refused_and_an_outsider_gets_404(records: SimpleNamespace) -> None:
    plan = _plan(records)
    url = f"/inspections/plans/{plan.pk}/act/"
    withdraw = {"action": "withdraw", "withdraw-version": plan.version, "withdraw-reason": "X"}
    assert _client(records.cast.tin).get(f"/inspections/plans/{plan.pk}/").status_code == 404
    _refused_unchanged(records.cast.tin, url, _line(), 404)
    _refused_unchanged(records.cast.tin, url, withdraw, 404)
    reader = _reader_above(records)
    page = _client(reader).get(f"/inspections/plans/{plan.pk}/")
    assert page.status_code == 200 and "Kế hoạch kiểm tra 2024" in page.content.decode()
    assert "form-line_add" not in page.content.decode() and "form-withdraw" not in page.content.decode()
    _refused_unchanged(reader, url, _line(), 403)
    _refused_unchanged(reader, url, withdraw, 403)


# --- query counts -----------------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_plans_list_costs_the_same_for_one_plan_as_for_three(records: SimpleNamespace) -> None:
    client = _client(records.kvp)
    _plan(records, "Một", lines=1)
    _queries(client, "/inspections/plans/")  # warm the session and the caches
    one = _queries(client, "/inspections/plans/")
    _plan(records, "Hai", lines=3)
    _plan(records, "Ba", lines=2)
    assert _queries(client, "/inspections/plans/") == one
    assert one <= 16


def test_the_plan_page_costs_the_same_for_one_line_as_for_five(records: SimpleNamespace) -> None:
    client = _client(records.kvp)
    small, large = _plan(records, "Nhỏ", lines=1), _plan(records, "Lớn", lines=5)
    _queries(client, f"/inspections/plans/{small.pk}/")
    assert _queries(client, f"/inspections/plans/{small.pk}/") == _queries(
        client, f"/inspections/plans/{large.pk}/"
    )
    assert not Inspection.objects.filter(planned__plan=large).exists()
