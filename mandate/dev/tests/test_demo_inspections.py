"""The acceptance of issue 12 on the demo city, over HTTP (item 9): Thành ủy Hà Nội's statistics
for 01/01/2023-15/09/2023 give seed 004's table exactly, and three figures' links list exactly the
records counted; seed 002's four recommendations are the Department's tasks, shown with their
states; a synthetic finding about a person is 404 to everyone but the inspector (after his second
factor), whose read is logged and whose text the audit trail never holds; a civil servant's
demotion is a form in force in 2023 and not after 2025.

The expected figures are seed 004's (``/work/shared/demo/seed-facts.md``), never read from the
demo's YAML: the data is checked against the seed, not against itself."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from mandate.core.models import AccessLogEntry, AuditEntry
from mandate.dev.demo_city import DemoCity, load_demo_city
from mandate.inspections.enums import InspectedKind
from mandate.inspections.models import Finding, InspectingBody, Inspection
from mandate.inspections.selectors_statistics import counted_subjects
from mandate.inspections.statistics import ROWS_BY_KEY
from mandate.people import services as people_services
from mandate.people.models import Position, User
from mandate.people.tests.factories import totp_code

pytestmark = pytest.mark.django_db

API = "/api/v1/inspections"
PERIOD: dict[str, str | int] = {"from": "2023-01-01", "to": "2023-09-15"}
PAGE_PERIOD: dict[str, str | int] = {"from": "01/01/2023", "to": "15/09/2023"}
# Seed 004: (organisations, members, inspections); None where the seed's table has "—".
SEED_004 = {
    "standing_committee_planned": (72, 28, 3),
    "party_committees_inspected": (960, 641, None),
    "party_committees_supervised": (638, 498, None),
    "upon_signs": (96, 253, None),
    "upon_signs_violated": (10, 69, None),
    "upon_signs_to_discipline": (2, 44, None),
    "inspection_tasks": (781, None, None),
    "discipline_enforcement": (417, None, None),
    "party_finance": (66, None, None),
    "party_fees": (770, None, None),
    "thematic_supervision": (575, 698, None),
}


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoCity]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo_city()
        transaction.set_rollback(True)


def _as(username: str) -> APIClient:
    client = APIClient()
    user = User.objects.get(username=username)
    client.force_authenticate(user)
    client.force_login(user)
    return client


def _inspector() -> Client:
    """``kiemtra`` signed in as a person does: password, then the code of the README's secret."""
    client = Client()
    signed_in = client.post("/accounts/login/", {"username": "kiemtra", "password": "mandate-demo"})
    assert signed_in.status_code == 302
    device = TOTPDevice.objects.get(user__username="kiemtra")
    verified = client.post("/accounts/second-factor/", {"code": totp_code(device.key)})
    assert verified.status_code == 302, verified.content[:300]
    return client


def _city_body() -> InspectingBody:
    return InspectingBody.objects.get(unit__name="Thành ủy Hà Nội")


def _table(client: Client) -> dict[str, tuple[Any, Any, Any]]:
    answer = client.get(f"{API}/statistics/", {"body": _city_body().pk, **PERIOD})
    assert answer.status_code == 200, answer.content[:300]
    return {
        row["key"]: (row["organisations"], row["members"], row["inspections"])
        for row in answer.json()["rows"]
    }


def test_the_city_statistics_are_seed_004s_table_exactly(demo: DemoCity) -> None:
    assert _table(_inspector()) == SEED_004


@pytest.mark.parametrize(
    ("row", "count"),
    [
        ("standing_committee_planned", "organisations"),
        ("upon_signs_violated", "members"),
        ("upon_signs_to_discipline", "members"),
    ],
)
def test_a_figures_link_lists_exactly_the_records_counted(demo: DemoCity, row: str, count: str) -> None:
    figure = SEED_004[row][0 if count == "organisations" else 1]
    listed = (
        _inspector()
        .get(
            f"{API}/statistics/records/",
            {"body": _city_body().pk, "row": row, "count": count, **PERIOD, "page_size": 200},
        )
        .json()
    )
    assert listed["counted"] == figure == listed["count"] == len(listed["results"])
    assert listed["not_listed"] == 0
    counted = counted_subjects(_city_body(), dt.date(2023, 1, 1), dt.date(2023, 9, 15)).filter(
        ROWS_BY_KEY[row].q(count)
    )
    assert sorted(r["subject"] for r in listed["results"]) == sorted(counted.values_list("pk", flat=True))


def test_seed_002s_recommendations_are_the_departments_tasks_with_their_states(demo: DemoCity) -> None:
    inspection = Inspection.objects.get(title__startswith="Đoàn kiểm tra số 3")
    detail = _inspector().get(f"{API}/inspections/{inspection.pk}/")
    assert detail.status_code == 200, detail.content[:300]
    assert detail.json()["state"] == "concluded"
    recommendations = detail.json()["recommendations"]
    assert demo.tasks is not None
    expected = [demo.tasks.tasks[f"inspection-3#{n}"] for n in range(1, 5)]
    assert [r["task"] for r in recommendations] == expected
    for row in recommendations:
        assert row["lead_unit"] == demo.units["so_thong_tin_truyen_thong"]
        assert row["task_deadline_on"] and row["task_state"] and row["task_status"]


