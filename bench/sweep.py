"""The sweep question, measured in its own child process (``python -m bench.run --question
sweep``): ``escalation.sweep`` for the next working day in a rolled-back transaction, the replay
of its statements, and the hand-written reference (``bench.reference_sweep``), answer-checked
against what the application's run did."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from bench import reference_sweep
from bench.common import ROOT, Meta, load_meta, peak_rss_mb
from bench.measure import replay, rolled_back, save_plans
from bench.report import Outcome


def sweep_day(meta: Meta) -> dt.date:
    """The first working day on or after today: a sweep on a day off skips the reminders after the
    deadline and would flatter it. The data set's marks are those of the day before."""
    from django.utils import timezone

    from mandate.core.workdays import is_working_day

    day = max(timezone.localdate(), dt.date.fromisoformat(meta.info["sweep_day"]))
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


# What a sweep writes. Every measured run (the application's, its replay, the reference) starts
# after a VACUUM of these: each rolled-back run before it leaves ~100,000 dead row versions at 1M
# that fill the pages' free space, so that the next run's updates stop being HOT and every index
# of the tasks is written (measured on a loaded host: a run after five others took twice the
# first's time and CPU). The figures then say what each run costs, not in which order it came.
SWEPT_TABLES = (
    "tasks_task", "tasks_taskevent", "notifications_notification", "tasks_taskrollup",
    "tasks_taskrollupstate", "core_auditentry", "core_auditpending",
)  # fmt: skip


def vacuum_swept() -> float:
    """VACUUM the tables a sweep writes (its own autocommit connection); returns its seconds."""
    from bench.common import connect

    started = time.perf_counter()
    with connect(autocommit=True) as conn:
        conn.execute("VACUUM " + ", ".join(SWEPT_TABLES))  # fixed names
    return round(time.perf_counter() - started, 1)


def run_sweep(tasks: int) -> list[Outcome]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mandate.tasks.services import escalation

    meta = load_meta()
    day = sweep_day(meta)
    outcome = Outcome("sweep", f"sweep over all tasks ({day.isoformat()})", tasks, 10_000.0)

    def checked_sweep() -> escalation.SweepResult:
        # The sweep is rolled back, and a rollback skips the foreign-key checks PostgreSQL defers
        # to the commit: one per row the sweep inserts, 1.3–1.5 s at 1M (performance.md, F7).
        # Checked as each statement runs instead, they are measured, in the replay too.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        return escalation.sweep(day=day)

    try:
        vacuumed = outcome.detail["vacuum_s"] = [vacuum_swept()]
        started = time.perf_counter()
        result = rolled_back(checked_sweep)
        elapsed = (time.perf_counter() - started) * 1000
        outcome.peak_rss_mb = peak_rss_mb()  # before the capture below, which keeps every statement
        outcome.app_p50_ms = outcome.app_p95_ms = round(elapsed, 1)
        outcome.detail["day"] = day.isoformat()
        outcome.detail["counts"] = result.counts()
        outcome.notes.append("touched " + ", ".join(f"{k} {v:,}" for k, v in result.counts().items()))

        def captured_run() -> tuple[list[str], dict[str, Any]]:
            before = reference_sweep.marks()
            with CaptureQueriesContext(connection) as captured:
                run = checked_sweep()  # the replay sets the constraints immediate first, as it was
            # What it did, read after it in its transaction (untimed): the reference's answer key.
            answer = reference_sweep.state_after(before, run.touched)
            return [q["sql"] for q in captured.captured_queries], answer

        captured, app_answer = rolled_back(captured_run)
        outcome.detail["queries"] = len(captured)
        # The audit entry's row in the sequencer's queue names the entry's id as the captured run
        # got it; replayed, the entry gets another id and the queue row's key check fails. It is
        # one small insert, left out of the replay (and said).
        statements = [s for s in captured if '"core_auditpending"' not in s]
        outcome.detail["left_out_of_replay"] = len(captured) - len(statements)
        vacuumed.append(vacuum_swept())
        started = time.perf_counter()
        raw, explained = rolled_back(lambda: replay(statements))
        outcome.raw_ms = round(raw, 1)
        outcome.detail["explained"] = explained
        outcome.detail["replay_wall_ms"] = round((time.perf_counter() - started) * 1000, 1)
        vacuumed.append(vacuum_swept())
        reference_plans = reference_sweep.measure(outcome, day, app_answer)
        plans = rolled_back(lambda: save_plans("sweep", statements))
        outcome.detail["plans"] = str(plans.relative_to(ROOT))
        with plans.open("a", encoding="utf-8") as file:
            file.write("\n\n" + reference_plans)
    except Exception as error:
        outcome.notes.append(f"error: {type(error).__name__}: {error}")
        outcome.peak_rss_mb = outcome.peak_rss_mb or peak_rss_mb()
    return [outcome]
