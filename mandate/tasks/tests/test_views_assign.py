"""The assignment page of a document through HTTP: one task per lead unit, the deadline as a
date or as working days (and its preview), input kept on every refusal, 403 for whoever may not
assign, 404 for strangers."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from mandate.core.models import AuditEntry
from mandate.core.workdays import add_working_days
from mandate.tasks.models import Task


@pytest.fixture
def directive(cast, make_document):
    return make_document("24-CT/TU", cast.city_party, issued_on=dt.date(2023, 1, 5))


@pytest.fixture
def assign_url(directive):
    return f"/documents/{directive.pk}/assign/"


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def valid(cast):
    return {
        "content": "Tuyên truyền Chỉ thị 24 đến cán bộ, đảng viên",
        "lead_units": [cast.culture.pk, cast.info.pk],
        "assigner_unit": cast.party_office.pk,
        "kind": "deadline",
        "working_days": "10",
        "expected_product": "Báo cáo kết quả",
        "urgency": "urgent",
        "weight": "2,5",
    }


def body(response):
    return response.content.decode()


def test_the_page_offers_the_units_of_the_write_scope_and_the_units_he_signs_for(cast, signed_in, assign_url):
    response = signed_in(cast.van).get(assign_url)

    assert response.status_code == 200
    html = body(response)
    assert "24-CT/TU" in html
    for unit in (cast.culture, cast.info, cast.district_state):
        assert f'<option value="{unit.pk}">' in html
    assert str(cast.outsider_state.pk) not in html.split('id="id_lead_units"')[1].split("</select>")[0]
    # van signs for his office and, by its declared delegation, for the Standing Committee; never
    # for the City Party Committee above them.
    assigners = html.split('id="id_assigner_unit"')[1].split("</select>")[0]
    offered = set(re.findall(r'<option value="(\d+)"', assigners))
    assert offered == {str(cast.party_office.pk), str(cast.standing.pk)}
    assert 'data-filter-for="id_lead_units"' in html
    assert "/static/js/unit-filter.js" in html
    assert 'hx-get="/tasks/deadline-preview/"' in html


def test_several_lead_units_get_one_task_each_with_the_deadline_in_working_days(
    cast, signed_in, assign_url, valid, directive
):
    response = signed_in(cast.van).post(assign_url, valid)

    assert response.status_code == 302
    tasks = list(Task.objects.filter(document=directive).order_by("id"))
    assert [t.lead_unit for t in tasks] == [cast.culture, cast.info]
    expected = add_working_days(timezone.localdate(), 10)
    assert {(t.deadline_on, t.working_days, t.urgency, str(t.weight)) for t in tasks} == {
        (expected, 10, "urgent", "2.50")
    }
    assert response["Location"] == f"/documents/{directive.pk}/"


def test_a_deadline_date_and_a_lead_person(cast, signed_in, assign_url, valid, directive):
    response = signed_in(cast.van).post(
        assign_url,
        {**valid, "lead_units": [cast.culture.pk], "working_days": "", "deadline_on": "30/06/2031",
         "lead_person": cast.oanh.person.pk, "coordinating_units": [cast.info.pk]},
    )  # fmt: skip

    assert response.status_code == 302
    task = Task.objects.get(document=directive)
    assert (task.deadline_on, task.lead_person, [c.unit for c in task.coordinators.all()]) == (
        dt.date(2031, 6, 30), cast.oanh.person, [cast.info],
    )  # fmt: skip


def test_a_form_error_keeps_every_typed_value(cast, signed_in, assign_url, valid):
    response = signed_in(cast.van).post(assign_url, {**valid, "lead_units": [], "working_days": "10"})

    assert response.status_code == 400
    html = body(response)
    assert 'id="form-problem"' in html
    assert 'id="id_lead_units_error"' in html
    assert "Tuyên truyền Chỉ thị 24 đến cán bộ, đảng viên</textarea>" in html
    assert 'value="10"' in html
    assert 'value="2,5"' in html
    assert '<option value="urgent" selected>' in html
    assert Task.objects.count() == 0


def test_a_refusal_of_the_service_is_shown_next_to_its_fields_with_the_input_kept(
    cast, signed_in, assign_url, valid
):
    both = signed_in(cast.van).post(assign_url, {**valid, "deadline_on": "30/06/2031"})

    assert both.status_code == 400
    html = body(both)
    assert "Nhập ngày hết thời hạn hoặc số ngày làm việc (chỉ một trong hai)." in html
    assert 'id="id_deadline_on_error"' in html and 'id="id_working_days_error"' in html
    assert f'<option value="{cast.culture.pk}" selected>' in html
    assert f'<option value="{cast.info.pk}" selected>' in html

    wrong_person = signed_in(cast.van).post(assign_url, {**valid, "lead_person": cast.tin.person.pk})
    assert wrong_person.status_code == 400  # tin does not work in culture, one of the lead units
    assert 'id="id_lead_person_error"' in body(wrong_person)
    assert Task.objects.count() == 0


def test_a_date_not_written_as_dd_mm_yyyy_is_refused_in_the_users_language(
    cast, signed_in, assign_url, valid
):
    cast.van.language = "en"
    cast.van.save(update_fields=["language"])
    client = signed_in(cast.van)
    client.post("/accounts/language/", {"language": "en", "next": "/"})

    response = client.post(assign_url, {**valid, "working_days": "", "deadline_on": "2031-31-12"})

    assert response.status_code == 400
    assert "Write the date as dd/mm/yyyy." in body(response)
    assert "Lead unit (choose several to give each its own task)" in body(response)


def test_the_preview_button_computes_the_deadline_without_saving(cast, signed_in, assign_url, valid):
    response = signed_in(cast.van).post(assign_url, {**valid, "preview": "1"})

    assert response.status_code == 200
    html = body(response)
    assert add_working_days(timezone.localdate(), 10).strftime("%d/%m/%Y") in html
    assert "Tuyên truyền Chỉ thị 24 đến cán bộ, đảng viên</textarea>" in html
    assert 'id="form-problem"' not in html
    assert Task.objects.count() == 0


def test_the_deadline_preview_counts_working_days(cast, signed_in):
    client = signed_in(cast.van)
    response = client.get("/tasks/deadline-preview/", {"working_days": 3, "start": "27/04/2024"})
    # Across the holidays of 30/04 and 01/05.
    assert response.status_code == 200
    assert add_working_days(dt.date(2024, 4, 27), 3).strftime("%d/%m/%Y") in body(response)
    assert client.get("/tasks/deadline-preview/", {"working_days": 5000}).status_code == 200
    assert "1000" in body(client.get("/tasks/deadline-preview/", {"working_days": 5000}))
    assert body(client.get("/tasks/deadline-preview/", {"working_days": ""})).strip() == ""


def test_the_lead_persons_follow_the_chosen_lead_units(cast, signed_in, assign_url):
    response = signed_in(cast.van).get(
        assign_url, {"part": "lead_person", "lead_units": [cast.culture.pk]}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = body(response)
    assert html.startswith('<div id="lead-person-field">')
    assert "Chuyên Viên Oanh" in html and "Giám Đốc Dũng" in html
    assert "Giám Đốc Tín" not in html


def test_an_official_may_read_the_page_but_not_assign(cast, signed_in, assign_url, valid, make_document):
    plan = make_document("47-KH/ĐU", cast.culture_party)
    own = f"/documents/{plan.pk}/assign/"
    client = signed_in(cast.oanh)

    response = client.get(own)
    assert response.status_code == 200
    assert 'id="cannot-assign"' in body(response)
    assert '<form method="post" novalidate' not in body(response)

    before = AuditEntry.objects.count()
    refused = client.post(
        own, {**valid, "lead_units": [cast.culture_office.pk], "assigner_unit": cast.culture_office.pk}
    )
    assert refused.status_code == 403
    assert (Task.objects.count(), AuditEntry.objects.count()) == (0, before)


def test_a_leader_assigns_within_his_department(cast, signed_in, make_document):
    plan = make_document("47-KH/ĐU", cast.culture_party)
    response = signed_in(cast.dung).post(
        f"/documents/{plan.pk}/assign/",
        {"content": "Kiểm tra", "lead_units": [cast.culture_office.pk], "assigner_unit": cast.culture.pk,
         "kind": "deadline", "deadline_on": "31/12/2031", "urgency": "normal"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Task.objects.get().assigner_unit == cast.culture


def test_strangers_get_404_and_nothing_is_assigned(cast, signed_in, assign_url, valid, client):
    for stranger in (cast.olga, cast.bao, cast.tin):
        signed_in(stranger)
        assert client.get(assign_url).status_code == 404
        assert client.post(assign_url, valid).status_code == 404
        client.logout()
    assert Task.objects.count() == 0
