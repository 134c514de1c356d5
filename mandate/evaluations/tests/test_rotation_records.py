"""The rotation of sensitive positions (issue 14, item 5): the list as each reader sees it, the
exemptions and deferrals, the plan whose moves become position changes, and every write refused
to whoever may not make it, leaving the database as it was."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from mandate.core.exceptions import ApplicationError, InvalidStateError, PermissionDeniedError
from mandate.core.models import AccessLogEntry, AuditEntry
from mandate.evaluations import selectors_rotation as selectors
from mandate.evaluations.models import RotationDeferral, SensitivePost
from mandate.evaluations.services import rotation as services
from mandate.evaluations.tests import rotation_cast
from mandate.evaluations.tests.rotation_cast import ON
from mandate.people.models import Position
from tests.fingerprint import fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(cast: SimpleNamespace) -> SimpleNamespace:
    return rotation_cast.build(cast)


def names(rows: list[selectors.RotationRow]) -> list[str]:
    return [row.person.full_name for row in rows]


def test_the_example_sectors_say_they_are_an_example(w: SimpleNamespace) -> None:
    sectors = selectors.sector_list()
    assert len(sectors) == 5
    assert all(s.is_example and "Ví dụ" in s.source for s in sectors)
    assert all(24 <= s.period_months <= 60 for s in sectors)


def test_a_leader_sees_his_units_holders_with_time_in_post_and_due_date(w: SimpleNamespace) -> None:
    rows = selectors.rotation_rows(actor=w.cast.dung, on=ON)

    assert names(rows) == ["Chuyên Viên Oanh", "Kế Toán Khoa"]
    oanh, khoa = rows
    assert (oanh.since, oanh.months_held, oanh.due_on, oanh.status) == (
        dt.date(2020, 1, 1), 44, dt.date(2023, 1, 1), "due",
    )  # fmt: skip
    assert (khoa.since, khoa.months_held, khoa.due_on, khoa.status) == (
        dt.date(2021, 6, 15), 27, dt.date(2024, 6, 15), "deferred",
    )  # fmt: skip
    assert khoa.deferral == w.deferral


def test_due_within_keeps_those_due_by_then(w: SimpleNamespace) -> None:
    assert names(selectors.rotation_rows(actor=w.cast.dung, on=ON, within_months=6)) == ["Chuyên Viên Oanh"]
    assert len(selectors.rotation_rows(actor=w.cast.dung, on=ON, within_months=9)) == 2


def test_history_is_read_as_of_the_day_asked(w: SimpleNamespace) -> None:
    rows = selectors.rotation_rows(actor=w.cast.dung, on=dt.date(2021, 1, 1))
    assert names(rows) == ["Chuyên Viên Oanh"]  # Khoa started later; his deferral later still
    assert rows[0].months_held == 12


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("dung", ["Chuyên Viên Oanh", "Kế Toán Khoa"]),
        ("truong", ["Chuyên Viên Oanh", "Kế Toán Khoa"]),
        ("oanh", ["Chuyên Viên Oanh"]),
        ("vera", []),
        ("tin", []),
        ("olga", []),
        ("van", []),
        ("ad", []),  # the system administrator reads nobody's evaluation
    ],
)
def test_each_reader_sees_his_own_or_his_units_people_only(
    w: SimpleNamespace, who: str, seen: list[str]
) -> None:
    actor = w.truong if who == "truong" else getattr(w.cast, who)
    assert names(selectors.rotation_rows(actor=actor, on=ON)) == seen


def test_reads_of_other_peoples_rows_are_logged_and_ones_own_are_not(w: SimpleNamespace, api: Any) -> None:
    api(w.cast.oanh).get(reverse("api-evaluation-rotation"), {"on": "2023-09-15"})
    assert not AccessLogEntry.objects.exists()

    response = api(w.cast.dung).get(reverse("api-evaluation-rotation"), {"on": "2023-09-15", "within": 12})

    assert response.status_code == 200
    assert [r["person_name"] for r in response.json()["results"]] == ["Chuyên Viên Oanh", "Kế Toán Khoa"]
    assert response.json()["results"][1]["deferral_reason"] == "child"
    assert response.json()["results"][0]["sector_is_example"] is True
    logged = set(AccessLogEntry.objects.values_list("record_id", flat=True))
    assert logged == {str(w.cast.oanh.person.pk), str(w.khoa.pk)}


def test_the_page_lists_the_rows_and_says_the_sectors_are_an_example(w: SimpleNamespace, api: Any) -> None:
    response = api(w.cast.dung).get(reverse("evaluations:rotation"), {"within": 60})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="example-notice"' in body
    assert "Chuyên Viên Oanh" in body and "Kế Toán Khoa" in body
    assert api(w.cast.olga).get(reverse("evaluations:rotation")).content.decode().count("rotation-row") == 0


def test_a_retirement_exempts_only_within_18_months(w: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.deferral_record(
            actor=w.cast.dung, post=w.post, person=w.khoa, reason="retirement",
            starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2024, 7, 1),
        )  # fmt: skip
    assert "ends_on" in refused.value.fields
    exemption = services.deferral_record(
        actor=w.cast.dung, post=w.post, person=w.cast.oanh.person, reason="retirement",
        starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2024, 6, 30),
    )  # fmt: skip
    assert exemption.is_exemption
    assert selectors.rotation_rows(actor=w.cast.dung, on=ON)[0].status == "exempt"


def test_a_deferral_says_what_it_rests_on(w: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.deferral_record(
            actor=w.cast.dung, post=w.post, person=w.cast.oanh.person, reason="illness",
            starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2023, 12, 31),
        )  # fmt: skip
    assert "note" in refused.value.fields


def test_a_period_outside_two_to_five_years_is_refused(w: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError) as refused:
        services.post_flag(
            actor=None, unit=w.second_office, title="Kế toán", sector=w.sector, on=ON, period_months=61
        )
    assert "period_months" in refused.value.fields


WRITES = {
    "post_flag": lambda w, actor: services.post_flag(
        actor=actor, unit=w.second_office, title="Kế toán", sector=w.sector, on=ON
    ),
    "deferral_record": lambda w, actor: services.deferral_record(
        actor=actor,
        post=w.post,
        person=w.cast.oanh.person,
        reason="training",
        starts_on=ON,
        ends_on=dt.date(2024, 9, 15),
        note="Quyết định cử đi học (thử)",
    ),
    "plan_create": lambda w, actor: services.plan_create(
        actor=actor, unit=w.cast.culture, year=2023, title="Kế hoạch chuyển đổi vị trí công tác 2023"
    ),
}
ALLOWED = {"dung", "truong_post"}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("who", ["dung", "truong", "oanh", "vera", "tin", "olga", "van", "chanh", "ad"])
def test_every_write_as_every_role_and_refusals_change_nothing(
    w: SimpleNamespace, write: str, who: str
) -> None:
    actor = w.truong if who == "truong" else getattr(w.cast, who)
    # dung leads culture; truong leads the office the post and the deferral are in (the plan is
    # culture's, above him).
    allowed = who == "dung" or (who == "truong" and write == "deferral_record")
    before = fingerprint()
    if allowed:
        WRITES[write](w, actor)
        assert AuditEntry.objects.filter(action__startswith="evaluations.rotation_").count() >= 3
    else:
        with pytest.raises(PermissionDeniedError):
            WRITES[write](w, actor)
        assert fingerprint() == before


def test_a_plan_published_is_carried_out_as_position_changes(w: SimpleNamespace) -> None:
    plan = services.plan_create(actor=w.cast.dung, unit=w.cast.culture, year=2023, title="Kế hoạch 2023")
    move = services.plan_move_add(
        actor=w.cast.dung, plan=plan, position=w.oanh_position, to_unit=w.second_office,
        to_title="Chuyên viên", move_on=dt.date(2023, 10, 1),
    )  # fmt: skip
    with pytest.raises(InvalidStateError):
        services.move_carry_out(actor=w.cast.dung, move=move)
    services.plan_publish(actor=w.cast.dung, plan=plan, on=ON)
    with pytest.raises(InvalidStateError):
        services.plan_move_add(
            actor=w.cast.dung, plan=plan, position=w.khoa_position, to_unit=w.second_office,
            to_title="Chuyên viên", move_on=dt.date(2023, 10, 1),
        )  # fmt: skip

    done = services.move_carry_out(actor=w.cast.dung, move=move)

    history = list(Position.objects.filter(person=w.cast.oanh.person).order_by("valid_from"))
    assert [(p.unit_id, p.valid_from, p.valid_to) for p in history] == [
        (w.cast.culture_office.pk, dt.date(2020, 1, 1), dt.date(2023, 9, 30)),
        (w.second_office.pk, dt.date(2023, 10, 1), None),
    ]
    assert done.new_position == history[1]
    assert AuditEntry.objects.filter(action="people.position_move").count() == 1
    # Before the move she is still due; after it she holds no sensitive post.
    assert names(selectors.rotation_rows(actor=w.cast.dung, on=dt.date(2023, 9, 30)))[0] == "Chuyên Viên Oanh"
    assert names(selectors.rotation_rows(actor=w.cast.dung, on=dt.date(2023, 10, 1))) == ["Kế Toán Khoa"]
    with pytest.raises(InvalidStateError):
        services.move_carry_out(actor=w.cast.dung, move=done)


def test_the_head_of_the_office_carries_out_no_move_of_his_own_office(w: SimpleNamespace) -> None:
    plan = services.plan_create(actor=None, unit=w.cast.culture, year=2023, title="Kế hoạch 2023")
    move = services.plan_move_add(
        actor=None, plan=plan, position=w.oanh_position, to_unit=w.second_office, to_title="Chuyên viên",
        move_on=dt.date(2023, 10, 1),
    )  # fmt: skip
    services.plan_publish(actor=None, plan=plan, on=ON)
    before = fingerprint()
    with pytest.raises(PermissionDeniedError):
        services.move_carry_out(actor=w.truong, move=move)
    assert fingerprint() == before


def test_nothing_is_deleted(w: SimpleNamespace) -> None:
    assert SensitivePost.objects.count() == 1 and RotationDeferral.objects.count() == 1
