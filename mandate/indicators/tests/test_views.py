"""The indicator pages through HTTP (issue 11, item 12): the catalogue, the indicator page, data
entry, the approval queue and the allocation screen — each one's success, its refusals shown in
the page with what was typed, an outsider's 404, and the steps offered only to whom the policy
allows them.

The world is ``ind`` (conftest.py): the set "GDVH-2023" collected by culture (dung leads it),
reported by district_state (bao) and info (tin), one approval level.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from mandate.indicators.models import Actual, Allocation, Submission, Target
from mandate.indicators.tests.factories import enter, move, submission_of, target

pytestmark = pytest.mark.django_db


def _entry(ind, unit=None, period="2023"):
    url = f"/indicators/sets/{ind.titles.pk}/entry/?period={period}"
    return url + (f"&unit={unit.pk}" if unit is not None else "")


def _transition(submission):
    return f"/indicators/submissions/{submission.pk}/transition/"


def _body(response):
    return response.content.decode()


@pytest.fixture
def figures(cast, ind):
    """Targets for 2023 (culture 200, district 100, info 50); the district's 80 (explained: it is
    more than 10 points below its target) and info's 50, both drafts."""
    target(ind.titles, ind.families, cast.culture, ind.y2023, "200")
    target(ind.titles, ind.families, cast.district_state, ind.y2023, "100")
    target(ind.titles, ind.families, cast.info, ind.y2023, "50")
    values = {ind.families: "80"}
    enter(ind.titles, cast.district_state, ind.y2023, values, actor=cast.bao, explanation="Mưa bão")
    enter(ind.titles, cast.info, ind.y2023, {ind.families: "50"}, actor=cast.tin)
    return ind


# --- the catalogue -----------------------------------------------------------------------------


def test_the_catalogue_lists_the_readers_sets_and_definitions_in_few_queries(
    api, cast, ind, django_assert_max_num_queries
):
    client = api(cast.dung)
    client.get("/indicators/")  # warm the reader's scopes
    with django_assert_max_num_queries(14):
        response = client.get("/indicators/")
    body = _body(response)
    assert response.status_code == 200
    assert "GDVH-2023" in body and "CHAIN-2023" in body
    assert "Số hộ đạt danh hiệu Gia đình văn hóa" in body
    assert f'href="/indicators/sets/{ind.titles.pk}/entry/"' in body
    assert 'aria-current="page"' in body and "/indicators/" in body  # the menu's entry, current


def test_an_outsider_sees_no_set_in_the_catalogue(api, cast, ind):
    body = _body(api(cast.olga).get("/indicators/"))
    assert "GDVH-2023" not in body and "VH-GDVH" not in body


def test_the_catalogue_is_in_english_for_an_english_reader(api, cast, ind):
    cast.dung.language = "en"
    cast.dung.save(update_fields=["language"])
    body = _body(api(cast.dung).get("/indicators/"))
    assert "Cultural families" in body and "Indicator sets" in body


# --- the indicator page ------------------------------------------------------------------------


def test_the_indicator_page_shows_target_and_actual_by_unit_the_league_and_the_chart_data(api, cast, figures):
    response = api(cast.dung).get(f"/indicators/{figures.families.pk}/?set={figures.titles.pk}&period=2023")
    body = _body(response)
    assert response.status_code == 200
    league = [(row.rank, row.unit.name) for row in response.context["figures"].league]
    assert league == [(1, "Sở Thông tin và Truyền thông"), (2, "Ủy ban nhân dân huyện Mẫu")]
    assert response.context["figures"].total.numerator == Decimal(130)
    assert "86,67%" in body  # 130 / 150, rounded half up
    assert "80,00%" in body and "100,00%" in body
    assert 'id="unit-chart-data" type="application/json"' in body
    assert 'id="time-chart-data"' in body
    assert "<script>" not in body.replace('<script src="', "")  # no inline script
    assert "chart.umd.min.js" in body


