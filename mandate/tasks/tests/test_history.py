"""Figures of the past stay true (ADR 0020): a later reopen, extension or return does not change
what a past date reads; only a correction does, and says so. The first three tests are the
issue's reproductions (each failed on the code that read today's columns)."""

import datetime as dt

import pytest

from mandate.core.exceptions import ApplicationError
from mandate.tasks import history, selectors, states
from mandate.tasks.models import Task, TaskStateSpan
from mandate.tasks.services import correction, lifecycle, progress

ACTORS = {
    "start": "oanh", "report_done": "oanh", "accept": "chanh", "rework": "van", "reopen": "van",
    "cancel": "van", "return": "dung", "reassign": "van",
}  # fmt: skip
WITH_REASON = {"report_done", "rework", "return", "cancel", "reopen"}


def move(cast, task, action, on, **values):
    task.refresh_from_db()
    return lifecycle.task_transition(
        actor=getattr(cast, ACTORS[action]),
        task=task,
        action=action,
        expected_version=task.version,
        reason="Lý do" if action in WITH_REASON else "",
        on=on,
        **values,
    )


def extend(cast, task, *, until, asked_on, decided_on, approve=True):
    request = progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=until, reason="Chờ số liệu", on=asked_on
    )
    return progress.extension_decide(
        actor=cast.chanh, request=request, approve=approve, note="" if approve else "Không",
        expected_version=request.version, on=decided_on,
    )  # fmt: skip


def counts(day, tasks=None):
    found = selectors.statistics(tasks=tasks if tasks is not None else Task.objects.all(), on=day)
    return {
        k: found[k]
        for k in ("total", "completed", "completed_on_time", "overdue", "in_progress", "due_today")
    }


def test_a_reopen_does_not_rewrite_the_past(cast, assign):
    task = assign(deadline_on=dt.date(2024, 4, 30))
    move(cast, task, "report_done", dt.date(2024, 4, 20))
    move(cast, task, "accept", dt.date(2024, 4, 22))
    before = counts(dt.date(2024, 5, 31))
    assert (before["completed_on_time"], before["overdue"]) == (1, 0)

    move(cast, task, "reopen", dt.date(2024, 6, 10))

    assert counts(dt.date(2024, 5, 31)) == before  # was: overdue on 31/05, read after the reopen
    assert counts(dt.date(2024, 6, 15))["overdue"] == 1  # from the reopen on, it is open again


def test_a_late_extension_approval_does_not_move_the_deadline_of_the_past(cast, assign):
    task = assign(deadline_on=dt.date(2024, 4, 30))
    extend(
        cast, task, until=dt.date(2024, 6, 30), asked_on=dt.date(2024, 4, 25), decided_on=dt.date(2024, 5, 20)
    )

    assert counts(dt.date(2024, 5, 10))["overdue"] == 1  # was: in progress, judged by 30/06
    assert counts(dt.date(2024, 5, 25))["overdue"] == 0  # the new deadline is in force from 20/05
    listed = selectors.task_list_visible(
        actor=cast.van, filters=selectors.TaskFilters(on=dt.date(2024, 5, 10), state="overdue")
    )
    assert [t.pk for t in listed] == [task.pk]
    assert listed[0].state == "overdue"


def test_the_demos_task_accepted_on_4_september_stays_completed_on_30_september(cast, assign):
    """The demo's "reopened" task (mandate/dev/demo_tasks.py): accepted 04/09/2024, reopened
    07/10, accepted again 25/11. On 30/09/2024 it was completed on time."""
    task = assign(assigned_on=dt.date(2024, 5, 6), deadline_on=dt.date(2024, 8, 30))
    progress.task_report_progress(actor=cast.oanh, task=task, percent=60, text="x", on=dt.date(2024, 7, 1))
    move(cast, task, "report_done", dt.date(2024, 8, 23))
    move(cast, task, "accept", dt.date(2024, 9, 4))
    move(cast, task, "reopen", dt.date(2024, 10, 7))
    progress.task_report_progress(actor=cast.oanh, task=task, percent=85, text="x", on=dt.date(2024, 10, 25))
    move(cast, task, "report_done", dt.date(2024, 11, 15))
    move(cast, task, "accept", dt.date(2024, 11, 25))

    on_30_september = counts(dt.date(2024, 9, 30))
    assert (on_30_september["completed_on_time"], on_30_september["overdue"]) == (1, 0)  # was: overdue
    assert counts(dt.date(2024, 10, 31))["overdue"] == 1  # reopened, past its deadline
    assert counts(dt.date(2024, 11, 30))["completed"] == 1
    # Completed on D means accepted by D: reported done on 23/08, not yet accepted on 31/08.
    assert counts(dt.date(2024, 8, 31))["overdue"] == 1


