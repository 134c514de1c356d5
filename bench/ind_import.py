"""The import row of issue 11, item 14: 100,000 values from an .xlsx, ≤ 60 s and ≤ 300 MB.

``python -m bench.ind_import --write`` writes the file (``var/bench/import-100k.xlsx``) in its own
process: the template's own columns (``sheet_template.COLUMNS``, through ``write_table``) for
December 2024 — a draft in the data set — one row per (unit, indicator) of the first units of
the set in the tree's order, 60 indicators each, 100,000 rows; every value changed (a number + 1,
a ratio's numerator − 1 or + 1), with the version of the value it replaces, as a filled template
is. ``bench.run --question import`` then imports it in a process of its own, whose peak memory
is the row's: ``core.sheet_import.sheet_import`` with the values importer — the work of the job a
large file becomes (the upload itself only stores the file) — by the system actor, since no
account enters values for 1,667 units (``indicators.policy``: the system acts for every unit).

It runs inside a transaction that is rolled back, with ``SET CONSTRAINTS ALL IMMEDIATE`` first
(as ``bench.sweep``: the foreign-key checks a commit would make are made and timed), so the data
set is unchanged afterwards. The answer — values changed, their sum, the revisions added — is
read inside it. **The reference** (wall time, also rolled back): the parsed rows COPYed into a
temporary table, then one ``UPDATE … FROM … RETURNING`` of the values whose version matches and
whose submission is editable, feeding an ``INSERT`` of their revisions; it must give the same
answer. The file's reading is the application's alone (the reference starts from parsed rows).
There is no replay column: the import runs some 20,000 statements (a dozen per unit).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any

from bench.common import OUT_DIR, peak_rss_mb, setup_django, write_json
from bench.ind_questions import ENTRY_MONTH, context
from bench.report import Outcome

ROWS = 100_000
TARGET_S = 60.0
FILE = OUT_DIR / "import-100k.xlsx"
EXPECTED = OUT_DIR / "import-100k.json"

_SOURCE = """
SELECT u.id, u.name, i.code, i.name, i.kind, i.decimals, a.value, a.numerator, a.denominator, a.version,
       i.id
FROM indicators_actual a
JOIN organisations_orgunit u ON u.id = a.unit_id
JOIN indicators_indicator i ON i.id = a.indicator_id
WHERE a.period_id = %s AND a.option_id IS NULL AND a.submission_id IN (
    SELECT id FROM indicators_submission WHERE indicator_set_id = %s AND period_id = %s AND state = 'draft')
