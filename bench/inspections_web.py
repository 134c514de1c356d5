"""The inspections' questions (issue 12, item 10), measured in a child process of their own
(``python -m bench.run --question inspections``): the statistics of seed 004's table for the
largest province's Inspection Commission and for the Central Inspection Commission, over 2024,
asked over HTTP by an inspector of each (``bench.gen_inspections``'s readers) — against the
replay of the application's SQL and a hand-written reference that must give the same table.

The reference is written from the table's definition in the words of ADR 0043, not from
``inspections/statistics.py``: one pass over the subjects of the body's competence in the period,
a ``FILTER`` per cell, the conclusion joined. Its answer is compared cell by cell with the API's.
"""

from __future__ import annotations

import functools
import statistics
import time
from typing import Any

from bench.common import peak_rss_mb
from bench.measure import percentile, replay, rolled_back, save_plans
from bench.report import Outcome

WARMUP = 3
TIMED = 40
TIMED_SECONDS = 4.0
REPLAY_EVERY = 4
YEAR = ("2024-01-01", "2024-12-31")

PARTY = "s.body_kind IN ('standing_committee', 'party_committee')"
STANDING = "s.body_kind = 'standing_committee'"
COMMISSION = "s.body_kind = 'inspection_commission'"
SUPERVISION = "s.inspection_kind IN ('supervision_regular', 'supervision_thematic')"
INSPECTION = "s.inspection_kind NOT IN ('supervision_regular', 'supervision_thematic')"
ORG, MEMBER = "s.kind = 'organisation'", "s.kind = 'member'"


def _kind(name: str) -> str:
    return f"s.inspection_kind = '{name}'"


def _cells(key: str, *conditions: str, members: bool = True) -> tuple[tuple[str, str, str], ...]:
    where = " AND ".join(conditions)
    cells = [(key, "organisations", f"{where} AND {ORG}")]
    if members:
        cells.append((key, "members", f"{where} AND {MEMBER}"))
    return tuple(cells)


# (row key, column, condition): seed 004's table as ADR 0043 defines it.
CELLS: tuple[tuple[str, str, str], ...] = (
    *_cells("standing_committee_planned", STANDING, _kind("planned")),
    *_cells("party_committees_inspected", PARTY, INSPECTION),
    *_cells("party_committees_supervised", PARTY, SUPERVISION),
    *_cells("upon_signs", COMMISSION, _kind("upon_signs")),
    *_cells("upon_signs_violated", COMMISSION, _kind("upon_signs"), "c.violated"),
    *_cells("upon_signs_to_discipline", COMMISSION, _kind("upon_signs"), "c.proposes_discipline"),
    *_cells("inspection_tasks", COMMISSION, _kind("inspection_tasks"), members=False),
    *_cells("discipline_enforcement", COMMISSION, _kind("discipline_enforcement"), members=False),
    *_cells("party_finance", COMMISSION, _kind("party_finance"), members=False),
    *_cells("party_fees", COMMISSION, _kind("party_fees"), members=False),
    *_cells("thematic_supervision", COMMISSION, _kind("supervision_thematic")),
)
STANDING_INSPECTIONS = f"{STANDING} AND {_kind('planned')}"


def reference_sql() -> str:
    """The table in one statement; ``%(low)s``/``%(high)s`` bound the body paths (the competence's
    subtree, as a range: the index's order), ``%(first)s``/``%(last)s`` the period."""
    cells = ",\n  ".join(f"count(*) FILTER (WHERE {condition})" for _key, _column, condition in CELLS)
    return (
        f"SELECT\n  {cells},\n  count(DISTINCT s.inspection_id) FILTER (WHERE {STANDING_INSPECTIONS})\n"
        "FROM inspections_inspectionsubject s\n"
        "LEFT JOIN inspections_conclusion c ON c.subject_id = s.id\n"
        "WHERE s.body_path >= %(low)s AND s.body_path < %(high)s\n"
        "  AND s.counted_on BETWEEN %(first)s AND %(last)s AND s.withdrawn_at IS NULL"
    )


