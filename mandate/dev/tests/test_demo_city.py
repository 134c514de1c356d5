"""The demo city loads through the services and holds what issue 2 asks of part 1.

The city is loaded once for the module (about 1.5 s with the test password hasher) inside an
outer transaction that is rolled back at the end; every test runs in its own savepoint inside it,
so what a test writes (a sign-in's last_login) does not leak into the next one.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connections, transaction
from django.test import RequestFactory

from mandate.core import audit
from mandate.core.models import AuditEntry
from mandate.dev.demo_city import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoCity, demo_loaded, load_demo_city
from mandate.dev.management.commands import serve
from mandate.documents.models import Document, DocumentRelation
from mandate.documents.selectors import document_list_visible
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import lineage_links, party_term_for, unit_list
from mandate.people.models import Position, User
from mandate.people.scopes import read_scope

IN_2023 = dt.date(2023, 12, 31)
IN_2026 = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoCity]:
    with django_db_blocker.unblock(), transaction.atomic():
        city = load_demo_city()
        yield city
        transaction.set_rollback(True)


def _unit(demo: DemoCity, key: str) -> OrgUnit:
    unit: OrgUnit = OrgUnit.objects.get(pk=demo.units[key])
    return unit


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _visible_symbols(username: str) -> set[str]:
    return set(document_list_visible(actor=_user(username)).values_list("symbol", flat=True))


@pytest.mark.django_db
def test_the_tree_of_2023_has_30_districts_under_the_city(demo: DemoCity) -> None:
    root = _unit(demo, "ha_noi")
    districts = unit_list(on=IN_2023, parent=root, level="district")
    assert districts.count() == 30
    assert set(districts.values_list("kind", flat=True)) == {"area"}
    assert unit_list(on=IN_2023, parent=root, level="department").count() == 0  # departments sit under UBND
    assert unit_list(on=IN_2023, parent=_unit(demo, "ubnd_ha_noi"), level="department").count() == 22


@pytest.mark.django_db
def test_the_tree_of_2026_has_no_district_level_left(demo: DemoCity) -> None:
    root = _unit(demo, "ha_noi")
    assert unit_list(on=IN_2026, parent=root, level="district").count() == 0
    assert unit_list(on=IN_2026, within=root, level="district").count() == 0
    communes = set(unit_list(on=IN_2026, parent=root, level="commune").values_list("name", flat=True))
    assert communes == {"Xã Quảng Oai", "Xã Yên Bài"}
    # The city's own bodies and departments are untouched by the reform.
    assert _unit(demo, "so_van_hoa_the_thao").is_valid_on(IN_2026)


@pytest.mark.django_db
def test_ba_vi_successors_exist_with_their_lineage(demo: DemoCity) -> None:
    commune, committee = _unit(demo, "xa_quang_oai"), _unit(demo, "ubnd_xa_quang_oai")
    assert commune.is_valid_on(IN_2026) and committee.is_valid_on(IN_2026)
    assert not commune.is_valid_on(dt.date(2025, 6, 30))
    assert committee.parent_path == commune.path

    came_from_commune, _continued = lineage_links(unit=commune)
    assert "Huyện Ba Vì" in {link.predecessor.name for link in came_from_commune}
    came_from_committee, _continued = lineage_links(unit=committee)
    assert {link.predecessor.pk for link in came_from_committee} >= {demo.units["ubnd_ba_vi"]}
    assert {link.effective_on for link in came_from_committee} == {dt.date(2025, 7, 1)}

    ba_vi = _unit(demo, "huyen_ba_vi")
    assert ba_vi.valid_to == dt.date(2025, 6, 30)
    _came_from, continued = lineage_links(unit=ba_vi)
    assert {link.successor.name for link in continued} == {"Xã Quảng Oai", "Xã Yên Bài"}


@pytest.mark.django_db
def test_every_unit_below_a_district_ended_on_30_june_2025(demo: DemoCity) -> None:
    root = _unit(demo, "ha_noi")
    for district in unit_list(on=IN_2023, parent=root, level="district"):
        ended = set(unit_list(within=district).values_list("valid_to", flat=True))
        assert ended == {dt.date(2025, 6, 30)}, district.name


@pytest.mark.django_db
def test_bavi_moves_to_the_successor_and_keeps_reading_ba_vi(demo: DemoCity) -> None:
    bavi = _user("bavi")
    old_committee, new_committee = _unit(demo, "ubnd_ba_vi"), _unit(demo, "ubnd_xa_quang_oai")

    in_2023 = read_scope(bavi, on=IN_2023)
    assert in_2023.covers(old_committee.path)
    assert not in_2023.covers(new_committee.path)

    in_2026 = read_scope(bavi, on=IN_2026)
    assert in_2026.covers(new_committee.path)
    assert in_2026.covers(old_committee.path)  # through the lineage
    assert not in_2026.covers(_unit(demo, "so_van_hoa_the_thao").path)
    titles = set(Position.objects.filter(person__user=bavi).values_list("title", flat=True))
    assert titles == {"Chủ tịch UBND huyện Ba Vì", "Chủ tịch UBND xã Quảng Oai"}


@pytest.mark.django_db
def test_bavi_sees_the_directive_but_not_the_departments_internal_plan(demo: DemoCity) -> None:
    # "today": the positions of the demo accounts are open-ended, so this holds on any day after 2025.
    visible = _visible_symbols("bavi")
    assert "24-CT/TU" in visible
    assert "47-KH/ĐU" not in visible


@pytest.mark.django_db
def test_vanphong_sees_every_document(demo: DemoCity) -> None:
    assert _visible_symbols("vanphong") == set(Document.objects.values_list("symbol", flat=True))
    assert len(demo.documents) == 12


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["chuyenvien.vhtt", "sovhtt"])
def test_the_department_sees_its_internal_plan(demo: DemoCity, username: str) -> None:
    assert "47-KH/ĐU" in _visible_symbols(username)


@pytest.mark.django_db
def test_documents_are_related_as_the_seeds_read(demo: DemoCity) -> None:
    pairs = set(
        DocumentRelation.objects.filter(kind="implements").values_list("source__symbol", "target__symbol")
    )
    assert pairs == {
        ("176/KH-UBND", "06/Ctr-TU"),
        ("217/KH-UBND", "09-NQ/TU"),
        ("102-KH-UBND", "09-NQ/TU"),
    }
    plan = Document.objects.get(pk=demo.documents["47-KH/ĐU"])
    assert (plan.is_public, plan.recipients.count(), plan.issued_on) == (False, 0, dt.date(2023, 2, 14))


@pytest.mark.django_db
def test_party_terms_decide_the_term_of_a_document(demo: DemoCity) -> None:
    standing = _unit(demo, "ban_thuong_vu_thanh_uy")
    assert party_term_for(unit=standing, day=dt.date(2023, 8, 7)).name == "Khóa XVII"  # type: ignore[union-attr]
    assert party_term_for(unit=standing, day=IN_2026).name == "Khóa XVIII"  # type: ignore[union-attr]


@pytest.mark.django_db
def test_acting_and_delegated_positions_sign_q_and_tuq(demo: DemoCity) -> None:
    prefixes = {position.signing_prefix for position in Position.objects.all()}
    assert {"Q. ", "TUQ. ", "KT. "} <= prefixes
    delegated = Position.objects.get(kind="delegated")
    assert delegated.on_behalf_of is not None and delegated.on_behalf_of.person.user == _user("sovhtt")


@pytest.mark.django_db
def test_the_audit_trail_of_the_load_is_intact_and_by_the_system(demo: DemoCity) -> None:
    result = audit.verify()
    assert result.ok, result
    assert result.checked > 500
    # Part 1 (units, people, documents) is entered by the system; part 2's history by the demo
    # accounts whose work it is (mandate/dev/demo_tasks.py) and by the sweep, and each account
    # reads the notices of that history (audited since ADR 0027).
    part_1 = (
        AuditEntry.objects.exclude(action__startswith="tasks.")
        .exclude(action="documents.reach")
        .exclude(action__startswith="notifications.")
    )
    assert set(part_1.values_list("actor_label", flat=True)) == {"system"}
    labels = set(AuditEntry.objects.values_list("actor_label", flat=True))
    assert labels <= {"system", "system:sweep", *demo.usernames}


@pytest.mark.django_db
@pytest.mark.parametrize("username", [account.username for account in DEMO_ACCOUNTS])
def test_every_demo_account_signs_in_with_the_demo_password(demo: DemoCity, username: str) -> None:
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username=username, password=DEMO_PASSWORD)
    assert user is not None and user.get_username() == username
    assert username in demo.usernames


@pytest.mark.django_db
def test_admin_is_a_superuser_and_an_administrator(demo: DemoCity) -> None:
    admin = _user("admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.groups.filter(name="administrators").exists()


@pytest.mark.django_db
def test_demo_command_leaves_a_loaded_city_alone_and_lists_the_accounts(demo: DemoCity) -> None:
    units_before = OrgUnit.objects.count()
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "already loaded" in text
    assert "http://127.0.0.1:8000" in text
    assert all(f"  {account.username} " in text for account in DEMO_ACCOUNTS)
    assert DEMO_PASSWORD in text
    assert OrgUnit.objects.count() == units_before
    assert demo_loaded()


@pytest.mark.django_db
def test_demo_command_loads_an_empty_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loading branch, with the loader stubbed: the real load is covered by the tests above."""
    from mandate.dev.management.commands import demo as demo_command

    calls: list[Any] = []
    monkeypatch.setattr(demo_command, "demo_loaded", lambda: False)
    monkeypatch.setattr(demo_command, "load_demo_city", lambda *, stdout: calls.append(stdout))
    out = StringIO()
    call_command("demo", stdout=out)
    assert len(calls) == 1
    assert "Demo city loaded" in out.getvalue()


def test_serve_collects_static_files_then_runs_gunicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    commands: list[str] = []
    executed: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(serve, "call_command", lambda name, **kwargs: commands.append(name))
    monkeypatch.setattr(os, "execvp", lambda file, argv: executed.append((file, argv)))
    monkeypatch.setattr(connections, "close_all", lambda: None)  # the module's city stays open
    call_command("serve", "--bind", "0.0.0.0:9000", "--workers", "3", stdout=StringIO())
    assert commands == ["collectstatic"]
    ((file, argv),) = executed
    assert argv[1:] == [
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        "0.0.0.0:9000",
        "--workers",
        "3",
        "--access-logfile",
        "-",
    ]
    assert file == argv[0]
    assert os.environ["DJANGO_SETTINGS_MODULE"]


def test_serve_refuses_zero_workers() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("serve", "--workers", "0", stdout=StringIO())
