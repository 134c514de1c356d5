"""Two requests that ask for the same new period at once, on PostgreSQL with real commits: both
get the one row, neither fails (``core.periods``: get-or-create on the code)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, connections, transaction

from mandate.core import periods
from mandate.core.models import Period
from mandate.core.tests.intruder import lift_guards, restore_guards

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL")


@pytest.fixture
def _back_as_migrated(django_db_blocker: Any) -> Iterator[None]:
    """Torn down after the database is emptied: the audit guards and the document types come
    back, as the next test expects them (as in mandate/tasks/tests/test_sweep_job.py)."""
    yield
    with django_db_blocker.unblock():
        restore_guards()
        import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture
def committed_db(_back_as_migrated: None, transactional_db: Any) -> Iterator[None]:
    yield
    lift_guards()


def _at_once(ask: Callable[[], list[int]]) -> tuple[list[list[int]], list[BaseException]]:
    """Two threads ask inside transactions that stay open a moment after asking, so the second
    meets the first's uncommitted row."""
    barrier = threading.Barrier(2)
    answers: list[list[int]] = []
    failures: list[BaseException] = []

    def asker() -> None:
        try:
            with transaction.atomic():
                barrier.wait()
                answers.append(ask())
                time.sleep(0.3)
        except BaseException as error:  # reported by the test
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=asker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers, failures


def test_one_new_period_asked_for_twice_at_once_is_one_row(committed_db: None) -> None:
    answers, failures = _at_once(lambda: [periods.first_months(2031, 9, basis="decree09").pk])

    assert failures == []
    assert len(answers) == 2 and answers[0] == answers[1]
    assert Period.objects.filter(code="N09-2031-C09").count() == 1


def test_the_months_of_a_new_year_asked_for_twice_at_once_are_twelve_rows(committed_db: None) -> None:
    answers, failures = _at_once(lambda: [p.pk for p in periods.months_of(periods.year(2032))])

    assert failures == []
    assert len(answers) == 2 and answers[0] == answers[1] and len(answers[0]) == 12
    assert Period.objects.filter(kind="month", year=2032).count() == 12
