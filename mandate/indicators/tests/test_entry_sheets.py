"""The data-entry page's validation warnings and its Excel (issue 11, items 10, 11 and 12; ADR
0036, ADR 0038, ADR 0039): the open warnings of the unit and period beside the values that
raised them; the template download and the exports linked; the filled template uploaded through
a page form calling the importer service — applied, or every problem shown with the page; an
outsider's 404 and a reader's 403.

The world is ``ind`` (conftest.py): "GDVH-2023" collected by culture (dung), reported by
district_state (bao) and info (tin).
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.indicators.enums import RuleImportance
from mandate.indicators.models import Actual
from mandate.indicators.rule_templates import RuleSpec
from mandate.indicators.services import rules
from mandate.indicators.tests.factories import enter
from mandate.indicators.tests.sheets import fill, upload

pytestmark = pytest.mark.django_db


def _entry(ind: SimpleNamespace, unit: Any, period: str = "2023") -> str:
    return f"/indicators/sets/{ind.titles.pk}/entry/?unit={unit.pk}&period={period}"


def _import(ind: SimpleNamespace) -> str:
    return f"/indicators/sets/{ind.titles.pk}/entry/import/"


def _template(client: Any, ind: SimpleNamespace, unit: Any) -> bytes:
    url = f"/api/v1/indicators/sets/{ind.titles.pk}/periods/{ind.y2023.pk}/template.xlsx?unit={unit.pk}"
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _send(client: Any, ind: SimpleNamespace, unit: Any, content: bytes | None) -> Any:
    data: dict[str, Any] = {"unit": unit.pk, "period": "2023"}
    if content is not None:
        data["file"] = upload(content)
    return client.post(_import(ind), data)


def test_an_open_warning_is_shown_beside_the_value_that_raised_it(api, cast, ind):
    spec = RuleSpec("MAX", "#{VH-GDVH}", "≤", "100", RuleImportance.WARNING, "Quá lớn", "Too large")
    rules.rule_create(actor=cast.dung, indicator_set=ind.titles, spec=spec)
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "120"}, actor=cast.bao)
    response = api(cast.bao).get(_entry(ind, cast.district_state))
    body = response.content.decode()
    assert f'id="warnings-{ind.families.pk}"' in body
    assert "Quá lớn (vế trái: 120; vế phải: 100)" in body
    row = next(r for r in response.context["rows"] if r["indicator"] == ind.families)
    assert len(row["warnings"]) == 1
    cast.bao.language = "en"
    cast.bao.save(update_fields=["language"])
    english = api(cast.bao).get(_entry(ind, cast.district_state)).content.decode()
    assert "Too large (left side: 120; right side: 100)" in english
    # Info's page has no warning of the district's.
    assert "Quá lớn" not in api(cast.dung).get(_entry(ind, cast.info)).content.decode()


def test_the_page_links_the_template_and_the_exports(api, cast, ind):
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "80"}, actor=cast.bao)
    body = api(cast.bao).get(_entry(ind, cast.district_state)).content.decode()
    template = f"/api/v1/indicators/sets/{ind.titles.pk}/periods/{ind.y2023.pk}/template.xlsx?unit="
    assert template in body
    assert f"/api/v1/indicators/actuals/export.xlsx?set={ind.titles.pk}&amp;period={ind.y2023.pk}" in body
    assert "/api/v1/indicators/targets/export.xlsx" in body
    assert 'id="import-form"' in body and 'enctype="multipart/form-data"' in body
    # The collecting unit reads the values without entering them: exports only.
    collecting = api(cast.dung).get(_entry(ind, cast.district_state)).content.decode()
    assert 'id="export-values"' in collecting and 'id="import-form"' not in collecting


def test_a_filled_template_uploaded_from_the_page_enters_the_values(api, cast, ind):
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "80"}, actor=cast.bao)
    client = api(cast.bao)
    unit = cast.district_state.pk
    filled = fill(_template(client, ind, cast.district_state), {(unit, "VH-GDVH", None): {"value": 96}})
    response = _send(client, ind, cast.district_state, filled)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?unit={unit}&period=2023")
    assert Actual.objects.get(indicator=ind.families, unit=cast.district_state).value == Decimal(96)


def test_a_refused_file_shows_every_problem_with_the_page_and_enters_nothing(api, cast, ind):
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "80"}, actor=cast.bao)
    client = api(cast.bao)
    unit = cast.district_state.pk
    bad = fill(_template(client, ind, cast.district_state), {(unit, "VH-LVH", None): {"value": "mười hai"}})
    response = _send(client, ind, cast.district_state, bad)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="sheet-problem"' in body and "mười hai" in body
    assert not Actual.objects.filter(indicator=ind.villages).exists()
    missing = _send(client, ind, cast.district_state, None)
    assert missing.status_code == 400 and 'aria-invalid="true"' in missing.content.decode()


def test_an_upload_is_404_for_an_outsider_and_403_for_a_reader_who_does_not_enter(api, cast, ind):
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "80"}, actor=cast.bao)
    content = _template(api(cast.bao), ind, cast.district_state)
    assert _send(api(cast.olga), ind, cast.district_state, content).status_code == 404
    assert _send(api(cast.tin), ind, cast.district_state, content).status_code == 404  # a neighbour
    assert _send(api(cast.dung), ind, cast.district_state, content).status_code == 403
