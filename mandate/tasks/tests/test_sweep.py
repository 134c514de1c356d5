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
    assert run(dt.date(2024, 4, 10)).overdue_since == dt.date(2024, 4, 10)
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
