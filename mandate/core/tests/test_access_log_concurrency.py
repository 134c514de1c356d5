"""A read is logged while the audit chain's sequencer holds its lock (PostgreSQL, real commits):
the access log takes no lock of the audit trail, so a page that logs its reads never waits for
the chain (ADR 0034)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections, transaction

from mandate.core import access_log
from mandate.core.locks import lock_for_transaction, try_lock_for_transaction
from mandate.core.models import AccessLogEntry
from mandate.core.tests.intruder import lift_guards, restore_guards

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'")

WAIT = 10  # seconds: far more than an INSERT takes, far less than the lock is held


@pytest.fixture
def _guards_back_after_flush(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        restore_guards()


@pytest.fixture
def committed_db(_guards_back_after_flush: None, transactional_db: Any) -> Iterator[None]:
    """Real commits; the flush after the test (TRUNCATE) needs the guards lifted."""
    yield
    lift_guards()


def _hold_the_chain(held: threading.Event, release: threading.Event, failures: list[BaseException]) -> None:
    """Another transaction, as ``audit.seal_pending`` does: the "audit-chain" lock until told."""
    try:
        with transaction.atomic():
            lock_for_transaction("audit-chain")
            held.set()
            release.wait(timeout=60)
    except BaseException as error:
        failures.append(error)
    finally:
        connections.close_all()


def _read(done: list[int], failures: list[BaseException]) -> None:
    try:
        with transaction.atomic():
            entry = access_log.record_read(
                actor=None,
                record_type="inspections.finding",
                record_id=42,
                purpose="while the chain is locked",
            )
        done.append(entry.pk)
        access_log.record_reads(actor=None, record_type="feedback.contact", record_ids=[1, 2], purpose="list")
        done.append(0)
    except BaseException as error:
        failures.append(error)
    finally:
        connections.close_all()


def test_a_read_is_logged_while_another_transaction_holds_the_audit_lock(committed_db: None) -> None:
    held, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []
    holder = threading.Thread(target=_hold_the_chain, args=(held, release, failures))
    holder.start()
    try:
        assert held.wait(timeout=WAIT), failures
        with transaction.atomic():  # the lock is really taken: nobody else gets it now
            assert not try_lock_for_transaction("audit-chain")
        done: list[int] = []
        reader = threading.Thread(target=_read, args=(done, failures))
        reader.start()
        reader.join(timeout=WAIT)

        assert not reader.is_alive(), "record_read waited for the audit chain's lock"
        assert failures == []
        assert len(done) == 2
        assert holder.is_alive()  # the lock was held the whole time
    finally:
        release.set()
        holder.join(timeout=WAIT)
    assert AccessLogEntry.objects.count() == 3
    assert connection.vendor == "postgresql"
