import datetime as dt

from django.core.management import call_command

from mandate.core.models import AuditEntry
from mandate.notifications.models import Notification
from mandate.tasks.models import Task, TaskEvent
from mandate.tasks.services import escalation, lifecycle


def _state():
    return (
        list(
            Task.objects.order_by("pk").values_list(
                "overdue_since",
                "not_updated_since",
                "reminded_before_on",
                "reminded_due_on",
                "last_reminder_on",
                "reminders_after_deadline",
                "escalated_on",
            )
        ),
        Notification.objects.count(),
        TaskEvent.objects.count(),
    )


def test_the_sweep_twice_on_one_day_gives_the_same_state(cast, assign):
    assign(deadline_on=dt.date(2024, 4, 2), lead_person=cast.oanh.person)
    assign(deadline_on=dt.date(2024, 4, 10))
    day = dt.date(2024, 4, 8)  # a Monday

    escalation.sweep(day=day)
    first = _state()
    escalation.sweep(day=day)

    assert _state() == first
    assert AuditEntry.objects.filter(action="tasks.sweep").count() == 2


def test_reminders_before_on_and_after_the_deadline_then_one_escalation(cast, assign):
    task = assign(deadline_on=dt.date(2024, 4, 10), lead_person=cast.oanh.person)  # Wednesday

    def run(day):
        escalation.sweep(day=day)
        task.refresh_from_db()
        return task

    assert run(dt.date(2024, 4, 5)).reminded_before_on == dt.date(2024, 4, 5)  # 3 working days before
    assert run(dt.date(2024, 4, 10)).reminded_due_on == dt.date(2024, 4, 10)
    assert run(dt.date(2024, 4, 10)).overdue_since is None  # the deadline day is the assignee's
    assert run(dt.date(2024, 4, 11)).overdue_since == dt.date(2024, 4, 11)
    assert run(dt.date(2024, 4, 12)).reminders_after_deadline == 0  # only 2 working days later
    assert run(dt.date(2024, 4, 15)).reminders_after_deadline == 1  # Monday: the 3rd working day
    assert run(dt.date(2024, 4, 16)).reminders_after_deadline == 1
    assert run(dt.date(2024, 4, 18)).reminders_after_deadline == 1  # Hùng Kings' day: no reminder
    assert run(dt.date(2024, 4, 19)).reminders_after_deadline == 2
    assert run(dt.date(2024, 4, 20)).reminders_after_deadline == 2  # Saturday
    assert run(dt.date(2024, 4, 23)).reminders_after_deadline == 2
    third = run(dt.date(2024, 4, 24))
    assert (third.reminders_after_deadline, third.escalated_on) == (3, dt.date(2024, 4, 24))
    assert run(dt.date(2024, 4, 26)).escalated_on == dt.date(2024, 4, 24)

    escalations = Notification.objects.filter(kind="escalation")
    assert list(escalations.values_list("recipient__username", flat=True)) == ["chanh"]
    assert TaskEvent.objects.filter(task=task, kind="escalated").count() == 1
    assert Notification.objects.filter(kind="reminder_overdue", recipient=cast.oanh).count() == 3


def test_manual_chase_ups_count_towards_escalation(cast, assign, monkeypatch):
    task = assign(deadline_on=dt.date(2024, 4, 10))
    monkeypatch.setattr("mandate.tasks.services.lifecycle.today", lambda: dt.date(2024, 4, 11))
    for _ in range(3):
        lifecycle.task_chase_up(actor=cast.van, task=task)

    task.refresh_from_db()
    assert (task.reminders_after_deadline, task.escalated_on) == (3, dt.date(2024, 4, 11))


def test_an_approved_extension_clears_the_overdue_mark(cast, assign):
    from mandate.tasks.services import progress

    task = assign(deadline_on=dt.date(2024, 4, 10))
    escalation.sweep(day=dt.date(2024, 4, 11))
    request = progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=dt.date(2024, 5, 31), reason="Chờ"
    )
    progress.extension_decide(actor=cast.chanh, request=request, approve=True, expected_version=1)

    escalation.sweep(day=dt.date(2024, 4, 12))

    task.refresh_from_db()
    assert task.overdue_since is None


