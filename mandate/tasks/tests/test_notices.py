"""The notices the task services give, as their readers meet them: in the reader's language,
marked read when opened, and honest about a task that has left the reader's scope (issue 10 §6)."""

import re

from django.utils import translation

from mandate.core.models import AuditEntry
from mandate.notifications.models import Notification
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.tasks.services import lifecycle


def _english_reader(user):
    User.objects.filter(pk=user.pk).update(language="en")
    user.refresh_from_db()
    return user


def _assigned_in_vietnamese(cast, assign):
    OrgUnit.objects.filter(pk=cast.culture.pk).update(name_en="Department of Culture and Sports")
    cast.culture.refresh_from_db()
    with translation.override("vi"):
        task = assign(cast.culture)
    return task, Notification.objects.get(recipient=cast.dung, kind="assigned", target_id=str(task.pk))


def test_a_notice_made_in_vietnamese_reads_in_english_and_opening_it_marks_it_read(client, cast, assign):
    task, notice = _assigned_in_vietnamese(cast, assign)
    assert notice.title == "Nhiệm vụ mới giao cho Sở Văn hóa và Thể thao"
    client.force_login(_english_reader(cast.dung))

    page = client.get("/notifications/").content.decode()

    assert 'data-notice-title="New task for Department of Culture and Sports"' in page
    assert "Nhiệm vụ mới" not in page
    assert f'action="/notifications/{notice.pk}/open/"' in page
    before = AuditEntry.objects.count()

    opened = client.post(f"/notifications/{notice.pk}/open/", {"next": "/notifications/"})

    assert opened.status_code == 302
    assert opened["Location"] == f"/tasks/{task.pk}/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert [(e.action, e.actor_id) for e in AuditEntry.objects.order_by("id")[before:]] == [
        ("notifications.read", cast.dung.pk)
    ]
    assert client.get(opened["Location"]).status_code == 200


def test_the_api_reads_a_notice_in_the_clients_language(api, cast, assign):
    _task, notice = _assigned_in_vietnamese(cast, assign)

    english = api(cast.dung).get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()
    vietnamese = api(cast.dung).get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="vi").json()

    [row_en] = [r for r in english["results"] if r["id"] == notice.pk]
    [row_vi] = [r for r in vietnamese["results"] if r["id"] == notice.pk]
    assert row_en["title"] == "New task for Department of Culture and Sports"
    assert row_vi["title"] == "Nhiệm vụ mới giao cho Sở Văn hóa và Thể thao"
    assert row_en["target_visible"] is True
    read = api(cast.dung).post(f"/api/v1/notifications/{notice.pk}/read/", HTTP_ACCEPT_LANGUAGE="en")
    assert read.json()["title"] == "New task for Department of Culture and Sports"
    assert read.json()["read_at"] is not None


def test_a_notice_about_a_task_moved_out_of_the_readers_scope_says_so(client, api, cast, assign):
    task, notice = _assigned_in_vietnamese(cast, assign)
    task = lifecycle.task_transition(
        actor=cast.dung,
        task=task,
        action="return",
        expected_version=task.version,
        reason="Không đúng chức năng",
    )
    lifecycle.task_transition(
        actor=cast.van, task=task, action="reassign", expected_version=task.version, lead_unit=cast.info
    )
    client.force_login(cast.dung)
    assert client.get(f"/tasks/{task.pk}/").status_code == 404

    page = client.get("/notifications/").content.decode()

    item = re.search(r'data-notice-title="Nhiệm vụ mới[^"]*">(.*?)</li>', page, re.S)
    assert item is not None
    assert "data-out-of-reach" in item.group(1)
    assert f"/notifications/{notice.pk}/open/" not in item.group(1)
    opened = client.post(f"/notifications/{notice.pk}/open/", {"next": "/notifications/"}, follow=True)
    assert opened.redirect_chain == [("/notifications/", 302)]
    assert "không còn thuộc phạm vi đơn vị bạn được xem" in opened.content.decode()
    notice.refresh_from_db()
    assert notice.read_at is not None
    rows = api(cast.dung).get("/api/v1/notifications/").json()["results"]
    assert [r["target_visible"] for r in rows if r["id"] == notice.pk] == [False]
