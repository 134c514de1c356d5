import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.tasks.models import Task

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def payload(cast, programme):
    return {
        "document": programme.pk,
        "content": "Tuyên truyền Chỉ thị 24",
        "lead_unit": cast.culture.pk,
        "coordinating_units": [cast.info.pk],
        "assigner_unit": cast.party_office.pk,
        "deadline_on": "2031-04-30",
        "expected_product": "Báo cáo",
    }


def test_assign_read_and_list(cast, api, payload):
    created = api(cast.van).post("/api/v1/tasks/", payload, format="json")
    assert created.status_code == 201, created.json()
    task_id = created.json()[0]["id"]

    detail = api(cast.oanh).get(f"/api/v1/tasks/{task_id}/").json()
    assert detail["lead_unit_name"] == "Sở Văn hóa và Thể thao"
    assert detail["allowed_actions"] == ["progress", "report_done", "start"]
    assert [row["id"] for row in api(cast.tin).get("/api/v1/tasks/").json()["results"]] == [
        task_id
    ]  # coordinator
    assert api(cast.bao).get(f"/api/v1/tasks/{task_id}/").status_code == 404


def test_one_task_per_lead_unit(cast, api, payload):
    both = api(cast.van).post("/api/v1/tasks/", {**payload, "lead_units": [cast.culture.pk]}, format="json")
    none = api(cast.van).post(
        "/api/v1/tasks/", {k: v for k, v in payload.items() if k != "lead_unit"}, format="json"
    )
    many = api(cast.van).post(
        "/api/v1/tasks/",
        {**{k: v for k, v in payload.items() if k not in ("lead_unit", "coordinating_units")},
         "lead_units": [cast.culture.pk, cast.info.pk]},
        format="json",
    )  # fmt: skip

    assert (both.status_code, none.status_code, many.status_code) == (400, 400, 201)
    assert "lead_unit" in both.json()["fields"]
    assert [t["lead_unit"] for t in many.json()] == [cast.culture.pk, cast.info.pk]


