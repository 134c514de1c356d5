"""The evaluations' start page (issue 14, item 7): a leader finds the boards, months and sheets of
the units he leads; an official only his own records; nothing of another unit."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_leader_finds_his_units_and_an_official_only_his_own(cast: SimpleNamespace, api: Any) -> None:
    url = reverse("evaluations:home")
    leader = api(cast.dung).get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert leader.status_code == 200
    page = leader.content.decode()
    assert "Trách nhiệm và đánh giá" in page
    assert reverse("evaluations:signals-board", args=[cast.culture.pk]) in page
    assert reverse("evaluations:signals-board", args=[cast.city.pk]) not in page

    official = api(cast.oanh).get(url).content.decode()
    assert 'id="led-units"' not in official
    assert reverse("evaluations:monthly_own") in official
    assert reverse("evaluations:signals-person", args=[cast.oanh.person.pk]) in official


def test_the_start_page_is_in_the_menu_and_refuses_a_post(cast: SimpleNamespace, api: Any) -> None:
    client = api(cast.oanh)
    assert reverse("evaluations:home") in client.get(reverse("tasks:my_work")).content.decode()
    assert client.post(reverse("evaluations:home")).status_code == 405
