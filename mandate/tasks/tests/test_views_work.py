"""My work, the task list with its Excel export, and the unit dashboard, through HTTP."""

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook  # type: ignore[import-untyped]

from mandate.people.models import User
from mandate.tasks import exports, history
from mandate.tasks.models import Task
from mandate.tasks.services import lifecycle, progress

TODAY = timezone.localdate()


def days(n):
    return TODAY + dt.timedelta(days=n)


def _page(client, user, url, status=200, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


def _section(html, element_id):
    """The HTML of the element with this id, up to the end of its section."""
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def _task_ids(html):
    return [int(found) for found in re.findall(r'href="/tasks/(\d+)/"', html)]


def _set(task, **fields):
    """Columns written by hand, the history derived from them (past dates read it: ADR 0020)."""
    Task.objects.filter(pk=task.pk).update(**fields)
    history.rebuild([task.pk])
    task.refresh_from_db()
    return task


# --- My work ---------------------------------------------------------------------------------


@pytest.fixture
def my_tasks(cast, assign):
    """Tasks of the culture department as of today, in each group of My work."""
    return {
        "overdue": assign(content="Báo cáo quá hạn", assigned_on=days(-40), deadline_on=days(-2)),
        "due_soon": assign(content="Sắp đến hạn", assigned_on=days(-3), deadline_on=days(3)),
        "later": assign(content="Còn lâu mới đến hạn", assigned_on=days(-3), deadline_on=days(60)),
        "regular": assign(content="Báo cáo định kỳ hằng tháng", kind="regular", assigned_on=days(-40)),
        "others": assign(
            cast.info, content="Việc của Sở Thông tin", assigned_on=days(-40), deadline_on=days(-2)
        ),
    }


def test_my_work_is_the_home_page_and_groups_my_units_tasks(client, cast, my_tasks):
    assert reverse("tasks:my_work") == "/"
    html = _page(client, cast.dung, "/")

    assert "Giám đốc" in html
    assert "Sở Văn hóa và Thể thao" in html
    assert _task_ids(_section(html, "group-overdue")) == [my_tasks["overdue"].pk]
    assert _task_ids(_section(html, "group-due_soon")) == [my_tasks["due_soon"].pk]
    assert my_tasks["overdue"].pk in _task_ids(_section(html, "group-not_updated"))
    assert my_tasks["due_soon"].pk not in _task_ids(
        _section(html, "group-not_updated")
    )  # assigned 3 days ago
    assert _task_ids(_section(html, "group-regular_due")) == [my_tasks["regular"].pk]
    # Not due for anything: only among the tasks the department leads (and new until opened).
    assert my_tasks["later"].pk in _task_ids(_section(html, "group-led"))
    for group in ("overdue", "due_soon", "not_updated", "regular_due", "awaiting", "rework"):
        assert my_tasks["later"].pk not in _task_ids(_section(html, f"group-{group}"))
    assert my_tasks["others"].pk not in _task_ids(html)  # another department's task
    assert f"/tasks/{my_tasks['overdue'].pk}/" in html
    assert f"{TODAY:%d/%m/%Y}" in html


def test_a_regular_task_reported_this_month_is_not_due_for_its_report(client, cast, my_tasks):
    progress.task_report_progress(actor=cast.oanh, task=my_tasks["regular"], percent=0, text="Tháng này")

    html = _page(client, cast.dung, "/")

    assert _task_ids(_section(html, "group-regular_due")) == []


def test_the_lead_person_finds_the_task_of_another_unit_on_my_work(client, cast, assign):
    # oanh's office sits under culture; a task led by the department names her as lead person.
    task = assign(content="Việc của chị Oanh", assigned_on=days(-40), deadline_on=days(-1))
    _set(task, lead_person=cast.oanh.person)

    assert task.pk in _task_ids(_section(_page(client, cast.oanh, "/"), "group-overdue"))


def test_what_awaits_my_decision(client, cast, assign):
    extension = assign(content="Xin gia hạn", assigned_on=days(-10), deadline_on=days(5))
    progress.extension_request(actor=cast.dung, task=extension, proposed_deadline_on=days(30), reason="Chờ")
    reported = assign(content="Đã báo cáo hoàn thành", assigned_on=days(-10), deadline_on=days(5))
    lifecycle.task_transition(
        actor=cast.oanh, task=reported, action="report_done", expected_version=reported.version, reason="Xong"
    )
    returned = assign(content="Trả lại nơi giao", assigned_on=days(-10), deadline_on=days(5))
    lifecycle.task_transition(
        actor=cast.dung,
        task=returned,
        action="return",
        expected_version=returned.version,
        reason="Sai đơn vị",
    )

    chanh = _section(_page(client, cast.chanh, "/"), "group-awaiting")  # leader of the assigning unit
    van = _section(_page(client, cast.van, "/"), "group-awaiting")  # its specialist
    dung = _section(_page(client, cast.dung, "/"), "group-awaiting")  # the lead unit's leader

    assert sorted(_task_ids(chanh)) == sorted([extension.pk, reported.pk, returned.pk])
    assert f"{days(30):%d/%m/%Y}" in chanh  # the deadline asked for
    # A specialist reassigns a returned task but does not accept a completion, nor grant extensions.
    assert _task_ids(van) == [returned.pk]
    assert _task_ids(dung) == []


def test_an_outsider_sees_none_of_our_work(client, cast, my_tasks):
    html = _page(client, cast.olga, "/")
    assert _task_ids(html) == []
    assert "Báo cáo quá hạn" not in html


# --- the task list ---------------------------------------------------------------------------


def test_the_list_filters_like_the_api_and_searches_without_accents(client, cast, assign):
    culture = assign(content="Tổ chức Ngày hội Văn hóa các dân tộc", deadline_on=dt.date(2024, 4, 30))
    info = assign(cast.info, content="Chuyển đổi số", deadline_on=dt.date(2024, 4, 30))
    late = assign(content="Tổng kết phong trào", deadline_on=dt.date(2024, 3, 20))

    def ids(**params):
        return _task_ids(_page(client, cast.van, "/tasks/", **params))

    assert sorted(ids()) == sorted([culture.pk, info.pk, late.pk])
    assert ids(q="van hoa") == [culture.pk]
    assert ids(q="VĂN HÓA dân tộc") == [culture.pk]
    assert sorted(ids(within=cast.culture.pk)) == sorted([culture.pk, late.pk])
    assert ids(lead_unit=cast.info.pk) == [info.pk]
    assert ids(state="overdue", on="2024-04-01") == [late.pk]
    assert ids(state="overdue", on="01/04/2024") == [late.pk]  # as people write dates
    assert ids(deadline_from="2024-04-01", within=cast.culture.pk) == [culture.pk]
    assert ids(kind="regular") == []
    assert sorted(ids(state="existing", on="2024-03-15")) == sorted([culture.pk, info.pk, late.pk])
    assert ids(state="existing", on="2024-02-01") == []  # not yet assigned
    assert ids(mine=1) == []  # van leads none himself


def test_the_list_shows_the_state_on_the_date_and_dd_mm_yyyy(client, cast, assign):
    assign(content="Tổng kết phong trào", deadline_on=dt.date(2024, 3, 20))

    html = _page(client, cast.van, "/tasks/", on="2024-04-01")

    assert "20/03/2024" in html
    assert "01/04/2024" in html
    assert gettext("Overdue") in html


def test_a_bad_filter_is_a_clear_message_on_the_page_not_a_server_error(client, cast, assign):
    assign()
    html = _page(
        client,
        cast.van,
        "/tasks/",
        status=400,
        on="31/02/2024",
        within="abc",
        state="nope",
        document="999999",
    )

    assert "31/02/2024" in html  # named in the message, kept in the form
    assert 'id="f-within-error"' in html
    assert 'id="f-state-error"' in html
    assert 'id="f-document-error"' in html
    assert 'aria-invalid="true"' in html
    assert _task_ids(html) == []


def test_an_outsider_lists_none_of_our_tasks(client, cast, assign):
    assign()
    assert _task_ids(_page(client, cast.olga, "/tasks/")) == []
    assert _task_ids(_page(client, cast.olga, "/tasks/", within=cast.culture.pk)) == []


def test_the_list_is_paginated_by_50(client, cast, assign):
    for number in range(52):
        assign(content=f"Nhiệm vụ số {number}", deadline_on=dt.date(2024, 4, 1) + dt.timedelta(days=number))

    first = _page(client, cast.van, "/tasks/", q="nhiem vu")
    second = _page(client, cast.van, "/tasks/", q="nhiem vu", page=2)

    assert len(_task_ids(first)) == 50
    assert len(_task_ids(second)) == 2
    assert "q=nhiem+vu&amp;page=2" in first


# --- the Excel export ------------------------------------------------------------------------


def _workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def test_the_export_is_a_real_workbook_of_the_filtered_list(client, cast, assign):
    first = assign(content="=Tổ chức Ngày hội Văn hóa", deadline_on=dt.date(2024, 4, 30), ordinal="1")
    assign(cast.info, content="Chuyển đổi số", deadline_on=dt.date(2024, 4, 30))
    client.force_login(cast.van)

    response = client.get("/tasks/export.xlsx", {"within": cast.culture.pk, "on": "2024-05-15"})

    assert response.status_code == 200
    assert response["Content-Type"] == exports.CONTENT_TYPE
    assert "attachment" in response["Content-Disposition"]
    sheet = _workbook(response).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "15/05/2024" in rows[0][0]
    assert "Sở Văn hóa và Thể thao" in rows[1][0]  # the filter applied, in words
    assert rows[2][2] == gettext("Task")  # in the reader's language (Vietnamese)
    assert len(rows) == 4
    row = rows[3]
    assert row[0] == 1  # the row's number in the list, not the task's id
    assert row[-1] == first.pk
    assert row[2] == "=Tổ chức Ngày hội Văn hóa"  # text, never a formula
    assert row[4] == "Sở Văn hóa và Thể thao"
    assert row[9] == dt.datetime(2024, 4, 30)  # a date, not text
    assert row[11] == gettext("Overdue")


def test_too_long_an_export_is_refused_with_a_request_to_narrow_the_filter(client, cast, assign, monkeypatch):
    assign()
    assign()
    monkeypatch.setattr(exports, "MAX_ROWS", 1)
    client.force_login(cast.van)

    response = client.get("/tasks/export.xlsx", {"q": "tuyen truyen"}, follow=True)

    assert response.redirect_chain[0][0] == "/tasks/?q=tuyen+truyen"
    assert "1" in response.content.decode()
    assert response.status_code == 200
    assert 'class="alert alert-danger' in response.content.decode()


def test_an_export_with_a_bad_filter_goes_back_to_the_list_with_the_message(client, cast):
    client.force_login(cast.van)
    response = client.get("/tasks/export.xlsx", {"on": "hôm qua"})
    assert response.status_code == 302
    assert response["Location"].startswith("/tasks/?on=")
    assert client.get(response["Location"]).status_code == 400


def test_an_outsider_exports_none_of_our_tasks(client, cast, assign):
    assign()
    client.force_login(cast.olga)
    rows = list(_workbook(client.get("/tasks/export.xlsx")).active.iter_rows(values_only=True))
    assert len(rows) == 3  # the title, the filters and the headers


# --- the dashboard ---------------------------------------------------------------------------

D = dt.date(2024, 6, 30)


@pytest.fixture
def spread(cast, assign):
    """On D: the department itself has 1 completed, 1 overdue, 1 in progress; its office has 1
    overdue; the information department has 1 completed (outside culture's subtree)."""
    done = assign(content="Đã xong", deadline_on=dt.date(2024, 5, 31))
    _set(done, status="accepted", done_reported_on=dt.date(2024, 5, 20), accepted_on=dt.date(2024, 5, 22))
    late = assign(content="Quá hạn ở Sở", deadline_on=dt.date(2024, 6, 15))
    within = assign(content="Đang làm", deadline_on=dt.date(2024, 9, 30))
    office = assign(cast.culture_office, content="Quá hạn ở Phòng", deadline_on=dt.date(2024, 6, 1))
    other = assign(cast.info, content="Xong ở Sở khác", deadline_on=dt.date(2024, 5, 31))
    _set(other, status="accepted", done_reported_on=dt.date(2024, 5, 10), accepted_on=dt.date(2024, 5, 12))
    return {"done": done, "late": late, "within": within, "office": office, "other": other}


def test_the_dashboard_counts_the_subtree_and_every_number_links_to_its_list(client, cast, spread):
    html = _page(client, cast.dung, f"/dashboard/{cast.culture.pk}/", on="2024-06-30")

    summary = _section(html, "summary-completed")
    completed_link = _group(r'href="([^"]+)">1</a>', summary).replace("&amp;", "&")
    assert "state=completed" in completed_link
    assert f"within={cast.culture.pk}" in completed_link
    assert "on=2024-06-30" in completed_link
    assert re.search(r">1</a>.*>4</a>", summary, re.S)  # 1 of 4 completed
    assert re.search(r">1</a>.*>3</a>", _section(html, "summary-due"), re.S)  # 1 of 3 due completed
    assert "33,33%" in html  # ... in Vietnamese

    linked = _task_ids(_page(client, cast.dung, completed_link))
    assert linked == [spread["done"].pk]
    overdue_link = _group(r'href="([^"]+state=overdue[^"]*)"', html).replace("&amp;", "&")
    assert sorted(_task_ids(_page(client, cast.dung, overdue_link))) == sorted(
        [spread["late"].pk, spread["office"].pk]
    )


def test_the_dashboard_charts_have_their_numbers_as_tables(client, cast, spread):
    html = _page(client, cast.dung, f"/dashboard/{cast.culture.pk}/", on="2024-06-30")

    children = _section(html, "child-table")
    assert "Phòng Quản lý Văn hóa" in children
    assert "Đảng ủy Sở Văn hóa và Thể thao" in children  # a child without tasks still has its row
    assert f"/dashboard/{cast.culture_office.pk}/?on=2024-06-30" in children
    assert 'id="child-chart-data"' in html
    assert 'id="month-chart-data"' in html
    months = _section(html, "month-table")
    assert months.count('scope="row"') == 12
    assert "07/2023" in months
    assert "06/2024" in months
    assert "dashboard.js" in html
    assert "style=" not in html  # the CSP forbids inline styles


def test_the_month_chart_counts_completions_in_the_month_and_overdue_at_its_end(client, cast, spread):
    html = _page(client, cast.dung, f"/dashboard/{cast.culture.pk}/", on="2024-06-30")
    months = _section(html, "month-table")
    may = months[months.index("05/2024") : months.index("06/2024")]
    june = months[months.index("06/2024") :]

    assert re.findall(r">(\d+)</a>", may) == ["1", "0"]  # done in May; nothing overdue on 31/05
    assert re.findall(r">(\d+)</a>", june) == ["0", "2"]  # the office's (01/06) and the department's (15/06)
    may_link = _group(r'href="([^"]+)">1</a>', may).replace("&amp;", "&")
    assert _task_ids(_page(client, cast.dung, may_link)) == [spread["done"].pk]


def _group(pattern, text, flags=0):
    """The first group of ``pattern`` in ``text``; the test fails here if it is not there."""
    found = re.search(pattern, text, flags)
    assert found, pattern
    return found.group(1)


def _heading(html):
    return _group(r"<h1[^>]*>(.*?)</h1>", html, re.S)


def test_the_dashboard_opens_on_the_top_of_my_scope(client, cast, spread):
    assert "Sở Văn hóa và Thể thao" in _heading(_page(client, cast.dung, "/dashboard/", on="2024-06-30"))
    assert "Thành phố Mẫu" in _heading(_page(client, cast.van, "/dashboard/"))
    assert "Phòng Quản lý Văn hóa" in _heading(
        _page(client, cast.oanh, f"/dashboard/{cast.culture_office.pk}/")
    )


@pytest.mark.parametrize("who", ["olga", "bao", "tin"])
def test_a_unit_outside_my_scope_is_404(client, cast, who):
    _page(client, getattr(cast, who), f"/dashboard/{cast.culture.pk}/", status=404)


def test_a_missing_unit_is_404(client, cast):
    _page(client, cast.dung, "/dashboard/999999/", status=404)


def test_a_bad_date_on_the_dashboard_is_a_message_not_a_server_error(client, cast):
    html = _page(client, cast.dung, f"/dashboard/{cast.culture.pk}/", status=400, on="2024-13-45")
    assert "2024-13-45" in html
    assert 'aria-invalid="true"' in html


def test_the_pages_in_english(client, cast, spread):
    User.objects.filter(pk=cast.dung.pk).update(language="en")

    dashboard = _page(client, cast.dung, f"/dashboard/{cast.culture.pk}/", on="30/06/2024")
    work = _page(client, cast.dung, "/")
    tasks = _page(client, cast.dung, "/tasks/", on="30/06/2024", state="overdue")

    assert '<html lang="en">' in dashboard
    assert re.search(r">1</a> of <a [^>]+>4</a> completed", dashboard)
    assert "33.33%" in dashboard
    assert "My work" in work
    assert "2 tasks, state on 30/06/2024" in tasks


def test_an_administrator_sees_every_unit_and_every_task(client, cast, spread):
    assert "Thành phố Mẫu" in _heading(_page(client, cast.ad, "/dashboard/", on="2024-06-30"))
    assert len(_task_ids(_page(client, cast.ad, "/tasks/"))) == 5
    _page(client, cast.ad, "/")
    _page(client, cast.ad, f"/dashboard/{cast.outsider.pk}/")


def test_a_task_awaiting_two_decisions_counts_once(cast, assign):
    from mandate.tasks import my_work

    both = assign(content="Xin gia hạn rồi báo cáo xong", assigned_on=days(-10), deadline_on=days(5))
    progress.extension_request(actor=cast.dung, task=both, proposed_deadline_on=days(30), reason="Chờ")
    both.refresh_from_db()
    lifecycle.task_transition(
        actor=cast.oanh, task=both, action="report_done", expected_version=both.version, reason="Xong"
    )
    only_extension = assign(content="Chỉ xin gia hạn", assigned_on=days(-10), deadline_on=days(1))
    progress.extension_request(
        actor=cast.dung, task=only_extension, proposed_deadline_on=days(30), reason="Chờ"
    )

    group = my_work.my_work_groups(actor=cast.chanh, person=cast.chanh.person, day=days(0), rows=20)[
        "awaiting"
    ]

    assert group.count == 2
    assert [t.pk for t in group.tasks] == [only_extension.pk, both.pk]  # in deadline order
