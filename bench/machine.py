"""The machine the benchmark runs on: what it is, how busy it is, and waiting for it to settle
(it is shared: a busy machine slows every figure)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import time
from pathlib import Path
from typing import Any

SETTLED_CPU_BUSY = 0.25  # settle(): the share of all cores other work may keep busy


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


def load_average() -> dict[str, float | None]:
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
