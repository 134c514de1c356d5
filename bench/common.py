"""What the generator and the runner share: Django set-up with the production settings, the
PostgreSQL connection, the ``bench_meta`` marker and the output folder ``var/bench/``."""

from __future__ import annotations

import json
import os
import resource
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "bench"
RESULTS_FILE = ROOT / "bench" / "results.json"

# Bump when the generator changes what it writes: a data set of another version is regenerated.
GENERATOR_VERSION = 6

EXAMPLE_URL = "postgres://mandate:mandate@127.0.0.1:5432/mandate_bench"
NEEDS_POSTGRES = (
    "The benchmark runs against PostgreSQL only (SQLite says nothing about the production "
    f"database). Set DATABASE_URL, e.g. DATABASE_URL={EXAMPLE_URL} "
    '(create it once with: su postgres -c "createdb -O mandate mandate_bench").'
)


class BenchError(SystemExit):
    """A clear refusal: printed on stderr, exit status 2."""

    def __init__(self, message: str) -> None:
        print(f"bench: {message}", file=sys.stderr)
        super().__init__(2)


def setup_django() -> None:
    """The production settings (``config.settings``), DEBUG off, on PostgreSQL — or a refusal."""
    url = os.environ.get("DATABASE_URL", "")
    if url.split("://", 1)[0] not in {"postgres", "postgresql", "pgsql"}:
        raise BenchError(NEEDS_POSTGRES if not url else f"DATABASE_URL is not PostgreSQL. {NEEDS_POSTGRES}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    # The audit chain's HMAC needs a key; a benchmark's own, never a deployment's (ADR 0021).
    if not (os.environ.get("MANDATE_AUDIT_KEY") or os.environ.get("MANDATE_AUDIT_KEY_FILE")):
        os.environ["MANDATE_AUDIT_KEY"] = "bench-only-audit-key-not-for-any-deployment-000000"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        raise BenchError(NEEDS_POSTGRES)
    if settings.DEBUG:
        raise BenchError("DEBUG is on; the benchmark measures the production configuration.")


def conninfo() -> str:
    from django.db import connection

    db = connection.settings_dict
    parts = {
        "dbname": db["NAME"],
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": str(db["PORT"]) if db.get("PORT") else None,
    }
    return make_conninfo(**{k: v for k, v in parts.items() if v is not None})


def connect(*, autocommit: bool = False) -> psycopg.Connection[tuple[Any, ...]]:
    return psycopg.connect(conninfo(), autocommit=autocommit)


@dataclass(frozen=True)
class Meta:
    """The marker row: which data set the database holds."""

    tasks: int
    seed: int
    params: dict[str, Any]
    info: dict[str, Any]

    @property
    def users(self) -> dict[str, Any]:
        users: dict[str, Any] = self.info["users"]
        return users


META_DDL = (
    "CREATE TABLE IF NOT EXISTS bench_meta (tasks bigint NOT NULL, generated_at timestamptz NOT NULL, "
    "seed integer NOT NULL, generator_version integer NOT NULL, params jsonb NOT NULL, info jsonb NOT NULL)"
)


def table_exists(cur: psycopg.Cursor[Any], name: str) -> bool:
    cur.execute("SELECT to_regclass(%s) IS NOT NULL", [f"public.{name}"])
    row = cur.fetchone()
    return bool(row and row[0])


def read_meta(cur: psycopg.Cursor[Any]) -> Meta | None:
    """The complete data set's marker, or None (no marker table, or a generation that did not finish)."""
    if not table_exists(cur, "bench_meta"):
        return None
    cur.execute("SELECT tasks, seed, generator_version, params, info FROM bench_meta LIMIT 1")
    row = cur.fetchone()
    if row is None or row[2] != GENERATOR_VERSION:
        return None
    return Meta(tasks=int(row[0]), seed=int(row[1]), params=dict(row[3]), info=dict(row[4]))


def load_meta() -> Meta:
    with connect() as conn, conn.cursor() as cur:
        meta = read_meta(cur)
    if meta is None:
        raise BenchError("no complete bench data set in this database; run python -m bench.generate first.")
    return meta


def peak_rss_mb() -> float:
    """This process's peak resident set size, in MB.

    ``VmHWM`` of ``/proc/self/status`` where there is one: ``getrusage``'s ``ru_maxrss`` survives
    ``execve``, so a child started by a big parent (the generator) would report the parent's size.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
