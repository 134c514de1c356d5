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
import contextlib
import datetime as dt
import functools
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bench.common import OUT_DIR, RESULTS_FILE, ROOT, Meta, load_meta, peak_rss_mb, setup_django, write_json

WARMUP = 3
TIMED = 40  # at least this many timed requests per web question …
TIMED_SECONDS = 4.0  # … over at least this long
REPLAY_EVERY = 4  # one raw replay after every fourth timed request
WEB_RSS_LIMIT_MB = 300.0
SWEEP_RSS_LIMIT_MB = 200.0
SETTLED_CPU_BUSY = 0.25  # settle(): the share of all cores other work may keep busy
LIST_OVERHEAD_MS = 10.0  # a list page may cost at most this much more than its raw SQL
NOT_UPDATED_DAYS = 15
TIME_ZONE = "Asia/Ho_Chi_Minh"
COUNT_KEYS = (
    "total", "completed", "completed_on_time", "completed_late", "in_progress", "overdue", "due",
    "completed_of_due", "not_updated", "regular_total", "regular_not_updated",
)  # fmt: skip


@dataclass
class Question:
    name: str
    label: str
    user: str  # key of meta.users
    url: str
    target_ms: float
    subtree: str | None = None  # path prefix whose counts the answer must equal (statistics)
    on: dt.date | None = None
    list_page: bool = False
    page: bool = False  # an HTML page, signed in with a session (not the API)


@dataclass
class Outcome:
    question: str
    label: str
    tasks: int
    target_ms: float
    app_p50_ms: float | None = None
    app_p95_ms: float | None = None
    raw_ms: float | None = None
    ratio: float | None = None
    peak_rss_mb: float | None = None
    passed: bool = False
    notes: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 30 values is the 29th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


# --- SQL replay ---------------------------------------------------------------------------------


_CURSOR = re.compile(r"^\s*DECLARE\s.*?\bCURSOR\b.*?\bFOR\s+(?=SELECT\b|WITH\b)", re.IGNORECASE | re.DOTALL)


def _explainable(statement: str) -> bool:
    return statement.lstrip().split(None, 1)[0].upper() in {"SELECT", "WITH", "INSERT", "UPDATE", "DELETE"}


def _query_of(statement: str) -> str:
    """The query itself: a server-side cursor's ``DECLARE … FOR SELECT`` is replayed as its SELECT,
    so that the rows the application fetched from it are counted (its FETCHes are not captured)."""
    return _CURSOR.sub("", statement, count=1)


def replay(statements: Sequence[str]) -> tuple[float, int]:
    """Run every statement again under ``EXPLAIN (ANALYZE, FORMAT JSON)`` on Django's connection;
    return the sum of planning and execution times (ms) and how many were explained. Other
    statements (savepoints) are executed as they are, untimed."""
    from django.db import connection

    total, explained = 0.0, 0
    with connection.cursor() as cursor:
        for captured in statements:
            statement = _query_of(captured)
            if not _explainable(statement):
                cursor.execute(statement)
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement)
            row = cursor.fetchone()
            assert row is not None
            plan = row[0] if not isinstance(row[0], str) else json.loads(row[0])
            total += float(plan[0]["Planning Time"]) + float(plan[0]["Execution Time"])
            explained += 1
    return total, explained


def save_plans(name: str, statements: Sequence[str]) -> Path:
    """One more replay with ``EXPLAIN (ANALYZE, BUFFERS)`` in text, for the findings."""
    from django.db import connection

    path = OUT_DIR / "plans" / f"{name}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    with connection.cursor() as cursor:
        for number, captured in enumerate(statements, 1):
            statement = _query_of(captured)
            lines.append(f"-- statement {number}\n{statement}\n")
            if not _explainable(statement):
                cursor.execute(statement)
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
            lines.extend(str(r[0]) for r in cursor.fetchall())
            lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


T = TypeVar("T")


def _rolled_back(action: Callable[[], T]) -> T:
    from django.db import transaction

    with transaction.atomic():
        result = action()
        transaction.set_rollback(True)
    return result


# --- the web questions ----------------------------------------------------------------------------


