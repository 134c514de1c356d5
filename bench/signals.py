"""The signals' question of the benchmark (issue 14, item 10): the accountability signals of a
province's units for a quarter — every registered signal's finder over the largest province's
subtree (``bench.province``'s unit), the last full quarter before today, as the board runs them —
against the 300 ms p95 target, each signal as the board counts it (``SignalDefinition.counts``)
with a hand-written SQL reference for its count and its time, and the ratio of the two.

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

# Every reference answers what the board reads: how many records per (unit path, person).
# A task's lead unit on ``x.day`` (``signals_tasks._paths_on``): the span valid on the day, else
# the last one begun before it, else the task's unit now (``x.now_path``).
_PATH_ON = """
    CROSS JOIN LATERAL (SELECT COALESCE((
        SELECT s.lead_path FROM tasks_taskstatespan s
        WHERE s.task_id = x.task_id AND s.superseded_by_id IS NULL AND s.valid_from <= x.day
        ORDER BY (s.valid_to IS NULL OR s.valid_to > x.day) DESC, s.valid_from DESC, s.id DESC LIMIT 1
    ), x.now_path) AS path) o
    WHERE o.path >= %(p)s AND o.path < %(p_end)s
    GROUP BY o.path, x.person_id
"""
# A task that could be counted in the subtree on some day: one of its spans there, or it is there now.
_MAY_BE_IN = """(t.id IN (SELECT task_id FROM tasks_taskstatespan
                          WHERE superseded_by_id IS NULL AND lead_path >= %(p)s AND lead_path < %(p_end)s)
                 OR (t.lead_path >= %(p)s AND t.lead_path < %(p_end)s))"""
_START = "(%(s)s::timestamp AT TIME ZONE %(tz)s)"
_END = "((%(d)s::date + 1)::timestamp AT TIME ZONE %(tz)s)"
# The spans in force on D in the subtree, with their task's lead person.
_SPANS = """
    SELECT s.lead_path, t.lead_person_id, count(*) FROM tasks_taskstatespan s
    JOIN tasks_task t ON t.id = s.task_id
    WHERE s.superseded_by_id IS NULL AND s.valid_from <= %(d)s
      AND (s.valid_to IS NULL OR s.valid_to > %(d)s)
      AND s.lead_path >= %(p)s AND s.lead_path < %(p_end)s
