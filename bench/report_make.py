"""The periodic report of a province (issue 13, acceptance): "a report over the national bench
data set (1M tasks, a province) is made in ≤ 10 s on PostgreSQL, with the web and job processes
≤ 300 MB". Measured in a child process of its own (``python -m bench.run --question report``),
as the report job makes it: ``build_content`` for the largest province's UBND tỉnh, asked by its
head (``bench.province``), over the third quarter before the data set's day (a past day: the
counts read the state spans, as every report made again later does), then ``render_docx`` and
``render_xlsx`` (with the records of the overdue and not-updated figures, as the file's sheets).

The reference is written by hand from the definitions (issue 13 over ADR 0020), not from the
reports app: one scan of the spans in force on the cut-off of the tasks led in the province's
subtree or assigned from it, the window's reports joined as a set, grouped by the child unit
that led each task on that day (``GROUPING SETS``: the province's row too). Its counts must be the
report's figures, count by count; a reference that differs is a FAIL.
"""

from __future__ import annotations

import datetime as dt
import functools
import statistics
import time
from typing import Any

from bench.common import load_meta, peak_rss_mb
from bench.measure import percentile, replay, rolled_back, save_plans
from bench.reference_sql import upper
from bench.report import Outcome

TIMED = 3  # a report takes seconds: three made after one to warm up
TARGET_MS = 10_000.0
NAMES = ("total", "completed", "in_progress", "overdue", "due", "completed_of_due", "not_updated")

REFERENCE = """
    WITH s AS (
        SELECT sp.task_id, sp.lead_path, sp.kind, sp.deadline_on, sp.assigned_on,
               coalesce(sp.accepted_on <= %(on)s, false) AS done
        FROM tasks_taskstatespan sp
        WHERE sp.top_level AND sp.superseded_by_id IS NULL AND sp.valid_from <= %(on)s
          AND (sp.valid_to IS NULL OR sp.valid_to > %(on)s)
          AND (sp.lead_path >= %(lo)s AND sp.lead_path < %(hi)s
               OR sp.task_id IN (SELECT t.id FROM tasks_task t
                                 WHERE t.assigner_path >= %(lo)s AND t.assigner_path < %(hi)s))
    ), reported AS (
        SELECT DISTINCT task_id FROM tasks_progressreport
        WHERE reported_at >= %(start)s AND reported_at < %(end)s
    )
    SELECT grouping(left(s.lead_path, %(step)s)) = 1 AS whole, left(s.lead_path, %(step)s) AS child,
        count(*) FILTER (WHERE kind = 'deadline') AS total,
        count(*) FILTER (WHERE kind = 'deadline' AND done) AS completed,
        count(*) FILTER (WHERE kind = 'deadline' AND NOT done AND deadline_on >= %(on)s) AS in_progress,
        count(*) FILTER (WHERE kind = 'deadline' AND NOT done AND deadline_on < %(on)s) AS overdue,
        count(*) FILTER (WHERE kind = 'deadline' AND deadline_on <= %(on)s) AS due,
        count(*) FILTER (WHERE kind = 'deadline' AND deadline_on <= %(on)s AND done) AS completed_of_due,
        count(*) FILTER (WHERE kind = 'deadline' AND NOT done AND assigned_on < %(from)s
                         AND r.task_id IS NULL) AS not_updated
    FROM s LEFT JOIN reported r ON r.task_id = s.task_id
    GROUP BY GROUPING SETS ((), (left(s.lead_path, %(step)s)))
"""


def _request(meta_users: dict[str, Any], year_quarter: tuple[int, int] | None, who: tuple[str, str]) -> Any:
    from mandate.core import periods
    from mandate.organisations.models import OrgUnit
    from mandate.people.models import User
    from mandate.people.scopes import today
    from mandate.reports.sections import ReportRequest

    user = meta_users[who[0]]
    unit = OrgUnit.objects.get(pk=user[who[1]])
    day = today()
    quarter = (day.month - 1) // 3  # the last quarter ended before today
    year, number = year_quarter or ((day.year, quarter) if quarter else (day.year - 1, 4))
    period = periods.quarter(year, number)
    return ReportRequest(
        kind="periodic",
        unit=unit,
        period=period,
        period_kind="calendar",
        cut_off=period.ends_on,
        language="vi",
        actor=User.objects.get(pk=user["user_id"]),
    )


def _params(request: Any) -> dict[str, Any]:
    from mandate.organisations.models import OrgUnit
    from mandate.reports.sections.common import data_day
    from mandate.tasks import states
    from mandate.tasks.selectors import NOT_UPDATED_DAYS

    day = data_day(request)
    start, end = states.report_window(day, NOT_UPDATED_DAYS)
    path = request.unit.path
    return {
        "lo": path, "hi": upper(path), "on": day, "start": start, "end": end,
        # a task assigned before the window's first day may be "not updated"
        "from": day - dt.timedelta(days=NOT_UPDATED_DAYS - 1), "step": len(path) + OrgUnit.steplen,
    }  # fmt: skip


