"""A task's origin as an app above tasks tells it (docs/adr/0047): the registry asks each
registered resolver for the reader and the task, and the page shows the first answer — with its
link, without one, or nothing. The tasks app imports no app above it: a fake resolver stands in."""

from __future__ import annotations

import pytest

from mandate.tasks import origins
from mandate.tasks.origins import Origin

NAME = "tests.fake"


@pytest.fixture
def resolver():
    """Registers ``answers`` (task id → {username: Origin}) for the test, and removes it after."""
    answers: dict[int, dict[str, Origin]] = {}

    def resolve(actor, task):
        return answers.get(task.pk, {}).get(actor.get_username() if actor is not None else "")

    origins.register(NAME, resolve)
    yield answers
    origins.unregister(NAME)


def test_no_resolver_answers_no_origin(cast, assign):
    task = assign()

    assert origins.origin_of(actor=cast.van, task=task) is None


def test_the_first_answer_is_the_origin(cast, assign, resolver):
    task = assign()
    resolver[task.pk] = {"van": Origin("Nguồn thử", "/somewhere/")}
    origins.register("tests.second", lambda actor, task: Origin("Nguồn khác"))
    try:
        assert origins.origin_of(actor=cast.van, task=task) == Origin("Nguồn thử", "/somewhere/")
        assert origins.origin_of(actor=cast.dung, task=task) == Origin("Nguồn khác")
    finally:
        origins.unregister("tests.second")


def test_the_page_shows_the_origin_with_its_link_without_it_or_not_at_all(client, cast, assign, resolver):
    task = assign(lead_unit=cast.culture)
    other = assign(lead_unit=cast.culture, content="Việc khác")
    resolver[task.pk] = {"van": Origin("Cuộc kiểm tra 05-QĐ/KT, Ủy ban Kiểm tra", "/inspections/7/"),
                         "dung": Origin("Cuộc kiểm tra 05-QĐ/KT, Ủy ban Kiểm tra")}  # fmt: skip

    client.force_login(cast.van)
    linked = client.get(f"/tasks/{task.pk}/").content.decode()
    plain_other = client.get(f"/tasks/{other.pk}/").content.decode()
    client.force_login(cast.dung)
    plain = client.get(f"/tasks/{task.pk}/").content.decode()
    client.force_login(cast.oanh)
    none = client.get(f"/tasks/{task.pk}/")

    assert '<a href="/inspections/7/">Cuộc kiểm tra 05-QĐ/KT, Ủy ban Kiểm tra</a>' in linked
    assert "Xuất xứ" in linked
    assert 'id="task-origin">Cuộc kiểm tra 05-QĐ/KT, Ủy ban Kiểm tra</dd>' in plain
    assert none.status_code == 200
    assert 'id="task-origin"' not in none.content.decode() and "Xuất xứ" not in none.content.decode()
    assert 'id="task-origin"' not in plain_other
