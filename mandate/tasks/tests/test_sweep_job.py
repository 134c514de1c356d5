"""The sweep as a job of real consumer processes (issue 10 §11, ADR 0023): a consumer killed with
SIGKILL in the middle of the sweep loses nothing and the sweep completes once; a second consumer
never runs it beside the first; a scheduled moment fired by two consumers is run once.

Each test starts real ``mandate worker`` processes on the test's database and queue (SQLite file,
PostgreSQL or Redis: ``MANDATE_JOBS_URL``); see mandate/core/tests/consumers.py.
"""

from __future__ import annotations

import datetime as dt
import time
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction

from mandate.core import job_engine, job_locks
from mandate.core.models import AuditEntry, JobRun, JobState
from mandate.core.tests.consumers import Consumer, SharedDatabase, consumer_env, real_queue, wait_for
from mandate.core.tests.intruder import lift_guards, restore_guards
from mandate.notifications.models import Notification
from mandate.tasks.models import Task, TaskEvent
from mandate.tasks.services import escalation

DAY = dt.date(2024, 4, 8)  # a Monday
PAUSED = "mandate.tasks.tests.paused_worker"
pytestmark = pytest.mark.jobs


@pytest.fixture
def _back_as_migrated(django_db_blocker):
    """Torn down after the database is emptied: the audit guards and the document types (rows of a
    data migration) come back, as the next test expects them."""
    yield
    with django_db_blocker.unblock():
        restore_guards()
        import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture
def committed_db(_back_as_migrated, transactional_db):
    """Real commits, which the consumer processes read; emptied afterwards (the audit trail's
    guards lifted for that only, as in mandate/core/tests/test_audit_concurrency.py)."""
    yield
    lift_guards()


@pytest.fixture
def work(committed_db, cast, assign):
    """Tasks the sweep of DAY acts on: one due in two working days, one due that day, one overdue."""
    assign(deadline_on=dt.date(2024, 4, 10), lead_person=cast.oanh.person)
    assign(deadline_on=DAY)
    assign(deadline_on=dt.date(2024, 4, 2), lead_person=cast.oanh.person)


def effects():
    """What the sweep leaves: the tasks' marks, the timeline rows and the notices."""
    marks = list(
        Task.objects.order_by("pk").values_list(
            "overdue_since",
            "reminded_before_on",
            "reminded_due_on",
            "last_reminder_on",
            "reminders_after_deadline",
        )
    )
    return marks, TaskEvent.objects.count(), sorted(Notification.objects.values_list("dedupe_key", flat=True))


def effects_of_one_sweep():
    """The effects of one sweep of DAY, found by running it and rolling it back."""
    with transaction.atomic():
        escalation.sweep(day=DAY)
        once = effects()
        transaction.set_rollback(True)
    assert once != effects()  # the sweep has work to do
    return once


def wait_until_free(name: str) -> None:
    """On PostgreSQL the lock of a killed consumer goes when the server sees its connection close."""
    for _ in range(100):
        with job_locks.hold(name) as held:
            if held:
                return
        time.sleep(0.1)
    raise AssertionError(f"the lock of {name} was never freed")


def test_a_consumer_killed_in_the_middle_of_the_sweep_loses_nothing(work, tmp_path: Path):
    once = effects_of_one_sweep()
    marker = tmp_path / "paused"
    with real_queue():
        run = job_engine.enqueue("tasks.sweep", day=DAY.isoformat())
        shared = SharedDatabase(tmp_path)
        first = Consumer(
            consumer_env(shared, PAUSE_MARKER=str(marker)), tmp_path / "first.log", module=PAUSED
        )
        consumers = [first]
        try:
            wait_for(marker.exists, seconds=20, what="the sweep to be under way", consumers=consumers)
            assert shared.run_state(run.pk) == JobState.RUNNING
            first.kill()  # SIGKILL, its transaction open
            consumers = []
            assert shared.run_state(run.pk) == JobState.RUNNING  # what the dead consumer left
            if shared.file is None:
                wait_until_free("tasks.sweep")
            second = Consumer(consumer_env(shared), tmp_path / "second.log")
            consumers = [second]
            wait_for(
                lambda: shared.run_state(run.pk) == JobState.DONE,
                seconds=20,
                what="the sweep to be run again",
                consumers=consumers,
            )
        finally:
            for consumer in (first, *consumers):
                consumer.stop()
    shared.take_back()

    run.refresh_from_db()
    assert (run.state, run.attempts) == (JobState.DONE, 2)
    assert "stopped during attempt 1; queued again" in run.error
    assert run.result is not None and run.result["reminded_before"] == 1
    assert effects() == once  # as if it had run once
    assert AuditEntry.objects.filter(action="tasks.sweep").count() == 1  # the killed one left none


