"""The rankings over HTTP (issue 14, items 4 and 7): who reads an index (its owner's scope, the
ranked units; 404 for anyone else), each action as each role (only who acts for the owner writes;
a refusal changes nothing), and the page with its arrows, sentences and chart data."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client

from mandate.core.models import AuditEntry
from mandate.evaluations.models import RankingScore
from mandate.evaluations.tests.rankings_factories import make_index, score

pytestmark = pytest.mark.django_db

ACTORS = ("van", "chanh", "dung", "oanh", "vera", "tin", "vp", "bao", "olga", "ad")
# culture and info are ranked; city_state owns the index (vp acts for it as a specialist).
READERS = {"van", "chanh", "dung", "oanh", "vera", "tin", "vp", "ad"}
WRITERS = {"vp", "ad"}


@pytest.fixture
def index(cast: Any) -> Any:
    index = make_index(cast)
    score(index, 2022, cast.culture, C1="45", C2="45")
    score(index, 2022, cast.info, C1="30", C2="30")
    score(index, 2023, cast.culture, C1="40", C2="40")
    score(index, 2023, cast.info, C1="45", C2="45")
    return index


@pytest.mark.parametrize("who", ACTORS)
def test_the_index_is_read_by_its_owner_and_the_ranked_units_only(
    cast: Any, api: Any, index: Any, who: str
) -> None:
    client = api(getattr(cast, who))
    base = f"/api/v1/evaluations/rankings/{index.pk}/"
    listed = {row["id"] for row in client.get("/api/v1/evaluations/rankings/").json()["results"]}
    expected = 200 if who in READERS else 404

    assert client.get(base).status_code == expected
    assert client.get(f"{base}years/2023/").status_code == expected
    assert (index.pk in listed) == (who in READERS)


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize(
    ("action", "body"),
    [("scores", {"unit": None, "values": {"C1": "12.5"}}), ("pull", {})],
)
def test_each_action_as_each_role(
    cast: Any, api: Any, index: Any, who: str, action: str, body: dict[str, Any]
) -> None:
    if "unit" in body:
        body = {**body, "unit": cast.culture.pk}
    before = (
        AuditEntry.objects.count(),
        list(RankingScore.objects.values_list("pk", "value", "superseded_at")),
    )

    response = api(getattr(cast, who)).post(
        f"/api/v1/evaluations/rankings/{index.pk}/years/2023/{action}/", body, format="json"
    )

    if who in WRITERS:
        assert response.status_code == 200
        assert AuditEntry.objects.count() > before[0]
    else:
        assert response.status_code == (403 if who in READERS else 404)
        after = (
            AuditEntry.objects.count(),
            list(RankingScore.objects.values_list("pk", "value", "superseded_at")),
        )
        assert after == before


def test_the_table_gives_each_rank_its_change_and_sentence(cast: Any, api: Any, index: Any) -> None:
    cast.dung.language = "en"
    cast.dung.save(update_fields=["language"])
    data = api(cast.dung).get(f"/api/v1/evaluations/rankings/{index.pk}/years/2023/").json()

    rows = {row["unit"]: row for row in data["rows"]}
    assert data["field_size"] == 2
    assert data["previous_year"] == 2022
    assert data["method"]["is_example"] is True
    assert data["method"]["notice"]
    assert (rows[cast.info.pk]["rank"], rows[cast.info.pk]["change"]) == (1, 1)
    assert rows[cast.info.pk]["statement"] == "1st of 2, up 1 place on 2022"
    assert rows[cast.culture.pk]["statement"] == "2nd of 2, down 1 place on 2022"
    assert rows[cast.info.pk]["scores"] == {"C1": "45.00", "C2": "45.00"}


def test_an_unknown_year_and_a_bad_body_are_refused(cast: Any, api: Any, index: Any) -> None:
    client = api(cast.vp)
    assert client.get(f"/api/v1/evaluations/rankings/{index.pk}/years/2019/").status_code == 404
    wrong = client.post(
        f"/api/v1/evaluations/rankings/{index.pk}/years/2023/scores/",
        {"unit": cast.culture.pk, "values": {"C1": "60"}},
        format="json",
    )
    assert wrong.status_code == 400
    assert "C1" in wrong.json()["fields"]


def test_the_page_shows_the_arrows_the_sentences_and_the_chart(cast: Any, index: Any) -> None:
    client = Client()
    client.force_login(cast.dung)
    page = client.get(f"/evaluations/rankings/{index.pk}/?year=2023")
    html = page.content.decode()

    assert page.status_code == 200
    assert "xếp thứ 1/2, tăng 1 bậc so với năm 2022" in html
    assert "▲" in html
    assert "▼" in html
    assert 'id="ranking-notice"' in html
    assert "Enter a unit" not in html and "scores/" not in html  # dung may not write: no form
    found = re.search(r'<script id="ranking-chart-data"[^>]*>(.*?)</script>', html, re.S)
    assert found is not None
    chart = json.loads(found.group(1))
    assert chart["labels"] == ["2022", "2023"]
    assert {s["label"]: s["values"] for s in chart["series"]}[cast.info.name] == ["60.00", "90.00"]


def test_the_owner_enters_scores_from_the_page(cast: Any, index: Any) -> None:
    client = Client()
    client.force_login(cast.vp)
    assert (
        'action="/evaluations/rankings/' in client.get(f"/evaluations/rankings/{index.pk}/").content.decode()
    )

    response = client.post(
        f"/evaluations/rankings/{index.pk}/2023/scores/", {"unit": cast.culture.pk, "c_C1": "49,5"}
    )

    assert response.status_code == 302
    current = RankingScore.objects.get(
        unit=cast.culture, criterion__code="C1", criterion__method__year=2023, superseded_at__isnull=True
    )
    assert str(current.value) == "49.50"


def test_strangers_get_404_on_the_page(cast: Any, index: Any) -> None:
    client = Client()
    client.force_login(cast.bao)
    assert client.get(f"/evaluations/rankings/{index.pk}/").status_code == 404
    assert (
        client.post(
            f"/evaluations/rankings/{index.pk}/2023/scores/", {"unit": cast.culture.pk, "c_C1": "1"}
        ).status_code
        == 404
    )