def web_questions(meta: Meta, today: dt.date) -> list[Question]:
    from django.db import connection

    users = meta.users
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, path FROM organisations_orgunit WHERE id IN (%s, %s, %s)",
            [users["national"]["unit_id"], users["province"]["unit_id"], users["commune"]["unit_id"]],
        )
        paths = dict(cursor.fetchall())
        cursor.execute(
            "SELECT min(id) FROM tasks_task WHERE lead_person_id = %s", [users["commune"]["user_id"]]
        )
        row = cursor.fetchone()
    task_id = row[0] if row else None
    past = today - dt.timedelta(days=365)
    questions: list[Question] = []
    for when, on, target in (("today", None, 50.0), ("past", past, 500.0)):
        for level in ("national", "province", "commune"):
            unit = users[level]["unit_id"]
            where = {"national": "country", "province": "province", "commune": "commune"}[level]
            questions.append(
                Question(
                    name=f"stats_{when}_{where}",
                    label=f"status counts {'today' if on is None else on.isoformat()}, {where}",
                    user=level,
                    url=f"/api/v1/organisations/{unit}/statistics/" + (f"?on={on.isoformat()}" if on else ""),
                    target_ms=target,
                    subtree=paths[unit],
                    on=on or today,
                )
            )
    province = users["province"]["unit_id"]
    questions += [
        Question(
            name="list_overdue_province",
            label="task list: province, overdue, 50 rows",
            user="province",
            url=f"/api/v1/tasks/?within={province}&state=overdue&page_size=50",
            target_ms=60.0,
            list_page=True,
        ),
        Question(
            name="list_mine",
            label="task list: assigned to me, 50 rows",
            user="commune",
            url="/api/v1/tasks/?mine=1&page_size=50",
            target_ms=60.0,
            list_page=True,
        ),
        Question(
            name="task_detail",
            label="one task",
            user="commune",
            url=f"/api/v1/tasks/{task_id}/",
            target_ms=30.0,
        ),
        # Issue 4: the pages a specialist of the province's office (the demo's vanphong) opens.
        Question(
            name="page_my_work",
            label="page: My work (vanphong of the province)",
            user="vanphong",
            url="/",
            target_ms=300.0,
            page=True,
        ),
        Question(
            name="page_dashboard",
            label="page: unit dashboard of the province (vanphong)",
            user="vanphong",
            url="/dashboard/",
            target_ms=300.0,
            page=True,
        ),
    ]
    return questions


def expected_counts(prefix: str, on: dt.date) -> dict[str, int]:
    """The counts of the issue's definitions (item 5), computed here in plain SQL, independently of
    the application, over the top-level tasks whose lead unit lies in the subtree ``prefix``."""
    from django.db import connection

    window_start = on - dt.timedelta(days=NOT_UPDATED_DAYS - 1)
    # ADR 0020: completed on D = accepted on or before D; overdue = deadline before D (the deadline
    # day is the assignee's). A past date reads the state spans in force on D, today the tasks.
    if on < dt.datetime.now(ZoneInfo(TIME_ZONE)).date():
        source = """
            FROM tasks_taskstatespan t
            WHERE t.lead_path LIKE %(prefix)s AND t.top_level AND t.superseded_by_id IS NULL
              AND t.valid_from <= %(on)s AND (t.valid_to IS NULL OR t.valid_to > %(on)s)"""
        accepted, task_id = "t.accepted_on <= %(on)s", "t.task_id"
    else:
        source = """
            FROM tasks_task t
            WHERE t.lead_path LIKE %(prefix)s AND t.parent_id IS NULL AND t.assigned_on <= %(on)s
              AND (t.cancelled_on IS NULL OR t.cancelled_on > %(on)s)"""
        accepted, task_id = "t.status = 'accepted'", "t.id"
    query = f"""
        WITH x AS (
            SELECT t.kind = 'deadline' AS dl,
                   coalesce({accepted}, false) AS c,
                   coalesce(t.done_reported_on <= t.deadline_on, false) AS on_time,
                   coalesce(t.done_reported_on > t.deadline_on, false) AS late,
                   t.kind = 'deadline' AND coalesce(t.deadline_on <= %(on)s, false) AS due,
                   t.kind = 'deadline' AND coalesce(t.deadline_on < %(on)s, false) AS past_due,
                   t.assigned_on < %(window)s AND NOT EXISTS (
                       SELECT 1 FROM tasks_progressreport r WHERE r.task_id = {task_id}
                       AND r.reported_at >= (%(window)s::date)::timestamp AT TIME ZONE '{TIME_ZONE}'
                       AND r.reported_at < (%(on)s::date + 1)::timestamp AT TIME ZONE '{TIME_ZONE}'
                   ) AS quiet
            {source}
        )
        SELECT count(*) FILTER (WHERE dl), count(*) FILTER (WHERE dl AND c),
               count(*) FILTER (WHERE dl AND c AND on_time), count(*) FILTER (WHERE dl AND c AND late),
               count(*) FILTER (WHERE dl AND NOT c AND NOT past_due),
               count(*) FILTER (WHERE past_due AND NOT c),
               count(*) FILTER (WHERE due), count(*) FILTER (WHERE due AND c),
               count(*) FILTER (WHERE dl AND NOT c AND quiet), count(*) FILTER (WHERE NOT dl),
               count(*) FILTER (WHERE NOT dl AND NOT c AND quiet)
        FROM x
    """  # noqa: S608  (interpolated: the TIME_ZONE constant and the fixed texts above)
    with connection.cursor() as cursor:
        cursor.execute(query, {"on": on, "window": window_start, "prefix": prefix + "%"})
        row = cursor.fetchone()
    assert row is not None
    return dict(zip(COUNT_KEYS, (int(v) for v in row), strict=True))


