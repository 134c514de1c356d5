import datetime as dt

from mandate.people import services
from mandate.people.scopes import read_scope, write_scope


def test_scope_is_the_union_of_current_positions_subtrees(cast):
    scope = read_scope(cast.dung)

    assert scope.covers(cast.culture_party.path)
    assert scope.covers(cast.culture_office.path)
    assert not scope.covers(cast.info.path)
    assert not scope.covers(cast.city.path)


def test_scope_unit_widens_a_position(cast):
    assert read_scope(cast.van).covers(cast.district_state.path)
    assert not read_scope(cast.van).covers(cast.outsider_state.path)


def test_a_viewer_reads_but_does_not_write(cast):
    assert read_scope(cast.vera).covers(cast.culture.path)
    assert not write_scope(cast.vera).covers(cast.culture.path)
    assert write_scope(cast.dung).covers(cast.culture.path)


def test_ended_positions_give_no_scope(cast):
    position = cast.bao.person.positions.get()
    services.position_end(actor=cast.ad, position=position, last_day=dt.date(2021, 1, 1))

    cast.bao.refresh_from_db()
    assert read_scope(cast.bao).is_empty


def test_outsider_sees_nothing_of_ours(cast):
    scope = read_scope(cast.olga)
    for unit in (cast.city, cast.culture, cast.district_state, cast.city_party):
        assert not scope.covers(unit.path)


def test_signing_prefixes(cast):
    from mandate.people.models import Position

    head = Position.objects.get(person__user=cast.dung)
    acting_person = services.person_create(actor=cast.ad, full_name="Quyền Giám đốc")
    acting = services.position_assign(
        actor=cast.ad,
        person=acting_person,
        unit=cast.info,
        title="Quyền Giám đốc",
        role="leader",
        kind="acting",
        is_head=True,
        valid_from=dt.date(2024, 1, 1),
    )
    delegated = services.position_assign(
        actor=cast.ad,
        person=acting_person,
        unit=cast.culture,
        title="Chánh Văn phòng Sở",
        role="specialist",
        kind="delegated",
        on_behalf_of=head,
        valid_from=dt.date(2024, 1, 1),
    )
    deputy = services.position_assign(
        actor=cast.ad,
        person=acting_person,
        unit=cast.culture,
        title="Phó Giám đốc",
        role="leader",
        is_deputy=True,
        valid_from=dt.date(2024, 1, 1),
    )

    assert (head.signing_prefix, acting.signing_prefix, delegated.signing_prefix, deputy.signing_prefix) == (
        "",
        "Q. ",
        "TUQ. ",
        "KT. ",
    )
