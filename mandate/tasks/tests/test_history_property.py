"""The property of ADR 0020: for random sequences of service calls on increasing dates, the state
of every task on every past date, computed after the whole sequence, equals the state computed on
that date (from the task's own columns, as today's reads do). And the counts add up as the
glossary says: total = completed + in progress + overdue; due = completed of due + overdue + due
today; due today is part of in progress.

Bounded: a time budget stops drawing new examples (≤ 60 s per database; settings below)."""

import contextlib
import datetime as dt
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.core.exceptions import ApplicationError
from mandate.tasks import history, selectors, states
from mandate.tasks.enums import MOVES
from mandate.tasks.models import ExtensionRequest, Task, TaskStateSpan
from mandate.tasks.services import lifecycle, progress

START = dt.date(2024, 1, 1)
BUDGET_SECONDS = 45.0
_spent = {"seconds": 0.0}

OPERATIONS = (
    "assign", "progress", "report_done", "accept", "rework", "reopen", "return", "reassign",
    "extension_request", "extension_decide", "cancel",
)  # fmt: skip
# The moves that change what the states read come more often (a sequence of uniform draws is
# mostly refused moves).
WEIGHTED = (
    "report_done", "accept", *OPERATIONS, "assign", "report_done", "report_done", "accept", "accept",
    "accept", "reopen", "return", "reassign", "reassign", "extension_request", "extension_decide",
)  # fmt: skip
ACTORS = {
    "report_done": "oanh", "accept": "chanh", "rework": "van", "reopen": "van", "cancel": "van",
    "return": "dung", "reassign": "van",
}  # fmt: skip

steps = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=6),  # days after the previous step
        st.sampled_from(WEIGHTED),
        st.integers(min_value=0, max_value=3),  # which task
        st.integers(min_value=0, max_value=25),  # a number of days (deadline, extension)
        st.booleans(),  # approve / which unit
    ),
    min_size=6,
    max_size=24,
)


def _apply(cast, assign, tasks, day, operation, which, days, flag):
    if operation == "assign" or not tasks:
        tasks.append(assign(assigned_on=day, deadline_on=day + dt.timedelta(days=days)))
        return
    # The task the move applies to: among those in a state it is made from (else a refused move).
    sources = MOVES[operation].sources if operation in MOVES else {"assigned", "in_progress", "reported"}
    candidates = list(Task.objects.filter(pk__in=[t.pk for t in tasks], status__in=sources).order_by("pk"))
    if not candidates:
        return
    task = candidates[which % len(candidates)]
    if operation == "progress":
        progress.task_report_progress(actor=cast.oanh, task=task, percent=days, text="x", on=day)
    elif operation == "extension_request":
        assert task.deadline_on is not None
        later = max(task.deadline_on, day) + dt.timedelta(days=days + 1)
        progress.extension_request(actor=cast.dung, task=task, proposed_deadline_on=later, reason="x", on=day)
    elif operation == "extension_decide":
        request = ExtensionRequest.objects.filter(task=task, status="pending").first()
        if request is None or task.status not in ("assigned", "in_progress"):
            return  # "closed is closed" is another change's; here only decisions on open tasks
        progress.extension_decide(
            actor=cast.chanh, request=request, approve=flag, note="" if flag else "Không",
            expected_version=request.version, on=day,
        )  # fmt: skip
    else:
        extra = (
            {"lead_unit": cast.culture_office if flag else cast.culture} if operation == "reassign" else {}
        )
        actor = getattr(cast, ACTORS[operation])
        lifecycle.task_transition(
            actor=actor,
            task=task,
            action=operation,
            expected_version=task.version,
            reason="Lý do",
            on=day,
            **extra,
        )


def _state_from_columns(task, day):
    """What a read on ``day`` itself says, from the columns as they stood at the end of that day."""
    if task.status == "cancelled":
        return None
    accepted = task.accepted_on if task.status == "accepted" else None
    state = states.state_of(kind=task.kind, accepted_on=accepted, deadline_on=task.deadline_on, on=day)
    return (state, task.lead_path)


def _state_from_history(task_ids, day):
    found = {
        s.task_id: (
            states.state_of(kind=s.kind, accepted_on=s.accepted_on, deadline_on=s.deadline_on, on=day),
            s.lead_path,
        )
        for s in TaskStateSpan.objects.filter(states.in_force(day), task_id__in=task_ids)
    }
    return {pk: found.get(pk) for pk in task_ids}


@settings(
    max_examples=40, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(steps=steps)
def test_the_past_read_after_everything_is_the_past_read_then(cast, assign, steps):
    if _spent["seconds"] > BUDGET_SECONDS:
        return  # the budget is spent: the examples drawn so far stand
    began = time.monotonic()
    tasks: list[Task] = []
    seen = {}
    day = START
    for gap, operation, which, days, flag in steps:
        day += dt.timedelta(days=gap)
        with contextlib.suppress(ApplicationError):  # a refused move changes nothing
            _apply(cast, assign, tasks, day, operation, which, days, flag)
        seen[day] = {
            t.pk: _state_from_columns(t, day) for t in Task.objects.filter(pk__in=[t.pk for t in tasks])
        }
    ids = [t.pk for t in tasks]
    for past, expected in seen.items():
        assert _state_from_history(list(expected), past) == expected, past
        # and the statistics (the SQL form) count the same states
        stats = selectors.statistics(tasks=Task.objects.filter(pk__in=ids), on=past)
        wanted = [s for s, _path in (v for v in expected.values() if v is not None)]
        assert stats["total"] == len(wanted) == stats["completed"] + stats["in_progress"] + stats["overdue"]
        assert stats["overdue"] == wanted.count("overdue")
        assert stats["due_today"] == wanted.count("due_today")
        assert stats["due"] == stats["completed_of_due"] + stats["overdue"] + stats["due_today"]
    for task in Task.objects.filter(pk__in=ids):  # today's columns are the open span
        span = history.open_span(task.pk)
        values = history.values_of(task, span)
        assert (None if span is None else {k: getattr(span, k) for k in history.STATE_FIELDS}) == values
    _spent["seconds"] += time.monotonic() - began
