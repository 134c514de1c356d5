import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from mandate.core import job_engine
from mandate.core.models import JobState
from mandate.notifications.models import DigestLog
from mandate.notifications.tests.helpers import notice, with_email


def test_the_command_sends_todays_digests_and_says_how_many(cast, mailoutbox, capsys):
    with_email(cast.dung, "dung@example.org")
    notice(cast.dung, unit=cast.culture)

    call_command("digest")
    call_command("digest")

    out = capsys.readouterr().out
    assert f"1 digest e-mail(s) sent for {timezone.localdate():%d/%m/%Y}." in out
    assert f"0 digest e-mail(s) sent for {timezone.localdate():%d/%m/%Y}." in out
    assert len(mailoutbox) == 1


def test_the_command_takes_a_day_and_refuses_a_badly_written_one(cast, mailoutbox):
    with_email(cast.dung, "dung@example.org")
    notice(cast.dung, unit=cast.culture)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    call_command("digest", "--day", tomorrow.isoformat())

    assert DigestLog.objects.get().day == tomorrow
    with pytest.raises(CommandError):
        call_command("digest", "--day", "31/12/2024")


def test_the_job_parses_its_day_and_calls_the_service(cast, mailoutbox):
    with_email(cast.dung, "dung@example.org")
    notice(cast.dung)

    first = job_engine.enqueue("notifications.digests", day=timezone.localdate().isoformat())
    again = job_engine.enqueue("notifications.digests")  # today by default

    assert (first.state, first.result) == (JobState.DONE, {"sent": 1})
    assert (again.state, again.result) == (JobState.DONE, {"sent": 0})
    assert len(mailoutbox) == 1


def test_the_admin_shows_notices_and_changes_none(cast, client):
    mine = notice(cast.dung)
    client.force_login(cast.ad)

    assert client.get("/admin/notifications/notification/").status_code == 200
    assert client.get(f"/admin/notifications/notification/{mine.pk}/change/").status_code == 200
    assert client.get("/admin/notifications/notification/add/").status_code == 403
    assert (
        client.post(f"/admin/notifications/notification/{mine.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/admin/notifications/digestlog/").status_code == 200