def run_web(tasks: int, only: Sequence[str] = ()) -> list[Outcome]:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from rest_framework.test import APIClient

    from mandate.people.models import User

    # The pages name their static files through the manifest, as ``mandate serve`` does.
    call_command("collectstatic", interactive=False, verbosity=0)
    meta = load_meta()
    today = timezone.localdate()
    client = APIClient()
    browser = Client()  # the pages: a signed-in session, loaded by each request as in production
    signed_in: set[str] = set()
    outcomes: list[Outcome] = []
    peak = 0.0

    def call(question: Question, capture: bool = False) -> tuple[float, Any, list[str]]:
        # A fresh account object per request, as authentication gives each request: the read
        # scope is cached on the object, and a reused one would hide the scope's queries.
        if question.page:
            if question.user not in signed_in:
                browser.force_login(User.objects.get(pk=meta.users[question.user]["user_id"]))
                signed_in.clear()
                signed_in.add(question.user)
            agent: Any = browser
        else:
            client.force_authenticate(user=User.objects.get(pk=meta.users[question.user]["user_id"]))
            agent = client
        with CaptureQueriesContext(connection) if capture else contextlib.nullcontext() as captured:
            started = time.perf_counter()
            response = agent.get(question.url)
            elapsed = (time.perf_counter() - started) * 1000
        statements = [q["sql"] for q in captured.captured_queries] if captured is not None else []
        return elapsed, response, statements

    for question in web_questions(meta, today):
        if only and question.name not in only:
            continue
        outcome = Outcome(question.name, question.label, tasks, question.target_ms)
        outcome.detail["url"] = question.url
        outcome.detail["user"] = meta.users[question.user]["username"]
        outcomes.append(outcome)
        print(f"bench:   {question.name} …", flush=True)
        try:
            for _ in range(WARMUP):
                call(question)
            _elapsed, response, statements = call(question, capture=True)
            outcome.detail["queries"] = len(statements)
            # The replays are spread among the timed requests, so that a change of load on the
            # shared machine (autovacuum, a checkpoint, another process) weighs on both sides.
            # At least TIMED requests and TIMED_SECONDS of them: a quick question gets a few
            # hundred, so that a slow second of the shared machine does not decide its p50.
            times: list[float] = []
            sums: list[float] = []
            status, explained = response.status_code, 0
            window = time.perf_counter()
            while len(times) < TIMED or time.perf_counter() - window < TIMED_SECONDS:
                elapsed, response, _none = call(question)
                times.append(elapsed)
                status = response.status_code if response.status_code != 200 else status
                if len(times) % REPLAY_EVERY == 0:
                    total, explained = _rolled_back(functools.partial(replay, statements))
                    sums.append(total)
            peak = max(peak, peak_rss_mb())
            outcome.app_p50_ms = round(statistics.median(times), 2)
            outcome.app_p95_ms = round(percentile(times, 0.95), 2)
            outcome.detail["times_ms"] = [round(t, 2) for t in times]
            if status != 200:
                outcome.notes.append(f"HTTP {status}")
            outcome.raw_ms = round(statistics.median(sums), 2)
            outcome.detail["raw_replays_ms"] = [round(s, 2) for s in sums]
            outcome.detail["explained"] = explained
            outcome.detail["plans"] = str(
                _rolled_back(functools.partial(save_plans, question.name, statements)).relative_to(ROOT)
            )
            if question.subtree is not None and question.on is not None:
                answer = response.json() if response.status_code == 200 else {}
                expected = expected_counts(question.subtree, question.on)
                wrong = {k: (answer.get(k), v) for k, v in expected.items() if answer.get(k) != v}
                outcome.detail["expected"] = expected
                outcome.detail["exact"] = not wrong
                if wrong:
                    outcome.notes.append(f"counts differ (app, expected): {wrong}")
                else:
                    outcome.notes.append("counts exact")
            elif question.list_page:
                outcome.detail["rows"] = len(response.json().get("results", [])) if status == 200 else 0
        except Exception as error:  # a broken endpoint is a FAIL row, not the end of the run
            outcome.notes.append(f"error: {type(error).__name__}: {error}")
    connection_ms = []
    for _ in range(5):
        connection.close()
        started = time.perf_counter()
        connection.ensure_connection()
        connection_ms.append((time.perf_counter() - started) * 1000)
    for outcome in outcomes:
        outcome.peak_rss_mb = peak or peak_rss_mb()
        outcome.detail["new_connection_ms"] = round(statistics.median(connection_ms), 2)
    return outcomes