def _reference(path: str) -> tuple[str, dict[str, Any]]:
    from mandate.organisations.selectors import path_upper_bound

    return reference_sql(), {"low": path, "high": path_upper_bound(path), "first": YEAR[0], "last": YEAR[1]}


def _reference_answer(path: str) -> dict[str, Any]:
    from django.db import connection

    statement, params = _reference(path)
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        row = cursor.fetchone()
    assert row is not None
    answer: dict[str, Any] = {
        f"{key}.{column}": int(value) for (key, column, _c), value in zip(CELLS, row[:-1], strict=True)
    }
    answer["standing_committee_planned.inspections"] = int(row[-1])
    return answer


def _reference_ms(path: str) -> float:
    import json

    from django.db import connection

    statement, params = _reference(path)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, params)
        row = cursor.fetchone()
    assert row is not None
    plan = row[0] if not isinstance(row[0], str) else json.loads(row[0])
    return float(plan[0]["Planning Time"]) + float(plan[0]["Execution Time"])


def _app_answer(body: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = {}
    for row in body.get("rows", []):
        for column in ("organisations", "members", "inspections"):
            if row.get(column) is not None:
                answer[f"{row['key']}.{column}"] = row[column]
    return answer


def run_inspections(tasks: int) -> list[Outcome]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from bench.gen_inspections import inspection_users
    from mandate.inspections.models import InspectingBody
    from mandate.people.models import User

    users = inspection_users()
    questions = (
        ("inspections_stats_province", "inspection statistics of a province, 2024", "inspector", 200.0),
        ("inspections_stats_country", "inspection statistics of the country, 2024", "inspector_tw", 1000.0),
    )
    outcomes: list[Outcome] = []
    for name, label, key, target in questions:
        outcome = Outcome(name, label, tasks, target)
        outcomes.append(outcome)
        if key not in users:
            outcome.notes.append("error: no inspections data set (python -m bench.gen_inspections)")
            continue
        user = users[key]
        body = InspectingBody.objects.get(pk=user["body_id"])
        url = f"/api/v1/inspections/statistics/?body={body.pk}&from={YEAR[0]}&to={YEAR[1]}"
        outcome.detail.update(url=url, user=user["username"])
        client = APIClient()
        print(f"bench:   {name} …", flush=True)

        def call(
            capture: bool = False, account: int = user["user_id"], client: Any = client, url: str = url
        ) -> Any:
            client.force_authenticate(user=User.objects.get(pk=account))
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            return elapsed, response, [q["sql"] for q in captured.captured_queries] if capture else []

        try:
            for _ in range(WARMUP):
                call()
            _elapsed, response, statements = call(capture=True)
            outcome.detail["queries"] = len(statements)
            times: list[float] = []
            sums: list[float] = []
            references: list[float] = []
            window = time.perf_counter()
            while len(times) < TIMED or time.perf_counter() - window < TIMED_SECONDS:
                elapsed, response, _none = call()
                times.append(elapsed)
                if len(times) % REPLAY_EVERY == 0:
                    sums.append(rolled_back(functools.partial(replay, statements))[0])
                    references.append(rolled_back(functools.partial(_reference_ms, body.competence_path)))
            if response.status_code != 200:
                outcome.notes.append(f"HTTP {response.status_code}")
                continue
            outcome.app_p50_ms = round(statistics.median(times), 2)
            outcome.app_p95_ms = round(percentile(times, 0.95), 2)
            outcome.raw_ms = round(statistics.median(sums), 2)
            outcome.reference_ms = round(statistics.median(references), 2)
            outcome.detail["times_ms"] = [round(t, 2) for t in times]
            save_plans(name, statements)
            app = _app_answer(response.json())
            reference = rolled_back(functools.partial(_reference_answer, body.competence_path))
            wrong = {k: (app.get(k), v) for k, v in reference.items() if app.get(k) != v}
            outcome.detail["answer"] = app
            outcome.reference_same = not wrong
            outcome.notes.append(
                f"reference differs (app, reference): {wrong}" if wrong else "reference answer = app answer"
            )
        except Exception as error:  # a broken endpoint is a FAIL row, not the end of the run
            outcome.notes.append(f"error: {type(error).__name__}: {error}")
        outcome.peak_rss_mb = peak_rss_mb()
    return outcomes
