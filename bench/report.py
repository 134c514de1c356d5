"""The outcome of each question, how it is judged, and the table ``make bench`` prints."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.common import RESULTS_FILE

WEB_RSS_LIMIT_MB = 300.0
SWEEP_RSS_LIMIT_MB = 200.0
LIST_OVERHEAD_MS = 10.0  # a list page may cost at most this much more than its raw SQL


@dataclass
class Outcome:
    question: str
    label: str
    tasks: int
    target_ms: float
    app_p50_ms: float | None = None
    app_p95_ms: float | None = None
    raw_ms: float | None = None  # the replay of the application's own SQL
    ratio: float | None = None  # app p50 / replay: the ORM's overhead on its own plan
    reference_ms: float | None = None  # the hand-written reference SQL (bench.reference_sql)
    app_reference_ratio: float | None = None  # app p50 / reference
    reference_same: bool | None = None  # the reference gave the app's answer (None: no reference)
    peak_rss_mb: float | None = None
    passed: bool = False
    skipped: bool = False  # not measured (its data set is absent): never a PASS
    notes: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


def judge(outcome: Outcome) -> None:
    if outcome.skipped:
        outcome.passed = False
        return
    if outcome.app_p50_ms and outcome.raw_ms:
        outcome.ratio = round(outcome.app_p50_ms / outcome.raw_ms, 2)
    if outcome.app_p50_ms and outcome.reference_ms:
        outcome.app_reference_ratio = round(outcome.app_p50_ms / outcome.reference_ms, 2)
    limit = SWEEP_RSS_LIMIT_MB if outcome.question == "sweep" else WEB_RSS_LIMIT_MB
    checks = [
        outcome.app_p95_ms is not None and outcome.app_p95_ms <= outcome.target_ms,
        outcome.peak_rss_mb is not None and outcome.peak_rss_mb < limit,
        not any(n.startswith(("error", "HTTP", "counts differ")) for n in outcome.notes),
        outcome.reference_same is not False,  # a reference with another answer is no reference
    ]
    if outcome.peak_rss_mb is not None and outcome.peak_rss_mb >= limit:
        outcome.notes.append(f"peak RSS over {limit:.0f} MB")
    if outcome.question.startswith("list_") and outcome.app_p50_ms is not None and outcome.raw_ms is not None:
        within = outcome.app_p50_ms <= outcome.raw_ms + LIST_OVERHEAD_MS
        checks.append(within)
        overhead = outcome.app_p50_ms - outcome.raw_ms
        outcome.notes.append(
            f"p50 - raw = {overhead:.1f} ms ({'≤' if within else '>'} {LIST_OVERHEAD_MS:.0f})"
        )
    outcome.passed = all(checks)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def print_table(outcomes: Sequence[Outcome]) -> None:
    header = ("question", "tasks", "app p50", "app p95", "replay", "app/replay", "reference", "app/ref",
              "same answer", "target", "peak RSS", "result")  # fmt: skip
    same = {True: "yes", False: "NO", None: "-"}
    rows = [
        (o.question, f"{o.tasks:,}", _fmt(o.app_p50_ms), _fmt(o.app_p95_ms), _fmt(o.raw_ms),
         _fmt(o.ratio, 2), _fmt(o.reference_ms), _fmt(o.app_reference_ratio, 2), same[o.reference_same],
         _fmt(o.target_ms, 0), _fmt(o.peak_rss_mb), "SKIP" if o.skipped else "PASS" if o.passed else "FAIL")
        for o in outcomes
    ]  # fmt: skip
    _print_rows(header, rows)
    print(
        "\n(times in ms, peak RSS in MB; replay = the application's own SQL run again, app/replay = the"
        "\n ORM's overhead on its own plan; reference = the hand-written SQL for the same answer"
        "\n (bench/reference_sql.py; the sweep's: bench/reference_sweep.py, planning + execution, its wall"
        "\n time in details.json), app/ref = how far the application is from it; PASS = p95 ≤ target,"
        "\n memory bound kept, answer right, the reference's answer the same; SKIP = not measured, its"
        "\n data set absent: never counted as passing)"
    )
    for o in outcomes:
        if o.notes:
            print(f"  {o.question}: {'; '.join(o.notes)}")


def print_writes(rows: Sequence[dict[str, Any]]) -> None:
    """The write rows (issue 9, section 3; ``bench.writes``)."""
    header = ("writers", "writes", "writes/s", "p50", "p95", "max", "errors", "no entry lost", "chain ok",
              "target", "result")  # fmt: skip
    table = [
        (str(r["writers"]), f"{r['writes']:,}", _fmt(r["writes_per_s"]), _fmt(r["p50_ms"]), _fmt(r["p95_ms"]),
         _fmt(r["max_ms"]), str(r["errors"]), "yes" if r["no_entry_lost"] else "NO",
         "yes" if r["chain_ok"] else "NO", r.get("target", "(beside it)"),
         {True: "PASS", False: "FAIL"}.get(r.get("passed"), "-"))  # type: ignore[arg-type]
        for r in rows
    ]  # fmt: skip
    _print_rows(header, table)
    print("\n(writes through the real services, each its own transaction and audit entry; times in ms)")


def _print_rows(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print()
    print(
        "  ".join(
            h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(header, widths, strict=True))
        )
    )
    for row in rows:
        print(
            "  ".join(
                c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )


def kept_rows(tasks: int, replaced: set[str] | None = None) -> list[dict[str, Any]]:
    """The rows of bench/results.json measured at other sizes: a run at 5M keeps the 1M table;
    ``replaced``: a partial run (``--indicators-only``) replaces only these questions' rows."""
    try:
        rows = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(rows, list):
        return []
    return [
        r
        for r in rows
        if isinstance(r, dict)
        and (r.get("tasks") != tasks or (replaced is not None and r.get("question") not in replaced))
    ]
