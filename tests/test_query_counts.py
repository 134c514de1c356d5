"""List endpoints run a fixed number of queries, however many rows they return."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from mandate.notifications import services as notification_services
from mandate.organisations.tests.factories import UnitFactory
from mandate.people import scopes
from mandate.people.models import User
from mandate.people.tests.factories import AccountFactory
from mandate.tasks.services import assignment, lifecycle, progress


def _queries(url):
    client = APIClient()
    client.force_authenticate(User.objects.get(username="van"))  # a fresh user, as in a real request
    scopes.clear_shared_cache()  # a cold request: the scope's own queries are counted too
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


def _add_documents(cast, make_document, numbers):
    for number in numbers:
        make_document(f"{number}/KH-SVHTT", cast.culture, recipient_units=[cast.culture_office])


def _add_offices_with_heads(cast, numbers):
    for number in numbers:
        unit = UnitFactory.create(parent=cast.culture, name=f"Phòng {number}")
        AccountFactory.create(
            username=f"staff{number}",
            position={"unit": unit, "title": "Trưởng phòng", "role": "leader", "is_head": True},
        )


def test_document_list_query_count_does_not_grow_with_rows(cast, make_document):
    _add_documents(cast, make_document, range(100, 102))
    few = _queries("/api/v1/documents/")
    _add_documents(cast, make_document, range(200, 215))
    many = _queries("/api/v1/documents/")

    assert many[1] == few[1] + 15
    assert many[0] == few[0]


@pytest.mark.parametrize("url", ["/api/v1/organisations/", "/api/v1/people/", "/api/v1/positions/"])
def test_directory_and_people_lists_query_count_does_not_grow_with_rows(cast, url):
    _add_offices_with_heads(cast, range(2))
    few = _queries(url)
    _add_offices_with_heads(cast, range(2, 17))
    many = _queries(url)

    assert many[1] == few[1] + 15
    assert many[0] == few[0]


# --- pages: My work, the task list, the dashboard, the notices ---------------------------------


def _work_page_queries(username, url, params=None, links=r'href="/tasks/\d+/"'):
    client = Client()
    client.force_login(User.objects.get(username=username))  # each request reads its user anew
    scopes.clear_shared_cache()  # a cold request: the scope's own queries are counted too
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content.decode()[:1000]
    return len(captured), len(re.findall(links, response.content.decode()))


def _add_work(cast, document, count):
    """``count`` tasks of the culture department in every group of My work: overdue with an
    extension asked, due within days, regular without this month's report, reported done."""
    today = timezone.localdate()
    for number in range(count):
        values = {"actor": None, "document": document, "lead_unit": cast.culture}
        values["assigner_unit"] = cast.party_office
        late = assignment.task_assign(
            content=f"Quá hạn {number}", assigned_on=today - dt.timedelta(days=40),
            deadline_on=today - dt.timedelta(days=1), **values,
        )  # fmt: skip
        progress.extension_request(
            actor=cast.dung, task=late, proposed_deadline_on=today + dt.timedelta(days=30), reason="Chờ"
        )
        assignment.task_assign(
            content=f"Sắp đến hạn {number}", assigned_on=today, deadline_on=today + dt.timedelta(days=3),
            **values,
        )  # fmt: skip
        assignment.task_assign(
            content=f"Định kỳ {number}", kind="regular", assigned_on=today - dt.timedelta(days=40), **values
        )
        reported = assignment.task_assign(
            content=f"Đã báo cáo {number}", assigned_on=today, deadline_on=today + dt.timedelta(days=20),
            **values,
        )  # fmt: skip
        lifecycle.task_transition(
            actor=cast.oanh,
            task=reported,
            action="report_done",
            expected_version=reported.version,
            reason="Xong",
        )


@pytest.mark.parametrize("username", ["dung", "chanh"])
def test_my_work_query_count_does_not_grow_with_tasks(cast, make_document, username):
    document = make_document("6-CTr/TU", cast.city_party, type_slug="chuong-trinh")
    _add_work(cast, document, 2)
    few = _work_page_queries(username, "/")
    _add_work(cast, document, 15)
    many = _work_page_queries(username, "/")

    assert many[1] > few[1]
    assert many[0] == few[0]


def test_task_list_page_query_count_does_not_grow_with_rows(cast, make_document):
    document = make_document("6-CTr/TU", cast.city_party, type_slug="chuong-trinh")
    _add_work(cast, document, 1)
    few = _work_page_queries("van", "/tasks/", {"within": cast.culture.pk})
    _add_work(cast, document, 4)
    many = _work_page_queries("van", "/tasks/", {"within": cast.culture.pk})

    assert (few[1], many[1]) == (4, 20)
    assert many[0] == few[0]


def _add_offices_with_tasks(cast, document, numbers):
    for number in numbers:
        office = UnitFactory.create(parent=cast.culture, name=f"Phòng {number}")
        assignment.task_assign(
            actor=None, document=document, lead_unit=office, assigner_unit=cast.party_office,
            content=f"Việc của phòng {number}", assigned_on=dt.date(2024, 3, 1),
            deadline_on=dt.date(2024, 5, 1),
        )  # fmt: skip


