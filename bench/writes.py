"""Write throughput: ``python -m bench.writes --writers 4 8 --seconds 20`` (issue 9, section 3).

N writer processes (the load generator on the same machine as the database, as in production on
a small server), each on its own tasks, call the real services in a loop: a progress report, then
"report done" by the lead unit, then "rework" by the assigner, then again. Every call is one
write with its own transaction and its own audit entry. Each process writes its latencies; the
parent reports writes/s over the window in which all writers ran, p50/p95/max per write, and then
checks that the trail holds exactly one entry per write and that the chain verifies.

Why separate processes: writers in one process would share the GIL and measure Python, not the
database's serialisation of writes (the audit chain's ordering is the question).

The writes change the data set (statuses, progress, reports, notices). So the run removes the
``bench_meta`` marker at the end: the next ``make bench`` regenerates the data set rather than
measure reads on a data set that the writes changed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.common import OUT_DIR, load_meta, setup_django, write_json

TARGET_WRITERS = 4
TARGET_WRITES_PER_S = 100.0
TARGET_P95_MS = 100.0
TASKS_PER_WRITER = 100


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, int(-(-share * len(ordered) // 1)))
    return ordered[min(rank, len(ordered)) - 1]


def _pick(writer: int, writers: int) -> list[tuple[int, int, int]]:
    """(task, lead actor, assigner actor) for this writer's tasks: open deadline tasks whose id
    modulo ``writers`` is ``writer``, so no two writers touch one task. Only tasks where the
    policy lets both actors make their moves are kept (checked, not assumed)."""
    from django.db.models.functions import Mod

    from mandate.tasks import permissions
    from mandate.tasks.enums import Side, TaskKind, TaskStatus
    from mandate.tasks.models import Task
    from mandate.tasks.services.common import assigner_side_users, lead_side_users

    candidates = (
        Task.objects.annotate(share=Mod("id", writers))
        .filter(kind=TaskKind.DEADLINE, status=TaskStatus.IN_PROGRESS, share=writer)
        .select_related("lead_unit", "assigner_unit", "lead_person", "assigned_by")
        .order_by("id")[: TASKS_PER_WRITER * 4]
    )
    chosen: list[tuple[int, int, int]] = []
    for task in candidates:
        lead = next(
            (u for u in lead_side_users(task) if permissions.can_act(actor=u, task=task, side=Side.LEAD)),
            None,
        )
        assigner = next(
            (
                u
                for u in assigner_side_users(task)
                if permissions.can_act(actor=u, task=task, side=Side.ASSIGNER)
            ),
            None,
        )
        if lead is not None and assigner is not None:
            chosen.append((task.pk, lead.pk, assigner.pk))
        if len(chosen) >= TASKS_PER_WRITER:
            break
    return chosen


def _wait_for_go(out: Path) -> float:
    """Say this writer is ready, then wait for the parent's common start time."""
    (out.parent / f"{out.name}.ready").touch()
    go = out.parent / "go"
    while not go.exists():
        time.sleep(0.05)
    time.sleep(0.05)
    start_at = float(go.read_text(encoding="utf-8"))
    time.sleep(max(0.0, start_at - time.time()))
    return start_at


