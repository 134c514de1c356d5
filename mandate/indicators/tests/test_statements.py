"""Stated figures (ADR 0035): recomputed at the precision written and flagged when wrong; a
malformed number typed in is refused and one quoted from a source is kept, flagged; the list is
the unit's readers' and filters the flagged ones; every record is audited."""

from __future__ import annotations

from typing import Any

import pytest

from mandate.core.models import AuditEntry
from mandate.indicators.models import StatedFigure

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators/statements/"


def _post(client: Any, unit: Any, language: str = "vi", **body: Any) -> Any:
    return client.post(
        URL, {"unit": unit.pk, "period": "2023-C0915", **body}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )


def test_a_right_statement_is_not_flagged_and_a_wrong_one_is_with_the_computed_figure(cast: Any, api: Any):
    right = _post(api(cast.dung), cast.culture, text="90/69 = 130,4%")
    wrong = _post(api(cast.dung), cast.culture, text="578/454 = 127,6%")

    assert right.status_code == 201, right.json()
    assert (right.json()["verdict"], right.json()["flagged"], right.json()["reason"]) == ("ok", False, "")
    assert right.json()["computed_text"] == "130,4%"
    body = wrong.json()
    assert (body["verdict"], body["flagged"], body["computed"], body["places"]) == ("wrong", True, "127.3", 1)
    assert body["reason"] == "578 / 454 là 127,3%, không phải 127,6%."
    assert body["period_code"] == "2023-C0915"
    assert AuditEntry.objects.filter(action="indicators.statement_record").count() == 2


def test_numbers_given_apart_are_read_in_their_own_style(cast: Any, api: Any):
    vietnamese = _post(api(cast.dung), cast.culture, numerator="8.051", denominator="9.810", stated="82,07%")
    english = _post(
        api(cast.dung), cast.culture, numerator="8,051", denominator="9,810", stated="82.07%", language="en"
    )

    assert (vietnamese.json()["verdict"], vietnamese.json()["style"]) == ("ok", "vi")
    assert (english.json()["verdict"], english.json()["style"]) == ("ok", "en")
    assert english.json()["computed_text"] == "82.07%"
    assert vietnamese.json()["numerator"] == "8051"


def test_a_malformed_number_typed_in_is_refused_with_the_reason_and_nothing_is_kept(cast: Any, api: Any):
    audit = AuditEntry.objects.count()

    refused = _post(api(cast.dung), cast.culture, numerator="27.409", denominator="24.3200")
    as_text = _post(api(cast.dung), cast.culture, text="27.409/24.3200", language="en")

    assert refused.status_code == 400
    assert refused.json()["code"] == "malformed"
    assert "24.3200" in refused.json()["fields"]["denominator"][0]
    assert "“3200” has 4" in as_text.json()["fields"]["text"][0]
    assert (StatedFigure.objects.count(), AuditEntry.objects.count()) == (0, audit)


def test_a_malformed_statement_quoted_from_a_source_is_kept_and_flagged(cast: Any, api: Any):
    kept = _post(api(cast.dung), cast.culture, text="27.409/24.3200", quoted=True, source="Báo cáo 9 tháng")

    assert kept.status_code == 201, kept.json()
    body = kept.json()
    assert (body["verdict"], body["code"], body["flagged"], body["quoted"]) == (
        "malformed",
        "group_size",
        True,
        True,
    )
    assert "24.3200" in body["reason"]
    assert (body["numerator"], body["denominator"]) == ("27409", None)
    listed = api(cast.dung).get(URL, {"flagged": "true"}).json()["results"]
    assert [row["id"] for row in listed] == [body["id"]]


def test_text_that_is_no_statement_is_refused_even_quoted(cast: Any, api: Any):
    response = _post(api(cast.dung), cast.culture, text="đạt kết quả tốt", quoted=True)

    assert response.status_code == 400
    assert "text" in response.json()["fields"]


def test_the_list_is_the_units_readers_and_filters_the_flagged(cast: Any, api: Any):
    right = _post(api(cast.bao), cast.district_state, text="27/30").json()
    wrong = _post(api(cast.bao), cast.district_state, text="578/454 = 127,6%").json()

    everything = {row["id"] for row in api(cast.bao).get(URL).json()["results"]}
    flagged = {row["id"] for row in api(cast.van).get(URL, {"flagged": "true"}).json()["results"]}

    assert everything == {right["id"], wrong["id"]}
    assert flagged == {wrong["id"]}
    assert api(cast.olga).get(URL).json()["results"] == []
    assert api(cast.olga).get(f"{URL}{wrong['id']}/").status_code == 404
    assert api(cast.tin).get(f"{URL}{wrong['id']}/").status_code == 404
    assert api(cast.van).get(f"{URL}{wrong['id']}/").status_code == 200


def test_only_writers_of_the_units_scope_record_its_figures(cast: Any, api: Any):
    outsider = _post(api(cast.olga), cast.culture, text="90/69 = 130,4%")
    viewer = _post(api(cast.vera), cast.culture, text="90/69 = 130,4%")

    assert (outsider.status_code, viewer.status_code) == (403, 403)
    assert not StatedFigure.objects.exists()
