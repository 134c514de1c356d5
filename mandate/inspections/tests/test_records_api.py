"""The API of bodies, plans and inspections over HTTP (docs/adr/0041): who sees what (foreign is
404, a person subject only under the person rule), what each role is offered in ``actions`` and
may do, and that a refused write changes nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.inspections.enums import InspectionState
from mandate.inspections.models import Inspection, InspectionPlan, InspectionSubject, TeamMember
from mandate.inspections.tests.records_cast import conclude_every_subject

pytestmark = pytest.mark.django_db
BASE = "/api/v1/inspections"
ALL = ["decide", "team_add", "team_remove", "subject_add", "subject_withdraw"]


def _actor(records: SimpleNamespace, who: str) -> Any:
    if who == "kiem":
        return records.commission.kiem
    return getattr(records, who, None) or getattr(records.cast, who)


def _url(records: SimpleNamespace, tail: str = "") -> str:
    return f"{BASE}/inspections/{records.inspection.pk}/{tail}"


# who: (sees the inspection, the subjects he sees, the actions he is offered)
SEES = {
    "kt": ("org", "person"),
    "ktlead": ("org", "person"),
    "kvp": ("org",),
    "chanh": ("org", "person"),
    "dung": ("org",),
    "vera": ("person",),
}
OFFERED = {"kt": ALL, "ktlead": ALL, "kvp": ALL, "chanh": ["decide"], "dung": [], "vera": []}
STRANGERS = ["kiem", "tin", "olga", "bao", "oanh", "ad"]


@pytest.mark.parametrize("who", sorted(SEES))
def test_each_reader_sees_the_inspection_the_subjects_he_may_and_his_actions(
    records: SimpleNamespace, api: Any, who: str
) -> None:
    response = api(_actor(records, who)).get(_url(records))
    assert response.status_code == 200, response.content
    body = response.json()
    kinds = {"organisation": "org", "member": "person"}
    assert tuple(sorted(kinds[s["kind"]] for s in body["subjects"])) == SEES[who]
    assert body["actions"] == OFFERED[who]
    assert [m["role"] for m in body["team"]] == ["leader"]
    listed = api(_actor(records, who)).get(f"{BASE}/inspections/").json()
    assert [row["id"] for row in listed["results"]] == [records.inspection.pk]


@pytest.mark.parametrize("who", STRANGERS)
def test_anyone_else_gets_404_and_an_empty_list(records: SimpleNamespace, api: Any, who: str) -> None:
    client = api(_actor(records, who))
    assert client.get(_url(records)).status_code == 404
    assert client.get(f"{BASE}/inspections/").json()["results"] == []
    response = client.post(_url(records, "moves/"), {"action": "decide", "version": 1}, format="json")
    assert response.status_code == 404
    assert Inspection.objects.get(pk=records.inspection.pk).state == InspectionState.PLANNED


def test_the_person_subject_is_named_to_no_one_the_rule_does_not_allow(
    records: SimpleNamespace, api: Any
) -> None:
    for who in ("kvp", "dung"):
        text = api(_actor(records, who)).get(_url(records)).content.decode()
        assert "Người Xem Vera" not in text


def test_a_body_writer_plans_and_the_plan_shows_its_progress(records: SimpleNamespace, api: Any) -> None:
    client = api(records.kvp)
    created = client.post(
        f"{BASE}/plans/", {"body": records.body.pk, "year": 2024, "title": "Kế hoạch 2024"}, format="json"
    )
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    assert created.json()["actions"] == ["line_add", "withdraw"]
    line = client.post(
        f"{BASE}/plans/{plan_id}/lines/",
        {
            "kind": "planned",
            "subject_matter": "Chỉ thị 24",
            "subject_units": [records.cast.info.pk],
            "month": 7,
        },
        format="json",
    )
    assert line.status_code == 201, line.content
    assert line.json()["progress"] == {"total": 1, "done": 0, "under_way": 0, "not_started": 1}
    assert line.json()["lines"][0]["progress"] == "not_started"
    assert [p["id"] for p in api(records.kt).get(f"{BASE}/plans/").json()["results"]] == [plan_id]
    assert api(records.cast.dung).get(f"{BASE}/plans/{plan_id}/").status_code == 404
    bad = client.post(f"{BASE}/plans/{plan_id}/lines/", {"kind": "planned", "month": 13}, format="json")
    assert bad.status_code == 400
    assert {"subject_matter", "month"} <= set(bad.json()["fields"])


def test_a_plan_by_someone_who_does_not_write_for_the_body_is_refused_and_nothing_is_made(
    records: SimpleNamespace, api: Any
) -> None:
    response = api(records.commission.kiem).post(
        f"{BASE}/plans/", {"body": records.body.pk, "year": 2024, "title": "Kế hoạch"}, format="json"
    )
    assert response.status_code == 403
    assert not InspectionPlan.objects.exists()


def test_create_an_inspection_form_its_team_and_subjects_and_decide_it(
    records: SimpleNamespace, api: Any
) -> None:
    client = api(records.kt)
    created = client.post(
        f"{BASE}/inspections/",
        {
            "body": records.body.pk,
            "kind": "surprise",
            "title": "Kiểm tra đột xuất",
            "subject_matter": "Giờ giấc",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    url = f"{BASE}/inspections/{created.json()['id']}/"
    assert created.json()["state"] == "planned"
    team = client.post(url + "team/", {"person": records.cast.tin.person.pk, "role": "leader"}, format="json")
    assert team.status_code == 201, team.content
    outside = client.post(url + "subjects/", {"unit": records.cast.outsider_state.pk}, format="json")
    assert outside.status_code == 400
    assert outside.json()["code"] == "outside_competence"
    subject = client.post(url + "subjects/", {"unit": records.cast.info.pk}, format="json")
    assert subject.status_code == 201, subject.content
    version = subject.json()["version"]
    decided = client.post(
        url + "moves/",
        {"action": "decide", "decision_number": "07-QĐ/UBKT", "on": "2024-07-19", "version": version},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["state"] == "decided"
    assert decided.json()["subjects"][0]["counted_on"] == "2024-07-19"
    stale = client.post(url + "moves/", {"action": "start", "version": version}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"


def test_a_move_the_state_refuses_is_409_with_the_reason(records: SimpleNamespace, api: Any) -> None:
    response = api(records.kt).post(
        _url(records, "moves/"), {"action": "conclude", "on": "2024-07-19", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert response.json()["message"]


def test_the_team_leader_moves_through_to_the_follow_up(records: SimpleNamespace, api: Any) -> None:
    client = api(records.cast.chanh)

    def move(action: str, **extra: Any) -> Any:
        version = Inspection.objects.get(pk=records.inspection.pk).version
        return client.post(
            _url(records, "moves/"), {"action": action, "version": version, **extra}, format="json"
        )

    assert move("decide", decision_number="05-QĐ/UBKT", on="2024-07-19").status_code == 200
    assert move("start", on="2024-07-19").status_code == 200
    conclude_every_subject(records.inspection, dt.date(2024, 7, 30))
    assert move("conclude", on="2024-07-30").status_code == 200
    done = move("follow_up_done", on="2024-10-30")
    assert done.status_code == 200
    assert [e["to_state"] for e in done.json()["events"]][-1] == "follow_up_done"
    assert done.json()["actions"] == []


@pytest.mark.parametrize("who", ["chanh", "dung", "vera"])
def test_readers_who_are_not_the_body_may_not_change_team_or_subjects(
    records: SimpleNamespace, api: Any, who: str
) -> None:
    client = api(_actor(records, who))
    before = (TeamMember.objects.count(), InspectionSubject.objects.filter(withdrawn_at__isnull=True).count())
    assert (
        client.post(_url(records, "subjects/"), {"unit": records.cast.info.pk}, format="json").status_code
        == 403
    )
    team = client.post(
        _url(records, "team/"), {"person": records.cast.van.person.pk, "role": "member"}, format="json"
    )
    assert team.status_code == 403
    leave = client.post(_url(records, f"team/{records.leader.pk}/leave/"), {}, format="json")
    assert leave.status_code == 403
    withdraw = client.post(
        _url(records, f"subjects/{records.org_subject.pk}/withdraw/"), {"reason": "x"}, format="json"
    )
    assert withdraw.status_code == (404 if who == "vera" else 403)  # vera does not see the unit's subject
    after = (TeamMember.objects.count(), InspectionSubject.objects.filter(withdrawn_at__isnull=True).count())
    assert after == before
    assert TeamMember.objects.get(pk=records.leader.pk).left_on is None


def test_a_subject_the_reader_may_not_see_cannot_be_withdrawn_by_him(
    records: SimpleNamespace, api: Any
) -> None:
    response = api(records.kvp).post(
        _url(records, f"subjects/{records.person_subject.pk}/withdraw/"), {"reason": "x"}, format="json"
    )
    assert response.status_code == 404


def test_the_bodies_are_listed_to_every_signed_in_user(records: SimpleNamespace, api: Any) -> None:
    rows = api(records.cast.olga).get(f"{BASE}/bodies/").json()["results"]
    assert [(r["id"], r["kind"]) for r in rows] == [(records.body.pk, "inspection_commission")]
    assert api(None).get(f"{BASE}/bodies/").status_code in (401, 403)


def test_the_list_filters(records: SimpleNamespace, api: Any) -> None:
    client = api(records.kt)
    assert client.get(f"{BASE}/inspections/?state=decided").json()["results"] == []
    assert (
        len(client.get(f"{BASE}/inspections/?kind=upon_signs&body={records.body.pk}").json()["results"]) == 1
    )
    assert client.get(f"{BASE}/inspections/?state=nonsense").status_code == 400


def test_the_lists_run_a_fixed_number_of_queries(records: SimpleNamespace, api: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mandate.inspections import services

    def queries(url: str) -> tuple[int, int]:
        client = api(records.kt)
        client.get(url)  # the scope's own queries are cached after the first request
        with CaptureQueriesContext(connection) as captured:
            rows = client.get(url, {"page_size": 200}).json()["results"]
        return len(captured), len(rows)

    def add(number: int) -> None:
        for n in range(number):
            services.plan_create(actor=None, body=records.body, year=2024, title=f"Kế hoạch {n}")
            services.inspection_create(
                actor=None, body=records.body, kind="surprise", title=f"Kiểm tra {n}", subject_matter="S"
            )

    add(1)
    few = {url: queries(url) for url in (f"{BASE}/inspections/", f"{BASE}/plans/")}
    add(4)
    many = {url: queries(url) for url in few}
    for url in few:
        assert many[url][1] > few[url][1]
        assert many[url][0] == few[url][0], url


def test_the_detail_nests_the_recommendations_for_the_subjects_readers(
    records: SimpleNamespace, api: Any
) -> None:
    from mandate.inspections import services

    inspection = services.inspection_decide(
        actor=None, inspection=records.inspection, decision_number="05-QĐ/UBKT",
        decided_on=dt.date(2024, 7, 19), expected_version=records.inspection.version,
    )  # fmt: skip
    services.recommendation_add(
        actor=None,
        inspection=inspection,
        text="Tăng cường tuyên truyền",
        lead_unit=records.cast.culture,
    )
    rows = api(records.kt).get(_url(records)).json()["recommendations"]
    assert [(r["order"], r["text"], r["task"]) for r in rows] == [(1, "Tăng cường tuyên truyền", None)]
    assert (
        api(records.cast.dung).get(_url(records)).json()["recommendations"][0]["lead_unit"]
        == records.cast.culture.pk
    )
    services.recommendation_add(
        actor=None,
        inspection=inspection,
        text="Kiểm điểm đảng viên",
        lead_unit=records.cast.culture,
        subject=records.person_subject,
    )
    # The office reads the page, so the recommendations its page's rule shows (ADR 0047): the
    # general one, not the one about a person; the inspector reads both.
    office = api(records.kvp).get(_url(records)).json()["recommendations"]
    assert [r["order"] for r in office] == [1]
    assert [r["order"] for r in api(records.kt).get(_url(records)).json()["recommendations"]] == [1, 2]
