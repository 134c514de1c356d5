"""Concurrent writers on PostgreSQL, with real commits: no entry lost, none sealed twice, the chain
valid, and a rolled-back write leaves nothing (issue 9, section 3, "without losing a single
entry"). New: before, writers queued on one lock instead of being sealed after commit."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections, transaction

from mandate.core import audit
from mandate.core.models import AuditEntry, AuditPending, AuditSeal
from mandate.core.tests.intruder import lift_guards, restore_guards

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'")

WRITERS = 6
WRITES = 15


class _RolledBack(Exception):
    pass


@pytest.fixture
def _guards_back_after_flush(django_db_blocker: Any) -> Iterator[None]:
    """Set up before the database and torn down after its flush: the guards come back."""
    yield
    with django_db_blocker.unblock():
        restore_guards()


@pytest.fixture
def committed_db(_guards_back_after_flush: None, transactional_db: Any) -> Iterator[None]:
    """Real commits; the flush after the test (TRUNCATE) needs the guards lifted."""
    yield
    lift_guards()


def _writer(number: int, done: list[int], failures: list[BaseException], barrier: threading.Barrier) -> None:
    try:
        barrier.wait()
        for n in range(WRITES):
            rolled_back = number == 0 and n % 3 == 0
            try:
                with transaction.atomic():
                    audit.record(actor=None, action="core.test", target_label=f"w{number}-{n}")
                    if rolled_back:
                        raise _RolledBack
            except _RolledBack:
                continue
            done.append(number)
    except BaseException as error:  # reported by the test
        failures.append(error)
    finally:
        connections.close_all()


def test_concurrent_writers_lose_no_entry_and_the_chain_stays_valid(committed_db: None) -> None:
    done: list[int] = []
    failures: list[BaseException] = []
    barrier = threading.Barrier(WRITERS)
    threads = [threading.Thread(target=_writer, args=(i, done, failures, barrier)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    written = WRITERS * WRITES - len(range(0, WRITES, 3))
    assert len(done) == written
    audit.seal_pending()  # what a busy moment left, as `mandate audit seal` would
    assert AuditEntry.objects.filter(action="core.test").count() == written
    assert AuditSeal.objects.count() == AuditEntry.objects.count()
    assert not AuditPending.objects.exists()
    result = audit.verify()
    assert result.ok, result.reason
    assert result.unsealed == 0
    assert result.length == AuditEntry.objects.count()
    seqs = list(AuditSeal.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    assert connection.vendor == "postgresql"


def test_the_seal_after_a_commit_skips_only_its_own_wait_for_the_disk(committed_db: None) -> None:
    """The after-commit seal turns ``synchronous_commit`` off for its own transaction (``SET
    LOCAL``), never for the connection's next writes; the checkpoint's flush commits durably."""
    with transaction.atomic():
        audit.record(actor=None, action="core.test", target_label="durable")
    assert not AuditPending.objects.exists()  # sealed after the commit
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)
    audit.flush_seals()
    assert audit.verify().ok