def test_the_sweep_command(cast, assign, capsys):
    assign(deadline_on=dt.date(2024, 4, 10))
    call_command("sweep", "--on", "2024-04-11")
    assert "overdue 1" in capsys.readouterr().out


def test_the_sweep_command_refuses_while_a_consumer_runs_the_sweep(cast, assign):
    import threading

    import pytest
    from django.core.management import CommandError
    from django.db import connections

    from mandate.core import job_locks

    assign(deadline_on=dt.date(2024, 4, 10))
    taken, done = threading.Event(), threading.Event()

    def consumer() -> None:  # another session, as a consumer's worker is
        with job_locks.hold("tasks.sweep"):
            taken.set()
            done.wait(30)
        connections.close_all()

    thread = threading.Thread(target=consumer)
    thread.start()
    taken.wait(30)
    try:
        with pytest.raises(CommandError, match="A sweep is running"):
            call_command("sweep", "--on", "2024-04-11")
    finally:
        done.set()
        thread.join()
    assert Task.objects.get().overdue_since is None  # the command did not sweep
    call_command("sweep", "--on", "2024-04-11")  # the lock free again
    assert Task.objects.get().overdue_since == dt.date(2024, 4, 11)


def test_the_sweep_command_sends_one_digest_per_unit_and_recipient(cast, assign, mailoutbox):
    from django.utils import timezone

    today = timezone.localdate()
    cast.dung.email = "dung@example.test"
    cast.dung.save()
    for content in ("Nhiệm vụ thứ nhất", "Nhiệm vụ thứ hai"):
        assign(deadline_on=today, assigned_on=today - dt.timedelta(days=30), content=content)

    call_command("sweep")
    call_command("sweep")

    assert [m.to for m in mailoutbox] == [["dung@example.test"]]
    body = mailoutbox[0].body
    assert "Nhiệm vụ thứ nhất" in body
    assert "Nhiệm vụ thứ hai" in body
    assert "http://127.0.0.1:8000/tasks/" in body


def _due_for_every_step(assign, cast, n):
    """On Monday 8 April 2024: n tasks reminded before their deadline, n on it, and n after it
    that reach their third reminder and are escalated, each with a lead person."""
    for _ in range(n):
        assign(deadline_on=dt.date(2024, 4, 10), lead_person=cast.oanh.person)
        assign(deadline_on=dt.date(2024, 4, 8), lead_person=cast.oanh.person)
        late = assign(deadline_on=dt.date(2024, 4, 1), lead_person=cast.oanh.person)
        Task.objects.filter(pk=late.pk).update(
            reminders_after_deadline=2, last_reminder_on=dt.date(2024, 4, 1)
        )


def test_a_sweep_costs_the_same_statements_for_3_tasks_per_step_as_for_30_and_builds_no_rows(cast, assign):
    from django.db import connection
    from django.db.models.signals import pre_init
    from django.test.utils import CaptureQueriesContext

    from mandate.people.models import Person, Position, User

    built = []

    def count(sender, **kwargs):
        if sender in (Task, TaskEvent, Notification, Position, Person, User):
            built.append(sender.__name__)

    def statements(n):
        _due_for_every_step(assign, cast, n)
        pre_init.connect(count, weak=False)
        try:
            with CaptureQueriesContext(connection) as queries:
                result = escalation.sweep(day=dt.date(2024, 4, 8))
        finally:
            pre_init.disconnect(count)
        counts = result.counts()
        steps = ("reminded_before", "reminded_due", "reminded_after", "escalated")
        assert [counts[step] for step in steps] == [n] * 4
        return len(queries)

    escalation.sweep(day=dt.date(2024, 4, 8))  # the first run reads the calendar, creates the state
    few = statements(3)  # and the second call's 30 new tasks are the only ones left that day
    assert statements(30) == few
    assert built == []
    assert TaskEvent.objects.filter(kind__in=["reminder", "escalated"]).count() == 33 * 4
    # Each reminder reaches the head of the lead unit and the lead person, each escalation the head
    # of the assigning unit: one notice each.
    assert Notification.objects.exclude(kind="assigned").count() == 33 * 3 * 2 + 33


