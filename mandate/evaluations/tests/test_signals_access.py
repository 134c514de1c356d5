"""Who reads the signals (issue 14 item 7), every route as every role: a unit's board is its
leaders'; a person's signals are his own and his leaders'; anyone else gets 404 — a foreign
leader, an official of the same unit, the city's office, the administrator's account. Every
read of another person's signals is in the access log; one's own is not."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mandate.core.models import AccessLogEntry
from mandate.evaluations.tests.signals_world import Q2_FROM, Q2_TO, World, build_world
from mandate.people.tests.factories import AccountFactory

PERIOD = {"from": Q2_FROM.isoformat(), "to": Q2_TO.isoformat()}
WHO = ["dung", "oanh", "vera", "van", "chanh", "tin", "bao", "olga", "ad"]


@pytest.fixture
def world(cast: SimpleNamespace, make_document: Any) -> World:
    return build_world(cast, make_document)


def _urls(cast: SimpleNamespace) -> dict[str, str]:
    unit, code = cast.culture.pk, "overdue_unreported"
    return {
        "board": reverse("evaluations:signals-board", args=[unit]),
        "records": reverse("evaluations:signals-records", args=[unit, code]),
        "api-board": reverse("api-evaluation-signal-board", args=[unit]),
        "api-records": reverse("api-evaluation-signal-records", args=[unit, code]),
        "dung": reverse("evaluations:signals-person", args=[cast.dung.person.pk]),
        "oanh": reverse("evaluations:signals-person", args=[cast.oanh.person.pk]),
        "api-dung": reverse("api-evaluation-signal-person", args=[cast.dung.person.pk]),
        "api-oanh": reverse("api-evaluation-signal-person", args=[cast.oanh.person.pk]),
    }


# Who reaches what: culture's leader (dung) everything of culture's; the clerk (oanh) her own
# signals alone; everyone else nothing (the administrator's account and the city office included).
READERS = {
    "board": {"dung"},
    "records": {"dung"},
    "api-board": {"dung"},
    "api-records": {"dung"},
    "dung": {"dung"},
    "oanh": {"dung", "oanh"},
    "api-dung": {"dung"},
    "api-oanh": {"dung", "oanh"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
def test_every_route_as_every_role(cast: SimpleNamespace, api: Any, world: World, who: str) -> None:
    client = api(getattr(cast, who))
    for name, url in _urls(cast).items():
        response = client.get(url, PERIOD)
        expected = 200 if who in READERS[name] else 404
        assert response.status_code == expected, (who, name, response.status_code)
        for method in ("post", "patch", "delete"):
            assert getattr(client, method)(url).status_code in (403, 404, 405), (who, name, method)


@pytest.mark.django_db
def test_a_foreign_unit_and_a_missing_one_look_the_same(
    cast: SimpleNamespace, api: Any, world: World
) -> None:
    client = api(cast.dung)
    for unit_id in (cast.info.pk, cast.outsider.pk, 999_999):
        assert client.get(reverse("api-evaluation-signal-board", args=[unit_id])).status_code == 404
        assert client.get(reverse("evaluations:signals-board", args=[unit_id])).status_code == 404
    assert client.get(reverse("api-evaluation-signal-person", args=[cast.tin.person.pk])).status_code == 404


@pytest.mark.django_db
def test_the_leader_of_the_city_reads_the_boards_below_it(
    cast: SimpleNamespace, api: Any, world: World
) -> None:
    mayor = AccountFactory.create(
        username="mayor",
        full_name="Chủ Tịch",
        position={"unit": cast.city_state, "title": "Chủ tịch", "role": "leader"},
    )
    response = api(mayor).get(reverse("api-evaluation-signal-board", args=[cast.culture.pk]), PERIOD)
    assert response.status_code == 200
    assert response.json()["total"]["counts"]["returned_not_ours"] == 1


@pytest.mark.django_db
def test_reads_of_other_people_are_logged_and_ones_own_are_not(
    cast: SimpleNamespace, api: Any, world: World
) -> None:
    api(cast.oanh).get(reverse("api-evaluation-signal-person", args=[cast.oanh.person.pk]), PERIOD)
    assert not AccessLogEntry.objects.exists()

    api(cast.dung).get(reverse("api-evaluation-signal-person", args=[cast.oanh.person.pk]), PERIOD)
    entry = AccessLogEntry.objects.get()
    assert (entry.actor_id, entry.record_type, entry.record_id) == (
        cast.dung.pk,
        "people.person",
        str(cast.oanh.person.pk),
    )

    before = AccessLogEntry.objects.count()
    api(cast.dung).get(reverse("evaluations:signals-board", args=[cast.culture.pk]), PERIOD)
    logged = set(AccessLogEntry.objects.order_by("pk")[before:].values_list("record_id", flat=True))
    assert str(cast.oanh.person.pk) in logged
    assert str(cast.dung.person.pk) not in logged  # his own row


@pytest.mark.django_db
def test_the_page_says_signals_are_no_verdicts_in_vietnamese_first(
    cast: SimpleNamespace, api: Any, world: World
) -> None:
    page = api(cast.dung).get(reverse("evaluations:signals-board", args=[cast.culture.pk]), PERIOD)
    text = page.content.decode()
    assert "không phải là kết luận" in text
    assert "30/06/2023" in text
    cast.dung.language = "en"
    cast.dung.save(update_fields=["language"])
    english = api(cast.dung).get(reverse("evaluations:signals-board", args=[cast.culture.pk]), PERIOD)
    assert "never verdicts" in english.content.decode()


@pytest.mark.django_db
def test_the_board_costs_the_same_queries_whatever_the_number_of_people(
    cast: SimpleNamespace, api: Any, world: World, make_document: Any
) -> None:
    url = reverse("evaluations:signals-board", args=[cast.culture.pk])
    client = api(cast.dung)
    client.get(url, PERIOD)  # warm the caches (scopes, thresholds)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, PERIOD).status_code == 200
    for number in range(6):
        AccountFactory.create(
            username=f"cv{number}",
            full_name=f"Chuyên viên {number}",
            position={"unit": cast.culture_office, "title": "Chuyên viên", "role": "official"},
        )
    build_world(cast, lambda *a, **k: make_document("48-KH/ĐU", cast.culture_party))
    client.get(url, PERIOD)  # the new positions changed the scopes' generation: warm them again
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, PERIOD).status_code == 200
    assert len(many) == len(few)


@pytest.mark.django_db
def test_an_unknown_signal_is_a_400_for_a_reader_and_a_404_for_others(
    cast: SimpleNamespace, api: Any, world: World
) -> None:
    url = reverse("api-evaluation-signal-records", args=[cast.culture.pk, "nothing"])
    assert api(cast.dung).get(url).status_code == 400
    assert api(cast.olga).get(url).status_code == 404