ORDER BY u.path, i.code
LIMIT %s
"""


def _changed(
    kind: str, value: Decimal, numerator: Decimal | None, denominator: Decimal | None
) -> tuple[Any, ...]:
    if kind == "ratio":
        assert numerator is not None
        assert denominator is not None
        moved = numerator - 1 if numerator >= 1 else numerator + 1
        return None, min(moved, denominator), denominator
    return value + 1, None, None


def write_file(set_id: int, period_id: int) -> dict[str, Any]:
    """The filled template, and the answer its import must give."""
    from django.db import connection
    from django.utils import translation

    from mandate.core.sheet_export import Figure, TitleBlock, write_table
    from mandate.indicators.sheet_template import COLUMNS

    totals: dict[str, Any] = {"rows": 0, "value": Decimal(0), "numerator": Decimal(0)}
    copy_rows: list[tuple[Any, ...]] = []

    def rows() -> Iterator[list[Any]]:
        with connection.cursor() as cursor:
            cursor.execute(_SOURCE, [period_id, set_id, period_id, ROWS])
            for unit_id, unit, code, name, kind, places, value, numerator, denominator, version, pk in cursor:
                new_value, new_numerator, new_denominator = _changed(kind, value, numerator, denominator)
                totals["rows"] += 1
                totals["value"] += new_value if new_value is not None else 0
                totals["numerator"] += new_numerator if new_numerator is not None else 0
                copy_rows.append((unit_id, pk, new_value, new_numerator, new_denominator, version))
                yield [
                    unit, code, name, "Tổng", "", None, Figure(new_value, places),
                    Figure(new_numerator, places), Figure(new_denominator, places), None, "Nháp", unit_id,
                    None, ENTRY_MONTH, version,
                ]  # fmt: skip

    with translation.override("vi"):
        title = TitleBlock(title="Bench: 100.000 giá trị", period=ENTRY_MONTH)
        workbook = write_table(columns=COLUMNS, rows=rows(), title=title, sheet="Số liệu", protect=True)
    FILE.parent.mkdir(parents=True, exist_ok=True)
    FILE.write_bytes(workbook.read())
    expected = {"rows": totals["rows"], "value": str(totals["value"]), "numerator": str(totals["numerator"])}
    write_json(EXPECTED, {"answer": expected, "copy": [[str(v) if v is not None else None for v in r]
                                                       for r in copy_rows]})  # fmt: skip
    return expected


def _answer(period_id: int, since: Any) -> dict[str, Any]:
    """What the import changed, read inside its transaction: the values whose revision is newer
    than the start, their sum, and the revisions added."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*), coalesce(sum(a.value) FILTER (WHERE a.numerator IS NULL), 0),
                   coalesce(sum(a.numerator), 0)
            FROM indicators_actual a
            WHERE a.period_id = %s AND a.entered_at >= %s
            """,
            [period_id, since],
        )
        count, value, numerator = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM indicators_actualrevision WHERE at >= %s", [since])
        revisions = cursor.fetchone()[0]
    return {"rows": count, "value": str(Decimal(value).normalize()),
            "numerator": str(Decimal(numerator).normalize()), "revisions": revisions}  # fmt: skip


def _rolled_back_immediate(action: Any) -> Any:
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        result = action()
        transaction.set_rollback(True)
    return result


def _reference(period_id: int) -> tuple[float, dict[str, Any]]:
    from django.db import connection
    from django.utils import timezone

    copy = json.loads(EXPECTED.read_text(encoding="utf-8"))["copy"]

    def act() -> tuple[float, dict[str, Any]]:
        since = timezone.now()
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_import (unit_id bigint, indicator_id bigint, value numeric, "
                "numerator numeric, denominator numeric, version integer) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY bench_import FROM STDIN") as stream:
                for row in copy:
                    stream.write_row(row)
            cursor.execute(
                """
                WITH changed AS (
                    UPDATE indicators_actual a
                    SET value = coalesce(i.value, round(i.numerator * 100 / i.denominator, 2)),
                        numerator = i.numerator, denominator = i.denominator, version = a.version + 1,
                        entered_by_id = NULL, entered_at = statement_timestamp(),
                        updated_at = statement_timestamp()
                    FROM bench_import i, indicators_submission s
                    WHERE a.unit_id = i.unit_id AND a.indicator_id = i.indicator_id AND a.period_id = %s
                      AND a.option_id IS NULL AND a.version = i.version AND s.id = a.submission_id
                      AND s.state IN ('draft', 'returned')
                    RETURNING a.id, a.value, a.numerator, a.denominator
                )
                INSERT INTO indicators_actualrevision (actual_id, change, value, numerator, denominator,
                    explanation, actor_id, actor_label, at)
                SELECT id, 'changed', value, numerator, denominator, '', NULL, 'system', statement_timestamp()
                FROM changed
                """,
                [period_id],
            )
        elapsed = time.perf_counter() - started
        return elapsed, _answer(period_id, since)

    result: tuple[float, dict[str, Any]] = _rolled_back_immediate(act)
    return result


def run_import(tasks: int, province_id: int) -> list[Outcome]:
    from django.core.files.uploadedfile import UploadedFile
    from django.utils import timezone

    from mandate.core.sheet_import import sheet_import
    from mandate.indicators.sheet_values import IMPORTER

    ctx = context(province_id)
    outcome = Outcome("ind_import", "indicators: import of 100,000 values (.xlsx)", tasks, TARGET_S * 1000)
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["answer"]
    outcome.detail["file_mb"] = round(FILE.stat().st_size / 1e6, 1)

    def act() -> tuple[float, dict[str, Any], dict[str, Any]]:
        since = timezone.now()
        started, cpu = time.perf_counter(), time.process_time()
        with FILE.open("rb") as handle:
            upload = UploadedFile(file=handle, name=FILE.name, size=FILE.stat().st_size)
            result = sheet_import(
                actor=None,
                importer=IMPORTER,
                params={"set": ctx.set_id, "period": ctx.entry_period_id},
                upload=upload,
                background=False,
            )
        elapsed = time.perf_counter() - started
        # On a shared host the wall time is the host's too: the process's own CPU time beside it.
        outcome.detail["app_cpu_s"] = round(time.process_time() - cpu, 1)
        return elapsed, result.as_dict(), _answer(ctx.entry_period_id, since)

    elapsed, result, answer = _rolled_back_immediate(act)
    outcome.peak_rss_mb = peak_rss_mb()
    outcome.app_p50_ms = outcome.app_p95_ms = round(elapsed * 1000, 1)
    outcome.detail["result"] = {
        k: result.get(k) for k in ("state", "rows", "created", "updated", "unchanged")
    }
    outcome.detail["answer"] = answer
    wrong = [
        k for k in ("rows", "value", "numerator") if Decimal(str(answer[k])) != Decimal(str(expected[k]))
    ]
    if result.get("state") != "applied" or result.get("updated") != expected["rows"] or wrong:
        outcome.notes.append(f"error: import answer differs from the file: {result} {answer} {expected}")
    reference_s, reference_answer = _reference(ctx.entry_period_id)
    outcome.reference_ms = round(reference_s * 1000, 1)
    outcome.reference_same = all(
        str(reference_answer[k]) == str(answer[k]) for k in ("rows", "value", "numerator", "revisions")
    )
    outcome.detail["reference_answer"] = reference_answer
    outcome.notes.append(
        "reference answer = app answer"
        if outcome.reference_same
        else f"reference differs: {reference_answer}"
    )
    outcome.notes.append("no replay: the import runs some 20,000 statements")
    return [outcome]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.ind_import", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--write", action="store_true", help="write the file and its expected answer")
    args = parser.parse_args(argv)
    setup_django()
    from bench.common import load_meta

    ctx = context(load_meta().users["vanphong"]["ubnd_id"])
    if args.write:
        started = time.perf_counter()
        print(
            json.dumps(write_file(ctx.set_id, ctx.entry_period_id)), f"{time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main()
