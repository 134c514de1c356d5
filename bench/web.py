"""The web questions, measured in one child process (``python -m bench.run --question web``):
the application's time, the replay of its SQL, and the reference SQL (``bench.reference_sql``)
with the check that it gives the same answer."""

from __future__ import annotations

import contextlib
import functools
import statistics
import time
from collections.abc import Sequence
from typing import Any

from bench import ind_questions, reference_run
from bench.common import ROOT, load_meta, peak_rss_mb
from bench.measure import percentile, replay, rolled_back, save_plans
from bench.questions import Question, expected_counts, web_questions
from bench.reference_sql import Statement
from bench.report import Outcome

WARMUP = 3
TIMED = 40  # at least this many timed requests per web question …
TIMED_SECONDS = 4.0  # … over at least this long
REPLAY_EVERY = 4  # one raw replay after every fourth timed request


def run_web(tasks: int, only: Sequence[str] = ()) -> list[Outcome]:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from rest_framework.test import APIClient

    from mandate.people.models import User

    # The pages name their static files through the manifest, as ``mandate serve`` does.
    call_command("collectstatic", interactive=False, verbosity=0)
    meta = load_meta()
    today = timezone.localdate()
    client = APIClient()
    browser = Client()  # the pages: a signed-in session, loaded by each request as in production
    signed_in: set[str] = set()
    outcomes: list[Outcome] = []
    peak = 0.0

    def call(question: Question, capture: bool = False) -> tuple[float, Any, list[str]]:
        # A fresh account object per request, as authentication gives each request: the read
        # scope is cached on the object, and a reused one would hide the scope's queries.
        if question.page:
            if question.user not in signed_in:
                browser.force_login(User.objects.get(pk=meta.users[question.user]["user_id"]))
                signed_in.clear()
                signed_in.add(question.user)
            agent: Any = browser
        else:
            client.force_authenticate(user=User.objects.get(pk=meta.users[question.user]["user_id"]))
            agent = client
        with CaptureQueriesContext(connection) if capture else contextlib.nullcontext() as captured:
            started = time.perf_counter()
            response = agent.get(question.url)
            elapsed = (time.perf_counter() - started) * 1000
        statements = [q["sql"] for q in captured.captured_queries] if captured is not None else []
        return elapsed, response, statements

    questions = web_questions(meta, today)
    # Issue 11, item 14: asked when the indicators' data set is there, else SKIP rows (never a PASS).
    if ind_questions.present():
        questions += ind_questions.ind_questions(meta)
    else:
        outcomes += [
            ind_questions.skipped(name, tasks, ind_questions.TARGETS_MS[name])
            for name in ind_questions.WEB_NAMES
            if not only or name in only
        ]
    detail = next((q for q in questions if q.name == "task_detail"), None)
    task_id = int(detail.url.rstrip("/").rsplit("/", 1)[-1]) if detail and detail.url[-2].isdigit() else None
    past = next((q.on for q in questions if q.name.startswith("stats_past_") and q.on), today)
    references = reference_run.context(meta, today, past, task_id)
    for question in questions:
        if only and question.name not in only:
            continue
        outcome = Outcome(question.name, question.label, tasks, question.target_ms)
        outcome.detail["url"] = question.url
        outcome.detail["user"] = meta.users[question.user]["username"]
        outcomes.append(outcome)
        print(f"bench:   {question.name} …", flush=True)
        try:
            for _ in range(WARMUP):
                call(question)
            _elapsed, response, statements = call(question, capture=True)
            outcome.detail["queries"] = len(statements)
            reference = reference_run.statements_for(question.name, question.user, references)
            outcome.detail["reference_statements"] = len(reference)
            # The replays are spread among the timed requests, so that a change of load on the
            # shared machine (autovacuum, a checkpoint, another process) weighs on both sides.
            # At least TIMED requests and TIMED_SECONDS of them: a quick question gets a few
            # hundred, so that a slow second of the shared machine does not decide its p50.
            times: list[float] = []
            sums: list[float] = []
            reference_sums: list[float] = []
            status, explained = response.status_code, 0
            window = time.perf_counter()
            while len(times) < TIMED or time.perf_counter() - window < TIMED_SECONDS:
                elapsed, response, _none = call(question)
                times.append(elapsed)
                status = response.status_code if response.status_code != 200 else status
                if len(times) % REPLAY_EVERY == 0:
                    total, explained = rolled_back(functools.partial(replay, statements))
                    sums.append(total)
                    reference_sums.append(rolled_back(functools.partial(reference_run.explain_ms, reference)))
            peak = max(peak, peak_rss_mb())
            outcome.app_p50_ms = round(statistics.median(times), 2)
            outcome.app_p95_ms = round(percentile(times, 0.95), 2)
            outcome.detail["times_ms"] = [round(t, 2) for t in times]
            if status != 200:
                outcome.notes.append(f"HTTP {status}")
            outcome.raw_ms = round(statistics.median(sums), 2)
            outcome.detail["raw_replays_ms"] = [round(s, 2) for s in sums]
            outcome.detail["explained"] = explained
            outcome.reference_ms = round(statistics.median(reference_sums), 2)
            outcome.detail["reference_ms"] = [round(s, 2) for s in reference_sums]
            plans = rolled_back(functools.partial(save_plans, question.name, statements))
            with plans.open("a", encoding="utf-8") as file:
                file.write("\n\n" + rolled_back(functools.partial(reference_run.plans_text, reference)))
            outcome.detail["plans"] = str(plans.relative_to(ROOT))
            _check_reference(outcome, question, response, reference, references)
            if question.subtree is not None and question.on is not None:
                answer = response.json() if response.status_code == 200 else {}
                expected = expected_counts(question.subtree, question.on)
                wrong = {k: (answer.get(k), v) for k, v in expected.items() if answer.get(k) != v}
                outcome.detail["expected"] = expected
                outcome.detail["exact"] = not wrong
                if wrong:
                    outcome.notes.append(f"counts differ (app, expected): {wrong}")
                else:
                    outcome.notes.append("counts exact")
            elif question.list_page:
                outcome.detail["rows"] = len(response.json().get("results", [])) if status == 200 else 0
        except Exception as error:  # a broken endpoint is a FAIL row, not the end of the run
            outcome.notes.append(f"error: {type(error).__name__}: {error}")
    connection_ms = []
    for _ in range(5):
        connection.close()
        started = time.perf_counter()
        connection.ensure_connection()
        connection_ms.append((time.perf_counter() - started) * 1000)
    for outcome in outcomes:
        if outcome.skipped:
            continue
        outcome.peak_rss_mb = peak or peak_rss_mb()
        outcome.detail["new_connection_ms"] = round(statistics.median(connection_ms), 2)
    return outcomes


def _check_reference(
    outcome: Outcome,
    question: Question,
    response: Any,
    reference: list[Statement],
    references: reference_run.Context,
) -> None:
    """The reference must give the application's answer (the same counts; the same ids in the
    same order): otherwise it is not a reference, and the row FAILs."""
    app = reference_run.app_answer(question.name, question.user, response, references)
    answer = reference_run.reference_answer(
        question.name, rolled_back(lambda: reference_run.execute(reference))
    )
    wrong = reference_run.differences(app, answer)
    outcome.detail["answer"] = app
    outcome.reference_same = not wrong
    if wrong:
        outcome.notes.append(f"reference differs (app, reference): {str(wrong)[:400]}")
    else:
        outcome.notes.append("reference answer = app answer")
