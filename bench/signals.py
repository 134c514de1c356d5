"""The signals' question of the benchmark (issue 14, item 10): the accountability signals of a
province's units for a quarter — every registered signal's finder over the largest province's
subtree (``bench.province``'s unit), the last full quarter before today, as the board runs them —
against the 300 ms p95 target, with the hand-written SQL of the two span-based signals (overdue
without a report, not updated) as the reference for their counts and their time.

Run on the bench's database (``mandate_bench``, ``python -m bench.generate`` first):

    DATABASE_URL=postgres://mandate:mandate@127.0.0.1:5432/mandate_bench \\
        python -m bench.signals [--runs 7]

Not part of ``bench.run`` yet: it prints its rows; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from typing import Any

REFERENCE = {
    # Overdue on D (the span in force on D: deadline < D, not accepted by D) with no progress
    # report from the deadline day to the end of D.
    "overdue_unreported": """
        SELECT count(*) FROM tasks_taskstatespan s
        WHERE s.superseded_by_id IS NULL AND s.valid_from <= %(d)s
          AND (s.valid_to IS NULL OR s.valid_to > %(d)s)
          AND s.lead_path >= %(p)s AND s.lead_path < %(p_end)s
          AND s.kind = 'deadline' AND s.deadline_on < %(d)s
          AND NOT (s.accepted_on IS NOT NULL AND s.accepted_on <= %(d)s)
          AND NOT EXISTS (SELECT 1 FROM tasks_progressreport r WHERE r.task_id = s.task_id
                          AND r.reported_at >= (s.deadline_on::timestamp AT TIME ZONE %(tz)s)
                          AND r.reported_at < ((%(d)s::date + 1)::timestamp AT TIME ZONE %(tz)s))
    """,
    # Not accepted by D, assigned before the window, no progress report in the N days up to D.
    "not_updated": """
        SELECT count(*) FROM tasks_taskstatespan s
        WHERE s.superseded_by_id IS NULL AND s.valid_from <= %(d)s
          AND (s.valid_to IS NULL OR s.valid_to > %(d)s)
          AND s.lead_path >= %(p)s AND s.lead_path < %(p_end)s
          AND NOT (s.accepted_on IS NOT NULL AND s.accepted_on <= %(d)s)
          AND s.assigned_on < %(window)s
          AND NOT EXISTS (SELECT 1 FROM tasks_progressreport r WHERE r.task_id = s.task_id
                          AND r.reported_at >= (%(window)s::timestamp AT TIME ZONE %(tz)s)
                          AND r.reported_at < ((%(d)s::date + 1)::timestamp AT TIME ZONE %(tz)s))
    """,
}


def _quarter_before(day: dt.date) -> tuple[dt.date, dt.date]:
    first_month = ((day.month - 1) // 3) * 3 + 1
    end = dt.date(day.year, first_month, 1) - dt.timedelta(days=1)
    return dt.date(end.year, end.month - 2, 1), end


TARGET_MS = 300


def _times(times: list[float]) -> str:
    return f"median {statistics.median(times):8.1f} ms  p95 {_p95(times):8.1f} ms"


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from bench.common import setup_django

    setup_django()
    from django.conf import settings
    from django.db import connection

    from mandate.evaluations import selectors_signals
    from mandate.evaluations.signals_registry import Window
    from mandate.organisations.models import OrgUnit
    from mandate.organisations.selectors import path_upper_bound

    with connection.cursor() as cursor:
        cursor.execute("SELECT info->'users'->'province'->>'unit_id' FROM bench_meta")
        row = cursor.fetchone()
    assert row is not None, "no bench data set here"
    province = OrgUnit.objects.get(pk=int(row[0]))
    starts_on, ends_on = _quarter_before(dt.datetime.now(tz=dt.UTC).date())
    columns = selectors_signals.columns_on(ends_on)
    timings: dict[str, list[float]] = {c.code: [] for c in columns}
    board: list[float] = []
    counts: dict[str, int] = {}
    for _run in range(args.runs):
        started = time.perf_counter()
        for column in columns:
            one = time.perf_counter()
            window = Window(starts_on, ends_on, (province.path,), None, column.threshold.params)
            counts[column.code] = len(column.definition.finder(window))
            timings[column.code].append((time.perf_counter() - one) * 1000)
        board.append((time.perf_counter() - started) * 1000)
    period = f"{starts_on:%d/%m/%Y}–{ends_on:%d/%m/%Y}"
    print(f"province {province.name} ({province.path}), {period}, {args.runs} runs")
    for code, times in timings.items():
        print(f"  {code:28} count {counts[code]:>7}  {_times(times)}")
    result = "PASS" if _p95(board) <= TARGET_MS else "FAIL"
    print(f"  {'all signals (the board)':42}  {_times(board)}  {result} (p95 ≤ {TARGET_MS} ms)")
    params: dict[str, Any] = {
        "d": ends_on,
        "p": province.path,
        "p_end": path_upper_bound(province.path),
        "tz": settings.TIME_ZONE,
        "window": ends_on - dt.timedelta(days=columns[1].threshold.params.get("days", 15) - 1),
    }
    for code, sql in REFERENCE.items():
        times = []
        with connection.cursor() as cursor:
            for _run in range(args.runs):
                one = time.perf_counter()
                cursor.execute(sql, params)
                found = cursor.fetchone()
                times.append((time.perf_counter() - one) * 1000)
        assert found is not None
        same = "same" if found[0] == counts[code] else f"DIFFERS from the finder's {counts[code]}"
        print(f"  reference {code:18} count {found[0]:>7} ({same})  {_times(times)}")


if __name__ == "__main__":
    main()