def test_the_sweep_notifies_active_heads_on_the_day_and_the_lead_person_once_each(cast, assign):
    from django.utils.translation import gettext

    from mandate.people import services as people_services
    from mandate.people.tests.factories import AccountFactory

    day = dt.date(2024, 4, 8)
    # Also heads of the culture department, but not on the day or not active: no notice.
    AccountFactory.create(
        username="retired",
        position={"unit": cast.culture, "title": "Giám đốc", "role": "leader", "is_head": True,
                  "valid_from": dt.date(2020, 1, 1), "valid_to": dt.date(2024, 4, 7)},
    )  # fmt: skip
    AccountFactory.create(
        username="future",
        position={"unit": cast.culture, "title": "Giám đốc", "role": "leader", "is_head": True,
                  "valid_from": dt.date(2024, 4, 9)},
    )  # fmt: skip
    inactive = AccountFactory.create(
        username="inactive",
        position={"unit": cast.culture, "title": "Phó Giám đốc", "role": "leader", "is_head": True},
    )
    inactive.is_active = False
    inactive.save()
    # A second head position of dung's in the same unit still gives him one notice.
    people_services.position_assign(
        actor=None, person=cast.dung.person, unit=cast.culture, title="Bí thư", role="leader", is_head=True,
        valid_from=dt.date(2020, 1, 1),
    )  # fmt: skip
    oanh_task = assign(deadline_on=day, lead_person=cast.oanh.person, content="Nội dung " + "x" * 600)
    dung_task = assign(deadline_on=day, lead_person=cast.dung.person)  # head and lead person
    no_person = assign(deadline_on=day)
    inactive_person = assign(deadline_on=day, lead_person=inactive.person)

    escalation.sweep(day=day)

    notices = Notification.objects.filter(kind="reminder_due")
    # In the order of the tasks, then of the recipients (a digest lists them by creation).
    assert list(notices.order_by("id").values_list("target_id", "recipient__username")) == [
        (str(oanh_task.pk), "dung"),
        (str(oanh_task.pk), "oanh"),
        (str(dung_task.pk), "dung"),
        (str(no_person.pk), "dung"),
        (str(inactive_person.pk), "dung"),
    ]
    notice = notices.get(target_id=str(oanh_task.pk), recipient=cast.oanh)
    assert (notice.title, notice.body, notice.url, notice.dedupe_key) == (
        gettext("The deadline is today"),
        oanh_task.content[:500],
        f"/tasks/{oanh_task.pk}/",
        f"task:{oanh_task.pk}:due:2024-04-08",
    )
    assert (notice.unit_id, notice.target_type, notice.read_at, notice.emailed_on) == (
        cast.culture.pk,
        "tasks.task",
        None,
        None,
    )
    assert len(notice.body) == 500
    assert len(set(notices.values_list("created_at", flat=True))) == 1

    events = TaskEvent.objects.filter(kind="reminder").order_by("task_id")
    assert list(events.values_list("task_id", flat=True)) == sorted(
        [oanh_task.pk, dung_task.pk, no_person.pk, inactive_person.pk]
    )
    event = events.get(task=oanh_task)
    assert (event.actor_id, event.actor_label, event.from_status, event.to_status, event.data) == (
        None, "system", "", "", {}
    )  # fmt: skip
    assert event.text == gettext("Reminder: the deadline is today.")


def test_without_insert_returning_the_sweep_reads_the_ids_first_and_does_the_same(cast, assign, monkeypatch):
    from django.db import connection

    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)  # SQLite < 3.35
    _due_for_every_step(assign, cast, 2)

    result = escalation.sweep(day=dt.date(2024, 4, 8))
    again = escalation.sweep(day=dt.date(2024, 4, 8))

    steps = ("reminded_before", "reminded_due", "reminded_after", "escalated")
    assert [len(result.touched[step]) for step in steps] == [2] * 4
    assert result.touched["escalated"] == sorted(result.touched["reminded_after"])
    assert [again.counts()[step] for step in steps] == [0] * 4
    assert TaskEvent.objects.filter(kind__in=["reminder", "escalated"]).count() == 8
    assert Notification.objects.exclude(kind="assigned").count() == 2 * 3 * 2 + 2