def test_a_document_out_of_scope_in_the_body_is_not_found(cast, api, payload, make_document):
    foreign = make_document("3/KH-UBND", cast.outsider_state)
    response = api(cast.van).post("/api/v1/tasks/", {**payload, "document": foreign.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["document"] == ["Không tìm thấy."]


def test_the_whole_loop_through_the_api(cast, api, payload):
    task_id = api(cast.van).post("/api/v1/tasks/", payload, format="json").json()[0]["id"]
    url = f"/api/v1/tasks/{task_id}"

    files = [SimpleUploadedFile("bc.pdf", PDF)]
    report = api(cast.oanh).post(
        f"{url}/progress/", {"percent": 30, "text": "Đã triển khai", "files": files}, format="multipart"
    )
    assert report.status_code == 201, report.json()
    evidence_id = report.json()["evidence"][0]["id"]
    assert api(cast.van).get(f"{url}/evidence/{evidence_id}/").status_code == 200
    assert api(cast.bao).get(f"{url}/evidence/{evidence_id}/").status_code == 404

    version = api(cast.dung).get(f"{url}/").json()["version"]
    extension = api(cast.dung).post(
        f"{url}/extensions/", {"proposed_deadline_on": "2031-06-30", "reason": "Chờ số liệu"}, format="json"
    )
    assert extension.status_code == 201
    decided = api(cast.chanh).post(
        f"{url}/extensions/{extension.json()['id']}/decide/",
        {"decision": "approve", "version": 1},
        format="json",
    )
    assert decided.status_code == 200
    assert api(cast.van).get(f"{url}/").json()["deadline_on"] == "2031-06-30"

    version = api(cast.oanh).get(f"{url}/").json()["version"]
    done = api(cast.oanh).post(
        f"{url}/done-report/",
        {"reason": "Xong", "files": [SimpleUploadedFile("bao-cao.pdf", PDF)], "version": version},
        format="multipart",
    )
    assert done.status_code == 200
    wrong_side = api(cast.oanh).post(
        f"{url}/transition/", {"action": "accept", "version": done.json()["version"]}, format="json"
    )
    assert wrong_side.status_code == 403
    accepted = api(cast.chanh).post(
        f"{url}/transition/", {"action": "accept", "version": done.json()["version"]}, format="json"
    )
    assert accepted.json()["status"] == "accepted"
    again = api(cast.chanh).post(
        f"{url}/transition/", {"action": "accept", "version": accepted.json()["version"]}, format="json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"
    events = api(cast.van).get(f"{url}/events/").json()["results"]
    assert [e["kind"] for e in events] == [
        "assigned", "progress", "extension_requested", "extension_approved", "reported", "accepted",
    ]  # fmt: skip


def test_a_transition_without_version_is_400_and_stale_is_409(cast, api, payload):
    task_id = api(cast.van).post("/api/v1/tasks/", payload, format="json").json()[0]["id"]
    url = f"/api/v1/tasks/{task_id}/transition/"
    assert api(cast.oanh).post(url, {"action": "start"}, format="json").status_code == 400
    assert api(cast.oanh).post(url, {"action": "start", "version": 1}, format="json").status_code == 200
    stale = api(cast.oanh).post(url, {"action": "report_done", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["changed_by"] == "oanh"


def test_statistics_of_a_document_and_of_a_unit(cast, api, payload, programme):
    api(cast.van).post("/api/v1/tasks/", payload, format="json")
    api(cast.van).post("/api/v1/tasks/", {**payload, "deadline_on": "2030-01-02"}, format="json")

    stats = api(cast.van).get(f"/api/v1/documents/{programme.pk}/statistics/?on=2030-06-30").json()
    assert (stats["total"], stats["overdue"], stats["in_progress"], stats["due"]) == (2, 1, 1, 1)
    assert stats["summary"].startswith("0 trên 2")
    unit_stats = (
        api(cast.dung).get(f"/api/v1/organisations/{cast.culture.pk}/statistics/?on=2030-06-30").json()
    )
    assert unit_stats["total"] == 2
    assert api(cast.bao).get(f"/api/v1/organisations/{cast.culture.pk}/statistics/").status_code == 404
    bad = api(cast.van).get(f"/api/v1/documents/{programme.pk}/statistics/?on=30/06/2030")
    assert bad.status_code == 400


@pytest.mark.parametrize(
    "query",
    ["state=overdue&on=2031-05-01", "mine=true", "within={culture}", "document={doc}", "q=tuyen truyen",
     "deadline_from=2031-01-01&deadline_to=2031-12-31", "kind=deadline", "lead_unit={culture}"],
)  # fmt: skip
def test_list_filters(cast, api, payload, programme, query):
    api(cast.van).post("/api/v1/tasks/", {**payload, "lead_person": cast.oanh.person.pk}, format="json")
    url = "/api/v1/tasks/?" + query.format(culture=cast.culture.pk, doc=programme.pk)
    user = cast.oanh if "mine" in query else cast.van
    assert len(api(user).get(url).json()["results"]) == 1


@pytest.mark.parametrize(
    "query", ["state=nonsense", "on=yesterday", "kind=x", "within=abc", "not_updated_days=99999"]
)
def test_bad_filters_are_400(cast, api, query):
    assert api(cast.van).get(f"/api/v1/tasks/?{query}").status_code == 400


def test_the_task_list_runs_a_constant_number_of_queries(cast, programme, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from mandate.people.models import User
    from mandate.tasks.services import assignment

    def count():
        client = APIClient()
        client.force_authenticate(User.objects.get(username="van"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/tasks/", {"page_size": 200})
        return len(captured), len(response.json()["results"])

    def add(n):
        for _ in range(n):
            assignment.task_assign(
                actor=cast.van,
                document=programme,
                content="x",
                lead_unit=cast.culture,
                assigner_unit=cast.party_office,
                deadline_on=dt.date(2031, 1, 1),
                lead_person=cast.oanh.person,
                coordinating_units=[cast.info],
            )

    add(2)
    few = count()
    add(15)
    many = count()
    assert many[1] == few[1] + 15 == Task.objects.count()
    assert many[0] == few[0]


def test_the_list_pages_what_the_selectors_select_for_every_reader(cast, api, assign):
    """The list compiles the selectors' FROM and WHERE once and reads the count and the page
    around them (tasks.api_rows): for each reader and filter, the same tasks in the same order
    with the same fields as the ORM's list, the count, a second page, an administrator's list with
    no condition at all, and a signed-in account with no position, whose condition nothing meets."""
    from mandate.people.tests.factories import AccountFactory
    from mandate.tasks import selectors
    from mandate.tasks.api_outputs import TaskOutput
    from mandate.tasks.services import progress

    quiet = assign(cast.culture, lead_person=cast.oanh.person)  # 2024: overdue, not updated
    updated = assign(cast.culture, content="Báo cáo sơ kết", lead_person=cast.oanh.person)
    progress.task_report_progress(actor=cast.oanh, task=updated, percent=30, text="Đang làm")
    assign(cast.info, content="Hội nghị", deadline_on=dt.date(2031, 5, 1))
    assign(cast.culture, content="Thường xuyên", kind="regular", deadline_on=None)
    nobody = AccountFactory.create(username="nobody", full_name="Chưa Có Chức Vụ")

    def expected(user, **filters):
        chosen = selectors.TaskFilters(**filters)
        listed = selectors.as_listed(selectors.task_list_filtered(actor=user, filters=chosen), filters=chosen)
        return [dict(TaskOutput(task).data) for task in listed]

    readers = [
        (cast.van, "", {}),
        (cast.oanh, "mine=true", {"assigned_to_user": cast.oanh}),
        (cast.dung, "state=overdue", {"state": "overdue"}),
        (cast.van, f"within={cast.culture.pk}", {"within": cast.culture}),
        (cast.tin, "", {}),
        (cast.ad, "include_subtasks=true", {"include_subtasks": True}),
        (nobody, "", {}),
        (cast.olga, "", {}),
    ]
    for user, query, filters in readers:
        answer = api(user).get(f"/api/v1/tasks/?{query}").json()
        rows = expected(user, **filters)
        assert answer["results"] == rows, (user.username, query)
        assert answer["count"] == len(rows), (user.username, query)
    assert [r["id"] for r in api(cast.oanh).get("/api/v1/tasks/?mine=true").json()["results"]] == [
        quiet.pk, updated.pk,
    ]  # fmt: skip
    assert {r["id"]: r["stale"] for r in expected(cast.van)}[quiet.pk] is True
    assert {r["id"]: r["stale"] for r in expected(cast.van)}[updated.pk] is False
    empty: dict[str, object] = {"count": 0, "next": None, "previous": None, "results": []}
    assert api(nobody).get("/api/v1/tasks/").json() == empty

    second = api(cast.van).get("/api/v1/tasks/?page_size=2&page=2").json()
    assert second["count"] == 4
    assert second["results"] == expected(cast.van)[2:4]
    assert second["previous"] and second["next"] is None
    beyond = api(cast.van).get("/api/v1/tasks/?page_size=2&page=3")
    assert beyond.status_code == 404


def test_the_list_rows_are_the_detail_serializers_fields(cast, api, payload):
    """The list reads values (tasks.api_rows); its rows must stay what TaskOutput gives."""
    from mandate.tasks import selectors
    from mandate.tasks.api_outputs import TaskOutput
    from mandate.tasks.services import progress

    created = api(cast.van).post(
        "/api/v1/tasks/",
        {**{k: v for k, v in payload.items() if k not in ("lead_unit", "coordinating_units")},
         "lead_units": [cast.culture.pk, cast.info.pk]},
        format="json",
    ).json()  # fmt: skip
    first = Task.objects.get(pk=created[0]["id"])
    progress.task_report_progress(actor=cast.oanh, task=first, percent=40, text="Đang làm")
    Task.objects.filter(pk=first.pk).update(lead_person=cast.oanh.person)

    listed = api(cast.van).get("/api/v1/tasks/").json()["results"]

    visible = selectors.task_list_visible(actor=cast.van)
    expected = [dict(TaskOutput(task).data) for task in visible]
    assert listed == expected
    assert {row["lead_person_name"] for row in listed} == {"Chuyên Viên Oanh", None}
    assert any(row["last_progress_at"] for row in listed)
