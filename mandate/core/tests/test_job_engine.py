"""The job engine in one process (immediate mode): runs recorded, failures retried then given up,
one run at a time, lost runs found again, one run per scheduled moment (ADR 0023). The real
consumer processes are tested in mandate/tasks/tests/test_sweep_job.py."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from huey import PostgresHuey, RedisHuey, SqliteHuey

from mandate.core import job_engine, job_locks
from mandate.core.models import JobRun, JobState

CALLS: list[dict[str, object]] = []
pytestmark = pytest.mark.jobs


@job_engine.job("core.test_echo")
def echo(**args: object) -> dict[str, object]:
    CALLS.append(args)
    return {"echo": args, "when": dt.date(2024, 4, 8)}


@job_engine.job("core.test_fail")
def fail() -> None:
    CALLS.append({})
    raise RuntimeError("the mail server said no")


@job_engine.job("core.test_keyed", lock_by="item")
def keyed(item: int) -> int:
    CALLS.append({"item": item})
    return item


def run_in_thread(target) -> None:
    thread = threading.Thread(target=target)
    thread.start()
    thread.join()


@contextmanager
def held_elsewhere(name: str, *, close_connection: bool = False) -> Iterator[threading.Event]:
    """Job ``name``'s lock held by another thread (another database session) until the block ends
    or the event is set; with ``close_connection`` that thread's connection closes while held."""
    taken, done = threading.Event(), threading.Event()

    def holder() -> None:
        try:
            with job_locks.hold(name) as held:
                assert held
                taken.set()
                done.wait(30)
                if close_connection:
                    connections["default"].close()
        finally:
            connections.close_all()

    thread = threading.Thread(target=holder)
    thread.start()
    taken.wait(30)
    try:
        yield done
    finally:
        done.set()
        thread.join()


@pytest.fixture(autouse=True)
def _no_calls():
    CALLS.clear()


def test_a_queued_job_runs_and_its_run_is_recorded(db):
    run = job_engine.enqueue("core.test_echo", day="2024-04-08")

    assert CALLS == [{"day": "2024-04-08"}]
    assert (run.state, run.attempts, run.error) == (JobState.DONE, 1, "")
    assert run.result == {"echo": {"day": "2024-04-08"}, "when": "2024-04-08"}
    assert run.started_at is not None and run.finished_at is not None and run.heartbeat_at is not None
    assert run.consumer.count(":") == 2  # host:pid:thread


def test_an_unknown_job_is_refused_when_queued(db):
    with pytest.raises(ImproperlyConfigured):
        job_engine.enqueue("core.no_such_job")


def test_a_failing_job_is_retried_then_given_up_with_its_error(db, settings):
    settings.MANDATE_JOBS_MAX_ATTEMPTS = 2
    run = job_engine.enqueue("core.test_fail")

    assert (run.state, run.attempts) == (JobState.QUEUED, 1)  # to be tried again after the delay
    assert run.due_at > run.queued_at
    assert "the mail server said no" in run.error

    again = job_engine.execute(run.pk)  # what the delayed message does

    assert again is not None
    assert (again.state, again.attempts, len(CALLS)) == (JobState.FAILED, 2, 2)
    assert "RuntimeError: the mail server said no" in again.error
    assert job_engine.execute(run.pk) == again  # a finished run is left alone
    assert len(CALLS) == 2


def test_a_job_running_elsewhere_makes_the_run_wait_without_counting_an_attempt(db):
    run = JobRun.objects.create(name="core.test_echo")

    with held_elsewhere("core.test_echo"):
        job_engine.execute(run.pk)
        run.refresh_from_db()
        assert (run.state, run.attempts, CALLS) == (JobState.QUEUED, 0, [])

    job_engine.execute(run.pk)
    run.refresh_from_db()
    assert (run.state, run.attempts, len(CALLS)) == (JobState.DONE, 1, 1)


