"""Moving a person (``people.moves``, ADR 0055): the old position ends the day before, the new one
starts on the day, one audited act; only the level above the person's unit, over the new unit
too, or the people administrator may; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.organisations.models import OrgUnit
from mandate.organisations.tests.factories import UnitFactory
from mandate.people.models import Position
from mandate.people.moves import position_move
from tests.fingerprint import fingerprint

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 3, 1)


@pytest.fixture
def target(cast: SimpleNamespace) -> OrgUnit:
    return UnitFactory.create(parent=cast.culture, name="Phòng Kế hoạch Tài chính")


@pytest.mark.parametrize("who", ["dung", "ad", "oanh", "vera", "tin", "olga", "chanh", "van", "bao"])
def test_who_may_move_oanh_within_culture(cast: SimpleNamespace, target: OrgUnit, who: str) -> None:
    position = cast.oanh.person.positions.get()
    before = fingerprint()
    actor = getattr(cast, who)
    if who in {"dung", "ad"}:  # dung acts for culture, above her office; ad manages people
        moved = position_move(
            actor=actor, position=position, unit=target, title="Chuyên viên", on=ON, basis="QĐ 1"
        )
        position.refresh_from_db()
        assert (position.valid_to, moved.valid_from, moved.role) == (dt.date(2024, 2, 29), ON, "official")
        after = AuditEntry.objects.get(action="people.position_move").after
        assert after is not None
        assert after["basis"] == "QĐ 1" and after["new_position"] == moved.pk
    else:
        with pytest.raises(PermissionDeniedError):
            position_move(
                actor=actor, position=position, unit=target, title="Chuyên viên", on=ON, basis="QĐ 1"
            )
        assert fingerprint() == before


def test_a_move_outside_the_deciders_units_is_refused(cast: SimpleNamespace) -> None:
    with pytest.raises(PermissionDeniedError):
        position_move(
            actor=cast.dung,
            position=cast.oanh.person.positions.get(),
            unit=cast.info,
            title="X",
            on=ON,
            basis="Y",
        )


def test_a_move_says_its_basis_and_comes_after_the_start(cast: SimpleNamespace, target: OrgUnit) -> None:
    position = cast.oanh.person.positions.get()
    with pytest.raises(ApplicationError) as refused:
        position_move(actor=None, position=position, unit=target, title=" ", on=dt.date(2020, 1, 1), basis="")
    assert {"title", "basis", "on"} <= set(refused.value.fields)
    assert Position.objects.filter(person=cast.oanh.person).count() == 1
