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


# --- the scope cache shared by the requests of a process (core.generations) ------------------


def _fresh(user):
    """The account as the next request loads it: nothing cached on the object itself."""
    return type(user).objects.get(pk=user.pk)


def test_a_later_request_reads_the_scope_from_the_shared_cache(cast, django_assert_num_queries):
    read_scope(_fresh(cast.dung))
    later = _fresh(cast.dung)

    with django_assert_num_queries(1):  # the generation token only
        scope = read_scope(later)
    assert scope.covers(cast.culture_office.path)


def test_an_ended_position_is_seen_by_the_next_request(cast):
    assert read_scope(_fresh(cast.bao)).covers(cast.district_state.path)
    position = cast.bao.person.positions.get()

    services.position_end(actor=cast.ad, position=position, last_day=dt.date(2021, 1, 1))

    assert read_scope(_fresh(cast.bao)).is_empty


def test_a_new_position_is_seen_by_the_next_request(cast):
    assert not read_scope(_fresh(cast.tin)).covers(cast.district.path)

    services.position_assign(
        actor=cast.ad, person=cast.tin.person, unit=cast.district_state, title="Phó Chủ tịch",
        role="leader", valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip

    assert read_scope(_fresh(cast.tin)).covers(cast.district_state.path)


def test_a_merge_widens_the_successors_scope_for_the_next_request(cast):
    from mandate.organisations import services as org_services
    from mandate.organisations.tests.factories import UnitFactory
    from mandate.people.tests.factories import AccountFactory

    successor = UnitFactory.create(
        parent=cast.city_state, name="Sở Văn hóa, Thể thao và Du lịch", valid_from=dt.date(2025, 7, 1)
    )
    director = AccountFactory.create(
        username="giamdoc", position={
            "unit": successor, "title": "Giám đốc", "role": "leader", "valid_from": dt.date(2025, 7, 1),
        },
    )  # fmt: skip
    assert not read_scope(_fresh(director)).covers(cast.info.path)

    org_services.unit_merge_into(actor=cast.ad, sources=[cast.info], successor=successor, reason="Hợp nhất")

    assert read_scope(_fresh(director)).covers(cast.info.path)


def test_a_rolled_back_change_leaves_no_entry_behind(cast):
    from django.db import transaction

    assert not read_scope(_fresh(cast.tin)).covers(cast.district.path)
    try:
        with transaction.atomic():
            services.position_assign(
                actor=cast.ad, person=cast.tin.person, unit=cast.district_state, title="Phó Chủ tịch",
                role="leader", valid_from=dt.date(2020, 1, 1),
            )  # fmt: skip
            assert read_scope(_fresh(cast.tin)).covers(cast.district_state.path)  # cached, new token
            raise RuntimeError("roll back")
    except RuntimeError:
        pass

    assert not read_scope(_fresh(cast.tin)).covers(cast.district_state.path)