"""


def _events(kind: str, person: str) -> str:
    """Events of the period on tasks that stood in the subtree, counted where the task was that day."""
    return f"""
        SELECT o.path, x.person_id, count(*) FROM (
            SELECT e.task_id, (e.at AT TIME ZONE %(tz)s)::date AS day, t.lead_path AS now_path,
                   {person} AS person_id
            FROM tasks_taskevent e JOIN tasks_task t ON t.id = e.task_id
            LEFT JOIN people_person a ON a.user_id = e.actor_id
            WHERE {kind} AND e.at >= {_START} AND e.at < {_END} AND {_MAY_BE_IN}
        ) x {_PATH_ON}
    """  # noqa: S608  (fixed fragments; every value is a parameter)


REFERENCE = {
    # Overdue on D (deadline < D, not accepted by D) with no progress report from the deadline
    # day to the end of D.
    "overdue_unreported": f"""{_SPANS}
          AND s.kind = 'deadline' AND s.deadline_on < %(d)s
          AND NOT (s.accepted_on IS NOT NULL AND s.accepted_on <= %(d)s)
          AND NOT EXISTS (SELECT 1 FROM tasks_progressreport r WHERE r.task_id = s.task_id
                          AND r.reported_at >= (s.deadline_on::timestamp AT TIME ZONE %(tz)s)
                          AND r.reported_at < {_END})
        GROUP BY 1, 2
    """,  # noqa: S608
    # Not accepted by D, assigned before the window, no progress report in the N days up to D.
    "not_updated": f"""{_SPANS}
          AND NOT (s.accepted_on IS NOT NULL AND s.accepted_on <= %(d)s)
          AND s.assigned_on < %(window)s
          AND NOT EXISTS (SELECT 1 FROM tasks_progressreport r WHERE r.task_id = s.task_id
                          AND r.reported_at >= (%(window)s::timestamp AT TIME ZONE %(tz)s)
                          AND r.reported_at < {_END})
        GROUP BY 1, 2
    """,  # noqa: S608
    # Extension asked N times or more by the end of D, the last time within the period, counted
    # where the task was on the day of the last request.
    "repeated_extensions": f"""
        SELECT o.path, x.person_id, count(*) FROM (
            SELECT e.task_id, (max(e.at) AT TIME ZONE %(tz)s)::date AS day, min(t.lead_path) AS now_path,
                   min(t.lead_person_id) AS person_id
            FROM tasks_taskevent e JOIN tasks_task t ON t.id = e.task_id
            WHERE e.kind = 'extension_requested' AND e.at < {_END} AND {_MAY_BE_IN}
            GROUP BY e.task_id HAVING count(*) >= %(requests)s AND max(e.at) >= {_START}
        ) x {_PATH_ON}
    """,  # noqa: S608
    "returned_not_ours": _events("e.kind = 'returned'", "a.id"),
    "reopened_after_acceptance": _events(
        "e.kind = 'reopened' AND e.from_status = 'accepted'", "t.lead_person_id"
    ),
    # Escalated on a day of the period, counted where the task was that day.
    "escalated_after_reminders": f"""
        SELECT o.path, x.person_id, count(*) FROM (
            SELECT t.id AS task_id, t.escalated_on AS day, t.lead_path AS now_path,
                   t.lead_person_id AS person_id
            FROM tasks_task t WHERE t.escalated_on >= %(s)s AND t.escalated_on <= %(d)s AND {_MAY_BE_IN}
        ) x {_PATH_ON}
    """,  # noqa: S608
    # A recommendation's task, due in the period before D, not done on time as recorded on D.
    "recommendations_overdue": f"""{_SPANS}
          AND s.task_id IN (SELECT task_id FROM inspections_recommendation WHERE task_id IS NOT NULL)
          AND s.kind = 'deadline' AND s.deadline_on >= %(s)s AND s.deadline_on < %(d)s
          AND NOT (s.accepted_on IS NOT NULL AND s.done_reported_on IS NOT NULL
                   AND s.done_reported_on <= s.deadline_on)
        GROUP BY 1, 2
    """,  # noqa: S608
}

# Indicator reports due in the period (the sets' periods whose deadline fell in it: calendar
# arithmetic, given as ``due`` rows), of the units with a reporting line in the subtree at the
# period's end, whose submission as recorded by the end of D was not on time (standing, last
# submitted by the end of the deadline day) and not returned: late, or not submitted.
INDICATORS = """
    WITH due(set_id, period_id, period_end, deadline) AS (VALUES {rows}),
    units AS (
        SELECT DISTINCT d.set_id, d.period_id, d.deadline, l.unit_id, l.unit_path FROM due d
        JOIN indicators_reportingline l ON l.indicator_set_id = d.set_id AND l.valid_from <= d.period_end
             AND (l.valid_to IS NULL OR l.valid_to >= d.period_end)
        WHERE l.unit_path >= %(p)s AND l.unit_path < %(p_end)s
    )
    SELECT u.unit_path, NULL, count(*) FROM units u
    LEFT JOIN indicators_submission m ON m.indicator_set_id = u.set_id AND m.period_id = u.period_id
         AND m.unit_id = u.unit_id
    LEFT JOIN LATERAL (SELECT e.to_state FROM indicators_submissionevent e WHERE e.submission_id = m.id
         AND e.at < {end} ORDER BY e.at DESC, e.id DESC LIMIT 1) st ON true
    LEFT JOIN LATERAL (SELECT max(e.at) AS last FROM indicators_submissionevent e
         WHERE e.submission_id = m.id AND e.kind = 'submitted' AND e.at < {end}) sub ON true
    WHERE COALESCE(st.to_state, 'draft') <> 'returned'
      AND NOT (st.to_state IN ('submitted', 'approved', 'accepted') AND sub.last IS NOT NULL
               AND sub.last < ((u.deadline + 1)::timestamp AT TIME ZONE %(tz)s))
    GROUP BY 1, 2