# --- the sweep ----------------------------------------------------------------------------------


def sweep_day(meta: Meta) -> dt.date:
    """The first working day on or after today: a sweep on a day off skips the reminders after the
    deadline and would flatter it. The data set's marks are those of the day before."""
    from django.utils import timezone

    from mandate.core.workdays import is_working_day

    day = max(timezone.localdate(), dt.date.fromisoformat(meta.info["sweep_day"]))
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


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
        started = time.perf_counter()
        result = _rolled_back(checked_sweep)
        elapsed = (time.perf_counter() - started) * 1000
        outcome.peak_rss_mb = peak_rss_mb()  # before the capture below, which keeps every statement
        outcome.app_p50_ms = outcome.app_p95_ms = round(elapsed, 1)
        outcome.detail["day"] = day.isoformat()
        outcome.detail["counts"] = result.counts()
        outcome.notes.append("touched " + ", ".join(f"{k} {v:,}" for k, v in result.counts().items()))

        def captured_run() -> list[str]:
            with CaptureQueriesContext(connection) as captured:
                checked_sweep()  # the replay sets the constraints immediate first, as it was
            return [q["sql"] for q in captured.captured_queries]

        statements: list[str] = _rolled_back(captured_run)
        outcome.detail["queries"] = len(statements)
        started = time.perf_counter()
        raw, explained = _rolled_back(lambda: replay(statements))
        outcome.raw_ms = round(raw, 1)
        outcome.detail["explained"] = explained
        outcome.detail["replay_wall_ms"] = round((time.perf_counter() - started) * 1000, 1)
        outcome.detail["plans"] = str(_rolled_back(lambda: save_plans("sweep", statements)).relative_to(ROOT))
    except Exception as error:
        outcome.notes.append(f"error: {type(error).__name__}: {error}")
        outcome.peak_rss_mb = outcome.peak_rss_mb or peak_rss_mb()
    return [outcome]


# --- the parent -----------------------------------------------------------------------------------


