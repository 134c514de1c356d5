"""The task list's order, numbering and pages (issue 10, item 7): each ordering through the page
and the API gives the same tasks in the same order, ties broken by the id; the rows are numbered
by their place in the list across pages; the page shows its total, page numbers and a previous
link; the export numbers its rows alike and says the filters in its title row."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mandate.tasks import list_order
from mandate.tasks.services import lifecycle, progress


@pytest.fixture
def listed(cast, assign):
    """Six tasks with distinct and tied values in every sorted column (no regular task: a null
    deadline sorts first on SQLite and last on PostgreSQL)."""
    tasks = [
        assign(cast.culture, content="A", assigned_on=dt.date(2024, 3, 5), deadline_on=dt.date(2024, 5, 1)),
        assign(cast.info, content="B", assigned_on=dt.date(2024, 3, 1), deadline_on=dt.date(2024, 4, 1)),
        assign(
            cast.culture_office, content="C", assigned_on=dt.date(2024, 3, 1), deadline_on=dt.date(2024, 6, 1)
        ),
        assign(cast.culture, content="D", assigned_on=dt.date(2024, 3, 9), deadline_on=dt.date(2024, 4, 1)),
        assign(cast.info, content="E", assigned_on=dt.date(2024, 3, 2), deadline_on=dt.date(2024, 7, 1)),
        assign(cast.culture, content="F", assigned_on=dt.date(2024, 3, 2), deadline_on=dt.date(2024, 5, 1)),
    ]
    progress.task_report_progress(actor=cast.oanh, task=tasks[0], percent=40, text="Đang làm")
    progress.task_report_progress(actor=cast.tin, task=tasks[1], percent=40, text="Đang làm")
    tasks[2].refresh_from_db()
    lifecycle.task_transition(
        actor=cast.oanh,
        task=tasks[2],
        action="report_done",
        expected_version=tasks[2].version,
        reason="Đã xong",
    )
    return tasks


def _expected(tasks, ordering):
    """The order ``ordering`` means, computed here in Python from the tasks' columns."""
    for task in tasks:
        task.refresh_from_db()
    rank = {status: n for n, status in enumerate(list_order.LIFE_CYCLE)}
    keys = {
        "deadline_on": lambda t: (t.deadline_on, t.pk),
        "assigned_on": lambda t: (t.assigned_on, t.pk),
        "lead_unit": lambda t: (t.lead_path, t.deadline_on, t.pk),
        "status": lambda t: (rank[t.status], t.deadline_on, t.pk),
        "progress": lambda t: (t.progress, t.pk),
    }
    key = keys[ordering.removeprefix("-")]
    return [t.pk for t in sorted(tasks, key=key, reverse=ordering.startswith("-"))]


def _page_ids(html):
    return [int(found) for found in re.findall(r'data-task-id="(\d+)"', html)]


@pytest.mark.parametrize("ordering", list_order.CHOICES)
def test_every_ordering_reads_the_same_through_the_page_and_the_api(client, api, cast, listed, ordering):
    expected = _expected(listed, ordering)
    answer = api(cast.van).get("/api/v1/tasks/", {"ordering": ordering, "page_size": 50})
    assert answer.status_code == 200
    assert [row["id"] for row in answer.json()["results"]] == expected

    client.force_login(cast.van)
    page = client.get("/tasks/", {"ordering": ordering})
    assert page.status_code == 200
    assert _page_ids(page.content.decode()) == expected


def test_ties_are_broken_by_the_id_in_the_direction_of_the_order(cast, api, listed):
    ids = [row["id"] for row in api(cast.van).get("/api/v1/tasks/?ordering=-deadline_on").json()["results"]]
    b, d = listed[1].pk, listed[3].pk  # the same deadline
    assert ids.index(d) < ids.index(b)


def test_an_unknown_ordering_is_refused_by_the_api_and_named_on_the_page(client, api, cast, listed):
    assert api(cast.van).get("/api/v1/tasks/?ordering=content").status_code == 400
    client.force_login(cast.van)
    response = client.get("/tasks/", {"ordering": "content"})
    assert response.status_code == 400
    assert 'id="f-ordering' in response.content.decode() or "ordering" in response.content.decode()


