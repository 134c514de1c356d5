"""The reference SQL of the indicators' questions (``bench.ind_questions``), their answers and the
application's answers to compare them with (``bench.reference_run`` dispatches here).

Written as a database engineer would, from the tables alone: the set's reporting lines in force on
the period's last day walked with a recursive CTE (the part below a unit; its leaves are the units
nobody reports to), the leaves' monthly values summed over the months of the period
(``actual_indicator_period_idx``), each leaf's target of the shortest period containing it
(``DISTINCT ON``), then a ratio of sums. Given what the application holds before its first query
(the set, the indicator, the period's days, the unit; ADR 0015's cached scope), nothing else.
"""

# ruff: noqa: S608  (the SQL is written here by hand: fixed text, every value a parameter)

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from bench.ind_questions import ENTRY_MONTH, IndContext
from bench.reference_sql import Statement

# (first day, last day, months) of 2024-C09 and of the same period of 2023.
SPANS = ((dt.date(2024, 1, 1), dt.date(2024, 9, 30), 9), (dt.date(2023, 1, 1), dt.date(2023, 9, 30), 9))

_PART = """
WITH RECURSIVE lines AS (
    SELECT unit_id, unit_path, reports_to_id FROM indicators_reportingline
    WHERE indicator_set_id = %(set)s AND valid_from <= %(end)s AND (valid_to IS NULL OR valid_to >= %(end)s)
),
part(unit_id, root_id) AS (
    {roots}
    UNION ALL
    SELECT l.unit_id, p.root_id FROM lines l JOIN part p ON l.reports_to_id = p.unit_id
),
leaves AS (
    SELECT unit_id, root_id FROM part p
    WHERE NOT EXISTS (SELECT 1 FROM lines l WHERE l.reports_to_id = p.unit_id)
),
sums AS (
    SELECT a.unit_id, sum(a.value) AS v, count(*) AS k, bool_and(s.state = 'accepted') AS done
    FROM indicators_actual a
    JOIN core_period m ON m.id = a.period_id
    JOIN indicators_submission s ON s.id = a.submission_id
    WHERE a.indicator_id = %(indicator)s AND a.option_id IS NULL AND s.indicator_set_id = %(set)s
      AND m.kind = 'month' AND m.starts_on >= %(start)s AND m.ends_on <= %(end)s
      AND a.unit_id IN (SELECT unit_id FROM leaves)
    GROUP BY a.unit_id
),
targets AS (
    SELECT DISTINCT ON (t.unit_id) t.unit_id, t.value
    FROM indicators_target t JOIN core_period y ON y.id = t.period_id
    WHERE t.indicator_id = %(indicator)s AND y.starts_on <= %(start)s AND y.ends_on >= %(end)s
      AND t.unit_id IN (SELECT unit_id FROM leaves UNION SELECT root_id FROM leaves)
    ORDER BY t.unit_id, y.starts_on DESC, y.ends_on, t.id
),
per_root AS (
    SELECT l.root_id, count(*) AS leaves,
           sum(s.v) FILTER (WHERE s.k = %(months)s) AS actual,
           count(*) FILTER (WHERE s.k = %(months)s) AS with_actual,
           count(*) FILTER (WHERE NOT s.done) AS awaiting,
           sum(t.value) AS target, count(t.value) AS with_target
    FROM leaves l LEFT JOIN sums s ON s.unit_id = l.unit_id LEFT JOIN targets t ON t.unit_id = l.unit_id
    GROUP BY l.root_id
)
"""

_ROLLUP = (
    _PART.format(roots="SELECT %(root)s::bigint, %(root)s::bigint")
    + """
SELECT r.leaves, r.actual, r.leaves - r.with_actual, r.awaiting, r.target, r.leaves - r.with_target,
       (SELECT value FROM targets WHERE unit_id = %(root)s)
FROM per_root r
"""
)

# The units reporting directly to the root, each the root of its part; ranked as the league does:
# achievement rounded half up to two decimals, ties share a rank (1, 2, 2, 4), the tree's order
# among equals, parts without an achievement last and unranked.
_LEAGUE = (
    _PART.format(roots="SELECT unit_id, unit_id FROM lines WHERE reports_to_id = %(root)s")
    + """
, scored AS (
    SELECT r.root_id, r.actual, r.target, round(r.actual * 100 / nullif(r.target, 0), 2) AS achievement,
           (SELECT unit_path FROM lines WHERE unit_id = r.root_id) AS path
    FROM per_root r
)
SELECT root_id, CASE WHEN achievement IS NOT NULL THEN rank() OVER (ORDER BY achievement DESC NULLS LAST) END,
       achievement, actual, target
FROM scored ORDER BY achievement DESC NULLS LAST, path
"""
)

