"""The job runs' page (the admin's changelist of ``JobRun``): administrators read how each run
went, newest first; nobody adds, changes or deletes a run there (ADR 0023)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Permission
from django.utils import timezone

from mandate.core import job_engine
from mandate.core.models import JobRun, JobState


def _runs():
    now = timezone.now()
    done = job_engine.enqueue("tasks.sweep", day="2024-04-08")
    quiet = JobRun.objects.create(
        name="notifications.digests",
        state=JobState.RUNNING,
        attempts=1,
        consumer="may1:4242:Worker-1",
        started_at=now - dt.timedelta(minutes=5),
        heartbeat_at=now - dt.timedelta(minutes=4),
    )
    failed = JobRun.objects.create(
        name="core.audit_checkpoint",
        state=JobState.FAILED,
        attempts=3,
        error="Traceback …\nCheckpointError: empty",
    )
    return done, quiet, failed


def test_an_administrator_reads_the_runs_newest_first_with_a_quiet_one_flagged(
    cast, client, django_assert_max_num_queries
):
    done, quiet, failed = _runs()
    client.force_login(cast.ad)

    with django_assert_max_num_queries(12):
        page = client.get("/admin/core/jobrun/")

    assert page.status_code == 200
    text = page.content.decode()
    assert text.index(f">{failed.pk}<") < text.index(f">{quiet.pk}<") < text.index(f">{done.pk}<")
    assert "CheckpointError: empty" in text
    assert "đang chạy, không thấy hoạt động từ" in text  # the running one whose heartbeat stopped
    detail = client.get(f"/admin/core/jobrun/{quiet.pk}/change/")
    assert detail.status_code == 200
    assert "may1:4242:Worker-1" in detail.content.decode()
    assert (
        client.get("/admin/core/jobrun/?state__exact=failed").content.decode().count("CheckpointError") == 1
    )


def test_nobody_adds_changes_or_deletes_a_run(cast, client):
    done, _, _ = _runs()
    client.force_login(cast.ad)

    assert client.get("/admin/core/jobrun/add/").status_code == 403
    assert client.post(f"/admin/core/jobrun/{done.pk}/change/", {"state": "queued"}).status_code == 403
    assert client.post(f"/admin/core/jobrun/{done.pk}/delete/", {"post": "yes"}).status_code == 403
    done.refresh_from_db()
    assert done.state == JobState.DONE


def test_others_do_not_see_the_runs(cast, client):
    _runs()
    client.force_login(cast.dung)
    assert client.get("/admin/core/jobrun/")["Location"].startswith("/admin/login/")

    cast.dung.is_staff = True  # staff, but not given the right to view job runs
    cast.dung.save()
    assert client.get("/admin/core/jobrun/").status_code == 403

    cast.dung.user_permissions.add(Permission.objects.get(codename="view_jobrun"))
    assert client.get("/admin/core/jobrun/").status_code == 200