def test_the_schema_documents_the_ordering(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    text = schema.content.decode()
    assert "ordering" in text and "-assigned_on" in text and "lead_unit" in text


def test_the_column_headers_are_sort_links_that_keep_the_filters(client, cast, listed):
    client.force_login(cast.van)
    html = client.get(
        "/tasks/", {"q": "", "within": cast.city.pk, "ordering": "assigned_on", "page": 1}
    ).content.decode()
    links = re.findall(r'href="\?([^"]+)"[^>]*data-sort-link', html)
    assert f"within={cast.city.pk}&amp;ordering=-assigned_on" in " ".join(links)  # sorted: the other way
    assert any("ordering=deadline_on" in link for link in links)
    assert all("page=" not in link for link in links)  # a new order starts on the first page
    assert 'aria-sort="ascending"' in html


def test_rows_are_numbered_by_their_place_in_the_list_across_pages(client, cast, assign):
    for number in range(53):  # created latest deadline first: ids run against the list's order
        assign(content=f"Nhiệm vụ {number}", deadline_on=dt.date(2024, 6, 1) - dt.timedelta(days=number))
    client.force_login(cast.van)

    first = client.get("/tasks/").content.decode()
    second = client.get("/tasks/", {"page": 2}).content.decode()

    numbers = [int(n) for n in re.findall(r"data-row-number>([\d.]+)<", first)]
    assert numbers == list(range(1, 51))
    assert [int(n) for n in re.findall(r"data-row-number>([\d.]+)<", second)] == [51, 52, 53]
    ids = _page_ids(first)
    assert ids[:3] == sorted(ids, reverse=True)[:3]  # the database ids run the other way
    assert "53" in first  # the total
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert 'rel="next"' in first
    assert re.search(r'<a class="page-link" href="\?page=2">2</a>', first)
    assert 'aria-current="page"><span class="page-link">2</span>' in second


def _workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def test_the_export_follows_the_order_numbers_its_rows_and_says_its_filters(client, cast, listed):
    client.force_login(cast.van)
    response = client.get(
        "/tasks/export.xlsx", {"within": cast.culture.pk, "ordering": "-assigned_on", "on": "2024-03-20"}
    )
    rows = list(_workbook(response).active.iter_rows(values_only=True))
    title, filters, headers, *body = rows
    assert "20/03/2024" in title[0]
    assert "Sở Văn hóa và Thể thao" in filters[0]  # the unit by name, in Vietnamese
    assert "20/03/2024" in filters[0]
    assert "giảm dần" in filters[0]  # the order, in words
    assert headers[0] == "STT"
    culture = [t for t in listed if t.lead_path.startswith(cast.culture.path)]
    assert [row[0] for row in body] == list(range(1, len(culture) + 1))
    assert [row[-1] for row in body] == _expected(culture, "-assigned_on")


def test_the_export_title_speaks_the_readers_language(client, cast, listed):
    client.force_login(cast.van)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(
        "/tasks/export.xlsx", {"state": "overdue", "mine": "1", "deadline_to": "30/06/2024"}
    )
    filters = list(_workbook(response).active.iter_rows(values_only=True))[1][0]
    assert filters == (
        "0 tasks; filters: State: Overdue; Deadline to: 30/06/2024; Assigned to me (I am the lead person)."
    )


def test_an_export_without_filters_says_so(client, cast, listed):
    client.force_login(cast.olga)
    rows = list(_workbook(client.get("/tasks/export.xlsx")).active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert rows[1][0].startswith("0 ")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner and its expression index")
@pytest.mark.parametrize(
    ("ordering", "index"),
    [
        ("status", "task_status_order_idx"),
        ("-assigned_on", "task_assigned_order_idx"),
        ("-deadline_on", "task_deadline_order_idx"),
    ],
)
def test_postgresql_can_walk_the_index_of_the_order_for_the_page_and_the_api(cast, ordering, index):
    """The expression of the state's order is the index's, in the ORM's list and in the API's
    compiled ORDER BY alike: the planner, told not to sort, reads the index."""
    from mandate.tasks.api_rows import _order
    from mandate.tasks.models import Task

    ordered = Task.objects.order_by(*list_order.order_by(ordering)).values("id")[:50]
    sql, params = ordered.query.sql_with_params()
    order, order_params = _order(connection.alias, ordering)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        orm_plan = " ".join(row[0] for row in cursor.fetchall())
        # Interpolated: the ORDER BY Django compiled from the model; the values are parameters.
        compiled = f'EXPLAIN SELECT "tasks_task"."id" FROM "tasks_task" ORDER BY {order} LIMIT 50'  # noqa: S608
        cursor.execute(compiled, order_params)
        api_plan = " ".join(row[0] for row in cursor.fetchall())
    assert index in orm_plan
    assert index in api_plan
