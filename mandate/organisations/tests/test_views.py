"""The organisation tree on a date and the unit page with its lineage, through HTTP."""

import datetime as dt

import pytest

from mandate.organisations import services
from mandate.organisations.enums import UnitKind, UnitLevel

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def reform(cast):
    """The district ends on 30/06/2025, as the demo's 30 districts do: its People's Committee
    merges into the new commune's, and the district into the commune."""
    commune = services.unit_create(
        actor=None, parent=cast.city, name="Xã Mẫu Mới", kind="area", level="commune", valid_from=REFORM
    )
    services.unit_merge(
        actor=None, sources=[cast.district_state], parent=commune, name="Ủy ban nhân dân xã Mẫu Mới",
        kind="state", level="commune", effective_on=REFORM, reason="Sắp xếp đơn vị hành chính",
    )  # fmt: skip
    services.unit_merge_into(
        actor=None, sources=[cast.district], successor=commune, reason="Sắp xếp đơn vị hành chính"
    )
    return commune


def _get(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status
    return response


def _names(nodes):
    for node in nodes:
        yield node.unit.name
        yield from _names(node.children)


def _children_of(nodes, name):
    for node in nodes:
        if node.unit.name == name:
            return [child.unit.name for child in node.children]
        found = _children_of(node.children, name)
        if found is not None:
            return found
    return None


def test_a_signed_out_visitor_is_sent_to_sign_in(client, cast):
    for url in ("/organisations/", f"/organisations/{cast.culture.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("who", ["olga", "oanh", "ad"])
def test_the_tree_is_open_to_every_signed_in_user(client, cast, who):
    response = _get(client, getattr(cast, who), "/organisations/?on=2024-01-01")
    body = response.content.decode()

    assert _children_of(response.context["nodes"], "Thành phố Mẫu") == [
        "Thành ủy Mẫu",
        "Ủy ban nhân dân thành phố Mẫu",
        "Huyện Mẫu",
    ]
    assert "Tỉnh Khác" in body
    assert f'href="/organisations/{cast.city.pk}/?on=2024-01-01"' in body
    assert 'type="date"' in body and 'value="2024-01-01"' in body
    assert "01/01/2024" in body


def test_the_tree_labels_each_unit_with_its_kind_and_level(client, cast):
    body = _get(client, cast.dung, "/organisations/").content.decode()
    for label in (*UnitKind.labels, UnitLevel.DEPARTMENT.label, UnitLevel.DISTRICT.label):
        if label != UnitKind.FRONT.label and label != UnitKind.MASS.label:
            assert f">{label}</span>" in body, label
    assert body.count('<ul class="org-tree') >= 3  # nested lists give the depth


def test_districts_exist_before_the_reform_and_none_after(client, cast, reform):
    before = _get(client, cast.van, "/organisations/?on=2023-12-31").context["nodes"]
    after = _get(client, cast.van, "/organisations/?on=2026-01-01").context["nodes"]

    assert "Huyện Mẫu" in _children_of(before, "Thành phố Mẫu")
    assert "Xã Mẫu Mới" not in list(_names(before))
    assert "Huyện Mẫu" not in list(_names(after))
    assert "Ủy ban nhân dân huyện Mẫu" not in list(_names(after))
    assert _children_of(after, "Xã Mẫu Mới") == ["Ủy ban nhân dân xã Mẫu Mới"]


def test_the_tree_is_shown_from_a_chosen_root(client, cast):
    response = _get(client, cast.dung, f"/organisations/?on=2024-01-01&root={cast.culture.pk}")
    names = list(_names(response.context["nodes"]))

    assert names == ["Sở Văn hóa và Thể thao", "Phòng Quản lý Văn hóa", "Đảng ủy Sở Văn hóa và Thể thao"]
    assert [a.name for a in response.context["ancestors"]] == [
        "Thành phố Mẫu",
        "Ủy ban nhân dân thành phố Mẫu",
    ]


def test_deeper_units_are_one_click_away(client, cast):
    body = _get(client, cast.dung, "/organisations/?on=2024-01-01").content.decode()
    # city (1) > city_state (2) > culture (3) is the last level shown; its offices are behind a link
    assert "Phòng Quản lý Văn hóa" not in body
    assert f"/organisations/?on=2024-01-01&amp;root={cast.culture.pk}" in body


@pytest.mark.parametrize("root", ["999999", "abc", "-1"])
def test_an_unknown_root_is_404(client, cast, root):
    _get(client, cast.dung, f"/organisations/?root={root}", status=404)


def test_a_root_that_does_not_exist_on_the_date_says_so(client, cast, reform):
    response = _get(client, cast.van, f"/organisations/?on=2026-01-01&root={cast.district.pk}")
    assert response.context["nodes"] == []
    assert "Huyện Mẫu" in response.content.decode()


@pytest.mark.parametrize("raw", ["31/12/2023", "2023-13-01", "hôm qua", "2023-02-30", "20231231"])
def test_a_bad_date_is_a_clear_message_not_an_error(client, cast, raw):
    response = _get(client, cast.dung, f"/organisations/?on={raw}")
    body = response.content.decode()

    assert "Ghi ngày theo dạng YYYY-MM-DD, ví dụ 2023-12-31." in body
    assert 'aria-invalid="true"' in body
    assert "nodes" not in response.context


def test_the_unit_page_shows_children_on_the_date_and_the_lineage(client, cast, reform):
    district = _get(client, cast.olga, f"/organisations/{cast.district.pk}/?on=2024-01-01")
    body = district.content.decode()

    assert [c.name for c in district.context["children"]] == ["Ủy ban nhân dân huyện Mẫu"]
    assert "30/06/2025" in body  # its last day
    assert [s["unit"].pk for s in district.context["successors"]] == [reform.pk]
    assert f'href="/organisations/{reform.pk}/?on=2025-07-01"' in body
    assert "01/07/2025" in body

    commune = _get(client, cast.olga, f"/organisations/{reform.pk}/?on=2026-01-01")
    assert [p["unit"].pk for p in commune.context["predecessors"]] == [cast.district.pk]
    assert f'href="/organisations/{cast.district.pk}/?on=2025-06-30"' in commune.content.decode()


def test_the_unit_page_on_a_date_it_does_not_exist(client, cast, reform):
    response = _get(client, cast.dung, f"/organisations/{cast.district.pk}/?on=2026-01-01")
    assert response.context["valid"] is False
    assert response.context["children"] == []


def test_the_unit_page_with_a_bad_date_still_shows_the_unit(client, cast):
    response = _get(client, cast.dung, f"/organisations/{cast.culture.pk}/?on=2024-99-01")
    body = response.content.decode()
    assert "Sở Văn hóa và Thể thao" in body
    assert "Ghi ngày theo dạng YYYY-MM-DD, ví dụ 2023-12-31." in body


def test_an_unknown_unit_is_404(client, cast):
    _get(client, cast.dung, "/organisations/999999/", status=404)
