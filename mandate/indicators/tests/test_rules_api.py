"""Validation rules, their warnings and the reporting rate over HTTP: success, a validation error
naming its field in the one error shape, the outsider's 404, and who may do what (ADR 0036, 0037)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.indicators.models import Actual, ValidationRule
from mandate.indicators.services import approval
from mandate.indicators.tests.factories import enter, submission_of

pytestmark = pytest.mark.django_db

BASE = "/api/v1/indicators"


def _rule_body(w: SimpleNamespace, **change: Any) -> dict[str, Any]:
    return {
        "set": w.set.pk,
        "code": "CAP",
        "left": "#{DV-KN}",
        "operator": "<=",
        "right": "20000",
        "importance": "warning",
        "message": "Số kết nạp lớn bất thường",
        "message_en": "Unusually many admissions",
    } | change


def test_the_collecting_unit_creates_changes_and_retires_a_rule(cast: Any, api: Any, xdd: SimpleNamespace):
    created = api(cast.dung).post(f"{BASE}/rules/", _rule_body(xdd), format="json")
    assert created.status_code == 201, created.json()
    rule = created.json()
    assert (rule["operator_sign"], rule["importance"], rule["message_shown"]) == (
        "≤",
        "warning",
        "Số kết nạp lớn bất thường",
    )

    listed = api(cast.bao).get(f"{BASE}/rules/", {"set": xdd.set.pk}).json()
    assert "CAP" in [r["code"] for r in listed["results"]]  # a reporting unit reads what is asked of it
    english = api(cast.dung).get(f"{BASE}/rules/{rule['id']}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["message_shown"] == "Unusually many admissions"

    changed = api(cast.dung).patch(
        f"{BASE}/rules/{rule['id']}/", {"right": "30000", "version": 1}, format="json"
    )
    assert (changed.status_code, changed.json()["right"]) == (200, "30000")
    stale = api(cast.dung).patch(f"{BASE}/rules/{rule['id']}/", {"right": "1", "version": 1}, format="json")
    assert stale.status_code == 409
    retired = api(cast.dung).post(
        f"{BASE}/rules/{rule['id']}/retire/", {"reason": "Thôi", "version": 2}, format="json"
    )
    assert retired.status_code == 200 and retired.json()["retired_at"]


def test_a_rule_that_cannot_be_read_is_400_on_its_field_and_others_are_refused(
    cast: Any, api: Any, xdd: SimpleNamespace
):
    bad = api(cast.dung).post(f"{BASE}/rules/", _rule_body(xdd, left="#{DV-KN} +"), format="json")
    assert bad.status_code == 400
    assert set(bad.json()) == {"code", "message", "fields"} and list(bad.json()["fields"]) == ["left"]
    assert api(cast.bao).post(f"{BASE}/rules/", _rule_body(xdd), format="json").status_code == 403
    assert api(cast.oanh).post(f"{BASE}/rules/", _rule_body(xdd), format="json").status_code == 403
    outsider = api(cast.olga).post(f"{BASE}/rules/", _rule_body(xdd), format="json")
    assert (outsider.status_code, list(outsider.json()["fields"])) == (400, ["set"])
    rule = ValidationRule.objects.get(code="THPT")
    assert api(cast.olga).get(f"{BASE}/rules/{rule.pk}/").status_code == 404
    assert (
        api(cast.olga)
        .patch(f"{BASE}/rules/{rule.pk}/", {"message": "x", "version": 1}, format="json")
        .status_code
        == 404
    )
    assert (
        api(cast.bao)
        .patch(f"{BASE}/rules/{rule.pk}/", {"message": "x", "version": 1}, format="json")
        .status_code
        == 403
    )


def test_a_rules_file_is_loaded_over_http_and_a_bad_one_lists_its_problems(
    cast: Any, api: Any, xdd: SimpleNamespace
):
    text = "rules:\n  - {code: THPT, kind: part_of_whole, indicator: DV-KN-THPT}\n"
    loaded = api(cast.dung).post(f"{BASE}/rules/load/", {"set": xdd.set.pk, "file": text}, format="json")
    assert loaded.status_code == 200, loaded.json()
    assert loaded.json()["unchanged"] == ["THPT"] and len(loaded.json()["retired"]) == 3
    refused = api(cast.dung).post(
        f"{BASE}/rules/load/", {"set": xdd.set.pk, "file": "rules: 3"}, format="json"
    )
    assert (refused.status_code, list(refused.json()["fields"])) == (400, ["file"])
    assert (
        api(cast.bao)
        .post(f"{BASE}/rules/load/", {"set": xdd.set.pk, "file": text}, format="json")
        .status_code
        == 403
    )


def test_an_entry_breaking_a_rule_is_400_with_its_message_and_nothing_written(
    cast: Any, api: Any, xdd: SimpleNamespace
):
    enter(xdd.set, cast.district_state, xdd.y2023, {xdd.whole: "8051"}, actor=cast.bao)
    body = {
        "set": xdd.set.pk,
        "unit": cast.district_state.pk,
        "period": xdd.y2023.pk,
        "entries": [{"indicator": xdd.part.pk, "value": "9000"}],
    }
    refused = api(cast.bao).post(f"{BASE}/actuals/", body, format="json")
    assert refused.status_code == 400
    error = refused.json()
    assert error["code"] == "validation_rule"
    assert list(error["fields"]) == ["entries.0.value"] and "9.000" in error["fields"]["entries.0.value"][0]
    assert Actual.objects.count() == 1
    body["entries"][0]["value"] = "88"
    assert api(cast.bao).post(f"{BASE}/actuals/", body, format="json").status_code == 200


def test_warnings_are_listed_per_unit_and_period_to_those_who_read_the_values(
    cast: Any, api: Any, xdd: SimpleNamespace
):
    for period, value in ((xdd.y2021, "100"), (xdd.y2022, "90"), (xdd.y2023, "300")):
        enter(xdd.set, cast.district_state, period, {xdd.whole: value}, actor=cast.bao)
    query = {"set": xdd.set.pk, "period": xdd.y2023.pk, "unit": cast.district_state.pk}

    (warning,) = api(cast.dung).get(f"{BASE}/warnings/", query).json()["results"]
    assert (warning["rule_code"], warning["left_value"], warning["right_value"]) == (
        "RANGE.high",
        "300",
        "120",
    )
    assert "cao hơn mức thường thấy" in warning["message"] and "300" in warning["message"]
    assert [w["id"] for w in api(cast.bao).get(f"{BASE}/warnings/", query).json()["results"]] == [
        warning["id"]
    ]
    assert api(cast.tin).get(f"{BASE}/warnings/").json()["results"] == []
    assert api(cast.olga).get(f"{BASE}/warnings/").json()["results"] == []
    assert api(cast.olga).get(f"{BASE}/warnings/", {"set": xdd.set.pk}).status_code == 400


def test_the_reporting_rate_over_http(cast: Any, api: Any, xdd: SimpleNamespace):
    enter(xdd.set, cast.district_state, xdd.y2023, {xdd.whole: "8051"}, actor=cast.bao)
    approval.submission_transition(
        actor=cast.bao,
        submission=submission_of(xdd.set, cast.district_state, xdd.y2023),
        action="submit",
        expected_version=1,
        on=dt.date(2024, 1, 5),
    )
    url = f"{BASE}/sets/{xdd.set.pk}/reporting-rate/"
    answer = api(cast.dung).get(url, {"period": xdd.y2023.pk, "on": "2024-02-01"})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert (body["deadline"], body["period"]["code"]) == ("2024-01-15", "2023")
    assert {r["unit_name"]: r["status"] for r in body["rows"]} == {
        cast.district_state.name: "on_time",
        cast.info.name: "not_submitted",
    }
    (level,) = body["levels"]
    assert (level["unit"], level["counts"]["rate"], level["counts"]["expected"]) == (cast.culture.pk, "50", 2)
    own = api(cast.bao).get(url, {"period": xdd.y2023.pk, "on": "2024-02-01"}).json()
    assert ([r["unit"] for r in own["rows"]], own["levels"]) == ([cast.district_state.pk], [])
    assert api(cast.olga).get(url, {"period": xdd.y2023.pk}).status_code == 404
    last = api(cast.dung).get(url, {"on": "2024-02-01"}).json()  # no period: the last one ended
    assert (last["period"]["code"], last["rows"]) == ("2023", body["rows"])
    before_the_set = api(cast.dung).get(url, {"on": "2021-06-01"})
    assert (before_the_set.status_code, list(before_the_set.json()["fields"])) == (400, ["period"])