def test_the_deadline_day_belongs_to_the_assignee(cast, assign):
    task = assign(deadline_on=dt.date(2024, 4, 30))
    on_the_day = counts(dt.date(2024, 4, 30))
    assert (on_the_day["due_today"], on_the_day["in_progress"], on_the_day["overdue"]) == (1, 1, 0)
    assert counts(dt.date(2024, 5, 1))["overdue"] == 1
    listed = selectors.with_state(Task.objects.filter(pk=task.pk), on=dt.date(2024, 4, 30)).get()
    assert listed.state == "due_today"


def test_cancelled_tasks_do_not_exist_from_the_day_and_come_back_when_reopened(cast, assign):
    task = assign(deadline_on=dt.date(2024, 6, 30))
    move(cast, task, "cancel", dt.date(2024, 4, 10))
    move(cast, task, "reopen", dt.date(2024, 5, 10))
    assert [counts(dt.date(2024, m, 1))["total"] for m in (4, 5, 6)] == [1, 0, 1]


def test_a_reassigned_task_counts_for_its_lead_unit_of_the_day(cast, assign):
    task = assign(deadline_on=dt.date(2024, 6, 30))
    move(cast, task, "return", dt.date(2024, 4, 10))
    move(cast, task, "reassign", dt.date(2024, 4, 12), lead_unit=cast.info)
    before = history.spans_led_within(unit=cast.culture)
    after = history.spans_led_within(unit=cast.info)
    assert (
        selectors.statistics(tasks=Task.objects.none(), on=dt.date(2024, 4, 11), spans=before)["total"] == 1
    )
    assert selectors.statistics(tasks=Task.objects.none(), on=dt.date(2024, 4, 11), spans=after)["total"] == 0
    assert selectors.statistics(tasks=Task.objects.none(), on=dt.date(2024, 4, 20), spans=after)["total"] == 1


def test_a_correction_changes_the_past_openly_and_keeps_what_it_replaced(cast, assign):
    task = assign(deadline_on=dt.date(2024, 4, 30))
    move(cast, task, "report_done", dt.date(2024, 4, 20))
    move(cast, task, "accept", dt.date(2024, 4, 22))
    d = dt.date(2024, 5, 31)
    assert counts(d)["completed_on_time"] == 1

    with pytest.raises(ApplicationError):
        correction.task_correct(
        actor=cast.van, task=task, field="done_reported_on", value=dt.date(2024, 5, 5),
            effective_on=dt.date(2024, 4, 22), reason="Nhập sai ngày",
            expected_version=Task.objects.get(pk=task.pk).version,
        )  # fmt: skip
    made = correction.task_correct(
        actor=cast.chanh, task=task, field="done_reported_on", value=dt.date(2024, 5, 5),
        effective_on=dt.date(2024, 4, 22), reason="Báo cáo hoàn thành thực tế ngày 05/05 (nhập sai)",
        expected_version=Task.objects.get(pk=task.pk).version,
    )  # fmt: skip

    after = selectors.statistics(tasks=Task.objects.all(), on=d)
    assert (after["completed_on_time"], after["completed_late"]) == (0, 1)
    assert [(c["field"], c["new_value"], c["effective_on"]) for c in after["corrections"]] == [
        ("done_reported_on", "2024-05-05", dt.date(2024, 4, 22))
    ]
    assert selectors.statistics(tasks=Task.objects.all(), on=dt.date(2024, 4, 21))["corrections"] == []
    assert TaskStateSpan.objects.filter(superseded_by=made).count() == 1  # kept, marked
    task.refresh_from_db()
    assert task.done_reported_on == dt.date(2024, 5, 5)


def test_a_deadline_corrected_from_a_day_judges_the_days_after_it(cast, assign):
    task = assign(deadline_on=dt.date(2024, 4, 30))
    correction.task_correct(
        actor=cast.chanh, task=task, field="deadline_on", value=dt.date(2024, 5, 31),
        effective_on=dt.date(2024, 4, 15), reason="Văn bản giao ghi hạn 31/05",
        expected_version=Task.objects.get(pk=task.pk).version,
    )  # fmt: skip
    assert counts(dt.date(2024, 5, 10))["overdue"] == 0  # was overdue from 01/05 by the wrong deadline
    spans = TaskStateSpan.objects.filter(task=task, superseded_by__isnull=True).order_by("valid_from")
    assert [(s.valid_from, s.valid_to, s.deadline_on) for s in spans] == [
        (dt.date(2024, 3, 1), dt.date(2024, 4, 15), dt.date(2024, 4, 30)),
        (dt.date(2024, 4, 15), None, dt.date(2024, 5, 31)),
    ]