def test_dashboard_query_count_does_not_grow_with_child_units(cast, make_document):
    document = make_document("6-CTr/TU", cast.city_party, type_slug="chuong-trinh")
    url = f"/dashboard/{cast.culture.pk}/"
    _add_offices_with_tasks(cast, document, range(2))
    few = _work_page_queries("dung", url, {"on": "2024-06-30"})
    _add_offices_with_tasks(cast, document, range(2, 10))
    many = _work_page_queries("dung", url, {"on": "2024-06-30"})
    today = _work_page_queries("dung", url)

    assert many[1] > few[1]
    assert many[0] == few[0]
    assert today[0] <= few[0] + 3  # today may read the counts' cache instead


def test_notifications_page_query_count_does_not_grow_with_notices(cast):
    def add(count):
        for number in range(count):
            notification_services.notify(
                recipients=[cast.dung], kind="other", title=f"Thông báo {number}", unit=cast.culture,
                url=f"/tasks/{number + 1}/",
            )  # fmt: skip

    opened = r'action="/notifications/\d+/open/"'  # each notice opens through its own form
    add(2)
    few = _work_page_queries("dung", "/notifications/", links=opened)
    add(15)
    many = _work_page_queries("dung", "/notifications/", links=opened)

    assert (few[1], many[1]) == (2, 17)
    assert many[0] == few[0]


def _register_queries(url):
    """The document register's queries for a fresh request of `van`: (queries, rows shown)."""
    client = Client()
    client.force_login(User.objects.get(username="van"))
    scopes.clear_shared_cache()  # a cold request: the scope's own queries are counted too
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.context["page_obj"].object_list)


@pytest.mark.parametrize("url", ["/documents/", "/documents/lookup/?q=van+ban&year=2023"])
def test_document_register_page_query_count_does_not_grow_with_rows(cast, make_document, url):
    _add_documents(cast, make_document, range(100, 102))
    few = _register_queries(url)
    _add_documents(cast, make_document, range(200, 215))
    many = _register_queries(url)

    assert many[1] == few[1] + 15
    assert many[0] == few[0]


# --- indicators -----------------------------------------------------------------------------------


def _add_reporting_units(cast, indicator_set, indicator, period, numbers):
    """Units that report to the culture department in the set, each with a value and a target."""
    from mandate.indicators.services import catalogue
    from mandate.indicators.tests.factories import enter, target

    for number in numbers:
        unit = UnitFactory.create(parent=cast.district, name=f"Xã {number}", kind="state", level="commune")
        catalogue.reporting_lines_add(
            actor=None,
            indicator_set=indicator_set,
            lines=[(unit, cast.culture)],
            valid_from=dt.date(2023, 1, 1),
        )
        enter(indicator_set, unit, period, {indicator: str(number)})
        target(indicator_set, indicator, unit, period, "100")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/indicators/targets/",
        "/api/v1/indicators/actuals/",
        "/api/v1/indicators/actuals/?as_recorded_on=2099-01-01",
        "/api/v1/indicators/submissions/",
        "/api/v1/indicators/warnings/",
    ],
)
def test_indicator_lists_query_count_does_not_grow_with_rows(cast, url):
    from mandate.indicators.rule_templates import RuleSpec
    from mandate.indicators.services import rules
    from mandate.indicators.tests.factories import make_indicator, make_set, year

    indicator = make_indicator(cast.culture, "VH-GDVH")
    titles = make_set(cast.culture, [indicator], code="GDVH")
    # A warning on every value but 0 (ADR 0036), for the list of warnings.
    rules.rule_create(
        actor=None, indicator_set=titles, spec=RuleSpec("NIL", "#{VH-GDVH}", "<=", "0", "warning", "Khác 0")
    )
    _add_reporting_units(cast, titles, indicator, year(2023), range(2))
    few = _queries(url)
    _add_reporting_units(cast, titles, indicator, year(2023), range(2, 17))
    many = _queries(url)

    assert many[1] == few[1] + 15
    assert many[0] == few[0]


# --- inspections ----------------------------------------------------------------------------------


def test_inspection_list_page_query_count_does_not_grow_with_rows(cast):
    from mandate.inspections.enums import BodyKind
    from mandate.inspections.tests.factories import make_body, make_inspection

    body = make_body(cast.standing, competence=cast.city, kind=BodyKind.STANDING_COMMITTEE)
    for number in range(2):
        make_inspection(body, title=f"Kiểm tra {number}")
    few = _work_page_queries("van", "/inspections/", links=r'href="/inspections/\d+/"')
    for number in range(2, 17):
        make_inspection(body, title=f"Kiểm tra {number}")
    many = _work_page_queries("van", "/inspections/", links=r'href="/inspections/\d+/"')

    assert (few[1], many[1]) == (2, 17)
    assert many[0] == few[0]
