"""The life-cycle forms of an inspection's page added after the first ones (issue 12, item 8): a
team member leaves, a subject is withdrawn, the follow-up is done. Each: done by the body's writer,
refused with what was typed kept (400), 404 to an outsider, 403 to a reader without the right —
and a refusal changes nothing. A refused move shows the 409 reason on the page; a stale version is
a 409 conflict."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from mandate.inspections import services
from mandate.inspections.enums import InspectionState
from mandate.inspections.models import Inspection, InspectionSubject, TeamMember
from mandate.inspections.tests.records_cast import conclude_every_subject
from tests.fingerprint import fingerprint

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(records: SimpleNamespace) -> str:
    return f"/inspections/{records.inspection.pk}/act/"


def _concluded(records: SimpleNamespace) -> Inspection:
    inspection = records.inspection
    for action, extra in (
        ("decide", {"on": dt.date(2024, 7, 19), "decision_number": "12-QĐ/UBKT"}),
        ("start", {"on": dt.date(2024, 7, 20)}),
    ):
        inspection = services.inspection_move(
            actor=None, inspection=inspection, action=action, expected_version=inspection.version, **extra
        )
    conclude_every_subject(inspection, dt.date(2024, 8, 1))
    return services.inspection_move(
        actor=None,
        inspection=inspection,
        action="conclude",
        expected_version=inspection.version,
        on=dt.date(2024, 8, 2),
    )


# --- a team member leaves ---------------------------------------------------------------------


def test_a_team_member_leaves_from_the_page(records: SimpleNamespace) -> None:
    client = _client(records.kvp)
    page = client.get(f"/inspections/{records.inspection.pk}/").content.decode()
    assert 'id="form-team_remove"' in page
    done = client.post(
        _url(records),
        {
            "action": "team_remove",
            "team_remove-member": records.leader.pk,
            "team_remove-left_on": "20/07/2024",
        },
    )
    assert done.status_code == 302
    assert TeamMember.objects.get(pk=records.leader.pk).left_on == dt.date(2024, 7, 20)


def test_a_wrong_leaving_day_keeps_what_was_typed(records: SimpleNamespace) -> None:
    client = _client(records.kvp)
    before = fingerprint()
    refused = client.post(
        _url(records),
        {
            "action": "team_remove",
            "team_remove-member": records.leader.pk,
            "team_remove-left_on": "31/02/2024",
        },
    )
    assert refused.status_code == 400
    assert 'value="31/02/2024"' in refused.content.decode()
    assert fingerprint() == before


def test_the_team_leader_may_not_make_someone_leave_and_nothing_changes(records: SimpleNamespace) -> None:
    """The leader moves the inspection, the body forms its team (``policy_records``)."""
    page = _client(records.cast.chanh).get(f"/inspections/{records.inspection.pk}/").content.decode()
    assert 'id="form-team_remove"' not in page
    client = _client(records.cast.chanh)
    before = fingerprint()
    refused = client.post(_url(records), {"action": "team_remove", "team_remove-member": records.leader.pk})
    assert refused.status_code == 403
    assert fingerprint() == before


def test_an_outsider_gets_404_for_the_leaving(records: SimpleNamespace) -> None:
    client = _client(records.cast.tin)
    before = fingerprint()
    refused = client.post(_url(records), {"action": "team_remove", "team_remove-member": records.leader.pk})
    assert refused.status_code == 404
    assert fingerprint() == before


# --- a subject is withdrawn -------------------------------------------------------------------


def test_a_subject_is_withdrawn_from_the_page(records: SimpleNamespace) -> None:
    done = _client(records.kvp).post(
        _url(records),
        {
            "action": "subject_withdraw",
            "subject_withdraw-subject": records.org_subject.pk,
            "subject_withdraw-reason": "Nhầm đối tượng",
        },
    )
    assert done.status_code == 302
    assert InspectionSubject.objects.get(pk=records.org_subject.pk).withdrawn_at is not None


def test_a_withdrawal_without_a_reason_is_refused_and_keeps_the_choice(records: SimpleNamespace) -> None:
    client = _client(records.kvp)
    before = fingerprint()
    refused = client.post(
        _url(records),
        {"action": "subject_withdraw", "subject_withdraw-subject": records.org_subject.pk},
    )
    assert refused.status_code == 400
    assert f'value="{records.org_subject.pk}" selected' in refused.content.decode()
    assert fingerprint() == before


def test_a_subject_with_a_conclusion_is_not_withdrawn_and_the_page_says_why(records: SimpleNamespace) -> None:
    conclude_every_subject(records.inspection, dt.date(2024, 8, 1))
    client = _client(records.kvp)
    before = fingerprint()
    refused = client.post(
        _url(records),
        {
            "action": "subject_withdraw",
            "subject_withdraw-subject": records.org_subject.pk,
            "subject_withdraw-reason": "Nhầm",
        },
    )
    assert refused.status_code == 409
    assert 'id="problem"' in refused.content.decode()
    assert "Nhầm" in refused.content.decode()  # what was typed stays
    assert fingerprint() == before


def test_the_inspected_units_leader_may_not_withdraw_a_subject(records: SimpleNamespace) -> None:
    client = _client(records.cast.dung)
    before = fingerprint()
    refused = client.post(
        _url(records),
        {
            "action": "subject_withdraw",
            "subject_withdraw-subject": records.org_subject.pk,
            "subject_withdraw-reason": "Không đồng ý",
        },
    )
    assert refused.status_code == 403
    assert fingerprint() == before


def test_an_outsider_gets_404_for_the_withdrawal(records: SimpleNamespace) -> None:
    client = _client(records.cast.tin)
    before = fingerprint()
    refused = client.post(
        _url(records),
        {
            "action": "subject_withdraw",
            "subject_withdraw-subject": records.org_subject.pk,
            "subject_withdraw-reason": "X",
        },
    )
    assert refused.status_code == 404
    assert fingerprint() == before


# --- the follow-up is done --------------------------------------------------------------------


def _follow_up(version: Any) -> dict[str, Any]:
    return {"action": "follow_up_done", "follow_up_done-version": version, "follow_up_done-on": "30/09/2024"}


def test_the_follow_up_is_done_from_the_page(records: SimpleNamespace) -> None:
    inspection = _concluded(records)
    client = _client(records.kvp)
    assert 'id="form-follow_up_done"' in client.get(f"/inspections/{inspection.pk}/").content.decode()
    done = client.post(_url(records), _follow_up(inspection.version))
    assert done.status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).state == InspectionState.FOLLOW_UP_DONE


def test_a_stale_follow_up_is_a_conflict_with_the_current_version(records: SimpleNamespace) -> None:
    inspection = _concluded(records)
    client = _client(records.kvp)
    before = fingerprint()
    refused = client.post(_url(records), _follow_up(inspection.version - 1))
    assert refused.status_code == 409
    text = refused.content.decode()
    assert 'id="problem"' in text
    assert f'name="follow_up_done-version" value="{inspection.version}"' in text
    assert fingerprint() == before


def test_a_follow_up_without_the_version_read_is_refused(records: SimpleNamespace) -> None:
    _concluded(records)
    client = _client(records.kvp)
    before = fingerprint()
    refused = client.post(_url(records), _follow_up(""))
    assert refused.status_code == 400
    assert "phiên bản bạn đã xem" in refused.content.decode()
    assert fingerprint() == before


def test_a_follow_up_before_the_conclusion_shows_the_409_reason(records: SimpleNamespace) -> None:
    page = _client(records.kvp).get(f"/inspections/{records.inspection.pk}/").content.decode()
    assert 'id="form-follow_up_done"' not in page
    client = _client(records.kvp)
    before = fingerprint()
    refused = client.post(_url(records), _follow_up(records.inspection.version))
    assert refused.status_code == 409
    assert 'id="problem"' in refused.content.decode()
    assert fingerprint() == before


def test_the_inspected_units_leader_may_not_close_the_follow_up(records: SimpleNamespace) -> None:
    inspection = _concluded(records)
    client = _client(records.cast.dung)
    before = fingerprint()
    refused = client.post(_url(records), _follow_up(inspection.version))
    assert refused.status_code == 403
    assert fingerprint() == before


def test_an_outsider_gets_404_for_the_follow_up(records: SimpleNamespace) -> None:
    inspection = _concluded(records)
    client = _client(records.cast.tin)
    before = fingerprint()
    assert client.post(_url(records), _follow_up(inspection.version)).status_code == 404
    assert fingerprint() == before
