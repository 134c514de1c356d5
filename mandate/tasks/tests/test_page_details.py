"""Small things on the task pages that together looked careless (issue 10 §8): the extended
deadline said once, coordinating units apart from those assigned, a person listed once in the
lead-person picker, a state said once on a row, and the error pages' way back."""

import datetime as dt
import re

import pytest

from mandate.people import services as people_services
from mandate.tasks.services import assignment, progress


@pytest.fixture
def directive(cast, make_document):
    return make_document("24-CT/TU", cast.city_party, issued_on=dt.date(2023, 1, 5))


@pytest.fixture
def task(cast, directive):
    return assignment.task_assign(
        actor=cast.van, document=directive, content="Tổ chức tuyên truyền Chỉ thị 24",
        lead_unit=cast.culture, assigner_unit=cast.party_office, coordinating_units=[cast.info],
        working_days=10,
    )  # fmt: skip


def _deadline_block(html):
    found = re.search(r"<dt[^>]*>Thời hạn</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S)
    assert found is not None
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_an_extended_deadline_names_the_working_days_beside_the_original_one(client, cast, task):
    client.force_login(cast.dung)
    before = _deadline_block(client.get(f"/tasks/{task.pk}/").content.decode())
    assigned = task.assigned_on.strftime("%d/%m/%Y")
    assert before == f"{task.deadline_on:%d/%m/%Y} 10 ngày làm việc kể từ {assigned}"

    request = progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=task.deadline_on + dt.timedelta(days=18),
        reason="Chờ",
    )  # fmt: skip
    task.refresh_from_db()
    progress.extension_decide(actor=cast.chanh, request=request, approve=True, expected_version=task.version)
    task.refresh_from_db()

    after = _deadline_block(client.get(f"/tasks/{task.pk}/").content.decode())
    assert after == (
        f"{task.deadline_on:%d/%m/%Y} Thời hạn ban đầu: {task.original_deadline_on:%d/%m/%Y} "
        f"(10 ngày làm việc kể từ {assigned})"
    )


def test_the_document_page_lists_coordinating_units_apart_from_the_assigned(client, cast, task, directive):
    client.force_login(cast.van)

    html = client.get(f"/documents/{directive.pk}/").content.decode()

    lead = re.search(r'id="recipients-lead">(.*?)</dd>', html, re.S)
    coordinating = re.search(r'id="recipients-coordinating">(.*?)</dd>', html, re.S)
    assert lead is not None and coordinating is not None
    assert lead.group(1).strip() == "Sở Văn hóa và Thể thao"
    assert coordinating.group(1).strip() == "Sở Thông tin và Truyền thông"
    assert "Sở Thông tin và Truyền thông" not in lead.group(1)


def test_a_person_with_two_positions_is_listed_once_in_the_lead_person_picker(client, cast, directive):
    people_services.position_assign(
        actor=None, person=cast.dung.person, unit=cast.culture_party, title="Bí thư Đảng ủy", role="leader",
        valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    client.force_login(cast.van)

    response = client.get(
        f"/documents/{directive.pk}/assign/",
        {"part": "lead_person", "lead_units": [cast.culture.pk]},
        HTTP_HX_REQUEST="true",
    )

    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', response.content.decode())
    dung = [label for value, label in options if value == str(cast.dung.person.pk)]
    assert dung == ["Giám Đốc Dũng — Giám đốc; Bí thư Đảng ủy, Đảng ủy Sở Văn hóa và Thể thao"]


def test_a_task_in_progress_says_its_state_once_on_a_row(client, cast, task):
    from mandate.tasks.services import lifecycle

    lifecycle.task_transition(actor=cast.dung, task=task, action="start", expected_version=task.version)
    client.force_login(cast.dung)

    html = client.get("/tasks/").content.decode()

    rows = [row for row in html.split("<tr") if f'href="/tasks/{task.pk}/"' in row]
    assert len(rows) == 1
    assert rows[0].count("Đang thực hiện") == 1


@pytest.mark.parametrize("url", ["/tasks/999999/", "/documents/999999/"])
def test_an_error_page_offers_the_way_back(client, cast, url):
    client.force_login(cast.dung)

    response = client.get(url, HTTP_REFERER="http://testserver/tasks/?q=x")

    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="card-body"' in html
    assert 'href="/tasks/?q=x"' in html
    assert "Quay lại trang trước" in html
    foreign = client.get(url, HTTP_REFERER="https://evil.example/tasks/").content.decode()
    assert "evil.example" not in foreign and "Quay lại trang trước" not in foreign


def test_the_locked_out_page_leads_back_to_sign_in(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/accounts/login/", {"username": "dung", "password": "sai"})
    response = client.post("/accounts/login/", {"username": "dung", "password": "sai"})
    assert response.status_code == 429
    assert 'href="/accounts/login/"' in response.content.decode()
