"""Making a report in real consumer processes (issue 13, item 7; ADR 0023): a consumer killed
with SIGKILL in the middle of a report loses nothing, and the report is made once, by the next
consumer, within the engine's bound (a consumer's start, or its minute's recovery).

The consumers are ``paused_worker`` processes on the test's database and queue
(mandate/core/tests/consumers.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps

from mandate.core.models import AuditEntry, JobRun, JobState
from mandate.core.tests.consumers import Consumer, SharedDatabase, consumer_env, real_queue, wait_for
from mandate.core.tests.intruder import lift_guards, restore_guards
from mandate.reports.models import Report, ReportState
from mandate.reports.stored import content_from_json
from mandate.reports.tests.sample import request_sample, sample_kind

WORKER = "mandate.reports.tests.paused_worker"
pytestmark = pytest.mark.jobs


@pytest.fixture
def _back_as_migrated(django_db_blocker: Any) -> Iterator[None]:
    yield
    with django_db_blocker.unblock():
        restore_guards()
        import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture
def committed_db(_back_as_migrated: None, transactional_db: None) -> Iterator[None]:
    """Real commits, which the consumer processes read; emptied afterwards."""
    yield
    lift_guards()


def test_a_consumer_killed_in_the_middle_of_a_report_loses_nothing(
    committed_db: None, cast: SimpleNamespace, tmp_path: Path
) -> None:
    marker = tmp_path / "paused"
    with real_queue(), sample_kind():
        report = request_sample(cast.dung, cast.culture, cut_off=dt.date(2023, 9, 30))
        assert report.state == ReportState.REQUESTED  # queued for a consumer
        shared = SharedDatabase(tmp_path)
        first = Consumer(
            consumer_env(shared, PAUSE_MARKER=str(marker)), tmp_path / "first.log", module=WORKER
        )
        consumers = [first]
        try:
            wait_for(marker.exists, seconds=30, what="the report to be under way", consumers=consumers)
            row = "SELECT {} FROM reports_report WHERE id = %s"
            assert shared.value(row.format("state"), [report.pk]) == ReportState.MAKING
            done = shared.value(row.format("progress_done"), [report.pk])
            total = shared.value(row.format("progress_total"), [report.pk])
            assert 0 < done < total  # the page sees it move
            first.kill()  # SIGKILL, in the middle of the report
            consumers = []
            assert shared.run_state(report.job_id or 0) == JobState.RUNNING  # what the dead one left
            second = Consumer(consumer_env(shared), tmp_path / "second.log", module=WORKER)
            consumers = [second]
            wait_for(
                lambda: shared.run_state(report.job_id or 0) == JobState.DONE,
                seconds=60,
                what="the report to be made by the next consumer",
                consumers=consumers,
            )
        finally:
            for consumer in (first, *consumers):
                consumer.stop()
    shared.take_back()

    report.refresh_from_db()
    run = JobRun.objects.get(pk=report.job_id or 0)
    assert (run.state, run.attempts) == (JobState.DONE, 2)
    assert "stopped during attempt 1; queued again" in run.error
    assert report.state == ReportState.READY
    assert content_from_json(report.content or {}).figure("tasks.done").value == 15
    assert Report.objects.count() == 1
    assert AuditEntry.objects.filter(action="reports.make").count() == 1  # made once
