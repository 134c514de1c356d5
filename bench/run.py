"""The benchmark: ``python -m bench.run --tasks N`` (``make bench``).

Ensures the data set (``bench.generate``), then measures each question of issue 3 item 9 in two
child processes, so that each reports its own peak memory: one serves every web question
in-process through DRF's ``APIClient``, the other runs the sweep. Prints the table, writes
``bench/results.json`` and, with more detail, ``var/bench/details.json`` and the plans under
``var/bench/plans/``. A missed target is a FAIL row, not an error: the exit status is 0 whenever
the table was written. See ``bench/README.md`` for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import ind_questions
from bench.common import OUT_DIR, RESULTS_FILE, ROOT, load_meta, setup_django, write_json
from bench.gen_inspections import ensure_inspections
from bench.inspections_web import run_inspections
from bench.machine import load_average, machine, settle, vacuum
from bench.report import Outcome, judge, kept_rows, print_table, print_writes
from bench.report_make import run_report
from bench.sweep import run_sweep
from bench.web import run_web


def _child(kind: str, tasks: int, extra: Sequence[str] = ()) -> list[Outcome]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / f"{kind}.json"
        command = [
            sys.executable,
            "-m",
            "bench.run",
            "--tasks",
            str(tasks),
            "--question",
            kind,
            "--out",
            str(out),
            *extra,
        ]
        completed = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603  (our own module)
        if completed.returncode != 0 or not out.exists():
            failed = Outcome(kind, f"{kind} child process", tasks, 0.0)
            failed.notes.append(f"error: child exited with {completed.returncode}")
            return [failed]
        return [Outcome(**row) for row in json.loads(out.read_text(encoding="utf-8"))]


WRITE_KEYS = (
    "writers", "writes", "writes_per_s", "p50_ms", "p95_ms", "max_ms", "errors", "no_entry_lost",
    "chain_ok", "target", "passed",
)  # fmt: skip


def _writes(tasks: int) -> list[dict[str, Any]]:
    """The write rows (issue 9, section 3): ``bench.writes`` at 4 and 8 writers, in its own
    processes. The writes change the data set, so ``bench.writes`` removes the marker and the
    next run regenerates it; they come last for that reason."""
    command = [sys.executable, "-m", "bench.writes", "--writers", "4", "8"]
    completed = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603  (our own module)
    path = OUT_DIR / "writes.json"
    if completed.returncode != 0 or not path.exists():
        return [{"writers": 0, "writes": 0, "writes_per_s": None, "p50_ms": None, "p95_ms": None,
                 "max_ms": None, "errors": f"bench.writes exited with {completed.returncode}",
                 "no_entry_lost": False, "chain_ok": False, "passed": False}]  # fmt: skip
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["rows"]
    return rows


def _import_row(tasks: int) -> list[Outcome]:
    """Issue 11, item 14: the import of 100,000 values — the file written in one process, imported
    in another (its peak memory is the row's); a SKIP row without the indicators' data set."""
    if not ind_questions.present():
        return [ind_questions.skipped("ind_import", tasks, ind_questions.TARGETS_MS["ind_import"])]
    print("bench: writing the import's .xlsx (100,000 values) …", flush=True)
    command = [sys.executable, "-m", "bench.ind_import", "--write"]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:  # noqa: S603  (our own module)
        failed = Outcome("ind_import", "indicators: import of 100,000 values (.xlsx)", tasks, 60_000.0)
        failed.notes.append("error: bench.ind_import --write failed")
        return [failed]
    print("bench: importing it in another process …", flush=True)
    return _child("import", tasks)


def orchestrate(tasks: int, seed: int, *, with_writes: bool = True, indicators_only: bool = False) -> None:
    from django.db import connection

    from bench import generate

    started = time.perf_counter()
    meta = generate.ensure(tasks=tasks, seed=seed)
    info = machine()
    connection.close()
    print("bench: measuring the web questions in one process …", flush=True)
    vacuum()
    load: dict[str, Any] = {"settle": settle(), "before_web": load_average()}
    only = ["--only", ",".join(ind_questions.WEB_NAMES)] if indicators_only else []
    outcomes = _child("web", tasks, only)
    if not indicators_only:
        print("bench: measuring the sweep in another process …", flush=True)
        load["before_sweep"] = load_average()
        outcomes += _child("sweep", tasks)
        load["after_sweep"] = load_average()
        print("bench: measuring the inspections' statistics in another process …", flush=True)
        ensure_inspections()
        outcomes += _child("inspections", tasks)
        print("bench: making a province's periodic report in another process …", flush=True)
        outcomes += _child("report", tasks)
    load["before_import"] = load_average()
    outcomes += _import_row(tasks)
    load["after_import"] = load_average()
    vacuum()
    writes: list[dict[str, Any]] = []
    if with_writes and not indicators_only:
        print("bench: measuring the writes (4 and 8 writer processes) …", flush=True)
        writes = _writes(tasks)
        load["after_writes"] = load_average()
    info["load"] = load
    for outcome in outcomes:
        judge(outcome)
    print_table(outcomes)
    if writes:
        print_writes(writes)
    keys = (
        "question", "tasks", "app_p50_ms", "app_p95_ms", "raw_ms", "ratio", "reference_ms",
        "app_reference_ratio", "reference_same", "target_ms", "peak_rss_mb", "passed",
    )  # fmt: skip
    rows = [{k: getattr(o, k) for k in keys} for o in outcomes]
    rows += [
        {"question": f"writes_{w['writers']}_writers", "tasks": tasks, **{k: w.get(k) for k in WRITE_KEYS}}
        for w in writes
    ]
    replaced = {row["question"] for row in rows} if indicators_only else None
    write_json(RESULTS_FILE, kept_rows(tasks, replaced) + rows)
    dataset = {"tasks": meta.tasks, "seed": meta.seed, "params": meta.params, **meta.info}
    details: dict[str, Any] = {
        "machine": info, "dataset": dataset, "outcomes": [asdict(o) for o in outcomes], "writes": writes,
    }  # fmt: skip
    details["seconds"] = round(time.perf_counter() - started, 1)
    write_json(OUT_DIR / "details.json", details)
    print(
        f"\nbench: wrote {RESULTS_FILE.relative_to(ROOT)} and {(OUT_DIR / 'details.json').relative_to(ROOT)}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--question", choices=("all", "web", "sweep", "import", "inspections", "report"), default="all",
        help="all: the data set, then the child processes (default); web, sweep, import, inspections, "
        "report: be "
        "that child",
    )  # fmt: skip
    parser.add_argument(
        "--indicators-only", action="store_true",
        help="only the indicators' rows (issue 11, item 14): no sweep, no writes; the other rows of "
        "bench/results.json are kept",
    )  # fmt: skip
    parser.add_argument(
        "--no-writes", action="store_true", help="leave out the write rows (they change the data set)"
    )
    parser.add_argument("--out", type=Path, help="(child) where to write the outcomes as JSON")
    parser.add_argument(
        "--only", default="", help="(web or report child, while tuning) the questions to ask, comma-separated"
    )
    args = parser.parse_args(argv)
    setup_django()
    if args.question == "all":
        orchestrate(
            args.tasks, args.seed, with_writes=not args.no_writes, indicators_only=args.indicators_only
        )
        return
    meta = load_meta()
    if meta.tasks != args.tasks:
        print(f"bench: the database holds {meta.tasks:,} tasks, not {args.tasks:,}", file=sys.stderr)
        sys.exit(2)
    only = tuple(name for name in args.only.split(",") if name)
    if args.question == "import":
        from bench.ind_import import run_import

        outcomes = run_import(args.tasks, meta.users["vanphong"]["ubnd_id"])
    elif args.question == "inspections":
        outcomes = run_inspections(args.tasks)
    elif args.question == "report":
        outcomes = run_report(args.tasks, only)
    else:
        outcomes = run_web(args.tasks, only) if args.question == "web" else run_sweep(args.tasks)
    rows = [asdict(o) for o in outcomes]
    if args.out:
        write_json(args.out, rows)
    else:
        print(json.dumps(rows, indent=2, default=str))


if __name__ == "__main__":
    main()
