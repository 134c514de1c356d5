"""The demo city loads through the services and holds what issue 2 asks of part 1; loaded days
ago, it is brought up to today (issue 10).

The city is loaded once for the module, on a day some working days before today, inside an outer
transaction that is rolled back at the end; ``brought_up`` then plays the days since. Every test
runs in its own savepoint inside it, so what a test writes (a sign-in's last_login) does not leak
into the next one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from mandate.core import audit
from mandate.core.models import AuditEntry
from mandate.core.workdays import working_days_between
from mandate.dev import living
from mandate.dev.demo_city import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoCity, demo_loaded, load_demo_city
from mandate.dev.models import DemoPlay, DemoTask
from mandate.dev.schemas import demo_data
from mandate.documents.models import Document, DocumentRelation
from mandate.documents.selectors import document_list_visible
from mandate.inspections.models import DisciplineRuleSet, ViolationCatalogue
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import lineage_links, party_term_for, unit_list
from mandate.people.models import Position, User
from mandate.people.scopes import read_scope
from mandate.tasks.models import Task

IN_2023 = dt.date(2023, 12, 31)
IN_2026 = dt.date(2026, 1, 1)
TODAY = timezone.localdate()


@pytest.fixture(scope="module")
def loaded_on(django_db_setup: Any, django_db_blocker: Any) -> dt.date:
    """The day the module's city is loaded: at least a week before today, and at least three
    working days (a shift over Tết would hold none)."""
    days = 7
    with django_db_blocker.unblock():  # the calendar reads the administrator's days off
        while working_days_between(TODAY - dt.timedelta(days=days), TODAY) < 3:
            days += 1
    return TODAY - dt.timedelta(days=days)


@pytest.fixture(scope="module")
def demo(loaded_on: dt.date, django_db_blocker: Any) -> Iterator[DemoCity]:
    with django_db_blocker.unblock(), transaction.atomic():
        city = load_demo_city(today=loaded_on)
        yield city
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def brought_up(demo: DemoCity, django_db_blocker: Any) -> Counter[str]:
    """``make demo`` on today's date, with the city loaded on ``loaded_on``."""
    with django_db_blocker.unblock():
        played = living.bring_up(today=TODAY, stdout=StringIO())
    assert played is not None
    return played


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
    # Part 1 (units, people, the seeds' documents) is entered by the system; part 2's history by
    # the demo accounts whose work it is (data/actors.yaml), the living office's documents by who
    # assigns for their issuer, and by the sweep; each account reads the notices of that history
    # (audited since ADR 0027). Part 3's indicators are played by the accounts indicators.yaml names.
    symbols = [row["symbol"] for row in demo_data().living["documents"]]
    living_documents = [
        str(pk) for pk in Document.objects.filter(symbol__in=symbols).values_list("pk", flat=True)
    ]
    part_1 = (
        AuditEntry.objects.exclude(action__startswith="tasks.")
        .exclude(action="documents.reach")
        .exclude(target_type="documents.document", target_id__in=living_documents)
        .exclude(action__startswith="notifications.")
        .exclude(action__startswith="indicators.")  # part 3, by the accounts in indicators.yaml
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
def test_the_demo_has_the_discipline_rules_and_the_example_catalogue_marked_as_one(demo: DemoCity) -> None:
    catalogue = ViolationCatalogue.objects.get(key="ct24-example")
    assert catalogue.is_example and catalogue.name.startswith("[Ví dụ]")
    assert catalogue.owner_unit_id == demo.units["thanh_uy_ha_noi"]
    assert catalogue.source_document_id == demo.documents["24-CT/TU"]
    assert catalogue.signs.count() == 11
    assert DisciplineRuleSet.objects.filter(retired_at__isnull=True).count() == 5


@pytest.mark.django_db
def test_demo_command_leaves_a_city_up_to_today_alone_and_lists_the_accounts(
    demo: DemoCity, brought_up: Counter[str]
) -> None:
    units_before, tasks_before = OrgUnit.objects.count(), DemoTask.objects.count()
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "already loaded and up to today" in text
    assert "http://127.0.0.1:8000" in text
    assert all(f"  {account.username} " in text for account in DEMO_ACCOUNTS)
    assert DEMO_PASSWORD in text
    assert (OrgUnit.objects.count(), DemoTask.objects.count()) == (units_before, tasks_before)
    assert demo_loaded()


@pytest.mark.django_db
def test_demo_command_loads_an_empty_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """The loading branch, with the loader stubbed: the real load is covered by the tests above."""
    from mandate.dev import demo_city

    calls: list[Any] = []
    monkeypatch.setattr(demo_city, "demo_loaded", lambda: False)
    monkeypatch.setattr(demo_city, "load_demo_city", lambda *, stdout, today: calls.append(today))
    out = StringIO()
    call_command("demo", stdout=out)
    assert calls == [timezone.localdate()]
    assert "Demo city loaded" in out.getvalue()


# --- brought up to today ---------------------------------------------------------------------------


def _expected_since(day: dt.date, loaded_on: dt.date) -> list[living.Planned]:
    """What the living office's streams assign after ``day`` up to today."""
    data = demo_data()
    return [
        planned
        for stream in data.living["streams"]
        for planned in living.plans(stream, living.stream_start(stream, data, loaded_on), TODAY)
        if planned.spec.assigned_on > day
    ]


@pytest.mark.django_db
def test_bring_up_plays_the_days_missed_since_the_load(
    demo: DemoCity, brought_up: Counter[str], loaded_on: dt.date
) -> None:
    new = _expected_since(loaded_on, loaded_on)
    assert new, "the streams assign work on every few working days"
    assert brought_up["days"] == (TODAY - loaded_on).days
    assert brought_up["new tasks"] == len(new)
    made = Task.objects.filter(
        pk__in=DemoTask.objects.filter(key__in=[p.spec.key for p in new]).values("task")
    )
    assert made.count() == len(new)
    assert all(loaded_on < task.assigned_on <= TODAY for task in made)
    # The completions of the missed days: every acceptance planned on them, of any stream's task.
    everything = _expected_since(dt.date.min, loaded_on)
    accepted = [
        s for p in everything for s in p.spec.steps if s.kind == "accept" and loaded_on < s.on <= TODAY
    ]
    assert brought_up["completions"] == len(accepted)
    assert Task.objects.filter(accepted_on__gt=loaded_on, accepted_on__lte=TODAY).count() == len(accepted)
    last = DemoPlay.objects.order_by("-played_through").first()
    assert last is not None
    assert (last.loaded_on, last.played_from, last.played_through) == (
        loaded_on,
        loaded_on + dt.timedelta(days=1),
        TODAY,
    )
    assert AuditEntry.objects.filter(action="tasks.sweep").count() == 2  # the load's and today's


@pytest.mark.django_db
def test_bring_up_twice_on_the_same_day_plays_nothing(demo: DemoCity, brought_up: Counter[str]) -> None:
    tasks, plays = Task.objects.count(), DemoPlay.objects.count()
    assert living.bring_up(today=TODAY) == Counter(days=0)
    assert (Task.objects.count(), DemoPlay.objects.count()) == (tasks, plays)


@pytest.mark.django_db
def test_the_audit_trail_verifies_after_the_bring_up(demo: DemoCity, brought_up: Counter[str]) -> None:
    result = audit.verify()
    assert result.ok, result


def test_serve_refuses_zero_workers() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("serve", "--workers", "0", stdout=StringIO())
