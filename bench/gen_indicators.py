"""The indicators of the national data set (issue 11, item 14), added to the tasks' data set.

``python -m bench.gen_indicators`` (``bench.run`` calls ``ensure_indicators`` after the tasks'
data set is in place). Every *state* unit of the bench's country reports — the Government
Office, the 35 UBND tỉnh, their 140 departments and the 3,300 UBND xã: 3,476 units (the 3,336
areas of the 6,812 units report nothing: an area is a territory, not an organisation) — 60
monthly indicators for the 24 months of 2023 and 2024: **5,005,440 values**, each with the
revision that entered it, in one indicator set collected by the Government Office:

* reporting lines as the administration reports: a UBND xã and a department to its province's
  UBND tỉnh, a UBND tỉnh to the Government Office (which collects); in force since 01/01/2023;
* 50 indicators are numbers summed up the tree, 10 are ratios (numerator and denominator kept,
  so roll-ups sum those); all higher-is-better, a few with an explanation threshold;
* annual targets of every unit for both years (417,120), each with its revision;
* one submission per unit and month (83,424): 2023 and the first nine months of 2024 accepted
  and locked, October 2024 submitted and awaiting the province, November approved by it,
  December a draft; each step a submission event dated as the services would date it;
* values from a hash of (unit, indicator, month), so the same seed gives the same data set on
  any machine, without ``random()``.

Set-based: the periods through ``core.periods`` (the application's own constructor), the rest
``INSERT … SELECT`` over ``generate_series`` in one transaction, the tables analysed afterwards.
A marker row in ``bench_meta``'s ``parameters`` (``indicators``) records what was generated; a
data set of the same version is left alone.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any

from psycopg import sql

from bench.common import BenchError, connect, setup_django

INDICATORS_VERSION = 2  # 2: the running sums of ADR 0049 filled
INDICATOR_COUNT = 60
RATIO_COUNT = 10
YEARS = (2023, 2024)
SET_CODE = "BENCH-QG"
INDICATOR_PREFIX = "BENCH-"
MARKER_TABLE = "bench_indicators_meta"
_MARKER = sql.Identifier(MARKER_TABLE)

# (table, what is cleared) before a regeneration: the bench's own rows only.
_CLEAR = (
    "indicators_actualsum",
    "indicators_actualrevision",
    "indicators_actual",
    "indicators_submissionevent",
    "indicators_submission",
    "indicators_targetrevision",
    "indicators_target",
    "indicators_allocation",
    "indicators_reportingline",
    "indicators_indicatorsetitem",
    "indicators_indicatorset",
    "indicators_indicator",
)


def _periods() -> dict[str, list[int]]:
    """The months and years of ``YEARS`` as the application makes them (ids by kind)."""
    from mandate.core import periods

    months = [periods.month(year, number).pk for year in YEARS for number in range(1, 13)]
    years = [periods.year(year).pk for year in YEARS]
    return {"months": months, "years": years}


def _marker(cur: Any) -> int | None:
    create = "CREATE TABLE IF NOT EXISTS {} (version integer NOT NULL, values_count bigint NOT NULL)"
    cur.execute(sql.SQL(create).format(_MARKER))
    cur.execute(sql.SQL("SELECT version FROM {}").format(_MARKER))
    row = cur.fetchone()
    return int(row[0]) if row else None


def _office(cur: Any) -> tuple[int, str]:
    cur.execute(
        "SELECT id, path FROM organisations_orgunit WHERE kind = 'state' AND level = 'central' "
        "ORDER BY path LIMIT 1"
    )
    row = cur.fetchone()
    if row is None:
        raise BenchError("bench.gen_indicators: no Government Office; run bench.generate first")
    return int(row[0]), str(row[1])


def _load(cur: Any, months: list[int], years: list[int]) -> None:
    office_id, office_path = _office(cur)
    now = "2025-01-20 09:00:00+07"
    cur.execute(
        """
        CREATE TEMP TABLE bench_reporting ON COMMIT DROP AS
        SELECT u.id AS unit_id, u.path AS unit_path,
               CASE WHEN u.level = 'city' THEN o.id
                    WHEN u.level IN ('department', 'commune') THEN p.id END AS parent_id,
               CASE WHEN u.level = 'city' THEN o.path
                    WHEN u.level IN ('department', 'commune') THEN p.path END AS parent_path
        FROM organisations_orgunit u
        CROSS JOIN (SELECT %s::bigint AS id, %s::text AS path) o
        LEFT JOIN organisations_orgunit p
          ON p.kind = 'state' AND p.level = 'city' AND left(p.path, 8) = left(u.path, 8)
        WHERE u.kind = 'state'
        """,
        [office_id, office_path],
    )
    cur.execute("SELECT count(*), count(*) FILTER (WHERE parent_id IS NULL) FROM bench_reporting")
    units, roots = cur.fetchone()
    if roots != 1:
        raise BenchError(f"bench.gen_indicators: {roots} units without a line up (expected the office only)")

    cur.execute(
        """
        INSERT INTO indicators_indicator (created_at, updated_at, version, code, name, name_en, definition,
            measure, direction, kind, numerator_label, numerator_label_en, denominator_label,
            denominator_label_en, factor, provider, aggregation, period_kind, source_document_id,
            parent_id, disaggregation_id, explanation_threshold, decimals, owner_unit_id, owner_path,
            retired_at, retired_reason)
        SELECT %(now)s, %(now)s, 1, %(prefix)s || lpad(i::text, 2, '0'),
               'Chỉ tiêu ' || i || ' (dữ liệu mô phỏng)', 'Indicator ' || i || ' (synthetic)', '',
               CASE WHEN i > %(numbers)s THEN 'percent' ELSE 'count' END, 'higher',
               CASE WHEN i > %(numbers)s THEN 'ratio' ELSE 'number' END,
               CASE WHEN i > %(numbers)s THEN 'Số đạt' ELSE '' END,
               CASE WHEN i > %(numbers)s THEN 'Achieved' ELSE '' END,
               CASE WHEN i > %(numbers)s THEN 'Tổng số' ELSE '' END,
               CASE WHEN i > %(numbers)s THEN 'Total' ELSE '' END,
               CASE WHEN i > %(numbers)s THEN 100 ELSE 1 END, '', 'sum', 'month', NULL, NULL, NULL,
               CASE WHEN i %% 7 = 0 THEN 10 END, CASE WHEN i > %(numbers)s THEN 2 ELSE 0 END,
               %(office)s, %(office_path)s, NULL, ''
        FROM generate_series(1, %(count)s) AS i
        """,
        {
            "now": now, "prefix": INDICATOR_PREFIX, "numbers": INDICATOR_COUNT - RATIO_COUNT,
            "office": office_id, "office_path": office_path, "count": INDICATOR_COUNT,
        },
    )  # fmt: skip
    cur.execute(
        """
        INSERT INTO indicators_indicatorset (created_at, updated_at, version, code, name, name_en,
            collecting_unit_id, collecting_path, period_kind, deadline_days, source_document_id,
            valid_from, valid_to, retired_at, retired_reason)
        VALUES (%s, %s, 1, %s, 'Chỉ tiêu quốc gia (dữ liệu mô phỏng)', 'National indicators (synthetic)',
                %s, %s, 'month', 15, NULL, '2023-01-01', NULL, NULL, '')
        RETURNING id
        """,
        [now, now, SET_CODE, office_id, office_path],
    )
    set_id = cur.fetchone()[0]
    cur.execute(
        """
        INSERT INTO indicators_indicatorsetitem (indicator_set_id, indicator_id, position)
        SELECT %s, id, row_number() OVER (ORDER BY code) FROM indicators_indicator WHERE code LIKE %s
        """,
        [set_id, INDICATOR_PREFIX + "%"],
    )
    cur.execute(
        """
        INSERT INTO indicators_reportingline (indicator_set_id, unit_id, unit_path, reports_to_id,
            reports_to_path, valid_from, valid_to, created_at)
        SELECT %s, unit_id, unit_path, parent_id, parent_path, '2023-01-01', NULL, %s
        FROM bench_reporting WHERE parent_id IS NOT NULL
        """,
        [set_id, now],
    )
    cur.execute(
        "CREATE TEMP TABLE bench_indicators ON COMMIT DROP AS "
        "SELECT id, kind = 'ratio' AS ratio, row_number() OVER (ORDER BY code) AS n "
        "FROM indicators_indicator WHERE code LIKE %s",
        [INDICATOR_PREFIX + "%"],
    )
    cur.execute(
        "CREATE TEMP TABLE bench_months ON COMMIT DROP AS "
        "SELECT id, starts_on, ends_on, extract(year FROM starts_on)::int AS year, "
        "extract(month FROM starts_on)::int AS month FROM core_period WHERE id = ANY(%s)",
        [months],
    )
    # Targets: a year's target is 12 × the unit's monthly base, so that achievement spreads
    # around 100 % (the values below vary ±40 % around the base).
    cur.execute(
        """
        INSERT INTO indicators_target (created_at, updated_at, version, indicator_id, indicator_set_id,
            unit_id, unit_path, period_id, value, set_by_unit_id, handed_over_on)
        SELECT %s, %s, 1, i.id, %s, r.unit_id, r.unit_path, p.id,
               CASE WHEN i.ratio THEN 80 ELSE 12 * (20 + abs(hashtext(r.unit_id || ':' || i.n)) %% 180) END,
               coalesce(r.parent_id, r.unit_id), NULL
        FROM bench_reporting r CROSS JOIN bench_indicators i CROSS JOIN core_period p
        WHERE p.id = ANY(%s)
        """,
        [now, now, set_id, years],
    )
    cur.execute(
        """
        INSERT INTO indicators_targetrevision (target_id, change, value, previous_value, reason,
            allocation_id, actor_id, actor_label, at)
        SELECT t.id, 'set', t.value, NULL, '', NULL, NULL, 'bench', t.created_at FROM indicators_target t
        WHERE t.indicator_set_id = %s
        """,
        [set_id],
    )
    # Submissions: accepted up to September 2024; October submitted, November approved by the
    # province (awaiting the office), December a draft. The office's own: accepted.
    cur.execute(
        """
        INSERT INTO indicators_submission (created_at, updated_at, version, indicator_set_id, unit_id,
            unit_path, period_id, state, approved_through, next_unit_id, next_path, submitted_by_id,
            submitted_at, approved_by_id, approved_at, accepted_by_id, accepted_at, returned_by_id,
            returned_at, return_reason, unlocked_by_id, unlocked_at, unlock_reason)
        SELECT s.at, s.at, 1, %s, r.unit_id, r.unit_path, m.id, s.state,
               CASE WHEN s.state = 'approved' THEN 1 ELSE 0 END,
               CASE WHEN s.state = 'submitted' THEN r.parent_id
                    WHEN s.state = 'approved'
                        THEN (SELECT parent_id FROM bench_reporting WHERE unit_id = r.parent_id)
               END,
               CASE WHEN s.state = 'submitted' THEN r.parent_path
                    WHEN s.state = 'approved'
                        THEN (SELECT parent_path FROM bench_reporting WHERE unit_id = r.parent_id)
                    ELSE '' END,
               NULL, CASE WHEN s.state <> 'draft' THEN s.at END,
               NULL, CASE WHEN s.state = 'approved' THEN s.at + interval '2 days' END,
               NULL, CASE WHEN s.state = 'accepted' THEN s.at + interval '5 days' END,
               NULL, NULL, '', NULL, NULL, ''
        FROM bench_reporting r CROSS JOIN bench_months m
        CROSS JOIN LATERAL (
            SELECT (m.ends_on + 10)::timestamptz + interval '9 hours' AS at,
                   CASE WHEN r.parent_id IS NULL OR (m.year, m.month) <= (2024, 9) THEN 'accepted'
                        WHEN (m.year, m.month) = (2024, 10) THEN 'submitted'
                        WHEN (m.year, m.month) = (2024, 11) AND r.parent_id IN (
                            SELECT unit_id FROM bench_reporting WHERE parent_id IS NOT NULL)
                            THEN 'approved'
                        WHEN (m.year, m.month) = (2024, 11) THEN 'submitted'
                        ELSE 'draft' END AS state
        ) s
        """,
        [set_id],
    )
    cur.execute(
        """
        INSERT INTO indicators_submissionevent (submission_id, kind, from_state, to_state, level_unit_id,
            reason, actor_id, actor_label, at)
        SELECT id, 'submitted', 'draft', 'submitted', NULL::bigint, '', NULL::bigint, 'bench', submitted_at
        FROM indicators_submission WHERE indicator_set_id = %s AND submitted_at IS NOT NULL
        UNION ALL
        SELECT id, 'approved', 'submitted', 'approved', NULL, '', NULL, 'bench', approved_at
        FROM indicators_submission WHERE indicator_set_id = %s AND approved_at IS NOT NULL
        UNION ALL
        SELECT id, 'accepted', 'submitted', 'accepted', NULL, '', NULL, 'bench', accepted_at
        FROM indicators_submission WHERE indicator_set_id = %s AND accepted_at IS NOT NULL
        """,
        [set_id, set_id, set_id],
    )
    # The values: the unit's monthly base ±40 % (ratios: a numerator of a denominator 50–249).
    cur.execute(
        """
        INSERT INTO indicators_actual (created_at, updated_at, version, submission_id, indicator_id, unit_id,
            unit_path, period_id, option_id, value, numerator, denominator, explanation, entered_by_id,
            entered_at)
        SELECT v.at, v.at, 1, s.id, i.id, r.unit_id, r.unit_path, m.id, NULL,
               CASE WHEN i.ratio THEN round(v.num * 100.0 / v.den, 4) ELSE v.num END,
               CASE WHEN i.ratio THEN v.num END, CASE WHEN i.ratio THEN v.den END, '', NULL, v.at
        FROM bench_reporting r
        CROSS JOIN bench_months m
        JOIN indicators_submission s
          ON s.indicator_set_id = %s AND s.unit_id = r.unit_id AND s.period_id = m.id
        CROSS JOIN bench_indicators i
        CROSS JOIN LATERAL (
            SELECT (m.ends_on + 5)::timestamptz + interval '9 hours' AS at,
                   abs(hashtext(r.unit_id || ':' || i.n)) %% 180 + 20 AS base,
                   abs(hashtext(r.unit_id || ':' || i.n || ':' || m.id)) %% 81 AS spread,
                   50 + abs(hashtext(m.id || ':' || r.unit_id || ':' || i.n)) %% 200 AS den
        ) h
        CROSS JOIN LATERAL (
            SELECT h.at,
                   CASE WHEN i.ratio THEN (h.den * (40 + h.spread / 2)) / 100
                        ELSE h.base * (60 + h.spread) / 100 END AS num,
                   h.den
        ) v
        """,
        [set_id],
    )
    cur.execute(
        """
        INSERT INTO indicators_actualrevision (actual_id, change, value, numerator, denominator, explanation,
            actor_id, actor_label, at)
        SELECT a.id, 'entered', a.value, a.numerator, a.denominator, '', NULL, 'bench', a.entered_at
        FROM indicators_actual a JOIN indicators_submission s ON s.id = a.submission_id
        WHERE s.indicator_set_id = %s
        """,
        [set_id],
    )
    # The running sums every writer of values keeps (ADR 0049), set-based from the values.
    from mandate.indicators.actual_sums import REBUILD_SQL

    cur.execute(REBUILD_SQL)
    cur.execute("SELECT count(*) FROM indicators_actual")
    values = int(cur.fetchone()[0])
    expected = units * INDICATOR_COUNT * len(months)
    if values != expected:
        raise BenchError(f"bench.gen_indicators: {values:,} values, expected {expected:,}")
    cur.execute(sql.SQL("DELETE FROM {}").format(_MARKER))
    cur.execute(sql.SQL("INSERT INTO {} VALUES (%s, %s)").format(_MARKER), [INDICATORS_VERSION, values])


def _values_count(cur: Any) -> int:
    cur.execute(sql.SQL("SELECT values_count FROM {}").format(_MARKER))
    return int(cur.fetchone()[0])


def _lines_written() -> None:
    """The set's reporting lines are written here in SQL, not through ``add_lines``: their
    generation token is replaced as that service does, so that no process keeps a hierarchy read
    before (``indicators.hierarchy``); at every run too, for a data set made before the token."""
    from django.db import transaction

    from mandate.core import generations
    from mandate.indicators import hierarchy

    with transaction.atomic():
        generations.bump(hierarchy.GENERATION)


def ensure_indicators(*, force: bool = False) -> int:
    """Generate the indicators' data set unless this version is there; the number of values."""
    setup_django()
    with connect() as conn, conn.cursor() as cur:
        found = _marker(cur)
        if found == INDICATORS_VERSION and not force:
            _lines_written()
            return _values_count(cur)
    periods = _periods()
    started = time.perf_counter()
    with connect() as conn:
        with conn.transaction(), conn.cursor() as cur:
            for table in _CLEAR:
                cur.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))
            _marker(cur)
            _load(cur, periods["months"], periods["years"])
        conn.autocommit = True
        with conn.cursor() as cur:
            for table in _CLEAR:
                cur.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(table)))
            values = _values_count(cur)
    _lines_written()
    print(f"bench: indicators: {values:,} values in {time.perf_counter() - started:.0f} s", flush=True)
    return values


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.gen_indicators", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("--force", action="store_true", help="regenerate even if this version is there")
    args = parser.parse_args(argv)
    ensure_indicators(force=args.force)


if __name__ == "__main__":
    main()