def judge(outcome: Outcome) -> None:
    if outcome.app_p50_ms and outcome.raw_ms:
        outcome.ratio = round(outcome.app_p50_ms / outcome.raw_ms, 2)
    limit = SWEEP_RSS_LIMIT_MB if outcome.question == "sweep" else WEB_RSS_LIMIT_MB
    checks = [
        outcome.app_p95_ms is not None and outcome.app_p95_ms <= outcome.target_ms,
        outcome.peak_rss_mb is not None and outcome.peak_rss_mb < limit,
        not any(n.startswith(("error", "HTTP", "counts differ")) for n in outcome.notes),
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


def _child(kind: str, tasks: int) -> list[Outcome]:
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
        ]
        completed = subprocess.run(command, cwd=ROOT, check=False)  # noqa: S603  (our own module)
        if completed.returncode != 0 or not out.exists():
            failed = Outcome(kind, f"{kind} child process", tasks, 0.0)
            failed.notes.append(f"error: child exited with {completed.returncode}")
            return [failed]
        return [Outcome(**row) for row in json.loads(out.read_text(encoding="utf-8"))]


def _fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def print_table(outcomes: Sequence[Outcome]) -> None:
    header = ("question", "tasks", "app p50", "app p95", "raw", "ratio", "target", "peak RSS", "result")
    rows = [
        (o.question, f"{o.tasks:,}", _fmt(o.app_p50_ms), _fmt(o.app_p95_ms), _fmt(o.raw_ms),
         _fmt(o.ratio, 2), _fmt(o.target_ms, 0), _fmt(o.peak_rss_mb), "PASS" if o.passed else "FAIL")
        for o in outcomes
    ]  # fmt: skip
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
    print("\n(times in ms, peak RSS in MB; PASS = p95 ≤ target, memory bound kept, answer right)")
    for o in outcomes:
        if o.notes:
            print(f"  {o.question}: {'; '.join(o.notes)}")


def machine() -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        row = cursor.fetchone()
        settings = {}
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost", "jit",
                     "max_parallel_workers_per_gather"):  # fmt: skip
            cursor.execute("SELECT current_setting(%s)", [name])
            value = cursor.fetchone()
            settings[name] = value[0] if value else None
        cursor.execute(
            "SELECT app, max(name) FROM django_migrations WHERE app IN ('core', 'organisations', "
            "'people', 'documents', 'notifications', 'tasks') GROUP BY app ORDER BY app"
        )
        migrations = dict(cursor.fetchall())
    memory_kb = 0
    for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "memory_gb": round(memory_kb / 2**20, 1),
        "python": platform.python_version(),
        "postgresql": row[0] if row else None,
        "postgresql_settings": settings,
        "latest_migrations": migrations,
    }


def _cpu_busy(seconds: float = 1.0) -> float | None:
    """The share of all cores busy over the next ``seconds`` (``/proc/stat``), or None off Linux."""
    stat = Path("/proc/stat")
    if not stat.exists():
        return None

    def sample() -> tuple[int, int]:
        values = [int(v) for v in stat.read_text(encoding="utf-8").split("\n", 1)[0].split()[1:]]
        return sum(values), values[3] + values[4]  # total, idle + iowait

    total_0, idle_0 = sample()
    time.sleep(seconds)
    total_1, idle_1 = sample()
    return round(1 - (idle_1 - idle_0) / max(1, total_1 - total_0), 2)


def _load_average() -> dict[str, float | None]:
    """How busy the machine is before a child starts: it is shared, and a busy one slows every
    figure. The 1-minute load average lags (it still counts a generation that just ended); the CPU
    share of the last second does not."""
    load = round(os.getloadavg()[0], 2)
    busy = _cpu_busy()
    if busy is not None and busy > 0.5:
        print(
            f"bench: warning: the CPUs are {busy:.0%} busy with other work; the figures will be slower",
            flush=True,
        )
    return {"load_1min": load, "cpu_busy": busy}


def vacuum() -> None:
    """Reclaim what the rolled-back sweeps left (dead row versions at the end of the tables), so that
    every run starts from the data set as it was generated."""
    from bench.common import connect

    with connect(autocommit=True) as conn:
        conn.execute("VACUUM")


