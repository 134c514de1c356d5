"""The document detail page: the document, its relations, its tasks and their counts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mandate.documents import services as document_services
from mandate.people import services as people_services
from mandate.tasks import history
from mandate.tasks.models import Task
from mandate.tasks.services import assignment
from mandate.tasks.views.documents import INCOMING, OUTGOING

PDF = b"%PDF-1.4\n%%EOF\n"
PAST = dt.date(2024, 4, 30)
FUTURE = dt.date(2031, 1, 1)


def _set(task, **fields):
    """Columns written by hand, the history derived from them (past dates read it: ADR 0020)."""
    Task.objects.filter(pk=task.pk).update(**fields)
    history.rebuild([task.pk])


def _accept(task, on):
    _set(task, status="accepted", done_reported_on=on, accepted_on=on, progress=100)


@pytest.fixture
def plan(cast, make_document, programme):
    """Plan 176/KH-UBND of the city's People's Committee, which implements the programme."""
    plan = make_document(
        "176/KH-UBND",
        cast.city_state,
        issued_on=dt.date(2023, 3, 2),
        summary="Triển khai Chương trình 06.",
        recipients_text="Các sở, ban, ngành.",
        recipient_units=[cast.culture],
    )
    document_services.document_relate(actor=None, source=plan, target=programme, kind="implements")
    return plan


@pytest.fixture
def tasks(cast, assign, programme, plan):
    """Five tasks: four of the programme (one led by info), one of the plan that implements it."""
    done = assign(content="Tổng kết", ordinal="1", deadline_on=PAST)
    _accept(done, dt.date(2024, 4, 20))
    late = assign(content="Báo cáo chậm", ordinal="2", deadline_on=PAST)
    running = assign(content="Xây dựng đề án", ordinal="3", deadline_on=FUTURE)
    _set(running, status="in_progress", progress=40)
    info = assign(cast.info, content="Số hóa", ordinal="4", deadline_on=PAST)
    _set(info, progress=10)
    of_plan = assign(content="Nhiệm vụ của kế hoạch", document=plan, deadline_on=PAST)
    _accept(of_plan, dt.date(2024, 4, 25))
    subtask = assignment.task_assign(
        actor=None, parent=running, content="Việc con của đề án", lead_unit=cast.culture_office,
        assigner_unit=cast.culture, deadline_on=FUTURE, assigned_on=dt.date(2024, 3, 2),
    )  # fmt: skip
    return {"done": done, "late": late, "running": running, "info": info, "of_plan": of_plan, "sub": subtask}


def _page(client, user, document, status=200):
    client.force_login(user)
    response = client.get(f"/documents/{document.pk}/")
    assert response.status_code == status
    return response


def test_a_signed_out_visitor_is_sent_to_sign_in(client, programme):
    response = client.get(f"/documents/{programme.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_shows_the_document_as_registered(client, cast, plan):
    attachment = document_services.attachment_add(
        actor=None, document=plan, upload=SimpleUploadedFile("ke-hoach-176.pdf", PDF)
    )
    body = _page(client, cast.dung, plan).content.decode()

    for text in (
        "176/KH-UBND",
        "Kế hoạch",
        "Ủy ban nhân dân thành phố Mẫu",
        "02/03/2023",
        "Văn bản 176/KH-UBND",
        "Triển khai Chương trình 06.",
        "Các sở, ban, ngành.",
        "Sở Văn hóa và Thể thao",
        "ke-hoach-176.pdf",
    ):
        assert text in body, text
    assert f'href="/documents/{plan.pk}/attachments/{attachment.pk}/"' in body
    assert f'href="/organisations/{cast.city_state.pk}/?on=2023-03-02"' in body


def test_the_tasks_of_the_document_and_of_the_documents_that_implement_it(client, cast, tasks):
    body = _page(client, cast.van, tasks["done"].document).content.decode()
    rows = [t.pk for t in _page(client, cast.van, tasks["done"].document).context["page_obj"].object_list]

    assert set(rows) == {tasks[k].pk for k in ("done", "late", "running", "info", "of_plan")}
    assert tasks["sub"].pk not in rows  # subtasks are counted in their task, not listed here
    for key in ("done", "late", "running", "info", "of_plan"):
        assert f'href="/tasks/{tasks[key].pk}/"' in body
    assert "Sở Thông tin và Truyền thông" in body  # lead units
    assert "30/04/2024" in body and "01/01/2031" in body  # deadlines
    assert "176/KH-UBND" in body  # the task that comes from the plan says so


def test_a_reader_sees_only_the_tasks_he_may_see(client, cast, tasks):
    programme = tasks["done"].document
    dung_rows = {t.pk for t in _page(client, cast.dung, programme).context["page_obj"].object_list}
    tin_rows = {t.pk for t in _page(client, cast.tin, programme).context["page_obj"].object_list}

    assert tasks["info"].pk not in dung_rows
    assert tin_rows == {tasks["info"].pk}


def test_the_counts_in_english(client, cast, tasks):
    people_services.user_set_language(actor=cast.van, language="en")
    response = _page(client, cast.van, tasks["done"].document)
    body = " ".join(response.content.decode().split())

    assert "2 of 5 completed" in body
    assert "2 of 4 due completed, 50.00%" in body
    assert "(40.00%)" in body  # 2 of 5
    assert "Average progress: 50.00%" in body  # (100 + 0 + 40 + 10 + 100) / 5


def test_the_counts_are_written_the_vietnamese_way(client, cast, tasks):
    response = _page(client, cast.dung, tasks["done"].document)
    counts = response.context["counts"]
    body = response.content.decode()

    assert (counts["completed"], counts["total"], counts["completed_of_due"], counts["due"]) == (2, 4, 2, 3)
    assert "66,67%" in body
    assert "60,00%" in body  # the average progress: (100 + 0 + 40 + 100) / 4


def test_the_relations_both_ways_link_to_the_related_documents(client, cast, programme, plan):
    on_programme = _page(client, cast.van, programme).content.decode()
    on_plan = _page(client, cast.van, plan).content.decode()

    assert f'href="/documents/{plan.pk}/"' in on_programme
    assert f'href="/documents/{programme.pk}/"' in on_plan
    relations = _page(client, cast.van, programme).context["relations"]
    assert [(r["label"], r["document"].pk) for r in relations] == [(INCOMING["implements"], plan.pk)]
    relations = _page(client, cast.van, plan).context["relations"]
    assert [(r["label"], r["document"].pk) for r in relations] == [(OUTGOING["implements"], programme.pk)]


def test_a_related_document_the_reader_may_not_see_is_not_linked(client, cast, tasks, plan):
    body = _page(client, cast.tin, tasks["info"].document).content.decode()
    assert "176/KH-UBND" not in body
    assert f"/documents/{plan.pk}/" not in body


@pytest.mark.parametrize("who", ["olga", "bao"])
def test_a_foreign_document_is_404_and_linked_nowhere(client, cast, tasks, who):
    programme = tasks["done"].document
    _page(client, getattr(cast, who), programme, status=404)
    client.force_login(getattr(cast, who))
    register = client.get("/documents/").content.decode()
    assert f"/documents/{programme.pk}/" not in register


@pytest.mark.parametrize(("who", "shown"), [("van", True), ("dung", True), ("oanh", False), ("vera", False)])
def test_assign_tasks_is_offered_only_to_who_may_assign(client, cast, make_document, who, shown):
    plan = make_document("12/KH-SVHTT", cast.culture)
    body = _page(client, getattr(cast, who), plan).content.decode()
    assert (f'href="/documents/{plan.pk}/assign/"' in body) is shown


def test_a_document_without_tasks_says_so(client, cast, programme):
    response = _page(client, cast.van, programme)
    assert response.context["rows"] == []
    assert response.context["counts"]["total"] == 0


def _count_queries(client, user, document):
    from mandate.people import scopes

    client.force_login(user)
    scopes.clear_shared_cache()  # a cold request: the scope's own queries are counted too
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/documents/{document.pk}/")
    assert response.status_code == 200
    return len(captured), len(response.context["rows"])


def test_the_page_runs_a_constant_number_of_queries(client, cast, assign, programme):
    for number in range(2):
        assign(content=f"Nhiệm vụ {number}", coordinating_units=[cast.info])
    few = _count_queries(client, cast.dung, programme)
    for number in range(2, 10):
        assign(content=f"Nhiệm vụ {number}", coordinating_units=[cast.info])
    many = _count_queries(client, cast.dung, programme)

    assert (few[1], many[1]) == (2, 10)
    assert many[0] == few[0]
