"""A national-scale data set for the benchmark, generated deterministically and loaded with COPY.

``python -m bench.generate --tasks N [--seed 1]`` against ``DATABASE_URL`` (PostgreSQL only):

1. refuses a database that holds application data it did not make (no ``bench_meta`` table);
2. runs ``migrate``;
3. if ``bench_meta`` already describes a complete data set with these parameters, stops there
   (after refreshing the application's roll-ups, if it has any);
4. otherwise drops and recreates the ``public`` schema (the database is the bench's own: the
   marker table proves it), migrates again and generates everything.

What is generated (all "(dữ liệu mô phỏng)", plainly synthetic):

* the tree: one country area, the Government Office under it, 35 provinces, each with its
  People's Committee (UBND tỉnh) and four departments under it, and about 3,300 communes
  spread Zipf-like over the provinces (the largest has about 5 times the smallest), each an area
  with its UBND xã;
* 200,000 people with accounts and one position each (one shared precomputed password hash),
  a head and two deputies per unit, the rest specialists and officials;
* 20,000 documents of the Government Office, the People's Committees and the departments, with
  valid parsed symbols ("123/KH-UBND") and a unique ``uniqueness_key`` per issuer;
* N tasks (default 1,000,000): 5 % regular; of all tasks about 17 % assigned, 26 % in progress,
  38 % accepted (15 % of them late), 9 % overdue and open, 2.5 % reported, 0.5 % returned,
  2 % cancelled. 80 % are led by a commune's UBND, 15 % by a department, 5 % by a UBND tỉnh;
  deadlines from about three years ago to one year ahead, a quarter of them "N working days"
  computed with the application's own calendar; about 3 % with an approved extension; lead
  person for 40 %; coordinating units for 10 %; about 1.1 progress reports per task, with
  ``progress`` and ``last_progress_at`` taken from the latest one; the sweep's marks
  (``overdue_since``, reminders, escalation…) as if ``mandate sweep`` had run every day up to
  the day before the benchmark's sweep day;
* the documents' reach (``DocumentRecipient`` kind "tasks") from the tasks, set-based in SQL.

Not generated: task events, audit entries and notifications (no question reads them; the
sweep writes its own). Rows are streamed from generators into ``COPY``; nothing holds the data
set in a Python list. Secondary indexes and foreign keys of the loaded tables are dropped during
the load and recreated from their own definitions afterwards, then the tables are vacuumed and
analysed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib
import importlib.util
import inspect
import random
import time
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from bench.common import (
    GENERATOR_VERSION,
    META_DDL,
    OUT_DIR,
    BenchError,
    Meta,
    connect,
    read_meta,
    setup_django,
    table_exists,
    write_json,
)
from bench.gen_load import (
    DOCUMENT_COLUMNS,
    LOADED_TABLES,
    PERSON_COLUMNS,
    POSITION_COLUMNS,
    UNIT_COLUMNS,
    USER_COLUMNS,
    copy_rows,
    drop_secondary,
    restore_secondary,
)
from bench.gen_rows import Docs, choose_bench_users, document_rows, people_rows, unit_rows
from bench.gen_tasks import STATE_SPANS, load_tasks
from bench.gen_tree import Calendar, build_tree

DEFAULT_TASKS = 1_000_000
DEFAULTS: dict[str, int] = {"provinces": 35, "communes": 3300, "people": 200_000, "documents": 20_000}
PASSWORD = "bench-password"  # noqa: S105  (a synthetic data set's shared password, documented)

# --- orchestration --------------------------------------------------------------------------------


def _has_app_data(cur: psycopg.Cursor[Any]) -> bool:
    for table in ("people_user", "organisations_orgunit", "tasks_task", "documents_document"):
        if table_exists(cur, table):
            cur.execute(sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(table)))
            row = cur.fetchone()
            if row and row[0]:
                return True
    return False


def _migrate() -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    connection.close()


def schema_fingerprint() -> str:
    """The applied migrations, hashed: a data set is kept only for the schema it was loaded into."""
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT app || '.' || name FROM django_migrations ORDER BY app, name")
        names = "\n".join(row[0] for row in cur.fetchall())
    return hashlib.sha256(names.encode()).hexdigest()[:16]


def refresh_rollups() -> str:
    """Call the application's roll-up refresh, if it has one (``mandate.tasks.rollups``)."""
    if importlib.util.find_spec("mandate.tasks.rollups") is None:
        return "no mandate.tasks.rollups: nothing to refresh"
    module = importlib.import_module("mandate.tasks.rollups")
    preferred = ("refresh_all", "refresh", "rebuild_all", "rebuild", "refresh_rollups", "rebuild_rollups")
    names = [n for n in preferred if hasattr(module, n)] + sorted(
        n for n in dir(module) if n.startswith(("refresh", "rebuild")) and n not in preferred
    )
    from django.db import connection
    from django.utils import timezone

    for name in names:
        function = getattr(module, name)
        if not inspect.isfunction(function):
            continue
        required = [
            p.name
            for p in inspect.signature(function).parameters.values()
            if p.default is inspect.Parameter.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        if not set(required) <= {"day", "on"}:
            continue
        arguments = {p: timezone.localdate() for p in required}  # the day the questions are asked
        started = time.perf_counter()
        result = function(**arguments)
        connection.close()
        shown = ", ".join(f"{k}={v.isoformat()}" for k, v in arguments.items())
        return f"mandate.tasks.rollups.{name}({shown}) -> {result!r} in {time.perf_counter() - started:.1f} s"
    return "mandate.tasks.rollups has no public refresh function taking at most a day: skipped"


def _reset_schema() -> None:
    with connect(autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def ensure(*, tasks: int, seed: int = 1, params: dict[str, int] | None = None, force: bool = False) -> Meta:
    """The data set of this size in the database: kept if it is there, generated if not."""
    params = {**DEFAULTS, **(params or {})}
    with connect(autocommit=True) as conn, conn.cursor() as cur:
        ours = table_exists(cur, "bench_meta")
        if not ours and _has_app_data(cur):
            raise BenchError(
                "this database holds application data that the benchmark did not generate (no bench_meta "
                "table); it would be wiped. Point DATABASE_URL at a database of its own, e.g. mandate_bench."
            )
    _migrate()
    with connect() as conn, conn.cursor() as cur:
        meta = read_meta(cur)
        has_data = _has_app_data(cur)
    same = meta is not None and meta.tasks == tasks and meta.seed == seed and meta.params == params
    if meta is not None and same and meta.info.get("schema") == schema_fingerprint() and not force:
        print(f"bench: data set of {tasks:,} tasks (seed {seed}) is there; {refresh_rollups()}.", flush=True)
        return meta
    if same and not force:
        # New migrations (an index, a storage parameter, a column) apply to a fresh load the way
        # they would to a table loaded today; regenerating keeps the data set what a load gives.
        print("bench: the schema changed since the data set was generated (new migrations).", flush=True)
    if ours or has_data:
        print("bench: dropping the previous data set (DROP SCHEMA public CASCADE) …", flush=True)
        _reset_schema()
        _migrate()
    return generate(tasks=tasks, seed=seed, params=params)


def generate(*, tasks: int, seed: int, params: dict[str, int]) -> Meta:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    started = time.perf_counter()
    phases: dict[str, float] = {}

    def phase(name: str, since: float) -> float:
        now = time.perf_counter()
        phases[name] = round(now - since, 1)
        print(f"bench:   {name}: {phases[name]:.1f} s", flush=True)
        return now

    rng = random.Random(seed)  # noqa: S311  (synthetic data, not secrets)
    today = timezone.localdate()
    cal = Calendar.build(today)
    tree = build_tree(params, rng)
    bench = choose_bench_users(tree)
    password = make_password(PASSWORD)
    created = f"{cal.day(-1800)} 08:00:00+07"
    print(f"bench: generating {tasks:,} tasks, {params} (seed {seed}) …", flush=True)
    with connect() as main:
        main.execute(META_DDL)
        main.execute("DELETE FROM bench_meta")
        main.commit()
        deferred = drop_secondary(main, LOADED_TABLES)
        t = phase("drop secondary indexes", started)
        copy_rows(main, "organisations_orgunit", UNIT_COLUMNS, unit_rows(tree, created))
        users, persons, positions = people_rows(tree, bench, rng, password, created)
        copy_rows(main, "people_user", USER_COLUMNS, users)
        copy_rows(main, "people_person", PERSON_COLUMNS, persons)
        copy_rows(main, "people_position", POSITION_COLUMNS, positions)
        main.commit()
        t = phase("units and people", t)
        with main.cursor() as cur:
            cur.execute("SELECT slug, id FROM documents_documenttype")
            type_ids: dict[str, int] = dict(cur.fetchall())
        docs = Docs()
        copy_rows(
            main,
            "documents_document",
            DOCUMENT_COLUMNS,
            document_rows(tree, cal, rng, params["documents"], type_ids, docs, created),
        )
        main.commit()
        t = phase("documents", t)
        counts = load_tasks(tasks, tree, docs, cal, bench, rng)
        t = phase("tasks, reports, coordinators, extensions", t)
        with main.cursor() as cur:
            cur.execute(
                "INSERT INTO documents_documentrecipient (document_id, unit_id, kind) "
                "SELECT document_id, lead_unit_id, 'tasks' FROM tasks_task "
                "UNION SELECT t.document_id, c.unit_id, 'tasks' FROM tasks_taskcoordinator c "
                "JOIN tasks_task t ON t.id = c.task_id"
            )
            cur.execute(STATE_SPANS)
        main.commit()
        t = phase("document reach and state spans (set-based)", t)
        restore_secondary(main, deferred)
        t = phase("indexes and constraints rebuilt", t)
        with main.cursor() as cur:
            for table in LOADED_TABLES:
                cur.execute(
                    sql.SQL(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), coalesce(max(id), 1), "
                        "max(id) IS NOT NULL) FROM {}"
                    ).format(sql.Identifier(table)),
                    [table],
                )
        main.commit()
    with connect(autocommit=True) as conn:
        for table in LOADED_TABLES:
            conn.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
    t = phase("vacuum and analyse", t)
    rollups = refresh_rollups()
    print(f"bench:   {rollups}", flush=True)
    t = phase("roll-ups", t)
    seconds = round(time.perf_counter() - started, 1)
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
            "WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY 2 DESC LIMIT 12"
        )
        sizes = {name: round(size / 2**20, 1) for name, size in cur.fetchall()}
        cur.execute("SELECT pg_database_size(current_database())")
        row = cur.fetchone()
        database_mb = round(int(row[0]) / 2**20, 1) if row else 0.0
        p = bench.province_index
        commune_area = tree.unit(bench.commune_ubnd).area_id
        info: dict[str, Any] = {
            "schema": schema_fingerprint(),
            "today": today.isoformat(),
            "sweep_day": (today + dt.timedelta(days=cal.sweep_day)).isoformat(),
            "seconds": seconds,
            "phases": phases,
            "rollups": rollups,
            "database_mb": database_mb,
            "table_mb": sizes,
            "rows": {
                "units": len(tree.units),
                "people": params["people"],
                "documents": params["documents"],
                "tasks": counts.tasks,
                "progress_reports": counts.reports,
                "coordinators": counts.coordinators,
                "extensions": counts.extensions,
            },
            "by_status": counts.by_status,
            "users": {
                "national": {"username": "bench.national", "user_id": bench.national, "unit_id": tree.root},
                "province": {
                    "username": "bench.province",
                    "user_id": bench.province,
                    "unit_id": tree.provinces[p],
                    "communes": len(tree.communes[p]),
                },
                "vanphong": {
                    "username": "bench.vanphong",
                    "user_id": bench.vanphong,
                    "unit_id": tree.provinces[p],
                    "ubnd_id": tree.ubnd_tinh[p],
                },
                "commune": {
                    "username": "bench.commune",
                    "user_id": bench.commune,
                    "unit_id": commune_area,
                    "ubnd_id": bench.commune_ubnd,
                },
            },
            "password": PASSWORD,
        }
        cur.execute(
            "INSERT INTO bench_meta (tasks, generated_at, seed, generator_version, params, info) "
            "VALUES (%s, now(), %s, %s, %s, %s)",
            [tasks, seed, GENERATOR_VERSION, Jsonb(params), Jsonb(info)],
        )
        conn.commit()
    write_json(OUT_DIR / "dataset.json", {"tasks": tasks, "seed": seed, "params": params, **info})
    print(f"bench: generated {tasks:,} tasks in {seconds:.0f} s; database {database_mb:,.0f} MB.", flush=True)
    return Meta(tasks=tasks, seed=seed, params=params, info=info)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--tasks", type=int, default=DEFAULT_TASKS)
    parser.add_argument("--seed", type=int, default=1)
    for name, value in DEFAULTS.items():
        parser.add_argument(f"--{name}", type=int, default=value)
    parser.add_argument("--force", action="store_true", help="regenerate even if the data set is there")
    args = parser.parse_args(argv)
    setup_django()
    ensure(tasks=args.tasks, seed=args.seed, params={k: getattr(args, k) for k in DEFAULTS}, force=args.force)


if __name__ == "__main__":
    main()
