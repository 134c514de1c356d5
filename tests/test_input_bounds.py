"""No input makes a server error: dates outside the product's range and bodies nested too deep
are refused with 400 and a message, on every route that reads them, API and pages alike."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from mandate.tasks.services import assignment

FAR_DATES = ["9999-12-31", "0001-01-01", "1899-01-01", "2101-01-01"]


@pytest.fixture
def task(cast, make_document):
    programme = make_document("6-CTr/TU", cast.city_party, issued_on=dt.date(2023, 1, 5))
    return assignment.task_assign(
        actor=cast.van,
        document=programme,
        lead_unit=cast.culture,
        assigner_unit=cast.party_office,
        content="Tổ chức tuyên truyền Chỉ thị",
        assigned_on=dt.date(2024, 3, 1),
        deadline_on=dt.date(2024, 4, 30),
    )


def _api_routes(cast, task):
    return [
        ("/api/v1/tasks/", "on"),
        ("/api/v1/tasks/", "deadline_from"),
        ("/api/v1/tasks/", "deadline_to"),
        (f"/api/v1/documents/{task.document_id}/statistics/", "on"),
        (f"/api/v1/organisations/{cast.city.pk}/statistics/", "on"),
        ("/api/v1/organisations/", "on"),
        ("/api/v1/positions/", "on"),
        ("/api/v1/calendar/deadline/", "from"),
    ]


@pytest.mark.parametrize("day", FAR_DATES)
def test_the_api_refuses_a_date_outside_the_range_with_400(cast, task, api, day):
    client = api(cast.chanh)
    for url, name in _api_routes(cast, task):
        response = client.get(url, {name: day, "working_days": 3})
        assert response.status_code == 400, (url, name, response.status_code)
        body = response.json()
        assert name in body["fields"], (url, body)
        if day in ("9999-12-31", "0001-01-01"):
            assert "2100" in body["fields"][name][0], body


def test_the_api_reads_dates_at_the_edges_of_the_range(cast, task, api):
    client = api(cast.chanh)
    assert client.get("/api/v1/tasks/", {"on": "2000-01-01"}).status_code == 200
    assert client.get("/api/v1/tasks/", {"on": "2100-12-31"}).status_code == 200
    assert client.get("/api/v1/organisations/", {"on": "1945-09-02"}).status_code == 200


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "31/12/9999", "01/01/0001"])
def test_the_pages_refuse_a_date_outside_the_range_with_a_message(cast, task, client, day):
    client.force_login(cast.chanh)
    for url in ("/tasks/", "/dashboard/", f"/dashboard/{cast.city.pk}/"):
        for name in ("on", "deadline_from", "deadline_to", "done_from", "done_to"):
            if url != "/tasks/" and name != "on":
                continue
            response = client.get(url, {name: day})
            assert response.status_code == 400, (url, name, response.status_code)
            assert "2100" in response.content.decode(), (url, name)
    export = client.get("/tasks/export.xlsx", {"on": day})
    assert export.status_code == 302
    assert client.get(export["Location"]).status_code == 400


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_organisation_pages_refuse_a_date_outside_the_range(cast, client, day):
    client.force_login(cast.chanh)
    for url in ("/organisations/", f"/organisations/{cast.culture.pk}/"):
        response = client.get(url, {"on": day})
        assert response.status_code in (200, 400), (url, response.status_code)
        assert "2100" in response.content.decode(), url


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_bodies_refuse_a_date_outside_the_range(cast, task, api, day):
    client = api(cast.van)
    created = client.post(
        "/api/v1/tasks/",
        {"content": "x", "lead_unit": cast.culture.pk, "assigner_unit": cast.party_office.pk,
         "document": task.document_id, "deadline_on": day},
        format="json",
    )  # fmt: skip
    assert created.status_code == 400
    assert "deadline_on" in created.json()["fields"]
    extension = api(cast.dung).post(
        f"/api/v1/tasks/{task.pk}/extensions/", {"proposed_deadline_on": day, "reason": "r"}, format="json"
    )
    assert extension.status_code == 400
    assert "proposed_deadline_on" in extension.json()["fields"]
    document = client.post(
        "/api/v1/documents/",
        {"document_type": "chi-thi", "symbol": "25-CT/TU", "issuing_unit": cast.standing.pk,
         "issued_on": day, "title": "t"},
        format="json",
    )  # fmt: skip
    assert document.status_code == 400
    assert "issued_on" in document.json()["fields"]


def test_a_page_form_refuses_a_deadline_outside_the_range(cast, task, client):
    from mandate.core.form_fields import DayField

    field = DayField()
    with pytest.raises(Exception, match="2100"):
        field.clean("31/12/9999")
    assert field.clean("31/12/2100") == dt.date(2100, 12, 31)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_body_nested_thousands_deep_is_a_400_not_a_server_error(cast, api, language):
    body = "[" * 5000 + "]" * 5000
    response = api(cast.van).generic(
        "POST", "/api/v1/tasks/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed"
    nested = json.dumps({"content": "x"})
    for _ in range(5000):
        nested = '{"a":' + nested + "}"
    assert api(cast.van).generic(
        "PATCH", "/api/v1/documents/1/", nested, content_type="application/json"
    ).status_code in (400, 404)


def test_every_documented_query_parameter_survives_a_far_date(cast, task, api):
    """Walk every GET of the schema, each query parameter in turn given a far-off date: the
    answer is never a server error (the list above names the routes that read dates)."""
    client = api(cast.ad)
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    ids = {
        "task_id": task.pk, "document_id": task.document_id, "unit_id": cast.city.pk,
        "person_id": cast.dung.pk, "attachment_id": 1, "evidence_id": 1, "notification_id": 1,
        "request_id": 1, "catalogue_id": 1, "indicator_id": 1, "set_id": 1, "target_id": 1,
        "actual_id": 1, "submission_id": 1, "period_id": 1, "job_id": 1, "rule_id": 1, "statement_id": 1,
        "plan_id": 1, "inspection_id": 1, "member_id": 1, "subject_id": 1, "finding_id": 1, "decision_id": 1,
        "report_id": 1, "key": "x", "fmt": "docx",
        "code": "2023-Q3", "evaluation_id": 1, "month": "2023-03",
        "classification_id": 1, "proposal_id": 1, "index_id": 1, "year": 2023,
    }  # fmt: skip
    walked = 0
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        url = path.format(**ids)
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] != "query":
                continue
            for day in ("9999-12-31", "0001-01-01"):
                response = client.get(url, {parameter["name"]: day})
                assert response.status_code < 500, (url, parameter["name"], day)
                walked += 1
    assert walked > 50


@pytest.mark.parametrize(
    "name",
    ["api-documents", "api-inspection-plans", "api-inspection-inspections",
     "api-inspection-discipline-decisions", "api-evaluations-annual"],
)  # fmt: skip
def test_a_year_outside_the_range_is_a_400_not_a_server_error(cast, api, name):
    """A year filter becomes 1 January and 31 December of that year: 10000 cannot be a date."""
    client = api(cast.ad)
    for year in ("10000", "99999999"):
        response = client.get(reverse(name), {"year": year})
        assert response.status_code == 400, (name, year)
        assert "year" in response.json()["fields"]
    assert client.get(reverse(name), {"year": "2023"}).status_code == 200
