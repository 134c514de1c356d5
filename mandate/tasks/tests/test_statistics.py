"""Counts on a date, exactly as the reports use them; arithmetic properties with hypothesis."""

import datetime as dt

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.tasks import history, selectors, states
from mandate.tasks.models import ProgressReport, Task, TaskStateSpan

D = dt.date(2024, 6, 30)


def _set(task, **fields):
    """Write a task's columns by hand, and derive its history again from them (as the migration
    backfills old tasks): a past date is read from the history (ADR 0020)."""
    Task.objects.filter(pk=task.pk).update(**fields)
    history.rebuild([task.pk])


def _derive(tasks):
    history.rebuild(tasks.values_list("pk", flat=True))


def test_the_states_on_a_date(cast, assign):
    on_time = assign(deadline_on=dt.date(2024, 5, 31))
    _set(on_time, status="accepted", done_reported_on=dt.date(2024, 5, 20), accepted_on=dt.date(2024, 5, 22))
    late = assign(deadline_on=dt.date(2024, 5, 31))
    _set(late, status="accepted", done_reported_on=dt.date(2024, 6, 10), accepted_on=dt.date(2024, 6, 11))
    overdue = assign(deadline_on=dt.date(2024, 6, 15))
    reported_not_accepted = assign(deadline_on=dt.date(2024, 6, 1))
    _set(reported_not_accepted, status="reported", done_reported_on=dt.date(2024, 5, 30))
    within = assign(deadline_on=dt.date(2024, 9, 30))
    accepted_after_d = assign(deadline_on=dt.date(2024, 9, 30))
    _set(
        accepted_after_d,
        status="accepted",
        done_reported_on=dt.date(2024, 7, 5),
        accepted_on=dt.date(2024, 7, 6),
    )
    assign(kind="regular")
    cancelled = assign()
    _set(cancelled, status="cancelled", cancelled_on=dt.date(2024, 4, 1))
    assign(assigned_on=dt.date(2024, 7, 2), deadline_on=dt.date(2024, 8, 1))  # did not exist on D

    counts = selectors.statistics(tasks=Task.objects.all(), on=D)

    assert counts["total"] == 6
    assert (counts["completed"], counts["completed_on_time"], counts["completed_late"]) == (2, 1, 1)
    assert (counts["overdue"], counts["in_progress"]) == (2, 2)
    assert counts["total"] == counts["completed"] + counts["in_progress"] + counts["overdue"]
    assert (counts["due"], counts["completed_of_due"], counts["completed_of_due_percent"]) == (4, 2, "50.00")
    assert counts["regular_total"] == 1
    assert {overdue.pk, reported_not_accepted.pk, within.pk} <= set(
        Task.objects.filter(states.state_q("not_updated", D, 15)).values_list("pk", flat=True)
    )


def test_not_updated_looks_at_the_reports_up_to_the_date(cast, assign):
    task = assign(assigned_on=dt.date(2024, 1, 2), deadline_on=dt.date(2024, 12, 31))
    report = ProgressReport.objects.create(task=task, percent=10, text="x", reporter=cast.oanh)
    ProgressReport.objects.filter(pk=report.pk).update(
        reported_at=timezone.make_aware(dt.datetime(2024, 6, 20, 10, 0))
    )

    def stale(day, days=15):
        return selectors.statistics(tasks=Task.objects.all(), on=day, not_updated_days=days)["not_updated"]

    assert stale(dt.date(2024, 6, 30)) == 0  # reported 10 days before
    assert stale(dt.date(2024, 7, 4)) == 0  # the 15th day still counts the report of 20/06
    assert stale(dt.date(2024, 7, 5)) == 1
    assert stale(dt.date(2024, 6, 19)) == 1  # before the report, the task had gone unreported
    assert stale(dt.date(2024, 6, 30), days=5) == 1


def test_subtasks_count_only_when_asked(cast, assign):
    from mandate.tasks.services import assignment

    parent = assign()
    assignment.task_assign(
        actor=cast.dung,
        parent=parent,
        content="Con",
        lead_unit=cast.culture_office,
        assigner_unit=cast.culture,
        deadline_on=dt.date(2024, 4, 20),
        assigned_on=dt.date(2024, 3, 2),
    )
    visible = selectors.task_list_visible(actor=cast.van)
    everything = selectors.task_list_visible(
        actor=cast.van, filters=selectors.TaskFilters(include_subtasks=True)
    )

    assert selectors.statistics(tasks=visible, on=D)["total"] == 1
    assert selectors.statistics(tasks=everything, on=D)["total"] == 2