def _reference_rows(params: dict[str, Any]) -> list[tuple[Any, ...]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(REFERENCE, params)
        return list(cursor.fetchall())


def _reference_answer(request: Any, params: dict[str, Any]) -> dict[str, int]:
    from mandate.organisations.selectors import children_on

    children = {u.path: u.pk for u in children_on(unit=request.unit, day=params["on"])}
    answer: dict[str, int] = {}
    for row in _reference_rows(params):
        whole, child, values = row[0], row[1], row[2:]
        if whole:
            prefix = "tasks"
        elif child in children:
            prefix = f"tasks.unit.{children[child]}"
        else:
            continue
        answer.update({f"{prefix}.{name}": int(v) for name, v in zip(NAMES, values, strict=True)})
    return answer


def _reference_ms(params: dict[str, Any]) -> float:
    import json

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + REFERENCE, params)
        row = cursor.fetchone()
    assert row is not None
    plan = row[0] if not isinstance(row[0], str) else json.loads(row[0])
    return float(plan[0]["Planning Time"]) + float(plan[0]["Execution Time"])


def _make(request: Any) -> tuple[Any, int, int]:
    from mandate.reports.making import build_content
    from mandate.reports.records import records_of
    from mandate.reports.render_docx import render_docx
    from mandate.reports.render_xlsx import render_xlsx

    content = build_content(request, lambda done, total: None)
    docx = render_docx(content)
    records = {}
    for key in ("tasks.overdue", "tasks.not_updated"):
        link = content.figures[key].records
        if link is not None:
            found = records_of(actor=request.actor, link=link)
            records[key] = (found.columns, found.rows)
    xlsx = render_xlsx(content, records)
    return content, len(docx), len(xlsx)


PROVINCE = ("province", "unit_id")  # the province (its area), asked by the head of its UBND tỉnh
UBND = ("vanphong", "ubnd_id")  # the UBND tỉnh itself, a reporting unit of the indicators' set
# The last quarter ended, then the fourth quarter of 2024: the indicators' data set
# (``bench.gen_indicators``) holds values for 2023 and 2024, which the UBND tỉnh's report reads
# (the province's area reports no indicator).
QUESTIONS: tuple[tuple[str, str, tuple[int, int] | None, tuple[str, str]], ...] = (
    ("report_province", "periodic report of a province, last quarter", None, PROVINCE),
    ("report_province_2024q4", "periodic report of a province, Q4 2024", (2024, 4), PROVINCE),
    ("report_ubnd_2024q4", "periodic report of a UBND tỉnh with its indicators, Q4 2024", (2024, 4), UBND),
)


def run_report(tasks: int, only: tuple[str, ...] = ()) -> list[Outcome]:
    return [
        _run_one(tasks, name, label, quarter, who)
        for name, label, quarter, who in QUESTIONS
        if not only or name in only
    ]


def _run_one(
    tasks: int, name: str, label: str, quarter: tuple[int, int] | None, who: tuple[str, str]
) -> Outcome:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    outcome = Outcome(name, f"{label} (content, .docx, .xlsx)", tasks, TARGET_MS)
    try:
        request = _request(load_meta().users, quarter, who)
        params = _params(request)
        outcome.detail.update(
            unit=request.unit.name, period=request.period.code, cut_off=str(request.cut_off)
        )
        print(f"bench:   {name} …", flush=True)
        _make(request)  # warm-up: the first makes the caches (scopes, translations, fonts)
        times: list[float] = []
        statements: list[str] = []
        for number in range(TIMED):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                content, docx_bytes, xlsx_bytes = _make(request)
                times.append((time.perf_counter() - started) * 1000)
            if number == 0:
                statements = [q["sql"] for q in captured.captured_queries]
        outcome.app_p50_ms = round(statistics.median(times), 2)
        outcome.app_p95_ms = round(percentile(times, 0.95), 2)
        outcome.raw_ms = round(rolled_back(functools.partial(replay, statements))[0], 2)
        outcome.reference_ms = round(
            statistics.median(rolled_back(functools.partial(_reference_ms, params)) for _ in range(3)), 2
        )
        save_plans(name, statements)
        reference = rolled_back(functools.partial(_reference_answer, request, params))
        app = {key: content.figures[key].value for key in reference if key in content.figures}
        wrong = {k: (app.get(k), v) for k, v in reference.items() if app.get(k) != v}
        extra = sorted(
            k
            for k in content.figures
            if k.startswith("tasks.unit.") and k.endswith(".total") and k not in reference
        )
        outcome.detail.update(
            queries=len(statements), times_ms=[round(t, 1) for t in times], docx_bytes=docx_bytes,
            xlsx_bytes=xlsx_bytes, figures=len(content.figures), answer=reference,
            indicator_figures=sum(1 for k in content.figures if k.startswith("ind.")),
            inspection_figures=sum(1 for k in content.figures if k.startswith("insp.")),
        )  # fmt: skip
        outcome.reference_same = not wrong and not extra
        outcome.notes.append(
            f"reference differs (app, reference): {wrong}; rows only in the app: {extra}"
            if wrong or extra
            else f"reference answer = app answer ({len(reference)} counts)"
        )
    except Exception as error:  # a broken report is a FAIL row, not the end of the run
        outcome.notes.append(f"error: {type(error).__name__}: {error}")
    outcome.peak_rss_mb = peak_rss_mb()  # of the process so far: both reports' peak for the second
    return outcome