"""


def _indicators_sql(starts_on: dt.date, ends_on: dt.date, province: Any) -> tuple[str, dict[str, Any]]:
    """The reference of ``indicator_reports_late`` with the due periods of every set as rows."""
    from mandate.core.models import Period
    from mandate.evaluations.signals_indicators import _due_in
    from mandate.evaluations.signals_registry import Window
    from mandate.indicators.models import IndicatorSet

    window = Window(starts_on, ends_on, (province.path,), None)
    rows: list[str] = []
    params: dict[str, Any] = {}
    for indicator_set in IndicatorSet.objects.filter(valid_from__lte=ends_on).order_by("pk"):
        for n, (span, deadline) in enumerate(_due_in(window, indicator_set)):
            key = f"{indicator_set.pk}_{n}"
            period = Period.objects.filter(code=span.code).values_list("pk", flat=True).first()
            params |= {f"set_{key}": indicator_set.pk, f"per_{key}": period}
            params |= {f"end_{key}": span.ends_on, f"due_{key}": deadline}
            rows.append(
                f"(%(set_{key})s::bigint, %(per_{key})s::bigint, %(end_{key})s::date, %(due_{key})s::date)"
            )
    if not rows:
        return "SELECT NULL, NULL, 0 WHERE false", params
    return INDICATORS.format(rows=", ".join(rows), end=_END), params


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


def _reference(sql: str, params: dict[str, Any], runs: int) -> tuple[dict[Any, int], list[float]]:
    """The reference's counts per (unit path, person) and its times."""
    from django.db import connection

    times = []
    found: dict[Any, int] = {}
    with connection.cursor() as cursor:
        for _run in range(runs):
            one = time.perf_counter()
            cursor.execute(sql, params)
            found = {(path, person): n for path, person, n in cursor.fetchall()}
            times.append((time.perf_counter() - one) * 1000)
    return found, times


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
    counts: dict[str, dict[Any, int]] = {}
    for _run in range(args.runs):
        started = time.perf_counter()
        for column in columns:
            one = time.perf_counter()
            window = Window(starts_on, ends_on, (province.path,), None, column.threshold.params)
            # The board's figures: counts per unit and person (``SignalDefinition.counts``).
            counts[column.code] = column.definition.counts(window)
            timings[column.code].append((time.perf_counter() - one) * 1000)
        board.append((time.perf_counter() - started) * 1000)
    period = f"{starts_on:%d/%m/%Y}–{ends_on:%d/%m/%Y}"
    print(f"province {province.name} ({province.path}), {period}, {args.runs} runs")
    params: dict[str, Any] = {
        "s": starts_on,
        "d": ends_on,
        "p": province.path,
        "p_end": path_upper_bound(province.path),
        "tz": settings.TIME_ZONE,
    }
    for column in columns:
        if "days" in column.threshold.params:
            params["window"] = ends_on - dt.timedelta(days=column.threshold.params["days"] - 1)
        if "requests" in column.threshold.params:
            params["requests"] = column.threshold.params["requests"]
    queries = {code: (sql, params) for code, sql in REFERENCE.items()}
    queries["indicator_reports_late"] = _indicators_sql(starts_on, ends_on, province)
    queries["indicator_reports_late"][1].update(params)
    reference: list[float] = [0.0] * args.runs
    for code, times in timings.items():
        ratio = ""
        if code in queries:
            found, ref_times = _reference(*queries[code], args.runs)
            reference = [a + b for a, b in zip(reference, ref_times, strict=True)]
            same = "same" if found == counts[code] else f"DIFFERS: reference {sum(found.values())}"
            ratio = f"  reference {_times(ref_times)}  ({same}, ×{_ratio(times, ref_times)})"
        print(f"  {code:28} count {sum(counts[code].values()):>7}  {_times(times)}{ratio}")
    result = "PASS" if _p95(board) <= TARGET_MS else "FAIL"
    print(f"  {'all signals (the board)':42}  {_times(board)}  {result} (p95 ≤ {TARGET_MS} ms)")
    print(f"  {'all references':42}  {_times(reference)}  (app ×{_ratio(board, reference)})")


def _ratio(app: list[float], reference: list[float]) -> str:
    return f"{statistics.median(app) / max(statistics.median(reference), 0.001):.1f}"


if __name__ == "__main__":
    main()
