"""One run of a job at a time, across every consumer on every machine (docs/adr/0023-job-engine.md).

The lock lives where the job's effects live, the database, and dies with its holder:

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) on the connection of the thread
  that runs the job. A consumer killed in the middle closes its connection, and PostgreSQL frees
  the lock at once; nothing has to expire, and no clock is trusted.
- SQLite (one machine by nature): an exclusive ``flock`` on a file beside the database, which the
  kernel frees when its process dies. Each acquisition opens the file anew, so two worker threads
  of one consumer exclude each other too.
- An in-memory SQLite database (the tests) lives in one process: a process-local lock.

Why not huey's ``lock_task``: its lock is a key in the queue's storage that nothing removes when
its holder is killed; huey clears such keys when a consumer starts (``flush_locks``), which, with
several consumers, frees a lock another consumer still holds.
"""

from __future__ import annotations

import fcntl
import hashlib
import threading
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection

# The first key of PostgreSQL's two-key advisory locks ("JOBS"): the two-key space is apart from
# the one-key locks of core.locks, so a job's name cannot collide with theirs.
_PG_NAMESPACE = 0x4A4F4253
_local_locks: dict[str, threading.Lock] = {}
_local_guard = threading.Lock()


def _pg_key(name: str) -> int:
    key = zlib.crc32(name.encode("utf-8"))
    return key - 2**32 if key >= 2**31 else key  # PostgreSQL's int4 is signed


def lock_file(name: str) -> Path:
    """The file whose ``flock`` is job ``name``'s lock on this SQLite database."""
    database = str(Path(str(connection.settings_dict["NAME"])).resolve())
    digest = hashlib.sha256(database.encode("utf-8")).hexdigest()[:16]
    folder = Path(settings.VAR_DIR) / "job-locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{digest}-{name}.lock"


@contextmanager
def _postgresql(name: str) -> Iterator[bool]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_PG_NAMESPACE, _pg_key(name)])
        row = cursor.fetchone()
    held = bool(row and row[0])
    try:
        yield held
    finally:
        if held:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_PG_NAMESPACE, _pg_key(name)])
            except DatabaseError:
                pass  # the connection is gone, and its session's locks with it


@contextmanager
def _file(name: str) -> Iterator[bool]:
    with lock_file(name).open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def _in_process(name: str) -> Iterator[bool]:
    with _local_guard:
        lock = _local_locks.setdefault(name, threading.Lock())
    held = lock.acquire(blocking=False)
    try:
        yield held
    finally:
        if held:
            lock.release()


def hold(name: str) -> AbstractContextManager[bool]:
    """``with hold(name) as held:``: ``held`` is true when this caller now runs job ``name`` alone
    (until the block ends), false when someone else runs it. Never waits."""
    if connection.vendor == "postgresql":
        return _postgresql(name)
    if connection.vendor == "sqlite" and not getattr(connection, "is_in_memory_db", lambda: True)():
        return _file(name)
    return _in_process(name)
