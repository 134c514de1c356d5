"""My work as an inbox (issue 10, item 3): what is new until opened, returned for rework, led,
coordinated, assigned by my side and waiting; "awaiting my decision" only what the reader may
decide, as ``tasks.policy`` says; a leader's unit per person; a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mandate.people import scopes
from mandate.people.models import User
from mandate.people.tests.factories import AccountFactory
from mandate.tasks import my_work, policy, selectors
from mandate.tasks.enums import TaskStatus
from mandate.tasks.models import TaskSeen
from mandate.tasks.permissions import ASSIGNING_ROLES
from mandate.tasks.services import assignment, lifecycle, progress

TODAY = timezone.localdate()


def days(n):
    return TODAY + dt.timedelta(days=n)


def _home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _ids(html, group):
    start = html.index(f'id="group-{group}"')
    section = html[start : html.index("</section>", start)]
    return sorted(int(found) for found in re.findall(r'href="/tasks/(\d+)/"', section))


def _count(html, group):
    start = html.index(f'id="group-{group}"')
    found = re.search(r"data-count>([\d.]+)<", html[start:])
    assert found is not None
    return int(found.group(1).replace(".", ""))


def _move(user, task, action, **values):
    task.refresh_from_db()
    if action == "report_done":
        values.setdefault("reason", "Đã xong")  # a done report carries its result
    return lifecycle.task_transition(
        actor=user, task=task, action=action, expected_version=task.version, **values
    )


def test_a_task_is_new_to_its_unit_until_the_reader_opens_it(client, cast, assign):
    task = assign(content="Việc mới giao", assigned_on=days(-1), deadline_on=days(30))

    html = _home(client, cast.dung)
    assert _ids(html, "new") == [task.pk]
    assert _count(html, "new") == 1
    assert task.pk in _ids(html, "led")

    assert client.get(f"/tasks/{task.pk}/").status_code == 200
    first = TaskSeen.objects.get(user=cast.dung, task=task).seen_at
    assert client.get(f"/tasks/{task.pk}/").status_code == 200  # a second opening writes nothing

    html = _home(client, cast.dung)
    assert _ids(html, "new") == []
    assert task.pk in _ids(html, "led")  # still his unit's work
    assert TaskSeen.objects.filter(task=task).count() == 1
    assert TaskSeen.objects.get(user=cast.dung, task=task).seen_at == first
    # Opened by the leader, still new to the unit's official who has not opened it.
    assert _ids(_home(client, cast.oanh), "new") == [task.pk]


def test_a_task_named_to_a_person_is_new_to_him_and_no_longer_to_the_unit(client, cast, assign):
    task = assign(content="Giao cho chị Oanh", assigned_on=days(-1), deadline_on=days(30))
    assignment.task_name_lead_person(
        actor=cast.dung, task=task, person=cast.oanh.person, expected_version=task.version
    )

    assert _ids(_home(client, cast.oanh), "new") == [task.pk]
    assert _ids(_home(client, cast.dung), "new") == []  # somebody is named: it is hers
    assert _ids(_home(client, cast.tin), "new") == []  # another department

    _move(cast.oanh, task, "start")  # started, even unopened, it is no longer new
    assert _ids(_home(client, cast.oanh), "new") == []


def test_the_api_does_not_mark_a_task_opened(cast, api, assign):
    task = assign(content="Đọc qua API", assigned_on=days(-1), deadline_on=days(30))
    assert api(cast.dung).get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    assert not TaskSeen.objects.filter(task=task).exists()


def test_a_task_returned_for_rework_is_listed_until_it_is_reported_again(client, cast, assign):
    task = assign(content="Làm lại báo cáo", assigned_on=days(-5), deadline_on=days(20))
    _move(cast.oanh, task, "report_done", reason="Đã hoàn thành")
    _move(cast.van, task, "rework", reason="Thiếu số liệu")  # a specialist may send it back

    assert _ids(_home(client, cast.dung), "rework") == [task.pk]
    assert _ids(_home(client, cast.oanh), "rework") == [task.pk]
    assert _ids(_home(client, cast.van), "rework") == []  # the assigner's side does not lead it

    _move(cast.oanh, task, "report_done", reason="Đã hoàn thành")
    assert _ids(_home(client, cast.dung), "rework") == []


def test_a_task_reopened_after_a_rework_is_not_listed_as_returned_for_rework(client, cast, assign):
    task = assign(content="Mở lại", assigned_on=days(-5), deadline_on=days(20))
    _move(cast.oanh, task, "report_done", reason="Đã hoàn thành")
    _move(cast.van, task, "rework", reason="Thiếu")
    _move(cast.oanh, task, "report_done", reason="Đã hoàn thành")
    _move(cast.chanh, task, "accept")
    _move(cast.chanh, task, "reopen", reason="Có việc phát sinh")

    assert task.pk in _ids(_home(client, cast.dung), "led")
    assert _ids(_home(client, cast.dung), "rework") == []


def test_coordinated_and_waiting_for_the_other_side(client, cast, assign):
    task = assign(
        content="Phối hợp tuyên truyền",
        assigned_on=days(-5),
        deadline_on=days(20),
        coordinating_units=[cast.info],
    )

    assert _ids(_home(client, cast.tin), "coordinated") == [task.pk]
    assert _ids(_home(client, cast.tin), "led") == []
    assert _ids(_home(client, cast.dung), "coordinated") == []
    for user in (cast.van, cast.chanh):  # the assigning office's specialist and leader
        assert _ids(_home(client, user), "following") == [task.pk]

    _move(cast.oanh, task, "report_done", reason="Đã hoàn thành")
    # Reported done: the leader decides; his specialist waits for him.
    chanh, van = _home(client, cast.chanh), _home(client, cast.van)
    assert (_ids(chanh, "awaiting"), _ids(chanh, "following")) == ([task.pk], [])
    assert (_ids(van, "awaiting"), _ids(van, "following")) == ([], [task.pk])
    assert _ids(_home(client, cast.dung), "following") == []


@pytest.fixture
def waiting(cast, assign):
    """A task reported done, one returned, one with an extension asked, one in progress."""
    reported = assign(content="Đã báo cáo", assigned_on=days(-10), deadline_on=days(5))
    _move(cast.oanh, reported, "report_done", reason="Đã hoàn thành")
    returned = assign(content="Trả lại", assigned_on=days(-10), deadline_on=days(5))
    _move(cast.dung, returned, "return", reason="Không đúng chức năng")
    extension = assign(content="Xin gia hạn", assigned_on=days(-10), deadline_on=days(5))
    progress.extension_request(actor=cast.dung, task=extension, proposed_deadline_on=days(40), reason="Chờ")
    other = assign(content="Đang làm", assigned_on=days(-10), deadline_on=days(5))
    return [reported, returned, extension, other]


@pytest.mark.parametrize("username", ["van", "chanh", "dung", "oanh", "vera", "tin", "olga", "ad"])
def test_awaiting_my_decision_is_exactly_what_the_policy_lets_me_decide(cast, waiting, username):
    actor = User.objects.get(username=username)
    groups = my_work.my_work_groups(actor=actor, person=None, day=TODAY, rows=100)
    listed = sorted(task.pk for task in groups["awaiting"].tasks)

    visible = {t.pk for t in selectors.task_list_visible(actor=actor, filters=selectors.TaskFilters())}
    decidable = []
    for task in waiting:
        if task.pk not in visible:
            continue
        fresh = selectors.task_get_visible(actor=actor, task_id=task.pk)
        settling = {str(TaskStatus.REPORTED): "accept", str(TaskStatus.RETURNED): "reassign"}.get(
            fresh.status
        )
        allowed = set(policy.allowed_names(actor, fresh))
        if (settling and settling in allowed) or "extension_decide" in allowed:
            decidable.append(task.pk)
    assert listed == sorted(decidable)
    assert groups["awaiting"].count == len(decidable)


@pytest.mark.parametrize("username", ["van", "chanh", "dung", "oanh", "vera", "tin", "olga", "ad"])
def test_following_is_the_assigners_wait_as_the_policy_reads_it(cast, waiting, username):
    """``following_q`` is written per set of assigning units for the index (performance.md,
    state G); it selects what its plain reading selects: assigned by a unit I assign for, and
    assigned or in progress, or reported where I may not accept."""
    from mandate.tasks.models import Task

    actor = User.objects.get(username=username)
    accepting = my_work.assigner_side_q(actor, my_work._roles_for_move("accept"))
    waiting = Q(status__in=[TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS])
    plain = my_work.assigner_side_q(actor, ASSIGNING_ROLES) & (
        waiting | (Q(status=TaskStatus.REPORTED) & ~accepting)
    )
    fast = set(Task.objects.filter(my_work.following_q(actor)).values_list("pk", flat=True))
    assert fast == set(Task.objects.filter(plain).values_list("pk", flat=True))
    if username in ("van", "chanh"):  # the assigning office: it follows something
        assert fast


def test_the_specialist_of_the_assigning_office_decides_only_the_returned_task(cast, waiting):
    reported, returned, *_rest = waiting
    groups = my_work.my_work_groups(actor=cast.van, person=cast.van.person, day=TODAY, rows=100)
    assert [t.pk for t in groups["awaiting"].tasks] == [returned.pk]
    # He may return the reported one for rework, but accepting it is his leader's decision.
    assert "rework" in policy.allowed_names(
        cast.van, selectors.task_get_visible(actor=cast.van, task_id=reported.pk)
    )


def _team(html):
    start = html.index("data-team-table")
    table = html[start : html.index("</table>", start)]
    rows = {}
    for row in re.findall(r'<tr data-person="(\d*)">(.*?)</tr>', table, flags=re.S):
        cells = dict(re.findall(r'data-cell="(\w+)">([\d.]+)<', row[1]))
        rows[int(row[0]) if row[0] else None] = {name: int(value) for name, value in cells.items()}
    return rows


def test_a_leader_sees_his_units_work_per_person(client, cast, assign):
    named = assign(content="Của chị Oanh", assigned_on=days(-40), deadline_on=days(-2))
    assignment.task_name_lead_person(
        actor=cast.dung, task=named, person=cast.oanh.person, expected_version=named.version
    )
    assign(content="Chưa giao ai", assigned_on=days(-1), deadline_on=days(3))
    assign(cast.info, content="Của Sở khác", assigned_on=days(-1), deadline_on=days(3))

    html = _home(client, cast.dung)
    rows = _team(html)
    # dung and vera hold positions in the department; oanh works for it by delegation.
    assert set(rows) == {cast.dung.person.pk, cast.vera.person.pk, cast.oanh.person.pk, None}
    assert rows[cast.oanh.person.pk]["held"] == 1
    assert rows[cast.oanh.person.pk]["overdue"] == 1
    assert rows[None] == {"held": 1, "new": 1, "overdue": 0, "due_soon": 1, "not_updated": 0, "reported": 0}
    assert rows[cast.dung.person.pk]["held"] == 0
    assert "Sở Văn hóa và Thể thao" in html

    # The outsider leads her own unit: her table has her people, none of ours.
    olga = _home(client, cast.olga)
    assert set(_team(olga)) == {cast.olga.person.pk}
    assert "Chị Oanh" not in olga and str(cast.oanh.person.full_name) not in olga


def test_only_leaders_get_the_per_person_table(client, cast, assign):
    assign(content="Việc", assigned_on=days(-1), deadline_on=days(3))
    assert "data-team-table" in _home(client, cast.dung)
    assert "data-team-table" in _home(client, cast.chanh)  # he leads the party office
    for user in (cast.oanh, cast.van, cast.vera):
        assert "data-team-table" not in _home(client, user)


def _queries(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    scopes.clear_shared_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/")
    assert response.status_code == 200
    return len(captured)


def _add(cast, assign, number):
    for n in range(number):
        task = assign(content=f"Việc {n}", assigned_on=days(-20), deadline_on=days(n % 9 - 2))
        assignment.task_name_lead_person(
            actor=cast.dung, task=task, person=cast.oanh.person, expected_version=task.version
        )
        AccountFactory.create(
            username=f"cv{number}_{n}",
            position={"unit": cast.culture, "title": "Chuyên viên", "role": "specialist"},
        )
    reworked = assign(
        content="Làm lại", assigned_on=days(-5), deadline_on=days(20), coordinating_units=[cast.info]
    )
    _move(cast.oanh, reworked, "report_done", reason="Đã hoàn thành")
    _move(cast.van, reworked, "rework", reason="Thiếu")


@pytest.mark.parametrize("username", ["dung", "oanh", "van", "chanh"])
def test_my_work_runs_the_same_number_of_queries_for_few_and_many_tasks_and_people(cast, assign, username):
    _add(cast, assign, 2)
    few = _queries(username)
    _add(cast, assign, 12)
    many = _queries(username)
    assert many == few
    assert few <= 40  # ten groups of two queries, the team's two, the reader and his scope
