"""The indicators' questions of the benchmark (issue 11, item 14), asked on the indicators' data
set (``bench.gen_indicators``: 60 monthly indicators × 24 months × 3,476 units):

* ``ind_rollup_country`` — the country's roll-up of one summed indicator for the first nine months
  of 2024 (``2024-C09``: nobody entered a value for that period; the months are summed in SQL,
  ADR 0035 "Longer periods"), with the same period of 2023, as the national specialist reads it
  (``GET …/periods/2024-C09/rollup/``): p95 ≤ 50 ms;
* ``ind_league_provinces`` — the league of the 35 provinces' UBND tỉnh for the same indicator and
  period (``…/league/``): p95 ≤ 100 ms;
* ``ind_page_entry`` — the data-entry page of the largest province's UBND tỉnh for December 2024
  (a draft: the editable form), as its specialist ``bench.vanphong`` opens it: p95 ≤ 300 ms;
* ``ind_import`` — an import of 100,000 values from an .xlsx (``bench.ind_import``): ≤ 60 s and
  ≤ 300 MB peak memory.

Without the indicators' data set the rows are not measured: they are ``SKIP`` rows with the
command that makes it, never counted as passing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bench.common import Meta
from bench.questions import Question
from bench.report import Outcome

NAMES = ("ind_rollup_country", "ind_league_provinces", "ind_page_entry", "ind_import")
WEB_NAMES = NAMES[:3]
PERIOD = "2024-C09"  # the first nine months of 2024: summed from the set's months
ENTRY_MONTH = "2024-M12"  # a draft in the data set: the form is editable
SKIP_NOTE = (
    "skipped: no indicators' data set in this database (make it with `python -m bench.gen_indicators`, "
    "about 5 minutes, or `make bench-indicators`)"
)


@dataclass(frozen=True)
class IndContext:
    """What the questions are about: the set, its collecting unit (the Government Office), the
    summed indicator, the province unit of ``bench.vanphong`` and the entry month's period."""

    set_id: int
    office_id: int
    indicator_id: int
    province_id: int
    entry_period_id: int


def present() -> bool:
    """Whether the indicators' data set was generated in this database (its marker table)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_indicators_meta') IS NOT NULL")
        row = cursor.fetchone()
        if not row or not row[0]:
            return False
        cursor.execute("SELECT coalesce(max(values_count), 0) FROM bench_indicators_meta")
        counted = cursor.fetchone()
    return bool(counted and counted[0])


def skipped(name: str, tasks: int, target_ms: float) -> Outcome:
    """The row of a question not measured: ``SKIP``, with the command that makes its data set."""
    outcome = Outcome(name, f"indicators: {name}", tasks, target_ms, skipped=True)
    outcome.notes.append(SKIP_NOTE)
    return outcome


TARGETS_MS = {"ind_rollup_country": 50.0, "ind_league_provinces": 100.0, "ind_page_entry": 300.0,
              "ind_import": 60_000.0}  # fmt: skip


@functools.cache
def context(province_id: int) -> IndContext:
    from django.db import connection

    from bench.gen_indicators import INDICATOR_PREFIX, SET_CODE

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, collecting_unit_id FROM indicators_indicatorset WHERE code = %s", [SET_CODE]
        )
        set_row = cursor.fetchone()
        cursor.execute(
            "SELECT id FROM indicators_indicator WHERE code LIKE %s AND kind = 'number' "
            "ORDER BY code LIMIT 1",
            [INDICATOR_PREFIX + "%"],
        )
        indicator = cursor.fetchone()
        cursor.execute("SELECT id FROM core_period WHERE code = %s", [ENTRY_MONTH])
        period = cursor.fetchone()
    if not (set_row and indicator and period):
        raise RuntimeError(
            "the indicators' data set is incomplete: run python -m bench.gen_indicators --force"
        )
    return IndContext(set_row[0], set_row[1], indicator[0], province_id, period[0])


def ind_questions(meta: Meta) -> list[Question]:
    ctx = context(meta.users["vanphong"]["ubnd_id"])
    figures = f"/api/v1/indicators/sets/{ctx.set_id}/indicators/{ctx.indicator_id}/periods/{PERIOD}"
    return [
        Question(
            name="ind_rollup_country",
            label=f"indicators: country roll-up, {PERIOD} summed from months (national)",
            user="national",
            url=f"{figures}/rollup/",
            target_ms=50.0,
        ),
        Question(
            name="ind_league_provinces",
            label=f"indicators: league of the 35 provinces, {PERIOD} (national)",
            user="national",
            url=f"{figures}/league/",
            target_ms=100.0,
        ),
        Question(
            name="ind_page_entry",
            label=f"page: data entry of the province's UBND, {ENTRY_MONTH} (vanphong)",
            user="vanphong",
            url=f"/indicators/sets/{ctx.set_id}/entry/?unit={ctx.province_id}&period={ENTRY_MONTH}",
            target_ms=300.0,
            page=True,
        ),
    ]
