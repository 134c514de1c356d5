"""The job engine: huey, built from the settings, and what huey does not do for this project
(docs/adr/0023-job-engine.md):

- every run is a ``JobRun`` row in the database: its state, attempts, consumer, heartbeat, result
  or error, so a page shows it and nothing about it lives only in a consumer's memory;
- a job runs once at a time across every consumer (``job_locks``) — or, when it names a
  ``lock_by`` argument, once at a time per value of that argument (a report is made once while
  other reports are made beside it) — and a scheduled moment is run once however many consumers
  fire it (``JobRun``'s unique ``(name, slot)``);
- a run left ``running`` by a consumer killed in the middle is found (its lock is free while it
  still says ``running``) and queued again, at every consumer's start and every minute after;
  so is a scheduled moment of the sweep or the checkpoint that went by with no run.

Apps declare their jobs in their own ``jobs.py`` with ``@job("app.name")``; the engine imports
every installed app's ``jobs`` module (``discover``), so core never imports an app above it. When
a job runs is a setting (``MANDATE_JOBS_SCHEDULE``), read in ``TIME_ZONE``.

A job takes keyword arguments of plain JSON values and returns a JSON value (its result). It must
be idempotent, since a run cut short is run again: the sweep, the digests and the audit jobs are.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, close_old_connections, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey, crontab

from mandate.core import job_locks
from mandate.core.models import JobRun, JobState

logger = logging.getLogger("mandate.jobs")

JOBS_MODULE = "jobs"
RUN_TASK = "run_job"
RECOVER_TASK = "recover_jobs"
SCHEDULED_PREFIX = "scheduled_"
CATCH_UP_WINDOW = dt.timedelta(days=1)
ERROR_MAX_LENGTH = 4000


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[..., Any]
    catch_up: bool
    lock_by: str = ""

    def lock_name(self, args: dict[str, Any]) -> str:
        """The lock a run with ``args`` holds: the job's name, or the name and the value of its
        ``lock_by`` argument (``reports.make:12``), so runs for different values run together."""
        return lock_name(self.name, self.lock_by, args)

    @property
    def schedule(self) -> str:
        """Its crontab ("minute hour day month weekday", local time), or "" for by hand only."""
        return str(settings.MANDATE_JOBS_SCHEDULE.get(self.name, "")).strip()


_JOBS: dict[str, Job] = {}
_discovered = False
_huey: Huey | None = None
_tasks: dict[str, Any] = {}  # huey's task wrappers, by name
_huey_lock = threading.Lock()


def lock_name(name: str, lock_by: str, args: dict[str, Any]) -> str:
    if not lock_by:
        return name
    return f"{name}:{args.get(lock_by)}"


def job(
    name: str, *, catch_up: bool = False, lock_by: str = ""
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare ``func`` as the job ``name``. ``catch_up``: a consumer that starts runs it if its
    last scheduled time (within a day) went by without a run (a server down at 00:05).
    ``lock_by``: the argument whose value the one-at-a-time lock is taken for (the report's id);
    without it, one run of the job at a time, whatever its arguments."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        known = _JOBS.get(name)
        if known is not None and known.func is not func:
            raise ImproperlyConfigured(f"Two jobs are named {name!r}.")
        _JOBS[name] = Job(name=name, func=func, catch_up=catch_up, lock_by=lock_by)
        return func

    return register


def discover() -> dict[str, Job]:
    """Import every installed app's ``jobs`` module (once); return the jobs by name."""
    global _discovered
    if not _discovered:
        autodiscover_modules(JOBS_MODULE)
        _discovered = True
    unknown = set(settings.MANDATE_JOBS_SCHEDULE) - set(_JOBS)
    if unknown:
        raise ImproperlyConfigured(f"MANDATE_JOBS_SCHEDULE names unknown jobs: {', '.join(sorted(unknown))}.")
    return dict(_JOBS)


# --- the huey instance ----------------------------------------------------------------------