def test_a_programme_counts_the_tasks_of_the_plans_that_implement_it(cast, assign, programme, make_document):
    from mandate.documents import services as document_services

    plan = make_document("176/KH-UBND", cast.city_state, issued_on=dt.date(2023, 3, 1))
    document_services.document_relate(actor=None, source=plan, target=programme, kind="implements")
    assign()
    assign(document=plan)

    filters = selectors.TaskFilters(document=programme)
    assert (
        selectors.statistics(tasks=selectors.task_list_visible(actor=cast.van, filters=filters), on=D)[
            "total"
        ]
        == 2
    )


def test_rollup_weighted_or_average(cast, assign):
    from decimal import Decimal

    from mandate.tasks.services import assignment

    parent = assign()

    def child(weight, progress, status="in_progress"):
        task = assignment.task_assign(
            actor=cast.dung,
            parent=parent,
            content="Con",
            lead_unit=cast.culture_office,
            assigner_unit=cast.culture,
            deadline_on=dt.date(2024, 4, 20),
            assigned_on=dt.date(2024, 3, 2),
            weight=weight,
        )
        _set(task, progress=progress, status=status)

    child(Decimal(3), 100, "accepted")
    child(Decimal(1), 0)
    assert selectors.rollup(task=parent) == {
        "subtasks": 2,
        "accepted": 1,
        "progress": "75.00",
        "weighted": True,
    }
    child(None, 50)
    assert selectors.rollup(task=parent) == {
        "subtasks": 3,
        "accepted": 1,
        "progress": "50.00",
        "weighted": False,
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.integers(min_value=-60, max_value=60),  # deadline, days from D
            st.sampled_from(["assigned", "in_progress", "reported", "accepted"]),
            st.integers(min_value=-60, max_value=60),  # done report, days from D
        ),
        min_size=0,
        max_size=12,
    )
)
def test_the_counts_always_add_up(cast, programme, rows):
    existing = set(Task.objects.values_list("pk", flat=True))
    tasks = []
    for deadline, status, done in rows:
        tasks.append(
            Task(
                document=programme,
                content="x",
                lead_unit=cast.culture,
                lead_path=cast.culture.path,
                assigner_unit=cast.party_office,
                assigner_path=cast.party_office.path,
                assigned_on=D - dt.timedelta(days=90),
                kind="deadline",
                deadline_on=D + dt.timedelta(days=deadline),
                status=status,
                done_reported_on=(D + dt.timedelta(days=done))
                if status in ("reported", "accepted")
                else None,
            )
        )
    Task.objects.bulk_create(tasks)
    subset = Task.objects.exclude(pk__in=existing)
    _derive(subset)

    c = selectors.statistics(tasks=subset, on=D)

    assert c["total"] == len(rows) == c["completed"] + c["in_progress"] + c["overdue"]
    assert c["completed"] == c["completed_on_time"] + c["completed_late"]
    assert c["completed_of_due"] <= c["due"] <= c["total"]
    # The deadline day is the assignee's: due = completed of due + overdue + due today.
    assert c["overdue"] + c["due_today"] == c["due"] - c["completed_of_due"]
    assert c["due_today"] <= c["in_progress"]
    assert c["due_today"] == sum(1 for d, s, done in rows if d == 0 and not (s == "accepted" and done <= 0))
    expected_completed = sum(1 for _, s, done in rows if s == "accepted" and done <= 0)
    assert c["completed"] == expected_completed


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["deadline", "regular"]),
            st.sampled_from(["assigned", "in_progress", "accepted"]),
            st.integers(min_value=-30, max_value=5),  # assigned, days from D
            st.lists(st.integers(min_value=-40, max_value=10), max_size=3),  # reports, days from D
        ),
        max_size=10,
    ),
    days=st.sampled_from([1, 7, 15]),
)
def test_not_updated_counted_in_one_scan_is_the_filter(cast, programme, rows, days):
    """The counts join the window's reports as a set (tasks.recent_reports); they must find the
    very tasks the per-task filter finds, and what the definition says, whatever the reports."""
    existing = set(Task.objects.values_list("pk", flat=True))
    expected = {"deadline": 0, "regular": 0}
    window_start = D - dt.timedelta(days=days - 1)
    for kind, status, assigned, reports in rows:
        assigned_on = D + dt.timedelta(days=assigned)
        task = Task.objects.create(
            document=programme, content="x", lead_unit=cast.culture, lead_path=cast.culture.path,
            assigner_unit=cast.party_office, assigner_path=cast.party_office.path, assigned_on=assigned_on,
            kind=kind, deadline_on=D + dt.timedelta(days=30) if kind == "deadline" else None, status=status,
            done_reported_on=D - dt.timedelta(days=1) if status == "accepted" else None,
            accepted_on=D - dt.timedelta(days=1) if status == "accepted" else None,
        )  # fmt: skip
        for offset in reports:
            day = D + dt.timedelta(days=offset)
            ProgressReport.objects.create(
                task=task, percent=10, text="r", reporter=cast.oanh,
                reported_at=timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59))),
            )  # fmt: skip
        exists = assigned_on <= D
        quiet = not any(window_start <= D + dt.timedelta(days=o) <= D for o in reports)
        if exists and status != "accepted" and assigned_on < window_start and quiet:
            expected[kind] += 1
    subset = Task.objects.exclude(pk__in=existing)
    _derive(subset)

    counts = selectors.statistics(tasks=subset, on=D, not_updated_days=days)
    filtered = subset.filter(states.state_q("not_updated", D, days))

    assert counts["not_updated"] == expected["deadline"] == filtered.filter(kind="deadline").count()
    assert counts["regular_not_updated"] == expected["regular"] == filtered.filter(kind="regular").count()
    # The form for a few tasks (one unit's recount) reads only their reports: the same counts.
    (narrow,) = selectors.grouped_counts(
        history.spans_of(subset), on=D, not_updated_days=days, by={}, few=True, spans=True
    )
    assert (narrow["not_updated"], narrow["regular_not_updated"]) == (
        expected["deadline"],
        expected["regular"],
    )
    # Several reports of one task in the window still count the task once.
    assert counts["total"] + counts["regular_total"] == sum(
        1 for r in rows if D + dt.timedelta(days=r[2]) <= D
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["deadline", "regular"]),
            st.sampled_from(["assigned", "in_progress", "reported", "returned", "accepted", "cancelled"]),
            st.integers(min_value=-5, max_value=5),  # deadline, days from D
            st.one_of(st.none(), st.integers(min_value=-5, max_value=5)),  # done report, days from D
        ),
        min_size=1,
        max_size=8,
    )
)
def test_the_state_of_a_row_is_the_state_of_the_query(cast, programme, rows):
    """The task list computes a row's state in Python (states.state_of); the pages and the
    filters compute it in SQL (selectors.with_state): the two must agree on every task, on a
    past date (from the spans) and today (from the columns)."""
    existing = set(Task.objects.values_list("pk", flat=True))
    for kind, status, deadline, done in rows:
        Task.objects.create(
            document=programme, content="x", lead_unit=cast.culture, lead_path=cast.culture.path,
            assigner_unit=cast.party_office, assigner_path=cast.party_office.path,
            assigned_on=D - dt.timedelta(days=30), kind=kind,
            deadline_on=D + dt.timedelta(days=deadline) if kind == "deadline" else None, status=status,
            done_reported_on=None if done is None else D + dt.timedelta(days=done),
            accepted_on=D + dt.timedelta(days=done or -10) if status == "accepted" else None,
        )  # fmt: skip
    subset = Task.objects.exclude(pk__in=existing)
    _derive(subset)
    for task in selectors.with_state(subset, on=D):
        span = TaskStateSpan.objects.filter(states.in_force(D), task=task).first()
        python = "absent" if span is None else states.state_of(
            kind=span.kind, accepted_on=span.accepted_on, deadline_on=span.deadline_on, on=D
        )  # fmt: skip
        assert python == task.state, (task.status, task.deadline_on)
    today = timezone.localdate()
    for task in selectors.with_state(subset.exclude(status="cancelled"), on=today):
        accepted = task.accepted_on if task.status == "accepted" else None
        python = states.state_of(kind=task.kind, accepted_on=accepted, deadline_on=task.deadline_on, on=today)
        assert python == task.state
