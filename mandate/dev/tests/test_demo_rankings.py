"""The acceptance of issue 14's rankings on the demo city, over HTTP (items 4 and 9): the
Department of Information and Communications is 11th of 22 in 2023, up 11 places on 2022 (seed
002), in both languages, to its director; Ba Vì's chairman gets 404; the ranking is marked as an
example; the loader validates its file before writing and a second run changes nothing.

The expected figures are seed 002's (``/work/shared/demo/seed-facts.md``), never read from the
demo's YAML: the data is checked against the seed, not against itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from mandate.core.models import AuditEntry
from mandate.dev import demo_rankings
from mandate.dev.demo_city import DemoCity, load_demo_city
from mandate.dev.schemas import demo_data
from mandate.people.models import User

pytestmark = pytest.mark.django_db

API = "/api/v1/evaluations/rankings/"
DIC = "so_thong_tin_truyen_thong"


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoCity]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo_city()
        transaction.set_rollback(True)


def _as(username: str, language: str = "vi") -> APIClient:
    user = User.objects.get(username=username)
    User.objects.filter(pk=user.pk).update(language=language)
    user.refresh_from_db()
    client = APIClient()
    client.force_login(user)
    client.force_authenticate(user=user)
    return client


def _index_id(client: APIClient) -> int:
    rows = client.get(API).json()["results"]
    return int(next(row["id"] for row in rows if row["code"] == "hanoi-par-departments"))


def test_the_department_is_11th_of_22_in_2023_up_11_places(demo: DemoCity) -> None:
    client = _as("sotttt")
    index = _index_id(client)

    data = client.get(f"{API}{index}/years/2023/").json()
    row = next(row for row in data["rows"] if row["unit"] == demo.units[DIC])

    assert (row["rank"], data["field_size"], row["previous_rank"], row["change"]) == (11, 22, 22, 11)
    assert row["statement"] == "xếp thứ 11/22, tăng 11 bậc so với năm 2022"
    assert data["method"]["is_example"] is True
    english = _as("sotttt", "en").get(f"{API}{index}/years/2023/").json()
    assert next(r for r in english["rows"] if r["unit"] == demo.units[DIC])["statement"] == (
        "11th of 22, up 11 places on 2022"
    )
    last = _as("sotttt").get(f"{API}{index}/years/2022/").json()
    assert next(r for r in last["rows"] if r["unit"] == demo.units[DIC])["rank"] == 22


def test_the_page_says_it_and_marks_the_example(demo: DemoCity) -> None:
    index = _index_id(_as("sotttt"))
    client = Client()
    client.force_login(User.objects.get(username="sotttt"))
    html = client.get(f"/evaluations/rankings/{index}/?year=2023").content.decode()
    assert "xếp thứ 11/22, tăng 11 bậc so với năm 2022" in html
    assert 'id="ranking-notice"' in html


def test_the_2025_method_is_loaded_with_its_mark_and_no_score(demo: DemoCity) -> None:
    client = _as("vpubnd")
    index = _index_id(client)
    methods = {m["year"]: m for m in client.get(f"{API}{index}/").json()["methods"]}
    assert set(methods) == {2022, 2023, 2025}
    assert (methods[2025]["to_verify"], methods[2025]["is_example"]) == (True, False)
    assert client.get(f"{API}{index}/years/2025/").json()["rows"] == []


def test_ba_vi_gets_404(demo: DemoCity) -> None:
    index = _index_id(_as("vpubnd"))
    client = _as("bavi")
    assert client.get(f"{API}{index}/years/2023/").status_code == 404
    assert all(row["id"] != index for row in client.get(API).json()["results"])


def test_a_second_run_changes_nothing(demo: DemoCity) -> None:
    entries = AuditEntry.objects.count()
    assert demo_rankings.load_demo_rankings(city=demo) == []
    assert AuditEntry.objects.count() == entries


def test_a_file_that_does_not_hold_together_is_refused_before_writing(demo: DemoCity) -> None:
    data = demo_data().rankings
    broken = {**data, "scores": [row for row in data["scores"] if row["unit"] != "so_noi_vu"]}
    entries = AuditEntry.objects.count()

    with pytest.raises(demo_rankings.RankingDataError, match="21 of the 22 departments"):
        demo_rankings.load_demo_rankings(city=demo, data=broken)
    assert AuditEntry.objects.count() == entries