def build_huey() -> Huey:
    """A huey instance on the configured storage (``MANDATE_JOBS_URL``), tasks not registered."""
    url = settings.MANDATE_JOBS_URL.strip()
    name = settings.MANDATE_JOBS_NAME
    # Results live in JobRun; huey keeps UTC internally and the schedules convert (local_crontab).
    common: dict[str, Any] = {"results": False, "utc": True, "immediate": settings.MANDATE_JOBS_IMMEDIATE}
    scheme = url.split(":", 1)[0].lower() if url else ""
    if not url:
        settings.MANDATE_JOBS_SQLITE.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(settings.MANDATE_JOBS_SQLITE), **common)
    if scheme in {"redis", "rediss", "unix"}:
        return RedisHuey(name, url=url, **common)
    if scheme in {"postgres", "postgresql"}:
        return PostgresHuey(name, dsn=url, **common)
    raise ImproperlyConfigured(
        f"MANDATE_JOBS_URL must start with postgres://, redis:// or be empty (SQLite), not {scheme}://."
    )


def get_huey() -> Huey:
    """The process's huey instance, with every job's tasks registered (built on first use, so the
    web server, which only enqueues, never opens the queue's storage unless it does)."""
    global _huey
    with _huey_lock:
        if _huey is None:
            instance = build_huey()
            _register(instance, discover())
            _huey = instance
        return _huey


def local_crontab(expression: str) -> Callable[[dt.datetime], bool]:
    """huey's crontab for ``expression``, read in ``TIME_ZONE``: huey hands its checks naive UTC."""
    fields = expression.split()
    if len(fields) != 5:
        raise ImproperlyConfigured(
            f"A schedule has five fields (minute hour day month weekday), not {expression!r}."
        )
    matches = crontab(*fields, strict=True)
    zone = ZoneInfo(settings.TIME_ZONE)

    def validate(utc_naive: dt.datetime) -> bool:
        return bool(matches(utc_naive.replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None)))

    return validate


def _register(instance: Huey, jobs: dict[str, Job]) -> None:
    _tasks.clear()
    _tasks[RUN_TASK] = instance.task(name=RUN_TASK)(_run_task)
    _tasks[RECOVER_TASK] = instance.periodic_task(crontab(minute="*"), name=RECOVER_TASK)(_recover_task)
    for name, declared in jobs.items():
        if declared.schedule:
            _tasks[SCHEDULED_PREFIX + name] = instance.periodic_task(
                local_crontab(declared.schedule), name=SCHEDULED_PREFIX + name.replace(".", "_")
            )(_scheduled_task(name))


def _run_task(run_id: int) -> None:
    execute(run_id)


def _recover_task() -> None:
    """Every minute on each consumer that fires the schedule: what was lost, and what was missed
    (a scheduler tick skipped under load leaves a moment with no run; its slot is made here)."""
    _tidy_connections()
    try:
        recover()
        catch_up()
    finally:
        _tidy_connections()


def _scheduled_task(name: str) -> Callable[[], None]:
    def fire() -> None:
        fire_scheduled(name)

    return fire


def scheduled_task(name: str) -> Any:
    """The huey task (its wrapper) that the scheduler enqueues for job ``name``."""
    get_huey()
    return _tasks[SCHEDULED_PREFIX + name]


# --- runs -----------------------------------------------------------------------------------


def _tidy_connections() -> None:
    """In a consumer, drop a connection that is broken or too old before and after each job (what
    Django does around each request). In immediate mode the caller owns its connection."""
    if not get_huey().immediate:
        close_old_connections()


def consumer_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"[:200]


def _queue(run_id: int, *, delay: float | None = None) -> None:
    """Put a message for run ``run_id`` on the queue (after ``delay`` seconds)."""
    get_huey()
    if delay:
        _tasks[RUN_TASK].schedule(args=(run_id,), delay=delay)
    else:
        _tasks[RUN_TASK](run_id)


def enqueue(name: str, **args: Any) -> JobRun:
    """Queue a run of job ``name`` with ``args`` (plain JSON values) for a consumer."""
    if name not in discover():
        raise ImproperlyConfigured(f"No job is named {name!r}.")
    run = JobRun.objects.create(name=name, args=args, state=JobState.QUEUED)
    if get_huey().immediate:
        _queue(run.pk)  # runs it now, in this process
        run.refresh_from_db()
    else:
        transaction.on_commit(lambda: _queue(run.pk))  # a consumer must find the row
    return run