def settle(limit_seconds: float = 120.0) -> dict[str, Any]:
    """Wait (up to ``limit_seconds``) until the machine is quiet: the CPUs mostly idle and, where
    the benchmark's role may see them, no autovacuum worker. Autovacuum runs as a superuser, and
    ``pg_stat_activity`` hides other users' backends from a role without ``pg_read_all_stats``
    (the usual ``mandate`` role): then only the CPUs tell, and the result says so. A busy machine
    made every figure 20–70 % slower (docs/performance.md). Returns what it waited for."""
    from bench.common import connect

    started = time.perf_counter()
    waited_for: set[str] = set()
    busy: float | None = None
    with connect(autocommit=True) as conn:
        row = conn.execute("SELECT pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')").fetchone()
        sees_autovacuum = bool(row and row[0])
        while time.perf_counter() - started < limit_seconds:
            workers = 0
            if sees_autovacuum:
                row = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
                ).fetchone()
                workers = int(row[0]) if row else 0
            busy = _cpu_busy(2.0)
            if workers:
                waited_for.add("autovacuum")
            elif busy is not None and busy > SETTLED_CPU_BUSY:
                waited_for.add("busy CPUs")
            else:
                break
    seconds = round(time.perf_counter() - started, 1)
    if waited_for:
        reasons = ", ".join(sorted(waited_for))
        print(f"bench: waited {seconds:.0f} s for the machine to settle ({reasons})", flush=True)
    return {
        "seconds": seconds,
        "waited_for": sorted(waited_for),
        "cpu_busy": busy,
        "autovacuum_visible": sees_autovacuum,
    }


def _kept_rows(tasks: int) -> list[dict[str, Any]]:
    """The rows of bench/results.json measured at other sizes: a run at 5M keeps the 1M table."""
    try:
        rows = json.loads(RESULTS_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(rows, list):
        return []
    return [r for r in rows if isinstance(r, dict) and r.get("tasks") != tasks]


def orchestrate(tasks: int, seed: int) -> None:
    from django.db import connection

    from bench import generate

    started = time.perf_counter()
    meta = generate.ensure(tasks=tasks, seed=seed)
    info = machine()
    connection.close()
    print("bench: measuring the web questions in one process …", flush=True)
    vacuum()
    load: dict[str, Any] = {"settle": settle(), "before_web": _load_average()}
    outcomes = _child("web", tasks)
    print("bench: measuring the sweep in another process …", flush=True)
    load["before_sweep"] = _load_average()
    outcomes += _child("sweep", tasks)
    load["after"] = _load_average()
    info["load"] = load
    vacuum()
    for outcome in outcomes:
        judge(outcome)
    print_table(outcomes)
    keys = (
        "question",
        "tasks",
        "app_p50_ms",
        "app_p95_ms",
        "raw_ms",
        "ratio",
        "target_ms",
        "peak_rss_mb",
        "passed",
    )
    rows = [{k: getattr(o, k) for k in keys} for o in outcomes]
    write_json(RESULTS_FILE, _kept_rows(tasks) + rows)
    dataset = {"tasks": meta.tasks, "seed": meta.seed, "params": meta.params, **meta.info}
    details: dict[str, Any] = {"machine": info, "dataset": dataset, "outcomes": [asdict(o) for o in outcomes]}
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
        "--question", choices=("all", "web", "sweep"), default="all",
        help="all: ensure the data set and run both child processes (default); web or sweep: be that child",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, help="(child) where to write the outcomes as JSON")
    parser.add_argument(
        "--only", default="", help="(web child, while tuning) the questions to ask, comma-separated"
    )
    args = parser.parse_args(argv)
    setup_django()
    if args.question == "all":
        orchestrate(args.tasks, args.seed)
        return
    meta = load_meta()
    if meta.tasks != args.tasks:
        print(f"bench: the database holds {meta.tasks:,} tasks, not {args.tasks:,}", file=sys.stderr)
        sys.exit(2)
    only = tuple(name for name in args.only.split(",") if name)
    outcomes = run_web(args.tasks, only) if args.question == "web" else run_sweep(args.tasks)
    rows = [asdict(o) for o in outcomes]
    if args.out:
        write_json(args.out, rows)
    else:
        print(json.dumps(rows, indent=2, default=str))


if __name__ == "__main__":
    main()
