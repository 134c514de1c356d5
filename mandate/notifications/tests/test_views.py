"""The notices page, the bell, and marking notices read — through HTTP."""

import datetime as dt
import re

from django.utils import timezone

from mandate.notifications.models import Notification
from mandate.notifications.tests.helpers import notice


def _titles(html):
    return re.findall(r'data-notice-title="([^"]*)"', html)


def test_the_page_lists_my_notices_unread_first_and_the_bell_counts_them(client, cast):
    old_unread = notice(cast.dung, "Cũ chưa đọc")
    read = notice(cast.dung, "Đã đọc rồi")
    Notification.objects.filter(pk=read.pk).update(read_at=timezone.now())
    linked = notice(cast.dung, "Mới chưa đọc", url="/tasks/7/")
    Notification.objects.filter(pk=old_unread.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    notice(cast.oanh, "Của người khác")
    client.force_login(cast.dung)

    response = client.get("/notifications/")

    html = response.content.decode()
    assert response.status_code == 200
    assert _titles(html) == ["Mới chưa đọc", "Cũ chưa đọc", "Đã đọc rồi"]
    assert f'action="/notifications/{linked.pk}/open/"' in html  # opening it marks it read
    assert re.search(r'id="bell".*?>\s*2\s*</span>', html, re.S)  # the bell, in the layout
    assert 'href="/notifications/"' in html


def test_marking_one_read_goes_back_and_leaves_the_others(client, cast):
    first, second = notice(cast.dung, "Một"), notice(cast.dung, "Hai")
    client.force_login(cast.dung)

    response = client.post(f"/notifications/{first.pk}/read/", {"next": "/tasks/?q=x"})

    assert (response.status_code, response["Location"]) == (302, "/tasks/?q=x")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


def test_marking_all_read(client, cast):
    notice(cast.dung, "Một")
    notice(cast.dung, "Hai")
    theirs = notice(cast.oanh, "Của Oanh")
    client.force_login(cast.dung)

    response = client.post("/notifications/read-all/")

    assert (response.status_code, response["Location"]) == (302, "/notifications/")
    assert not Notification.objects.filter(recipient=cast.dung, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_an_address_elsewhere_is_not_followed(client, cast):
    mine = notice(cast.dung, "Một")
    client.force_login(cast.dung)

    response = client.post(f"/notifications/{mine.pk}/read/", {"next": "https://example.org/"})

    assert response["Location"] == "/notifications/"


def test_someone_elses_notice_does_not_exist_for_me(client, cast):
    theirs = notice(cast.dung, "Của Dũng")
    for who in (cast.oanh, cast.ad, cast.olga):
        client.force_login(who)
        assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
        assert "Của Dũng" not in client.get("/notifications/").content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_a_post(client, cast):
    mine = notice(cast.dung, "Một")
    client.force_login(cast.dung)

    assert client.get(f"/notifications/{mine.pk}/read/").status_code == 405
    assert client.get("/notifications/read-all/").status_code == 405
    mine.refresh_from_db()
    assert mine.read_at is None


def test_an_empty_inbox_says_so(client, cast):
    client.force_login(cast.dung)
    response = client.get("/notifications/")
    assert response.status_code == 200
    assert _titles(response.content.decode()) == []