def latest_slot(name: str, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """The last moment, at or before ``now`` and within a day, that job ``name``'s schedule names."""
    schedule = _JOBS[name].schedule if name in _JOBS else ""
    if not schedule:
        return None
    validate = local_crontab(schedule)
    minute = (now or timezone.now()).astimezone(dt.UTC).replace(second=0, microsecond=0, tzinfo=None)
    for back in range(int(CATCH_UP_WINDOW.total_seconds() // 60) + 1):
        moment = minute - dt.timedelta(minutes=back)
        if validate(moment):
            return moment.replace(tzinfo=dt.UTC)
    return None


def _claim_slot(name: str, slot: dt.datetime) -> JobRun | None:
    """The run of ``name`` for ``slot``, made now; None when another consumer made it first."""
    try:
        with transaction.atomic():
            return JobRun.objects.create(name=name, slot=slot, state=JobState.QUEUED)
    except IntegrityError:
        return None


def fire_scheduled(name: str) -> JobRun | None:
    """What the scheduler's task does: make the run of the current slot, unless made, and run it."""
    _tidy_connections()
    slot = latest_slot(name)
    run = _claim_slot(name, slot) if slot is not None else None
    if run is not None:
        execute(run.pk)
    return run


def catch_up(*, now: dt.datetime | None = None) -> list[JobRun]:
    """Queue the scheduled jobs (``catch_up=True``) whose last slot went by with no run."""
    if not settings.MANDATE_JOBS_CATCH_UP:
        return []
    queued = []
    for name, declared in discover().items():
        slot = latest_slot(name, now=now) if declared.catch_up else None
        if slot is None or JobRun.objects.filter(name=name, slot=slot).exists():
            continue
        run = _claim_slot(name, slot)
        if run is not None:
            _queue(run.pk)
            queued.append(run)
    return queued


class _Heartbeat:
    """Writes the run's heartbeat every few seconds from a thread of its own (its own connection),
    for the page; a write that waits on a database lock is skipped, the next one goes. It writes
    the progress the job reported too: from its own connection, a page sees it while the job's
    transaction is still open (on PostgreSQL; SQLite lets no one write beside an open writer)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.progress: dict[str, Any] | None = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{run_id}", daemon=True)

    def _beat(self) -> None:
        try:
            while not self.stop.wait(settings.MANDATE_JOBS_HEARTBEAT_SECONDS):
                try:
                    values: dict[str, Any] = {"heartbeat_at": timezone.now()}
                    if self.progress is not None:
                        values["progress"] = self.progress
                    JobRun.objects.filter(pk=self.run_id).update(**values)
                except DatabaseError:
                    logger.warning("Heartbeat of job run #%s not written", self.run_id)
        finally:
            connections.close_all()  # this thread's own

    def __enter__(self) -> _Heartbeat:
        if not get_huey().immediate:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=30)


_beating: contextvars.ContextVar[_Heartbeat | None] = contextvars.ContextVar("job_heartbeat", default=None)


def report_progress(*, stage: str, done: int, total: int) -> None:
    """Say how far the running job has come; ``JobRun.progress`` shows it (``{"stage", "done",
    "total"}``). Outside a job it does nothing, so a service that reports may also run in a
    request. The heartbeat writes it from its own connection; in immediate mode (tests) it is
    written at once."""
    beat = _beating.get()
    if beat is None:
        return
    beat.progress = {"stage": stage, "done": done, "total": total}
    if get_huey().immediate:
        JobRun.objects.filter(pk=beat.run_id).update(progress=beat.progress)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _defer(run: JobRun, *, seconds: float, error: str = "") -> None:
    due = timezone.now() + dt.timedelta(seconds=seconds)
    JobRun.objects.filter(pk=run.pk).update(
        state=JobState.QUEUED, due_at=due, error=error[-ERROR_MAX_LENGTH:]
    )
    _queue(run.pk, delay=seconds)


def execute(run_id: int) -> JobRun | None:
    """Run the queued run ``run_id`` here, alone: take the job's lock, claim the row (an attempt),
    run the job with a heartbeat, record how it ended. Called by the consumer's workers (and at
    once in immediate mode). A run already finished is left alone; a run whose job is running
    elsewhere is put back, to be tried again after ``MANDATE_JOBS_RETRY_SECONDS``."""
    _tidy_connections()
    try:
        run = JobRun.objects.filter(pk=run_id).first()
        if run is None or run.state in (JobState.DONE, JobState.FAILED):
            return run
        declared = discover().get(run.name)
        if declared is None:
            JobRun.objects.filter(pk=run.pk).update(
                state=JobState.FAILED, finished_at=timezone.now(), error=f"No job is named {run.name!r}."
            )
            return run
        with job_locks.hold(declared.lock_name(run.args)) as held:
            if not held:
                logger.info("Job %s is running elsewhere; run #%s waits.", run.name, run.pk)
                _defer(run, seconds=settings.MANDATE_JOBS_RETRY_SECONDS)
                return run
            return _run_holding_lock(run, declared)
    finally:
        _tidy_connections()


def _run_holding_lock(run: JobRun, declared: Job) -> JobRun:
    now = timezone.now()
    # Holding the lock, a row still "running" is an orphan of a killed consumer: claim it too.
    claimed = JobRun.objects.filter(pk=run.pk, state__in=[JobState.QUEUED, JobState.RUNNING]).update(
        state=JobState.RUNNING,
        attempts=F("attempts") + 1,
        consumer=consumer_id(),
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        progress=None,
    )
    run.refresh_from_db()
    if not claimed:
        return run
    if run.attempts > settings.MANDATE_JOBS_MAX_ATTEMPTS:
        gave_up = f"Given up after {run.attempts - 1} attempts. {run.error}"
        return _finish(run, state=JobState.FAILED, error=gave_up)
    logger.info("Job %s (run #%s, attempt %s) starts.", run.name, run.pk, run.attempts)
    with _Heartbeat(run.pk) as beat:
        token = _beating.set(beat)
        try:
            result = declared.func(**run.args)
        except Exception:
            error = traceback.format_exc()
            logger.exception("Job %s (run #%s) failed.", run.name, run.pk)
            if run.attempts < settings.MANDATE_JOBS_MAX_ATTEMPTS:
                _defer(run, seconds=settings.MANDATE_JOBS_RETRY_SECONDS, error=error)
                run.refresh_from_db()
                return run
            return _finish(run, state=JobState.FAILED, error=error)
        finally:
            _beating.reset(token)
    # A done run keeps the note of an attempt lost before it (the page shows it).
    return _finish(run, state=JobState.DONE, result=_jsonable(result), error=run.error)


def _finish(run: JobRun, *, state: str, error: str, result: Any = None) -> JobRun:
    JobRun.objects.filter(pk=run.pk).update(
        state=state, finished_at=timezone.now(), result=result, error=error[-ERROR_MAX_LENGTH:]
    )
    run.refresh_from_db()
    logger.info("Job %s (run #%s) %s.", run.name, run.pk, run.state)
    return run


def recover(*, now: dt.datetime | None = None) -> list[int]:
    """Queue again what consumers lost; return the runs' ids.

    A run says ``running`` while its lock is free only if its consumer died in the middle (a live
    one holds the lock until it has written how the run ended): it goes back to the queue, and its
    attempt stays counted. A run queued and not picked up for ``MANDATE_JOBS_STALE_SECONDS`` may
    have lost its message (taken by a consumer that died before claiming it): queued again too; a
    second message for a run is harmless, the first to claim it runs it."""
    now = now or timezone.now()
    lost: list[int] = []
    jobs = discover()
    by_lock: dict[str, list[int]] = {}
    for pk, name, args in JobRun.objects.filter(state=JobState.RUNNING).values_list("pk", "name", "args"):
        declared = jobs.get(name)
        key = declared.lock_name(args or {}) if declared is not None else name
        by_lock.setdefault(key, []).append(pk)
    for key, run_ids in by_lock.items():
        with job_locks.hold(key) as held:
            if not held:
                continue
            for run in JobRun.objects.filter(pk__in=run_ids, state=JobState.RUNNING):
                note = f"Consumer {run.consumer} stopped during attempt {run.attempts}; queued again."
                if JobRun.objects.filter(pk=run.pk, state=JobState.RUNNING).update(
                    state=JobState.QUEUED, due_at=now, error=note
                ):
                    logger.warning("Job %s (run #%s): %s", run.name, run.pk, note)
                    lost.append(run.pk)
    stale = now - dt.timedelta(seconds=settings.MANDATE_JOBS_STALE_SECONDS)
    forgotten = list(
        JobRun.objects.filter(state=JobState.QUEUED, due_at__lt=stale).values_list("pk", flat=True)
    )
    JobRun.objects.filter(pk__in=forgotten).update(due_at=now)
    for run_id in [*lost, *forgotten]:
        _queue(run_id)
    return [*lost, *forgotten]