def test_the_open_span_is_todays_columns(cast, assign):
    """Today's reads keep the task's columns: they agree with the history's open span."""
    task = assign(deadline_on=dt.date(2024, 4, 30))
    move(cast, task, "report_done", dt.date(2024, 4, 20))
    move(cast, task, "accept", dt.date(2024, 4, 22))
    task.refresh_from_db()
    span = history.open_span(task.pk)
    assert span is not None
    assert history.values_of(task, span) == {k: getattr(span, k) for k in history.STATE_FIELDS}
    assert TaskStateSpan.objects.filter(states.in_force(dt.date(2024, 4, 22)), task=task).get() == span


def test_the_statistics_api_of_a_past_date_lists_the_corrections_made_since(client, cast, assign):
    task = assign(deadline_on=dt.date(2024, 4, 30))
    move(cast, task, "report_done", dt.date(2024, 4, 20))
    move(cast, task, "accept", dt.date(2024, 4, 22))
    correction.task_correct(
        actor=cast.chanh, task=task, field="done_reported_on", value=dt.date(2024, 5, 5),
        effective_on=dt.date(2024, 4, 22), reason="Nhập sai ngày",
        expected_version=Task.objects.get(pk=task.pk).version,
    )  # fmt: skip
    client.force_login(cast.dung)

    body = client.get(f"/api/v1/organisations/{cast.culture.pk}/statistics/", {"on": "2024-05-31"}).json()

    assert (body["completed_late"], body["due_today"]) == (1, 0)
    assert [(c["task"], c["field"], c["reason"]) for c in body["corrections"]] == [
        (task.pk, "done_reported_on", "Nhập sai ngày")
    ]
    today = client.get(f"/api/v1/organisations/{cast.culture.pk}/statistics/").json()
    assert today["corrections"] == []


def test_the_dashboard_of_a_past_date_shows_the_corrections_and_the_tasks_due_that_day(client, cast, assign):
    task = assign(deadline_on=dt.date(2024, 4, 30))
    assign(deadline_on=dt.date(2024, 5, 31))
    move(cast, task, "report_done", dt.date(2024, 4, 20))
    move(cast, task, "accept", dt.date(2024, 4, 22))
    correction.task_correct(
        actor=cast.chanh, task=task, field="done_reported_on", value=dt.date(2024, 5, 5),
        effective_on=dt.date(2024, 4, 22), reason="Nhập sai ngày báo cáo",
        expected_version=Task.objects.get(pk=task.pk).version,
    )  # fmt: skip
    client.force_login(cast.dung)

    html = client.get(f"/dashboard/{cast.culture.pk}/", {"on": "2024-05-31"}).content.decode()

    assert 'id="corrections"' in html
    assert "Nhập sai ngày báo cáo" in html
    assert "state=due_today" in html


def test_the_dashboards_month_counts_are_the_states_of_the_spans_in_force(cast, assign):
    """``dashboard.counts_by_month`` counts with the WHERE and FILTERs split for the covering
    index (performance.md, state G); each month's numbers equal ``states.state_q`` over the spans,
    with a correction's superseded spans and a regular task about."""
    from mandate.tasks import dashboard

    late = assign(deadline_on=dt.date(2024, 4, 30))
    on_time = assign(deadline_on=dt.date(2024, 5, 31))
    assign(deadline_on=dt.date(2024, 3, 15))  # overdue from 16 March on
    assign(kind="regular")
    move(cast, late, "report_done", dt.date(2024, 4, 20))
    move(cast, late, "accept", dt.date(2024, 4, 22))
    correction.task_correct(
        actor=cast.chanh, task=late, field="done_reported_on", value=dt.date(2024, 5, 5),
        effective_on=dt.date(2024, 4, 22), reason="Nhập sai ngày báo cáo",
        expected_version=Task.objects.get(pk=late.pk).version,
    )  # fmt: skip
    move(cast, on_time, "report_done", dt.date(2024, 5, 10))
    move(cast, on_time, "accept", dt.date(2024, 6, 3))
    on = dt.date(2024, 7, 10)
    spans = history.spans_led_within(unit=cast.city, include_subtasks=False)

    counted = dashboard.counts_by_month(cast.city, on)

    expected = [
        (
            spans.filter(states.state_q("completed", end, 15, spans=True), accepted_on__gte=first).count(),
            spans.filter(states.state_q("overdue", end, 15, spans=True)).count(),
        )
        for first, end in dashboard.months(on)
    ]
    assert [(m["completed"], m["overdue"]) for m in counted] == expected
    assert sum(c for c, _o in expected) == 2 and any(o for _c, o in expected)  # not all zeros