def test_seed_002s_tasks_name_their_inspection_on_the_task_page(demo: DemoCity) -> None:
    """The Department's leader reads the inspection of his unit: the origin is linked (ADR 0047)."""
    inspection = Inspection.objects.get(title__startswith="Đoàn kiểm tra số 3")
    assert demo.tasks is not None
    page = _as("sotttt").get(f"/tasks/{demo.tasks.tasks['inspection-3#1']}/")

    label = "Cuộc kiểm tra Đoàn kiểm tra số 3, Ban Thường vụ Thành ủy"
    assert page.status_code == 200
    assert f'<a href="/inspections/{inspection.pk}/">{label}</a>' in page.content.decode()


def _person_finding() -> Finding:
    return Finding.objects.filter(subject__kind=InspectedKind.MEMBER, text__startswith="[Mô phỏng]").earliest(
        "pk"
    )


def _official_of(finding: Finding) -> str:
    """An official of the unit the finding's person was inspected in (made for this test)."""
    unit = Position.objects.filter(person=finding.subject.person).get().unit
    user = people_services.user_create(actor=None, username="canbo.mophong", password="mandate-demo")
    person = people_services.person_create(actor=None, full_name="Cán bộ chi bộ (mô phỏng)", user=user)
    people_services.position_assign(
        actor=None, person=person, unit=unit, title="Cán bộ", role="official", valid_from=dt.date(2021, 1, 1)
    )
    return user.username


def test_a_finding_about_a_person_is_404_to_all_but_the_inspector(demo: DemoCity) -> None:
    finding = _person_finding()
    url = f"{API}/findings/{finding.pk}/"
    for username in ("bavi", "sotttt", "admin", _official_of(finding)):
        assert (username, _as(username).get(url).status_code) == (username, 404)
    seen = _inspector().get(url)
    assert seen.status_code == 200
    assert seen.json()["text"] == finding.text
    kiemtra = User.objects.get(username="kiemtra")
    assert AccessLogEntry.objects.filter(
        actor_id=kiemtra.pk, record_type__icontains="finding", record_id=str(finding.pk)
    ).exists()
    assert not [
        e.pk for e in AuditEntry.objects.all() if finding.text in f"{e.before}{e.after}{e.target_label}"
    ]


def test_a_civil_servants_demotion_is_in_force_in_2023_and_not_after_2025(demo: DemoCity) -> None:
    client = _inspector()
    asked = {"subject_kind": "civil_servant_with_post", "form": "demotion"}
    accepted = client.get(f"{API}/discipline-forms/check/", {**asked, "on": "2023-05-10"}).json()
    refused = client.get(f"{API}/discipline-forms/check/", {**asked, "on": "2026-03-02"}).json()
    assert accepted["in_force"] is True
    assert accepted["form"]["code"] == "demotion"
    assert refused["in_force"] is False
    assert "30/06/2025" in refused["message"]


def _page_figures(client: Client) -> tuple[dict[str, tuple[Any, Any, Any]], dict[tuple[str, str], str]]:
    """The statistics PAGE's figures by row, and each figure's link, read from its HTML."""
    page = client.get("/inspections/statistics/", {"body": _city_body().pk, **PAGE_PERIOD})
    assert page.status_code == 200, page.content[:300]
    text = page.content.decode()
    figures: dict[str, tuple[Any, Any, Any]] = {}
    links: dict[tuple[str, str], str] = {}
    for key, body in re.findall(r'<tr id="row-(\w+)">(.*?)</tr>', text, flags=re.S):
        cells = dict(re.findall(r'data-column="(\w+)">(.*?)</td>', body))
        values = {}
        for column, cell in cells.items():
            found = re.search(r'<a href="([^"]+)">([\d.]+)</a>', cell)
            values[column] = int(found.group(2).replace(".", "")) if found else None
            if found:
                links[(key, column)] = html.unescape(found.group(1))
        held = re.search(r"\((\d+) (?:cuộc|inspections?)", body)
        figures[key] = (values["organisations"], values["members"], int(held.group(1)) if held else None)
    return figures, links


def test_the_statistics_page_shows_seed_004s_table_and_three_links_list_exactly_the_records(
    demo: DemoCity,
) -> None:
    client = _inspector()
    figures, links = _page_figures(client)
    assert figures == SEED_004
    for row, count in (
        ("standing_committee_planned", "organisations"),
        ("upon_signs_violated", "members"),
        ("upon_signs_to_discipline", "members"),
    ):
        listed = client.get(links[(row, count)])
        assert listed.status_code == 200
        shown = sorted(int(pk) for pk in re.findall(r'data-subject="(\d+)"', listed.content.decode()))
        counted = counted_subjects(_city_body(), dt.date(2023, 1, 1), dt.date(2023, 9, 15)).filter(
            ROWS_BY_KEY[row].q(count)
        )
        assert shown == sorted(counted.values_list("pk", flat=True))
        assert len(shown) == SEED_004[row][0 if count == "organisations" else 1]


def test_a_persons_history_shows_the_finding_to_the_inspector_alone(demo: DemoCity) -> None:
    finding = _person_finding()
    url = f"/inspections/history/people/{finding.subject.person_id}/"
    for username in ("bavi", "sotttt", "admin", _official_of(finding)):
        assert (username, _as(username).get(url).status_code) == (username, 404)
    seen = _inspector().get(url)
    assert seen.status_code == 200
    assert html.escape(finding.text) in seen.content.decode()