def test_a_second_consumer_never_runs_the_sweep_beside_the_first(work, tmp_path: Path):
    once = effects_of_one_sweep()
    marker, release = tmp_path / "paused", tmp_path / "release"
    with real_queue():
        first_run = job_engine.enqueue("tasks.sweep", day=DAY.isoformat())
        second_run = job_engine.enqueue("tasks.sweep", day=DAY.isoformat())
        shared = SharedDatabase(tmp_path)
        env = consumer_env(shared, PAUSE_MARKER=str(marker), PAUSE_RELEASE=str(release))
        first = Consumer(env, tmp_path / "first.log", module=PAUSED)  # one worker: takes the first run
        consumers = [first]
        try:
            wait_for(marker.exists, seconds=20, what="the first sweep to be under way", consumers=consumers)
            second = Consumer(consumer_env(shared), tmp_path / "second.log")
            consumers.append(second)
            wait_for(
                lambda: f"run #{second_run.pk} waits" in second.output(),
                seconds=20,
                what="the second consumer to find the sweep running",
                consumers=consumers,
            )
            release.touch()
            wait_for(
                lambda: shared.run_state(second_run.pk) == JobState.DONE,
                seconds=20,
                what="the second run, after the first",
                consumers=consumers,
            )
        finally:
            for consumer in consumers:
                consumer.stop()
    shared.take_back()

    first_run.refresh_from_db()
    second_run.refresh_from_db()
    assert (first_run.state, first_run.attempts, second_run.attempts) == (JobState.DONE, 1, 1)
    assert first_run.finished_at is not None and second_run.started_at is not None
    assert second_run.started_at >= first_run.finished_at  # never at once
    assert second_run.result is not None
    assert set(second_run.result.values()) == {0}  # the second found nothing left to do
    assert effects() == once


def test_a_scheduled_moment_fired_by_two_consumers_runs_once(work, tmp_path: Path):
    marker, release = tmp_path / "paused", tmp_path / "release"
    with real_queue():
        fire = job_engine.scheduled_task("tasks.sweep")
        fire()  # as each consumer's scheduler does at the scheduled minute
        fire()
        shared = SharedDatabase(tmp_path)
        env = consumer_env(shared, PAUSE_MARKER=str(marker), PAUSE_RELEASE=str(release))
        first = Consumer(env, tmp_path / "first.log", module=PAUSED)
        consumers = [first]
        try:
            wait_for(
                marker.exists, seconds=20, what="the scheduled sweep to be under way", consumers=consumers
            )
            second = Consumer(consumer_env(shared), tmp_path / "second.log")
            consumers.append(second)
            wait_for(
                lambda: "Executing mandate.core.job_engine.scheduled_tasks_sweep" in second.output(),
                seconds=20,
                what="the second consumer to fire the same moment",
                consumers=consumers,
            )
            release.touch()  # on SQLite the second waits for the first's transaction to end
            wait_for(
                lambda: "scheduled_tasks_sweep" in second.output() and " executed in " in second.output(),
                seconds=20,
                what="the second consumer to be done with it",
                consumers=consumers,
            )
            wait_for(
                lambda: shared.value("SELECT count(*) FROM core_jobrun WHERE state = %s", ["done"]) == 1,
                seconds=20,
                what="the sweep to end",
                consumers=consumers,
            )
        finally:
            for consumer in consumers:
                consumer.stop()
    shared.take_back()

    (run,) = JobRun.objects.filter(name="tasks.sweep")
    assert run.state == JobState.DONE and run.slot == job_engine.latest_slot("tasks.sweep")
    assert AuditEntry.objects.filter(action="tasks.sweep").count() == 1
