"""Measuring SQL: the replay of the statements the application ran (``EXPLAIN ANALYZE``), their
plans, and the rolled-back transaction the sweep and the replays run in."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from bench.common import OUT_DIR


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (p95 of 30 values is the 29th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


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


def rolled_back(action: Callable[[], T]) -> T:
    from django.db import transaction

    with transaction.atomic():
        result = action()
        transaction.set_rollback(True)
    return result