def test_the_indicator_page_writes_numbers_as_the_readers_language_does(api, cast, figures):
    url = f"/indicators/{figures.families.pk}/?set={figures.titles.pk}&period=2023"
    vietnamese = _body(api(cast.dung).get(url))
    assert "130 trên 150, 86,67%" in vietnamese
    cast.dung.language = "en"
    cast.dung.save(update_fields=["language"])
    english = _body(api(cast.dung).get(url))
    assert "130 of 150, 86.67%" in english
    assert "Target and actual by unit" in english and "League table" in english


def test_a_district_reads_its_own_figures_and_not_its_neighbours(api, cast, figures):
    response = api(cast.bao).get(f"/indicators/{figures.families.pk}/?set={figures.titles.pk}&period=2023")
    names = [row.unit.name for row in response.context["figures"].units]
    assert names == ["Ủy ban nhân dân huyện Mẫu"]


def test_the_indicator_page_is_404_for_an_outsider(api, cast, figures):
    assert api(cast.olga).get(f"/indicators/{figures.families.pk}/").status_code == 404


def test_a_bad_period_code_is_shown_with_its_message(api, cast, figures):
    response = api(cast.dung).get(
        f"/indicators/{figures.families.pk}/?set={figures.titles.pk}&period=2023-Q9"
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in _body(response)
    assert "2023-Q9" in _body(response)


# --- data entry --------------------------------------------------------------------------------


def test_a_district_enters_a_value_written_the_vietnamese_way(api, cast, ind):
    client = api(cast.bao)
    page = client.get(_entry(ind))
    assert page.status_code == 200
    assert page.context["unit"] == cast.district_state  # the unit he acts for, by default
    assert page.context["editable"]

    response = client.post(
        f"/indicators/sets/{ind.titles.pk}/entry/",
        {"unit": cast.district_state.pk, "period": "2023", f"v{ind.families.pk}": "8.051"},
    )
    assert response.status_code == 302
    actual = Actual.objects.get(unit=cast.district_state, indicator=ind.families)
    assert actual.value == Decimal(8051)
    assert "8.051" in _body(client.get(response["Location"]))


def test_a_malformed_number_is_refused_inline_and_what_was_typed_stays(api, cast, ind):
    response = api(cast.bao).post(
        f"/indicators/sets/{ind.titles.pk}/entry/",
        {
            "unit": cast.district_state.pk,
            "period": "2023",
            f"v{ind.families.pk}": "24.3200",
            f"e{ind.families.pk}": "Ghi chú",
        },
    )
    body = _body(response)
    assert response.status_code == 400
    assert 'value="24.3200"' in body and "Ghi chú" in body
    assert f'id="id_v{ind.families.pk}-error"' in body
    assert not Actual.objects.exists()


def test_a_service_refusal_is_shown_next_to_its_value(api, cast, ind):
    response = api(cast.bao).post(
        f"/indicators/sets/{ind.titles.pk}/entry/",
        {"unit": cast.district_state.pk, "period": "2023", f"v{ind.families.pk}": "12,5"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors[f"v{ind.families.pk}"]  # whole numbers only
    assert 'value="12,5"' in _body(response)


def test_a_stale_edit_is_refused_with_who_changed_it(api, cast, ind):
    (actual,) = enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "10"}, actor=cast.bao)
    stale = actual.version
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "11"}, actor=cast.bao)
    response = api(cast.bao).post(
        f"/indicators/sets/{ind.titles.pk}/entry/",
        {
            "unit": cast.district_state.pk,
            "period": "2023",
            f"v{ind.families.pk}": "12",
            f"ver{ind.families.pk}": stale,
        },
    )
    assert response.status_code == 409
    assert "bao" in _body(response) and 'value="12"' in _body(response)
    assert Actual.objects.get(pk=actual.pk).value == Decimal(11)


