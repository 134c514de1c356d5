"""A subject's history (issue 12, items 7 and 8): a person's findings, conclusions and discipline for
the inspecting body's readers whose competence covers him, its leaders and himself; an inspected
unit's leader sees the conclusions about his unit, never those about its people; the
administrator and everyone else get 404; every record about a person shown is in the access log;
the number of queries does not grow with the records."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from mandate.core.models import AccessLogEntry
from mandate.inspections import services
from mandate.inspections.selectors_history import PURPOSE
from mandate.inspections.tests.factories import (
    DISCIPLINE_REASON,
    PERSON_CONCLUSION,
    PERSON_FINDING,
    UNIT_FINDING,
    add_subject,
    make_inspection,
)

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 7, 19)
UNIT_CONCLUSION = "Sở đã chấn chỉnh kỷ luật hành chính"
SECRETS = (PERSON_FINDING, PERSON_CONCLUSION, DISCIPLINE_REASON)


@pytest.fixture
def world(sensitive: SimpleNamespace) -> SimpleNamespace:
    w = sensitive
    w.finding = services.finding_record(
        actor=w.kiemtra, subject=w.person_subject, text=PERSON_FINDING, signs=[w.sign], recorded_on=DAY
    )
    services.finding_record(
        actor=w.kiemtra, subject=w.unit_subject, text=UNIT_FINDING, signs=[w.sign], recorded_on=DAY
    )
    w.conclusion = services.conclusion_record(
        actor=w.kiemtra, subject=w.person_subject, violated=True, severity="less_serious",
        proposes_discipline=True, proposed_form="reprimand", text=PERSON_CONCLUSION, concluded_on=DAY,
    )  # fmt: skip
    services.conclusion_record(
        actor=w.kiemtra, subject=w.unit_subject, violated=False, text=UNIT_CONCLUSION, concluded_on=DAY
    )
    w.decision = services.discipline_decide(
        actor=w.kiemtra, subject_kind="party_member", person=w.duc.person, deciding_unit=w.commission,
        number="05-QĐ/UBKTTU", decided_on=DAY, form="reprimand", reason=DISCIPLINE_REASON,
        effective_from=DAY, conclusion=w.conclusion,
    )  # fmt: skip
    return w


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _person_url(w: SimpleNamespace) -> str:
    return f"/inspections/history/people/{w.duc.person.pk}/"


def _unit_url(cast: SimpleNamespace) -> str:
    return f"/inspections/history/units/{cast.culture.pk}/"


@pytest.mark.parametrize("who", ["kiemtra", "truongban", "duc"])
def test_the_bodys_reader_its_leader_and_the_person_read_his_history(
    world: SimpleNamespace, who: str
) -> None:
    user = getattr(world, who)
    response = _client(user).get(_person_url(world))

    assert response.status_code == 200
    text = response.content.decode()
    assert all(secret in text for secret in SECRETS)
    assert f'href="/inspections/{world.inspection.pk}/"' in text
    logged = set(
        AccessLogEntry.objects.filter(actor_id=user.pk, purpose=PURPOSE).values_list(
            "record_type", "record_id"
        )
    )
    assert logged == {
        ("inspections.inspectionsubject", str(world.person_subject.pk)),
        ("inspections.finding", str(world.finding.pk)),
        ("inspections.conclusion", str(world.conclusion.pk)),
        ("inspections.disciplinedecision", str(world.decision.pk)),
    }


@pytest.mark.parametrize("who", ["dung", "oanh", "ad", "bao", "tin", "olga"])
def test_everyone_else_gets_404_for_a_persons_history_and_nothing_is_logged(
    cast: SimpleNamespace, world: SimpleNamespace, who: str
) -> None:
    response = _client(getattr(cast, who)).get(_person_url(world))

    assert response.status_code == 404
    assert not any(secret in response.content.decode() for secret in SECRETS)
    assert AccessLogEntry.objects.count() == 0


def test_the_inspected_units_leader_sees_his_units_conclusion_not_its_peoples(
    cast: SimpleNamespace, world: SimpleNamespace
) -> None:
    response = _client(cast.dung).get(_unit_url(cast))

    assert response.status_code == 200
    text = response.content.decode()
    assert UNIT_FINDING in text and UNIT_CONCLUSION in text
    assert not any(secret in text for secret in SECRETS)
    assert [row["subject"].pk for row in response.context["rows"]] == [world.unit_subject.pk]
    assert AccessLogEntry.objects.count() == 0  # an organisation's records are no person's


def test_the_reader_sees_the_units_history_and_it_names_no_person(world: SimpleNamespace, cast: Any) -> None:
    response = _client(world.kiemtra).get(_unit_url(cast))

    assert response.status_code == 200
    assert UNIT_CONCLUSION in response.content.decode()
    assert not any(secret in response.content.decode() for secret in SECRETS)


@pytest.mark.parametrize("who", ["oanh", "ad", "bao", "tin", "olga"])
def test_everyone_else_gets_404_for_a_units_history(
    cast: SimpleNamespace, world: SimpleNamespace, who: str
) -> None:
    assert _client(getattr(cast, who)).get(_unit_url(cast)).status_code == 404


def test_a_missing_person_or_unit_is_404(world: SimpleNamespace) -> None:
    client = _client(world.kiemtra)
    assert client.get("/inspections/history/people/999999/").status_code == 404
    assert client.get("/inspections/history/units/999999/").status_code == 404
    assert client.get("/inspections/history/people/99999999999999999999/").status_code == 404


def test_the_reader_whose_competence_covers_the_person_gets_an_answer_even_empty(
    cast: SimpleNamespace, world: SimpleNamespace
) -> None:
    response = _client(world.kiemtra).get(f"/inspections/history/people/{cast.oanh.person.pk}/")

    assert response.status_code == 200
    assert response.context["rows"] == [] and response.context["decisions"] == []


def test_the_inspection_page_links_each_subject_to_its_history(world: SimpleNamespace) -> None:
    text = _client(world.kiemtra).get(f"/inspections/{world.inspection.pk}/").content.decode()

    assert f'href="/inspections/history/people/{world.duc.person.pk}/"' in text
    assert f'href="/inspections/history/units/{world.unit_subject.unit_id}/"' in text


def test_the_history_reads_a_fixed_number_of_queries(
    cast: SimpleNamespace, world: SimpleNamespace, django_assert_max_num_queries: Any
) -> None:
    client = _client(world.kiemtra)
    client.get(_person_url(world))  # the session and the scopes' caches warm
    with django_assert_max_num_queries(23):
        assert client.get(_person_url(world)).status_code == 200
    for number in range(6):
        inspection = make_inspection(world.body, title=f"Kiểm tra lần {number}")
        subject = add_subject(inspection, person=world.duc.person, person_unit=cast.culture_office)
        services.finding_record(
            actor=world.kiemtra,
            subject=subject,
            text=f"Phát hiện {number}",
            signs=[world.sign],
            recorded_on=DAY,
        )
    with django_assert_max_num_queries(23):
        response = client.get(_person_url(world))
    assert len(response.context["rows"]) == 7
