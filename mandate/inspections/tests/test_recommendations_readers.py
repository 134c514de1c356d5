"""One reading rule for an inspection's recommendations (docs/adr/0047): whoever may read the
inspection's page sees its recommendations, filtered by the page's own subject rule — those about
no subject, those about a subject on his page. Each role, and the agreement with the page."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from mandate.core.exceptions import NotFoundError
from mandate.inspections import selectors_records, services
from mandate.inspections.selectors_recommendations import recommendation_list_visible
from mandate.inspections.tests.factories_stats import _subject

GENERAL = "Kiến nghị chung với Sở"
ABOUT_UNIT = "Kiến nghị về Sở Thông tin và Truyền thông"
ABOUT_PERSON = "Kiến nghị về đảng viên Thu"

# who: the recommendations he reads (None: the inspection is 404 to him)
EXPECTED: dict[str, set[str] | None] = {
    "phong": {GENERAL, ABOUT_UNIT, ABOUT_PERSON},  # the team leader, of the Standing Committee
    "chanh": {GENERAL, ABOUT_UNIT, ABOUT_PERSON},  # a leader acting for the body by delegation
    "kiem": {GENERAL, ABOUT_UNIT, ABOUT_PERSON},  # a commission whose competence covers them
    "van": {GENERAL, ABOUT_UNIT},  # the body's office: it issues them, reads no person's
    "tin": {GENERAL, ABOUT_UNIT},  # the leader of the inspected unit: his unit's, not its people's
    "thu": {GENERAL, ABOUT_PERSON},  # the inspected person: his own
    "dung": None,
    "oanh": None,
    "vera": None,
    "olga": None,
    "ad": None,
}


@pytest.fixture
def world(cast: SimpleNamespace, seed: SimpleNamespace) -> SimpleNamespace:
    from conftest import _person

    seed.thu = _person("thu", "Đảng Viên Thu", unit=cast.info, title="Chuyên viên", role="specialist")
    seed.member = _subject(seed.inspection, person=seed.thu.person, path=cast.info.path)
    for text, subject in ((GENERAL, None), (ABOUT_UNIT, seed.subject), (ABOUT_PERSON, seed.member)):
        services.recommendation_add(
            actor=None, inspection=seed.inspection, text=text, lead_unit=cast.info, subject=subject
        )
    return seed


def _actor(cast: SimpleNamespace, world: SimpleNamespace, who: str) -> Any:
    return getattr(world, who, None) or getattr(cast, who)


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_reads_the_recommendations_its_page_shows(
    cast: SimpleNamespace, world: SimpleNamespace, who: str
) -> None:
    actor = _actor(cast, world, who)
    expected = EXPECTED[who]

    if expected is None:
        with pytest.raises(NotFoundError):
            recommendation_list_visible(actor=actor, inspection_id=world.inspection.pk)
        with pytest.raises(NotFoundError):
            selectors_records.inspection_get(actor=actor, inspection_id=world.inspection.pk)
        return
    rows = recommendation_list_visible(actor=actor, inspection_id=world.inspection.pk)
    inspection = selectors_records.inspection_get(actor=actor, inspection_id=world.inspection.pk)
    on_page = {s.pk for s in selectors_records.subjects_visible(actor=actor, inspection=inspection)}

    assert {row.recommendation.text for row in rows} == expected
    # The same rule as the page: a recommendation about a subject iff that subject is shown.
    assert all(row.recommendation.subject_id in on_page for row in rows if row.recommendation.subject_id)
    about = {world.subject.pk: ABOUT_UNIT, world.member.pk: ABOUT_PERSON}
    assert {about[pk] for pk in on_page if pk in about} == expected - {GENERAL}


@pytest.mark.parametrize("who", ["van", "tin", "thu", "kiem"])
def test_the_inspection_api_and_page_show_the_same_recommendations(
    cast: SimpleNamespace, world: SimpleNamespace, api: Any, who: str
) -> None:
    client = api(_actor(cast, world, who))
    expected = EXPECTED[who]
    assert expected is not None

    detail = client.get(f"/api/v1/inspections/inspections/{world.inspection.pk}/")
    page = client.get(f"/inspections/{world.inspection.pk}/")

    assert (detail.status_code, page.status_code) == (200, 200)
    assert {row["text"] for row in detail.json()["recommendations"]} == expected
    html = page.content.decode()
    assert {text for text in (GENERAL, ABOUT_UNIT, ABOUT_PERSON) if text in html} == expected