def test_a_locked_value_is_read_only_with_its_reason_and_refused(api, cast, figures):
    submission = submission_of(figures.titles, cast.district_state, figures.y2023)
    move(submission, "submit", actor=cast.bao)
    move(submission, "accept", actor=cast.dung)
    client = api(cast.bao)
    page = client.get(_entry(figures))
    body = _body(page)
    assert not page.context["editable"]
    assert 'id="locked-reason"' in body and "dung" in body
    assert re.search(rf'name="v{figures.families.pk}"[^>]*disabled', body)
    refused = client.post(
        f"/indicators/sets/{figures.titles.pk}/entry/",
        {
            "unit": cast.district_state.pk,
            "period": "2023",
            f"v{figures.families.pk}": "99",
            f"ver{figures.families.pk}": 1,
        },
    )
    assert refused.status_code == 409
    assert Actual.objects.get(unit=cast.district_state, indicator=figures.families).value == Decimal(80)


def test_entry_is_404_for_an_outsider_and_for_a_neighbours_unit(api, cast, ind):
    assert api(cast.olga).get(_entry(ind)).status_code == 404
    assert api(cast.bao).get(_entry(ind, unit=cast.info)).status_code == 404
    posted = api(cast.bao).post(
        f"/indicators/sets/{ind.titles.pk}/entry/",
        {"unit": cast.info.pk, "period": "2023", f"v{ind.families.pk}": "1"},
    )
    assert posted.status_code == 404


def test_the_collecting_unit_reads_a_districts_values_without_a_form_to_change_them(api, cast, figures):
    page = api(cast.dung).get(_entry(figures, unit=cast.district_state))
    assert page.status_code == 200
    assert not page.context["editable"]
    assert [m["name"] for m in page.context["moves"]] == []  # a draft: nothing for the collector


def test_the_steps_offered_follow_the_policy(api, cast, figures):
    assert [m["name"] for m in api(cast.bao).get(_entry(figures)).context["moves"]] == ["submit"]
    move(submission_of(figures.titles, cast.district_state, figures.y2023), "submit", actor=cast.bao)
    assert [m["name"] for m in api(cast.bao).get(_entry(figures)).context["moves"]] == []
    leader = api(cast.dung).get(_entry(figures, unit=cast.district_state))
    assert [m["name"] for m in leader.context["moves"]] == ["return", "accept"]
    official = api(cast.oanh).get(_entry(figures, unit=cast.district_state))
    assert [m["name"] for m in official.context["moves"]] == []  # not a leader
    move(submission_of(figures.titles, cast.district_state, figures.y2023), "accept", actor=cast.dung)
    assert [
        m["name"] for m in api(cast.dung).get(_entry(figures, unit=cast.district_state)).context["moves"]
    ] == ["unlock"]
    assert [m["name"] for m in api(cast.bao).get(_entry(figures)).context["moves"]] == []


# --- the steps ---------------------------------------------------------------------------------


def test_submit_then_accept_through_the_pages(api, cast, figures):
    submission = submission_of(figures.titles, cast.district_state, figures.y2023)
    sent = api(cast.bao).post(_transition(submission), {"action": "submit", "version": submission.version})
    assert sent.status_code == 302
    submission.refresh_from_db()
    accepted = api(cast.dung).post(
        _transition(submission), {"action": "accept", "version": submission.version, "next": "queue"}
    )
    assert accepted.status_code == 302 and accepted["Location"] == "/indicators/queue/"
    submission.refresh_from_db()
    assert submission.state == "accepted"


def test_a_return_without_a_reason_is_refused_inline(api, cast, figures):
    submission = move(
        submission_of(figures.titles, cast.district_state, figures.y2023), "submit", actor=cast.bao
    )
    response = api(cast.dung).post(
        _transition(submission), {"action": "return", "version": submission.version}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in _body(response)
    submission.refresh_from_db()
    assert submission.state == "submitted"


def test_a_value_far_below_its_target_needs_an_explanation_shown_beside_it(api, cast, ind):
    target(ind.titles, ind.families, cast.district_state, ind.y2023, "100")
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "50"}, actor=cast.bao)
    submission = submission_of(ind.titles, cast.district_state, ind.y2023)
    response = api(cast.bao).post(
        _transition(submission), {"action": "submit", "version": submission.version}
    )
    assert response.status_code == 400
    assert f"e{ind.families.pk}" in response.context["form"].errors


