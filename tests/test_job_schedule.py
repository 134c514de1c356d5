"""Which jobs run by themselves, and when (Asia/Ho_Chi_Minh time): the huey periodic tasks that a
consumer's scheduler fires, checked minute by minute over two days (ADR 0023)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from mandate.core import job_engine

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.jobs


def _fired(task, day: dt.date) -> list[str]:
    """The local times on ``day`` at which the scheduler fires ``task`` (it hands it naive UTC)."""
    start = dt.datetime.combine(day, dt.time(0, 0), tzinfo=HANOI)
    minutes = (start + dt.timedelta(minutes=n) for n in range(24 * 60))
    return [
        f"{moment:%H:%M}"
        for moment in minutes
        if task.validate_datetime(moment.astimezone(dt.UTC).replace(tzinfo=None))
    ]


def test_the_jobs_that_run_by_themselves_and_when():
    job_engine.get_huey()
    day = dt.date(2026, 12, 7)

    schedule = {
        name: _fired(job_engine.scheduled_task(name).task_class(), day)
        for name in (
            "tasks.sweep",
            "indicators.reminders",
            "notifications.digests",
            "core.audit_checkpoint",
            "core.audit_seal",
        )
    }

    assert schedule["tasks.sweep"] == ["00:05"]
    assert schedule["indicators.reminders"] == ["00:20"]
    assert schedule["notifications.digests"] == ["07:00"]
    assert schedule["core.audit_checkpoint"] == ["02:15"]
    assert schedule["core.audit_seal"] == [f"{h:02}:{m:02}" for h in range(24) for m in range(0, 60, 10)]
    # The same on a Sunday and a holiday: the jobs decide what a day off means (the sweep does).
    assert _fired(job_engine.scheduled_task("tasks.sweep").task_class(), dt.date(2027, 1, 1)) == ["00:05"]


def test_every_job_is_known_and_only_the_recovery_runs_every_minute():
    jobs = job_engine.discover()
    huey = job_engine.get_huey()

    assert set(jobs) >= {"tasks.sweep", "notifications.digests", "core.audit_checkpoint", "core.audit_seal"}
    periodic = {type(task).__name__ for task in huey._registry.periodic_tasks}
    assert periodic == {
        "recover_jobs",
        "scheduled_tasks_sweep",
        "scheduled_indicators_reminders",
        "scheduled_notifications_digests",
        "scheduled_core_audit_checkpoint",
        "scheduled_core_audit_seal",
    }
    recover = next(t for t in huey._registry.periodic_tasks if type(t).__name__ == "recover_jobs")
    assert len(_fired(recover, dt.date(2026, 12, 7))) == 24 * 60
    # A consumer that starts runs what it missed of the sweep, the set reminders and the
    # checkpoint, not the rest.
    assert {name for name, job in jobs.items() if job.catch_up} == {
        "tasks.sweep",
        "indicators.reminders",
        "core.audit_checkpoint",
    }