def test_a_keyed_job_runs_beside_another_key_and_waits_for_its_own(db):
    """``lock_by``: report 2 is made while report 1 is being made; report 1's second run waits."""
    same, other = (JobRun.objects.create(name="core.test_keyed", args={"item": n}) for n in (1, 2))

    with held_elsewhere("core.test_keyed:1"):
        job_engine.execute(same.pk)
        job_engine.execute(other.pk)
        same.refresh_from_db()
        other.refresh_from_db()
        assert (same.state, same.attempts) == (JobState.QUEUED, 0)
        assert (other.state, CALLS) == (JobState.DONE, [{"item": 2}])

    job_engine.execute(same.pk)
    same.refresh_from_db()
    assert (same.state, CALLS) == (JobState.DONE, [{"item": 2}, {"item": 1}])


def test_a_keyed_run_is_recovered_by_its_own_lock(db):
    alive = JobRun.objects.create(
        name="core.test_keyed", args={"item": 1}, state=JobState.RUNNING, attempts=1
    )
    lost = JobRun.objects.create(name="core.test_keyed", args={"item": 2}, state=JobState.RUNNING, attempts=1)

    with held_elsewhere("core.test_keyed:1"):
        assert job_engine.recover() == [lost.pk]

    alive.refresh_from_db()
    lost.refresh_from_db()
    assert (alive.state, lost.state, CALLS) == (JobState.RUNNING, JobState.DONE, [{"item": 2}])


def test_a_run_left_running_by_a_dead_consumer_is_run_again_and_counted(db):
    lost = JobRun.objects.create(
        name="core.test_echo", state=JobState.RUNNING, attempts=1, consumer="gone:1:Worker-1"
    )

    assert job_engine.recover() == [lost.pk]

    lost.refresh_from_db()
    assert (lost.state, lost.attempts, len(CALLS)) == (JobState.DONE, 2, 1)
    assert "Consumer gone:1:Worker-1 stopped during attempt 1" in lost.error


def test_a_run_whose_lock_is_held_is_alive_and_left_alone(db):
    alive = JobRun.objects.create(name="core.test_echo", state=JobState.RUNNING, attempts=1)

    with held_elsewhere("core.test_echo"):
        assert job_engine.recover() == []

    alive.refresh_from_db()
    assert (alive.state, CALLS) == (JobState.RUNNING, [])


def test_a_run_killed_too_often_is_given_up(db, settings):
    settings.MANDATE_JOBS_MAX_ATTEMPTS = 3
    lost = JobRun.objects.create(name="core.test_echo", state=JobState.RUNNING, attempts=3)

    job_engine.recover()

    lost.refresh_from_db()
    assert (lost.state, CALLS) == (JobState.FAILED, [])
    assert lost.error.startswith("Given up after 3 attempts.")


def test_a_queued_run_never_picked_up_is_queued_again(db, settings):
    now = dt.datetime(2024, 4, 8, 3, 0, tzinfo=dt.UTC)
    forgotten = JobRun.objects.create(name="core.test_echo", due_at=now - dt.timedelta(minutes=3))
    recent = JobRun.objects.create(name="core.test_echo", due_at=now - dt.timedelta(seconds=30))

    assert job_engine.recover(now=now) == [forgotten.pk]
    forgotten.refresh_from_db()
    recent.refresh_from_db()
    assert (forgotten.state, recent.state) == (JobState.DONE, JobState.QUEUED)


def test_a_scheduled_moment_is_run_once_however_often_it_is_fired(db, settings):
    settings.MANDATE_JOBS_SCHEDULE = {**settings.MANDATE_JOBS_SCHEDULE, "core.test_echo": "*/5 * * * *"}

    first = job_engine.fire_scheduled("core.test_echo")
    second = job_engine.fire_scheduled("core.test_echo")

    assert first is not None and second is None
    assert JobRun.objects.filter(name="core.test_echo").count() == 1
    assert first.slot is not None and first.slot.minute % 5 == 0 and len(CALLS) == 1