def test_a_step_the_side_may_not_take_is_403_and_an_outsiders_is_404(api, cast, figures):
    submission = move(
        submission_of(figures.titles, cast.district_state, figures.y2023), "submit", actor=cast.bao
    )
    assert (
        api(cast.bao)
        .post(_transition(submission), {"action": "accept", "version": submission.version})
        .status_code
        == 403
    )
    assert (
        api(cast.olga)
        .post(_transition(submission), {"action": "accept", "version": submission.version})
        .status_code
        == 404
    )
    assert Submission.objects.get(pk=submission.pk).state == "submitted"


def test_a_stale_step_is_refused_with_409(api, cast, figures):
    submission = move(
        submission_of(figures.titles, cast.district_state, figures.y2023), "submit", actor=cast.bao
    )
    response = api(cast.dung).post(
        _transition(submission), {"action": "accept", "version": submission.version - 1}
    )
    assert response.status_code == 409
    assert 'id="problem"' in _body(response)


# --- the queue ---------------------------------------------------------------------------------


def test_the_queue_lists_what_awaits_the_reader_in_few_queries(
    api, cast, figures, django_assert_max_num_queries
):
    for unit, actor in ((cast.district_state, cast.bao), (cast.info, cast.tin)):
        move(submission_of(figures.titles, unit, figures.y2023), "submit", actor=actor)
    client = api(cast.dung)
    client.get("/indicators/queue/")
    with django_assert_max_num_queries(14):
        response = client.get("/indicators/queue/")
    assert [item["submission"].unit for item in response.context["items"]] == [cast.district_state, cast.info]
    assert [m["name"] for m in response.context["items"][0]["moves"]] == ["return", "accept"]
    assert api(cast.bao).get("/indicators/queue/").context["items"] == []


# --- allocation --------------------------------------------------------------------------------