def child(writer: int, writers: int, seconds: float, out: Path) -> None:
    """One writer: chooses its tasks, waits for the common start, then writes for ``seconds``."""
    setup_django()
    from django.db import connection

    from mandate.people.models import User
    from mandate.tasks.models import Task
    from mandate.tasks.services import lifecycle, progress

    plan = _pick(writer, writers)
    seal_times: list[float] = []
    from mandate.core import audit

    sealing = getattr(audit, "seal_after_commit", None)  # replaced below, for this process only

    def timed_seal() -> None:
        """How long the sequencer's turn after a commit takes (part of the write's latency)."""
        began = time.perf_counter()
        assert sealing is not None
        sealing()
        seal_times.append((time.perf_counter() - began) * 1000)

    if sealing is not None:  # the code before the sequencer (a baseline) has none
        setattr(audit, "seal_after_commit", timed_seal)  # noqa: B010
    users = {u.pk: u for u in User.objects.filter(pk__in={p for t in plan for p in t[1:]})}
    step = dict.fromkeys((t[0] for t in plan), 0)
    connection.ensure_connection()
    latencies: list[float] = []
    stamps: list[float] = []
    first: float | None = None
    errors: list[str] = []
    stop = _wait_for_go(out) + seconds
    index = 0
    while plan and time.time() < stop:
        # Three writes in a row on one task (progress, done, rework), then the next task.
        task_id, lead_id, assigner_id = plan[(index // 3) % len(plan)]
        index += 1
        task = Task.objects.select_related("document").get(pk=task_id)
        kind = step[task_id] % 3
        began = time.perf_counter()
        first = first or time.time()
        try:
            if kind == 0:
                progress.task_report_progress(
                    actor=users[lead_id], task=task, percent=50, text="bench: progress"
                )
            elif kind == 1:
                lifecycle.task_transition(
                    actor=users[lead_id],
                    task=task,
                    action="report_done",
                    expected_version=task.version,
                    reason="bench: done",
                    # A task that declares a product is reported done with one (issue 10, item 4):
                    # a registered document the lead side reads, here the task's own document.
                    product_document=task.document if task.expected_product else None,
                )
            else:
                lifecycle.task_transition(
                    actor=users[assigner_id],
                    task=task,
                    action="rework",
                    expected_version=task.version,
                    reason="bench",
                )
        except Exception as error:  # counted and reported, never hidden
            errors.append(f"{type(error).__name__}: {error}"[:200])
            continue
        latencies.append((time.perf_counter() - began) * 1000)
        stamps.append(time.time())
        step[task_id] += 1
    write_json(
        out,
        {
            "writer": writer,
            "tasks": len(plan),
            "latencies_ms": latencies,
            "stamps": stamps,
            "first": first,
            "errors": errors,
            "seal_ms": seal_times,
        },
    )


def run(writers: int, seconds: float) -> dict[str, Any]:
    from mandate.core import audit
    from mandate.core.models import AuditEntry, AuditPending

    before = AuditEntry.objects.count()
    with tempfile.TemporaryDirectory() as folder:
        outs = [Path(folder) / f"w{i}.json" for i in range(writers)]
        procs = [
            subprocess.Popen(  # noqa: S603 - this interpreter, fixed arguments
                [
                    sys.executable,
                    "-m",
                    "bench.writes",
                    "--child",
                    str(i),
                    "--writers",
                    str(writers),
                    "--seconds",
                    str(seconds),
                    "--out",
                    str(outs[i]),
                ],
                env=os.environ.copy(),
            )
            for i in range(writers)
        ]
        while not all(Path(f"{out}.ready").exists() for out in outs):
            if any(proc.poll() is not None for proc in procs):
                break
            time.sleep(0.1)
        (Path(folder) / "go").write_text(str(time.time() + 0.5), encoding="utf-8")
        for proc in procs:
            proc.wait()
        results = [json.loads(out.read_text(encoding="utf-8")) for out in outs]
    latencies = [v for r in results for v in r["latencies_ms"]]
    stamps = [v for r in results for v in r["stamps"]]
    errors = [e for r in results for e in r["errors"]]
    seals = [v for r in results for v in r["seal_ms"]]
    firsts = [r["first"] for r in results if r["first"]]
    window = (max(stamps) - min(firsts)) if stamps and firsts else seconds
    after = AuditEntry.objects.count()
    left = AuditPending.objects.count() if hasattr(audit, "seal_pending") else 0
    if hasattr(audit, "seal_pending"):
        audit.seal_pending()  # what the last writes left, as `mandate audit seal` (cron) would
    verified = audit.verify()
    rate = round(len(latencies) / window, 1) if window else 0.0
    p95 = round(percentile(latencies, 0.95), 1)
    row: dict[str, Any] = {
        "writers": writers,
        "tasks_per_writer": [r["tasks"] for r in results],
        "writes": len(latencies),
        "seconds": round(window, 2),
        "writes_per_s": rate,
        "p50_ms": round(percentile(latencies, 0.50), 1),
        "p95_ms": p95,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "seal_on_commit_p50_ms": round(percentile(seals, 0.50), 1),
        "seal_on_commit_p95_ms": round(percentile(seals, 0.95), 1),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "entries_written": after - before,
        "left_unsealed_at_end": left,
        "chain_ok": verified.ok,
        "chain_detail": verified.reason,
        "unsealed_after_seal": verified.unsealed,
    }
    row["no_entry_lost"] = row["entries_written"] == row["writes"]
    if writers == TARGET_WRITERS:
        row["target"] = f">= {TARGET_WRITES_PER_S:.0f} writes/s, p95 <= {TARGET_P95_MS:.0f} ms"
        row["passed"] = rate >= TARGET_WRITES_PER_S and p95 <= TARGET_P95_MS
    return row


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.writes", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--writers", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--keep-marker", action="store_true", help="(development) keep bench_meta")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child(args.child, args.writers[0], args.seconds, args.out)
        return
    setup_django()
    meta = load_meta()
    from django.db import connection

    rows = []
    for writers in args.writers:
        row = run(writers, args.seconds)
        row["data_set_tasks"] = meta.tasks
        rows.append(row)
        print(json.dumps(row), flush=True)
    if not args.keep_marker:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM bench_meta")
    write_json(OUT_DIR / "writes.json", {"tasks": meta.tasks, "rows": rows, "load": os.getloadavg()})


if __name__ == "__main__":
    main()
