"""The indicators API over HTTP: success, a validation error naming its field, the outsider's
404, the 409s of a locked and of a stale value, the error shape in Vietnamese and English, and
who reads which unit's figures (the set's hierarchy, not only the tree)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.core.models import AuditEntry
from mandate.indicators.models import Actual, Submission, Target
from mandate.indicators.tests.factories import enter, move, submission_of, target

pytestmark = pytest.mark.django_db

BASE = "/api/v1/indicators"


def _enter_body(ind: SimpleNamespace, cast: Any, value: str, **entry: Any) -> dict[str, Any]:
    return {
        "set": ind.titles.pk,
        "unit": cast.district_state.pk,
        "period": ind.y2023.pk,
        "entries": [{"indicator": ind.families.pk, "value": value, **entry}],
    }


def test_a_district_enters_submits_and_the_department_accepts_over_http(
    cast: Any, api: Any, ind: SimpleNamespace
):
    entered = api(cast.bao).post(f"{BASE}/actuals/", _enter_body(ind, cast, "96"), format="json")
    assert entered.status_code == 200, entered.json()
    (row,) = entered.json()
    assert (row["value"], row["state"], row["entered_by"], row["locked"]) == ("96", "draft", "bao", False)

    submission = row["submission"]
    submitted = api(cast.bao).post(
        f"{BASE}/submissions/{submission}/transition/", {"action": "submit", "version": 1}, format="json"
    )
    assert submitted.status_code == 200, submitted.json()
    assert (submitted.json()["state"], submitted.json()["next_unit"]) == ("submitted", cast.culture.pk)
    assert submitted.json()["allowed_actions"] == []

    queue = api(cast.dung).get(f"{BASE}/queue/").json()["results"]
    assert [s["id"] for s in queue] == [submission]
    detail = api(cast.dung).get(f"{BASE}/submissions/{submission}/").json()
    assert detail["allowed_actions"] == ["return", "accept"]

    accepted = api(cast.dung).post(
        f"{BASE}/submissions/{submission}/transition/", {"action": "accept", "version": 2}, format="json"
    )
    assert accepted.json()["state"] == "accepted"
    value = api(cast.bao).get(f"{BASE}/actuals/{row['id']}/").json()
    assert (value["locked"], value["locked_by"], value["submitted_by"]) == (True, "dung", "bao")


def test_editing_a_locked_value_is_409_with_the_reason_and_changes_nothing(
    cast: Any, api: Any, ind: SimpleNamespace
):
    (actual,) = enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    move(
        move(submission_of(ind.titles, cast.district_state, ind.y2023), "submit", actor=cast.bao),
        "accept",
        actor=cast.dung,
    )
    audit = AuditEntry.objects.count()

    refused = api(cast.bao).patch(
        f"{BASE}/actuals/{actual.pk}/", {"value": "97", "version": 1}, format="json"
    )

    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "locked"
    assert "dung" in body["message"] and "mở khóa" in body["message"]
    assert (Actual.objects.get().value, AuditEntry.objects.count()) == (Decimal(96), audit)


def test_a_stale_value_is_409_with_who_changed_it(cast: Any, api: Any, ind: SimpleNamespace):
    (actual,) = enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "97"}, actor=cast.bao)
    refused = api(cast.bao).patch(
        f"{BASE}/actuals/{actual.pk}/", {"value": "98", "version": 1}, format="json"
    )
    assert refused.status_code == 409
    assert (refused.json()["current_version"], refused.json()["changed_by"]) == (2, "bao")
    missing = api(cast.bao).patch(f"{BASE}/actuals/{actual.pk}/", {"value": "98"}, format="json")
    assert (missing.status_code, missing.json()["code"]) == (400, "version_required")


def test_a_bad_value_is_400_naming_the_field_in_the_readers_language(
    cast: Any, api: Any, ind: SimpleNamespace
):
    vietnamese = api(cast.bao).post(f"{BASE}/actuals/", _enter_body(ind, cast, "-1"), format="json")
    assert vietnamese.status_code == 400
    assert vietnamese.json()["fields"] == {"entries.0.value": ["Không được là số âm."]}
    english = api(cast.bao).post(
        f"{BASE}/actuals/", _enter_body(ind, cast, "1.5"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()["fields"] == {"entries.0.value": ["This indicator takes whole numbers."]}
    assert Actual.objects.count() == 0


def test_an_explanation_is_asked_before_submission_with_a_field_error(
    cast: Any, api: Any, ind: SimpleNamespace
):
    target(ind.titles, ind.families, cast.district_state, ind.y2023, "120")
    (actual,) = enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    submission = submission_of(ind.titles, cast.district_state, ind.y2023)
    refused = api(cast.bao).post(
        f"{BASE}/submissions/{submission.pk}/transition/", {"action": "submit", "version": 1}, format="json"
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "not_ready")
    assert list(refused.json()["fields"]) == [f"actuals.{actual.pk}.explanation"]
    listed = api(cast.bao).get(f"{BASE}/actuals/", {"set": ind.titles.pk}).json()["results"]
    assert (listed[0]["target"], listed[0]["achievement"]) == ("120", "80.00")


def test_a_return_goes_back_with_the_reason(cast: Any, api: Any, ind: SimpleNamespace):
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    submission = move(submission_of(ind.titles, cast.district_state, ind.y2023), "submit", actor=cast.bao)
    no_reason = api(cast.dung).post(
        f"{BASE}/submissions/{submission.pk}/transition/", {"action": "return", "version": 2}, format="json"
    )
    assert (no_reason.status_code, list(no_reason.json()["fields"])) == (400, ["reason"])
    returned = api(cast.dung).post(
        f"{BASE}/submissions/{submission.pk}/transition/",
        {"action": "return", "version": 2, "reason": "Thiếu số liệu"},
        format="json",
    )
    assert (returned.json()["state"], returned.json()["return_reason"]) == ("returned", "Thiếu số liệu")
    assert returned.json()["events"][-1]["reason"] == "Thiếu số liệu"


@pytest.mark.parametrize("who", ["olga", "tin"])
def test_strangers_get_404_for_a_units_figures_and_leave_no_trace(
    cast: Any, api: Any, ind: SimpleNamespace, who: str
):
    (actual,) = enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    submission = submission_of(ind.titles, cast.district_state, ind.y2023)
    before = (AuditEntry.objects.count(), Submission.objects.get().version)
    client = api(getattr(cast, who))
    for url in (f"{BASE}/actuals/{actual.pk}/", f"{BASE}/submissions/{submission.pk}/"):
        assert client.get(url).status_code == 404
    moved = client.post(
        f"{BASE}/submissions/{submission.pk}/transition/", {"action": "submit", "version": 1}, format="json"
    )
    assert (moved.status_code, moved.json()["code"]) == (404, "not_found")
    assert client.get(f"{BASE}/actuals/").json()["results"] == []
    assert (AuditEntry.objects.count(), Submission.objects.get().version) == before


def test_the_collecting_unit_reads_the_units_reporting_to_it_and_only_those(
    cast: Any, api: Any, ind: SimpleNamespace
):
    """The district's People's Committee is not under the department in the tree; it reports to
    it in the set. The department reads its values; a sibling reporter does not."""
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    enter(ind.titles, cast.info, ind.y2023, {ind.families: "50"}, actor=cast.tin)

    def units(who: str) -> set[int]:
        return {row["unit"] for row in api(getattr(cast, who)).get(f"{BASE}/actuals/").json()["results"]}

    assert units("dung") == {cast.district_state.pk, cast.info.pk}
    assert units("oanh") == {cast.district_state.pk, cast.info.pk}
    assert units("bao") == {cast.district_state.pk}
    assert units("tin") == {cast.info.pk}
    assert units("olga") == set()


def test_values_as_recorded_on_a_past_day_ignore_later_changes(cast: Any, api: Any, ind: SimpleNamespace):
    import datetime as dt
    from decimal import Decimal

    from mandate.indicators.services import actuals

    actuals.actuals_enter(
        actor=cast.bao,
        indicator_set=ind.titles,
        unit=cast.district_state,
        period=ind.y2023,
        entries=[actuals.ActualEntry(indicator=ind.families, value=Decimal(90))],
        on=dt.date(2023, 9, 15),
    )
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)

    then = api(cast.dung).get(f"{BASE}/actuals/", {"as_recorded_on": "2023-09-15"}).json()["results"]
    now = api(cast.dung).get(f"{BASE}/actuals/").json()["results"]
    before = api(cast.dung).get(f"{BASE}/actuals/", {"as_recorded_on": "2023-09-14"}).json()["results"]
    assert ([r["value"] for r in then], [r["value"] for r in now], before) == (["90"], ["96"], [])


def test_an_allocation_over_http_returns_the_shortfall_flag(cast: Any, api: Any, ind: SimpleNamespace):
    target(ind.titles, ind.families, cast.culture, ind.y2023, "1000")
    body = {
        "set": ind.titles.pk,
        "indicator": ind.families.pk,
        "unit": cast.culture.pk,
        "period": ind.y2023.pk,
        "targets": [{"unit": cast.district_state.pk, "value": "400"}, {"unit": cast.info.pk, "value": "500"}],
    }
    made = api(cast.dung).post(f"{BASE}/allocations/", body, format="json")
    assert made.status_code == 201, made.json()
    allocation = made.json()["allocation"]
    assert (allocation["status"], allocation["difference"], allocation["flagged"]) == (
        "shortfall",
        "-100",
        True,
    )
    refused = api(cast.tin).post(f"{BASE}/allocations/", body, format="json")
    assert refused.status_code == 403
    wrong = api(cast.dung).post(
        f"{BASE}/allocations/", {**body, "targets": [{"unit": cast.info.pk, "value": "x"}]}, format="json"
    )
    assert (wrong.status_code, list(wrong.json()["fields"])) == (400, ["targets.0.value"])
    district = Target.objects.get(unit=cast.district_state)
    revised = api(cast.dung).patch(
        f"{BASE}/targets/{district.pk}/",
        {"value": "450", "reason": "Bổ sung", "version": district.version},
        format="json",
    )
    assert revised.status_code == 200, revised.json()
    assert [r["change"] for r in revised.json()["revisions"]] == ["allocated", "revised"]


def test_the_catalogue_is_read_by_the_units_of_the_sets_and_not_by_others(
    cast: Any, api: Any, ind: SimpleNamespace
):
    codes = {row["code"] for row in api(cast.bao).get(f"{BASE}/").json()["results"]}
    assert codes == {"VH-GDVH", "VH-LVH", "VH-CHIEU"}
    assert api(cast.olga).get(f"{BASE}/").json()["results"] == []
    assert api(cast.olga).get(f"{BASE}/{ind.families.pk}/").status_code == 404
    detail = api(cast.bao).get(f"{BASE}/sets/{ind.titles.pk}/", {"on": "2023-06-30"}).json()
    assert {line["unit"] for line in detail["lines"]} == {cast.district_state.pk, cast.info.pk}
    assert detail["indicators"] == [ind.families.pk, ind.villages.pk]