def _allocation(ind, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/indicators/sets/{ind.titles.pk}/allocation/?{query}"


def test_an_allocation_short_of_the_parents_target_is_flagged_with_the_shortfall(api, cast, ind):
    target(ind.titles, ind.families, cast.culture, ind.y2023, "200")
    client = api(cast.dung)
    response = client.post(
        f"/indicators/sets/{ind.titles.pk}/allocation/",
        {
            "indicator": ind.families.pk,
            "unit": cast.culture.pk,
            "period": "2023",
            f"t{cast.district_state.pk}": "100",
            f"t{cast.info.pk}": "50",
        },
    )
    assert response.status_code == 302
    assert Allocation.objects.get().status == "shortfall"
    page = client.get(response["Location"])
    body = _body(page)
    assert page.context["flagged"] and page.context["shortfall"] == Decimal(50)
    assert 'id="allocation-check"' in body and "150" in body and "50" in body


def test_allocation_refusals_stay_in_the_form(api, cast, ind):
    response = api(cast.dung).post(
        f"/indicators/sets/{ind.titles.pk}/allocation/",
        {"indicator": ind.families.pk, "unit": cast.culture.pk, "period": "2023", f"t{cast.info.pk}": "5x"},
    )
    assert response.status_code == 400
    assert 'value="5x"' in _body(response)
    assert not Target.objects.exists()


def test_allocation_is_read_only_for_a_reader_who_does_not_allocate_and_404_for_others(api, cast, ind):
    target(ind.titles, ind.families, cast.culture, ind.y2023, "200")
    page = api(cast.vera).get(
        _allocation(ind, indicator=ind.families.pk, unit=cast.culture.pk, period="2023")
    )
    assert page.status_code == 200 and not page.context["may_allocate"]
    denied = api(cast.vera).post(
        f"/indicators/sets/{ind.titles.pk}/allocation/",
        {"indicator": ind.families.pk, "unit": cast.culture.pk, "period": "2023", f"t{cast.info.pk}": "5"},
    )
    assert denied.status_code == 403
    assert api(cast.bao).get(_allocation(ind, unit=cast.culture.pk)).status_code == 404
    assert api(cast.olga).get(_allocation(ind)).status_code == 404


# --- query counts ------------------------------------------------------------------------------


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mandate.people import scopes

    scopes.clear_shared_cache()  # a cold request: the scope's own queries are counted too
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _more_districts(cast, ind, numbers):
    import datetime as dt

    from mandate.indicators.services import catalogue
    from mandate.organisations.tests.factories import UnitFactory

    for number in numbers:
        unit = UnitFactory.create(parent=cast.district, name=f"Xã {number}", kind="state", level="commune")
        catalogue.reporting_lines_add(
            actor=None, indicator_set=ind.titles, lines=[(unit, cast.culture)], valid_from=dt.date(2023, 1, 1)
        )
        target(ind.titles, ind.families, unit, ind.y2023, "10")
        enter(ind.titles, unit, ind.y2023, {ind.families: str(10 + number)})
        move(submission_of(ind.titles, unit, ind.y2023), "submit")


def test_the_list_pages_query_count_does_not_grow_with_units(api, cast, figures):
    client = api(cast.dung)
    urls = [
        "/indicators/",
        "/indicators/queue/",
        f"/indicators/{figures.families.pk}/?set={figures.titles.pk}&period=2023",
        _entry(figures, unit=cast.district_state),
        _allocation(figures, indicator=figures.families.pk, unit=cast.culture.pk, period="2023"),
    ]
    _more_districts(cast, figures, range(1, 3))
    few = [_queries(client, url) for url in urls]
    _more_districts(cast, figures, range(3, 9))
    many = [_queries(client, url) for url in urls]
    assert many == few
    assert len(api(cast.dung).get("/indicators/queue/").context["items"]) == 8


def test_a_ratio_is_entered_as_numerator_and_denominator_and_shown_as_its_percentage(api, cast):
    from mandate.indicators.enums import IndicatorKind, Measure
    from mandate.indicators.tests.factories import make_indicator, make_set, year

    admitted = make_indicator(
        cast.culture,
        "DV-KN-TL",
        name="Tỷ lệ kết nạp đảng viên",
        kind=IndicatorKind.RATIO,
        measure=Measure.PERCENT,
        factor=Decimal(100),
        numerator_label="Số đảng viên được kết nạp",
        denominator_label="Chỉ tiêu kết nạp",
        decimals=0,
    )
    party = make_set(cast.culture, [admitted], code="XDD-2023", lines=[(cast.district_state, cast.culture)])
    year(2023)
    response = api(cast.bao).post(
        f"/indicators/sets/{party.pk}/entry/",
        {
            "unit": cast.district_state.pk,
            "period": "2023",
            f"n{admitted.pk}": "8.051",
            f"d{admitted.pk}": "9.810",
        },
    )
    assert response.status_code == 302
    actual = Actual.objects.get(indicator=admitted)
    assert (actual.numerator, actual.denominator, actual.value) == (
        Decimal(8051),
        Decimal(9810),
        Decimal("82.0693"),
    )
    body = _body(api(cast.bao).get(response["Location"]))
    assert 'value="8.051"' in body and 'value="9.810"' in body
    assert "Số đảng viên được kết nạp" in body
    page = api(cast.dung).get(f"/indicators/{admitted.pk}/?set={party.pk}&period=2023")
    assert page.context["figures"].rate == Decimal("82.07")  # Σ numerators / Σ denominators
    assert page.context["figures"].total is None  # percentages are never added up
    assert "82,07" in _body(page)