def test_the_last_slot_is_read_in_hanoi_time(settings):
    settings.MANDATE_JOBS_SCHEDULE = {**settings.MANDATE_JOBS_SCHEDULE, "core.test_echo": "5 0 * * *"}
    at_noon = dt.datetime(2024, 4, 8, 5, 0, tzinfo=dt.UTC)  # 12:00 in Hà Nội
    before_midnight = dt.datetime(2024, 4, 8, 16, 59, tzinfo=dt.UTC)  # 23:59

    assert job_engine.latest_slot("core.test_echo", now=at_noon) == dt.datetime(
        2024, 4, 7, 17, 5, tzinfo=dt.UTC
    )
    assert job_engine.latest_slot("core.test_echo", now=before_midnight) == dt.datetime(
        2024, 4, 7, 17, 5, tzinfo=dt.UTC
    )
    assert job_engine.latest_slot("core.test_fail") is None  # not scheduled


def test_a_consumer_that_starts_catches_up_a_missed_moment_once(db, settings):
    settings.MANDATE_JOBS_SCHEDULE = {"tasks.sweep": "5 0 * * *", "core.audit_seal": "*/10 * * * *"}
    now = dt.datetime(2024, 4, 8, 5, 0, tzinfo=dt.UTC)
    slot = dt.datetime(2024, 4, 7, 17, 5, tzinfo=dt.UTC)

    caught = job_engine.catch_up(now=now)
    assert [(run.name, run.slot) for run in caught] == [("tasks.sweep", slot)]  # the seal does not catch up
    assert JobRun.objects.get(name="tasks.sweep").state == JobState.DONE
    assert job_engine.catch_up(now=now) == []

    settings.MANDATE_JOBS_CATCH_UP = False
    assert job_engine.catch_up(now=now + dt.timedelta(days=1)) == []


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("", SqliteHuey),
        ("redis://127.0.0.1:6379/3", RedisHuey),
        ("postgres://mandate:mandate@127.0.0.1:5432/mandate", PostgresHuey),
    ],
)
def test_the_queue_is_built_from_the_setting(settings, url, kind, monkeypatch):
    settings.MANDATE_JOBS_URL = url
    settings.MANDATE_JOBS_IMMEDIATE = True  # memory storage: nothing is opened
    monkeypatch.setattr(PostgresHuey, "create_storage", lambda self: None)
    assert isinstance(job_engine.build_huey(), kind)


def test_a_queue_url_of_another_kind_is_refused(settings):
    settings.MANDATE_JOBS_URL = "amqp://127.0.0.1/"
    with pytest.raises(ImproperlyConfigured, match="postgres://, redis://"):
        job_engine.build_huey()


def test_a_schedule_must_have_five_fields():
    with pytest.raises(ImproperlyConfigured):
        job_engine.local_crontab("5 0 * *")


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_on_postgresql_the_lock_excludes_another_session_and_dies_with_its_connection(db):
    assert connection.vendor == "postgresql"
    answers: list[bool] = []

    def in_other_session() -> None:
        with job_locks.hold("core.test_echo") as held:
            answers.append(held)
        connections.close_all()

    with held_elsewhere("core.test_echo", close_connection=True) as holder:
        run_in_thread(in_other_session)  # while the holder's session lives
        holder.set()  # the holder's connection closes, as a killed consumer's does
    run_in_thread(in_other_session)

    assert answers == [False, True]


def test_on_sqlite_the_lock_file_excludes_another_opener_and_dies_with_its_process(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    with job_locks._file("core.test_echo") as first, job_locks._file("core.test_echo") as second:
        assert (first, second) == (True, False)

    path = job_locks.lock_file("core.test_echo")
    holder = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-c",
            f"import fcntl,time; f=open({str(path)!r},'a'); fcntl.flock(f, 2); print(1, flush=True); "
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == b"1"
    with job_locks._file("core.test_echo") as held:
        assert not held
    holder.kill()
    holder.wait()
    with job_locks._file("core.test_echo") as held:
        assert held
