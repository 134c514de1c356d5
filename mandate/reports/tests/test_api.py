"""The reports API (issue 13, item 8): the same services as the pages, the one error shape."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from mandate.core.models import AuditEntry
from mandate.reports.models import Report, ReportState
from mandate.reports.tests.sample import SampleBuilder, request_sample

Api = Any
BODY = {"kind": "sample", "period": "2023-9M", "period_kind": "calendar", "language": "en"}


def test_asking_reading_and_issuing(cast: SimpleNamespace, api: Api, sample: SampleBuilder) -> None:
    client = api(cast.dung)

    created = client.post("/api/v1/reports/", {**BODY, "unit": cast.culture.pk}, format="json")

    assert created.status_code == 201
    body = created.json()
    assert (body["period"], body["status"]["state"], body["status"]["percent"]) == ("2023-C09", "ready", 100)
    assert body["content"]["figures"]["tasks.done"]["value"] == 15
    assert body["actions"] == [{"name": "issue", "allowed": True, "reason": ""}]
    issued = client.post(f"/api/v1/reports/{body['id']}/issue/", {"version": body["version"]}, format="json")
    assert (issued.status_code, issued.json()["issued_number"]) == (200, 1)
    docx = client.get(issued.json()["files"]["docx"])
    assert (docx.status_code, docx.content[:2]) == (200, b"PK")
    listed = client.get("/api/v1/reports/", {"unit": cast.culture.pk}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]


def test_a_period_code_is_read_too(cast: SimpleNamespace, api: Api, sample: SampleBuilder) -> None:
    created = api(cast.dung).post(
        "/api/v1/reports/", {**BODY, "period": "2023-C0915", "unit": cast.culture.pk}, format="json"
    )

    assert (created.status_code, created.json()["period"]) == (201, "2023-C0915")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"period": "2023-13"}, "period"),
        ({"period": "last year"}, "period"),
        ({"kind": "nonsense"}, "kind"),
        ({"language": "fr"}, "language"),
        ({"unit": 999999}, "unit"),
        ({"cut_off": "2022-01-01"}, "cut_off"),
    ],
)
def test_a_malformed_request_is_400_naming_its_field(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder, changes: dict[str, Any], field: str
) -> None:
    response = api(cast.dung).post(
        "/api/v1/reports/", {**BODY, "unit": cast.culture.pk, **changes}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) >= {"code", "message", "fields"}
    assert field in response.json()["fields"]
    assert not Report.objects.exists()


@pytest.mark.parametrize("who", ["tin", "vera", "olga"])
def test_asking_for_a_unit_one_does_not_act_for_is_403(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder, who: str
) -> None:
    before = AuditEntry.objects.count()

    response = api(getattr(cast, who)).post(
        "/api/v1/reports/", {**BODY, "unit": cast.culture.pk}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert (Report.objects.count(), AuditEntry.objects.count()) == (0, before)


@pytest.mark.parametrize("who", ["tin", "olga", "bao", "vp"])
def test_strangers_get_404_for_a_draft(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder, who: str
) -> None:
    report = request_sample(cast.dung, cast.culture)
    client = api(getattr(cast, who))

    assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 404
    assert client.get(f"/api/v1/reports/{report.pk}/files/docx/").status_code == 404
    issue = client.post(f"/api/v1/reports/{report.pk}/issue/", {"version": report.version}, format="json")
    assert (issue.status_code, issue.json()["code"]) == (404, "not_found")
    report.refresh_from_db()
    assert report.state == ReportState.READY


def test_issuing_is_refused_to_an_official_and_a_stale_version_is_409(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder
) -> None:
    report = request_sample(cast.oanh, cast.culture)
    url = f"/api/v1/reports/{report.pk}/issue/"

    official = api(cast.oanh).post(url, {"version": report.version}, format="json")
    stale = api(cast.dung).post(url, {"version": report.version + 1}, format="json")

    assert (official.status_code, stale.status_code) == (403, 409)
    assert api(cast.oanh).get(f"/api/v1/reports/{report.pk}/").json()["actions"][0]["allowed"] is False
    report.refresh_from_db()
    assert report.state == ReportState.READY


def test_the_list_reads_a_fixed_number_of_queries(
    cast: SimpleNamespace, api: Api, sample: SampleBuilder, django_assert_max_num_queries: Any
) -> None:
    client = api(cast.dung)
    request_sample(cast.dung, cast.culture)
    client.get("/api/v1/reports/")  # warm the scope cache
    with django_assert_max_num_queries(20) as few:
        assert len(client.get("/api/v1/reports/").json()["results"]) == 1
    for _ in range(4):
        request_sample(cast.oanh, cast.culture)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/reports/").json()["results"]) == 5
