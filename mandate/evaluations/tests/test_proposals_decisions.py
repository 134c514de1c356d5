"""Proposals to replace, move or commend an official (issue 14, item 6): proposed by a leader over
his unit with typed grounds, decided by the level above (not the proposer), carried out as a
position change; read by the leaders over the unit and the official himself, logged when another
person's is read; every action refused to every other role, the database left as it was."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from mandate.core.exceptions import ApplicationError, InvalidStateError, PermissionDeniedError
from mandate.core.models import AccessLogEntry
from mandate.evaluations.models import PersonnelProposal
from mandate.evaluations.services import proposals as services
from mandate.evaluations.tests import rotation_cast
from mandate.evaluations.tests.rotation_cast import ON, propose
from mandate.people.models import Position
from tests.fingerprint import fingerprint

pytestmark = pytest.mark.django_db

ROLES = ["dung", "truong", "oanh", "vera", "tin", "olga", "van", "chanh", "ad"]


@pytest.fixture
def w(cast: SimpleNamespace) -> SimpleNamespace:
    return rotation_cast.build(cast)


def who(w: SimpleNamespace, name: str) -> Any:
    return w.truong if name == "truong" else getattr(w.cast, name)


def test_a_proposal_keeps_its_typed_grounds(w: SimpleNamespace) -> None:
    proposal = propose(w)
    assert [(g.kind, g.ref_id, g.text) for g in proposal.grounds.all()] == [
        ("signal", None, "Quá hạn không báo cáo: 4 nhiệm vụ"),
        ("monthly_grade", 17, "Tháng 8/2023: C"),
    ]
    assert (proposal.state, proposal.unit, proposal.proposed_by) == (
        "proposed",
        w.cast.culture_office,
        w.truong,
    )


def test_a_proposal_without_grounds_or_destination_is_refused(w: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.proposal_create(
            actor=w.truong, position=w.oanh_position, kind="replace", reason="X", grounds=[], on=ON
        )
    assert {"grounds", "to_unit"} <= set(refused.value.fields)
    with pytest.raises(ApplicationError) as unknown:
        services.proposal_create(
            actor=w.truong, position=w.oanh_position, kind="commend", reason="X", on=ON,
            grounds=[services.Ground(kind="horoscope", text="X")],
        )  # fmt: skip
    assert "grounds.0" in unknown.value.fields


def test_a_later_app_registers_its_kind_of_ground(w: SimpleNamespace) -> None:
    services.register_ground_kind("feedback_test", "Phản ánh của người dân")
    try:
        proposal = services.proposal_create(
            actor=w.truong, position=w.oanh_position, kind="commend", reason="Tốt", on=ON,
            grounds=[services.Ground(kind="feedback_test", text="Được khen", ref_id=5)],
        )  # fmt: skip
        assert proposal.grounds.get().kind == "feedback_test"
    finally:
        services.GROUND_KINDS.pop("feedback_test")


@pytest.mark.parametrize("name", ROLES)
def test_who_may_propose(w: SimpleNamespace, name: str) -> None:
    before = fingerprint()
    if name in {"dung", "truong"}:  # the leaders over oanh's office
        assert propose(w, actor=who(w, name)).state == "proposed"
    else:
        with pytest.raises(PermissionDeniedError):
            propose(w, actor=who(w, name))
        assert fingerprint() == before


@pytest.mark.parametrize("name", ROLES)
def test_who_may_decide(w: SimpleNamespace, name: str) -> None:
    """Only dung, who acts for culture (above oanh's office), decides truong's proposal."""
    proposal = propose(w)
    before = fingerprint()
    if name == "dung":
        decided = services.proposal_decide(
            actor=w.cast.dung, proposal=proposal, decision="approve", note="Đồng ý", on=ON,
            expected_version=proposal.version,
        )  # fmt: skip
        assert decided.state == "carried_out"
    else:
        with pytest.raises(PermissionDeniedError):
            services.proposal_decide(
                actor=who(w, name), proposal=proposal, decision="approve", note="", on=ON,
                expected_version=proposal.version,
            )  # fmt: skip
        assert fingerprint() == before


def test_the_proposer_never_decides_his_own_proposal(w: SimpleNamespace) -> None:
    proposal = propose(w, actor=w.cast.dung)
    with pytest.raises(PermissionDeniedError):
        services.proposal_decide(
            actor=w.cast.dung, proposal=proposal, decision="approve", note="", on=ON, expected_version=1
        )


def test_an_approved_move_is_a_position_change_and_a_decided_proposal_is_closed(w: SimpleNamespace) -> None:
    proposal = propose(w)
    decided = services.proposal_decide(
        actor=w.cast.dung, proposal=proposal, decision="approve", note="Đồng ý", on=ON, expected_version=1
    )
    history = list(Position.objects.filter(person=w.cast.oanh.person).order_by("valid_from"))
    assert [(p.unit_id, p.valid_to) for p in history] == [
        (w.cast.culture_office.pk, dt.date(2023, 9, 30)),
        (w.second_office.pk, None),
    ]
    assert decided.new_position == history[1]
    with pytest.raises(InvalidStateError):
        services.proposal_decide(
            actor=w.cast.dung,
            proposal=decided,
            decision="reject",
            note="",
            on=ON,
            expected_version=decided.version,
        )


def test_a_commendation_approved_changes_no_position(w: SimpleNamespace) -> None:
    proposal = propose(w, kind="commend")
    decided = services.proposal_decide(
        actor=w.cast.dung, proposal=proposal, decision="approve", note="", on=ON, expected_version=1
    )
    assert decided.state == "approved" and decided.new_position is None
    assert Position.objects.filter(person=w.cast.oanh.person).count() == 1


@pytest.mark.parametrize("name", ROLES)
def test_who_reads_a_proposal_over_http(w: SimpleNamespace, api: Any, name: str) -> None:
    proposal = propose(w)
    readers = {"dung", "truong", "oanh"}  # not the system administrator
    detail = api(who(w, name)).get(reverse("api-evaluation-proposal", args=[proposal.pk]))
    page = api(who(w, name)).get(reverse("evaluations:proposal", args=[proposal.pk]))
    listed = api(who(w, name)).get(reverse("api-evaluation-proposals")).json()["results"]

    expected = 200 if name in readers else 404
    assert (detail.status_code, page.status_code) == (expected, expected)
    assert [row["id"] for row in listed] == ([proposal.pk] if name in readers else [])


def test_reads_of_another_persons_proposal_are_logged(w: SimpleNamespace, api: Any) -> None:
    proposal = propose(w)
    api(w.cast.oanh).get(reverse("api-evaluation-proposal", args=[proposal.pk]))
    assert not AccessLogEntry.objects.exists()  # her own

    api(w.cast.dung).get(reverse("api-evaluation-proposal", args=[proposal.pk]))
    api(w.cast.dung).get(reverse("evaluations:proposals"))

    entries = list(AccessLogEntry.objects.order_by("id").values_list("record_type", "record_id", "purpose"))
    assert entries == [
        ("evaluations.personnelproposal", str(proposal.pk), "api-evaluation-proposal"),
        ("evaluations.personnelproposal", str(proposal.pk), "evaluations:proposals"),
    ]


def test_the_api_creates_and_decides_through_the_services(w: SimpleNamespace, api: Any) -> None:
    body = {
        "position": w.oanh_position.pk,
        "kind": "replace",
        "reason": "Không hoàn thành nhiệm vụ",
        "grounds": [{"kind": "discipline", "ref_id": 3, "text": "Khiển trách 2023"}],
        "to_unit": w.second_office.pk,
        "to_title": "Chuyên viên",
        "move_on": "2031-01-01",
    }
    created = api(w.truong).post(reverse("api-evaluation-proposals"), body, format="json")
    assert created.status_code == 201, created.json()
    url = reverse("api-evaluation-proposal-decide", args=[created.json()["id"]])

    refused = api(w.cast.oanh).post(url, {"decision": "approve", "version": 1}, format="json")
    stale = api(w.cast.dung).post(url, {"decision": "approve", "version": 9}, format="json")
    done = api(w.cast.dung).post(url, {"decision": "approve", "version": 1}, format="json")
    again = api(w.cast.dung).post(url, {"decision": "reject", "version": 2}, format="json")

    assert (refused.status_code, stale.status_code, done.status_code, again.status_code) == (
        403,
        409,
        200,
        409,
    )
    assert done.json()["state"] == "carried_out"
    assert PersonnelProposal.objects.get().new_position is not None


def test_the_page_decides_for_the_competent_level(w: SimpleNamespace, api: Any) -> None:
    proposal = propose(w, kind="commend")
    url = reverse("evaluations:proposal-decide", args=[proposal.pk])
    page = api(w.cast.dung).get(reverse("evaluations:proposal", args=[proposal.pk])).content.decode()
    assert 'name="decision"' in page

    assert api(w.truong).post(url, {"decision": "approve", "version": 1}).status_code == 403
    response = api(w.cast.dung).post(url, {"decision": "approve", "version": 1, "note": "Khen"})

    assert response.status_code == 302
    assert PersonnelProposal.objects.get().state == "approved"