# The entry page's numbers: every indicator of the set in the set's order, the unit's stored total
# for the month and its target of the shortest period containing the month; the submission and
# its steps; the units of the set the reader reads (his scope's subtree).
_ENTRY = """
SELECT i.id, a.value, a.numerator, a.denominator, a.version,
       (SELECT t.value FROM indicators_target t JOIN core_period y ON y.id = t.period_id
        WHERE t.indicator_id = i.id AND t.unit_id = %(unit)s AND y.starts_on <= m.starts_on
          AND y.ends_on >= m.ends_on
        ORDER BY y.starts_on DESC, y.ends_on, t.id LIMIT 1)
FROM indicators_indicatorsetitem it
JOIN indicators_indicator i ON i.id = it.indicator_id
CROSS JOIN core_period m
LEFT JOIN indicators_actual a ON a.indicator_id = i.id AND a.unit_id = %(unit)s AND a.period_id = m.id
     AND a.option_id IS NULL
WHERE it.indicator_set_id = %(set)s AND m.id = %(period)s
ORDER BY it.position, it.id
"""
_SUBMISSION = """
SELECT s.state, s.version, (SELECT count(*) FROM indicators_submissionevent e WHERE e.submission_id = s.id)
FROM indicators_submission s
WHERE s.indicator_set_id = %(set)s AND s.unit_id = %(unit)s AND s.period_id = %(period)s
"""
_UNITS = """
SELECT l.unit_id FROM indicators_reportingline l JOIN core_period m ON m.id = %(period)s
WHERE l.indicator_set_id = %(set)s AND l.valid_from <= m.ends_on
  AND (l.valid_to IS NULL OR l.valid_to >= m.ends_on)
  AND l.unit_path LIKE ANY(%(prefixes)s)
ORDER BY l.unit_path
"""


def statements(name: str, ctx: IndContext, scope: list[str]) -> list[Statement]:
    common = {"set": ctx.set_id, "indicator": ctx.indicator_id, "root": ctx.office_id}
    if name == "ind_rollup_country":
        return [
            (_ROLLUP, {**common, "start": start, "end": end, "months": months})
            for start, end, months in SPANS
        ]
    if name == "ind_league_provinces":
        start, end, months = SPANS[0]
        return [(_LEAGUE, {**common, "start": start, "end": end, "months": months})]
    if name == "ind_page_entry":
        where = {"set": ctx.set_id, "unit": ctx.province_id, "period": ctx.entry_period_id}
        prefixes = [prefix + "%" for prefix in scope]
        return [(_ENTRY, where), (_SUBMISSION, where), (_UNITS, {**where, "prefixes": prefixes})]
    raise KeyError(name)


def _n(value: Any) -> str | None:
    """A number as a plain string without trailing zeros: "8051" for 8051.0000 and for "8051"."""
    if value is None:
        return None
    number = Decimal(str(value)).normalize()
    return format(number, "f")


def reference_answer(name: str, results: list[list[tuple[Any, ...]]]) -> dict[str, Any]:
    if name == "ind_rollup_country":
        answer = {}
        for key, rows in zip(("current", "previous"), results, strict=True):
            leaves, actual, without, awaiting, target, without_target, own = rows[0]
            answer[key] = [leaves, _n(actual), without, awaiting, _n(target), without_target, _n(own)]
        return answer
    if name == "ind_league_provinces":
        return {"rows": [[root, rank, _n(achievement), _n(actual), _n(target)] for root, rank, achievement,
                         actual, target in results[0]]}  # fmt: skip
    if name == "ind_page_entry":
        entries = [[pk, _n(v), _n(n), _n(d), version, _n(t)] for pk, v, n, d, version, t in results[0]]
        state, version, events = results[1][0] if results[1] else (None, None, 0)
        return {"rows": entries, "submission": [state, version, events], "units": [r[0] for r in results[2]]}
    raise KeyError(name)


def _part(figure: dict[str, Any]) -> list[Any]:
    return [
        figure["leaves"], _n(figure["numerator"]["value"]), figure["without_actual"], figure["awaiting"],
        _n(figure["denominator"]["value"]), figure["without_target"], _n(figure["own_target"]["value"]),
    ]  # fmt: skip


def app_answer(name: str, actor: Any, response: Any, ctx: IndContext) -> dict[str, Any]:
    """The application's answer: the API's JSON, or for the page the functions that give it its
    numbers (``views.entry``: the place, the stored values, the targets beside them)."""
    if name == "ind_rollup_country":
        body = response.json()
        return {"current": _part(body["figure"]), "previous": _part(body["previous_year"])}
    if name == "ind_league_provinces":
        rows = response.json()["results"]
        return {
            "rows": [
                [r["unit"], r["rank"], _n(r["achievement"]["value"]), _n(r["numerator"]["value"]),
                 _n(r["denominator"]["value"])]
                for r in rows
            ]
        }  # fmt: skip
    if name == "ind_page_entry":
        return _entry_answer(actor, ctx)
    raise KeyError(name)


def _entry_answer(actor: Any, ctx: IndContext) -> dict[str, Any]:
    from mandate.indicators import measurement
    from mandate.indicators.models import IndicatorSet
    from mandate.indicators.views.common import period_from
    from mandate.indicators.views.entry import indicators_of, place_of, stored_values

    indicator_set = IndicatorSet.objects.get(pk=ctx.set_id)
    period = period_from(ENTRY_MONTH, {})
    assert period is not None
    place = place_of(actor, indicator_set, period, str(ctx.province_id))
    stored, _data = stored_values(place)
    rows = []
    for indicator in indicators_of(indicator_set):
        actual = stored.get(indicator.pk)
        assert period.row is not None
        target = measurement.target_for(indicator=indicator, unit_id=ctx.province_id, period=period.row)
        rows.append([
            indicator.pk,
            _n(actual.value) if actual else None,
            _n(actual.numerator) if actual else None,
            _n(actual.denominator) if actual else None,
            actual.version if actual else None,
            _n(target.value) if target else None,
        ])  # fmt: skip
    submission = place.submission
    saved = submission is not None and submission.pk is not None
    events = submission.events.count() if saved and submission is not None else 0
    return {
        "rows": rows,
        "submission": [submission.state, submission.version, events]
        if saved and submission
        else [None, None, 0],
        "units": [unit.pk for unit in place.units],
    }
