import datetime as dt

import pytest

from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.organisations import selectors, services
from mandate.organisations.models import OrgUnit

MERGE_DAY = dt.date(2025, 7, 1)


def _merge_district(cast):
    """The district's People's Committee and area merge into one new commune under the city."""
    new_state = services.unit_create(
        actor=cast.ad, parent=cast.city, name="Xã Mới", kind="area", level="commune", valid_from=MERGE_DAY
    )
    successor = services.unit_merge(
        actor=cast.ad,
        sources=[cast.district_state],
        parent=new_state,
        name="Ủy ban nhân dân xã Mới",
        kind="state",
        level="commune",
        effective_on=MERGE_DAY,
        reason="Sắp xếp đơn vị hành chính",
    )
    services.unit_retire(
        actor=cast.ad,
        unit=cast.district,
        last_day=MERGE_DAY - dt.timedelta(days=1),
        reason="Kết thúc cấp huyện",
        successors=[new_state],
    )
    return new_state, successor


def test_tree_on_a_date_shows_the_units_valid_then(cast):
    new_area, _successor = _merge_district(cast)

    before = selectors.unit_list(on=dt.date(2023, 12, 31), parent=cast.city, level="district")
    after = selectors.unit_list(on=dt.date(2026, 1, 1), parent=cast.city, level="district")

    assert [u.pk for u in before] == [cast.district.pk]
    assert list(after) == []
    assert new_area in selectors.unit_list(on=dt.date(2026, 1, 1), parent=cast.city)


def test_merge_retires_sources_and_links_the_successor(cast):
    _new_area, successor = _merge_district(cast)

    cast.district_state.refresh_from_db()
    came_from, _went_to = selectors.lineage_links(unit=successor)
    assert cast.district_state.valid_to == dt.date(2025, 6, 30)
    assert [link.predecessor_id for link in came_from] == [cast.district_state.pk]
    assert AuditEntry.objects.filter(action="organisations.lineage").count() == 2


def test_successor_scope_includes_predecessor_subtree(cast):
    _new_area, successor = _merge_district(cast)

    prefixes = selectors.prefixes_with_predecessors([successor.path])

    assert cast.district_state.path in prefixes
    assert successor.path in prefixes


def test_a_unit_with_living_children_cannot_be_retired(cast):
    with pytest.raises(ApplicationError) as err:
        services.unit_retire(actor=cast.ad, unit=cast.culture, last_day=dt.date(2024, 1, 1), reason="Thử")
    assert err.value.code == "unit_has_living_units"

    cast.culture.refresh_from_db()
    assert cast.culture.valid_to is None


def test_only_an_administrator_changes_the_tree(cast):
    with pytest.raises(PermissionDeniedError):
        services.unit_create(
            actor=cast.van,
            parent=cast.city,
            name="Ban mới",
            kind="party",
            level="committee",
            valid_from=dt.date(2024, 1, 1),
        )
    assert not OrgUnit.objects.filter(name="Ban mới").exists()


def test_a_child_cannot_start_before_or_after_its_parent_lives(cast):
    services.unit_retire(actor=cast.ad, unit=cast.district_state, last_day=dt.date(2024, 1, 1), reason="Thử")

    with pytest.raises(ApplicationError) as err:
        services.unit_create(
            actor=cast.ad,
            parent=cast.district_state,
            name="Phòng",
            kind="state",
            level="office",
            valid_from=dt.date(2024, 6, 1),
        )
    assert err.value.code == "parent_not_valid"


def test_correction_needs_the_current_version(cast):
    from mandate.core.exceptions import ConflictError, VersionRequiredError

    with pytest.raises(VersionRequiredError):
        services.unit_correct(actor=cast.ad, unit=cast.culture, expected_version=None, name_en="Culture")
    services.unit_correct(actor=cast.ad, unit=cast.culture, expected_version=1, name_en="Culture Dept")
    with pytest.raises(ConflictError) as err:
        services.unit_correct(actor=cast.ad, unit=cast.culture, expected_version=1, name_en="Stale")

    assert err.value.current_version == 2
    assert err.value.changed_by == "ad"
    cast.culture.refresh_from_db()
    assert cast.culture.name_en == "Culture Dept"


def test_party_term_found_from_a_body_of_the_committee(cast):
    services.party_term_record(
        actor=cast.ad,
        unit=cast.city_party,
        name="Khóa XVII",
        starts_on=dt.date(2020, 10, 17),
        ends_on=dt.date(2025, 10, 15),
    )

    term = selectors.party_term_for(unit=cast.standing, day=dt.date(2023, 8, 7))

    assert term is not None
    assert term.name == "Khóa XVII"
    assert selectors.party_term_for(unit=cast.standing, day=dt.date(2026, 1, 1)) is None


def test_entries_carry_before_and_after(cast):
    services.unit_correct(actor=cast.ad, unit=cast.info, expected_version=1, name_en="Information Dept")

    entry = AuditEntry.objects.filter(action="organisations.correct").get()
    assert entry.actor_label == "ad"
    assert entry.before == {"name_en": "Sở Thông tin và Truyền thông"}
    assert entry.after == {"name_en": "Information Dept"}


def test_merge_into_an_existing_successor(cast):
    new_area = services.unit_create(
        actor=cast.ad, parent=cast.city, name="Xã Mới", kind="area", level="commune", valid_from=MERGE_DAY
    )
    services.unit_merge(
        actor=cast.ad,
        sources=[cast.district_state],
        parent=new_area,
        name="UBND xã Mới",
        kind="state",
        level="commune",
        effective_on=MERGE_DAY,
        reason="Sắp xếp",
    )

    services.unit_merge_into(actor=cast.ad, sources=[cast.district], successor=new_area, reason="Sắp xếp")

    cast.district.refresh_from_db()
    came_from, _ = selectors.lineage_links(unit=new_area)
    assert cast.district.valid_to == dt.date(2025, 6, 30)
    assert [(link.predecessor_id, link.kind) for link in came_from] == [(cast.district.pk, "merge")]


ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def test_a_subtree_range_is_exactly_the_paths_that_start_with_it():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    paths = st.lists(st.text(alphabet=ALPHABET, min_size=4, max_size=4), min_size=1, max_size=4).map("".join)

    @settings(max_examples=300, deadline=None)
    @given(root=paths, other=paths)
    def check(root, other):
        upper = selectors.path_upper_bound(root)
        assert (root <= other < upper) == other.startswith(root)

    check()
