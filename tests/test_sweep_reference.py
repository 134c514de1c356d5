"""The sweep's hand-written reference (``bench/reference_sweep.py``) does what the application's
sweep does, on PostgreSQL (the only database the benchmark runs on): the same touched ids per
step, the same timeline rows and notices, the same roll-up rows and the same marks on every task,
on a data set that holds every case of every step — and a reference that does anything else is
caught (each mutation below must be seen as a difference, or the comparison proves nothing)."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from bench import reference_sweep
from bench.measure import rolled_back
from mandate.core.workdays import add_working_days, is_working_day
from mandate.notifications.models import Notification
from mandate.people.models import User
from mandate.people.tests.factories import AccountFactory
from mandate.tasks.models import ProgressReport, Task
from mandate.tasks.services import assignment, escalation

pytestmark = pytest.mark.skipif("connection.vendor != 'postgresql'")


def _working_day_from(day):
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def _at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _scenario(cast, document, day):
    """Tasks in every case the sweep distinguishes on ``day`` (a working day)."""
    back = escalation.working_days_back
    assigned = day - dt.timedelta(days=60)

    def task(lead=None, **values):
        values.setdefault("deadline_on", day + dt.timedelta(days=30))
        if values.get("kind") == "regular":
            values.pop("deadline_on")
        values.setdefault("assigned_on", assigned)
        return assignment.task_assign(
            actor=None, content=values.pop("content", "Tổ chức tuyên truyền Chỉ thị " * 30),
            lead_unit=lead or cast.culture, assigner_unit=cast.party_office,
            **({"document": document} if "parent" not in values else {}), **values,
        )  # fmt: skip

    def mark(t, **columns):
        Task.objects.filter(pk=t.pk).update(**columns)

    before = task(deadline_on=add_working_days(day, 2), lead_person=cast.oanh.person)
    task(deadline_on=add_working_days(day, 1), lead_person=cast.dung.person)  # a head: one notice
    task(cast.info, deadline_on=day)  # due today
    task(cast.district_state, deadline_on=day)  # due today, its head's account disabled: no notice
    task(cast.info, deadline_on=day - dt.timedelta(days=1))  # newly overdue, no reminder yet
    task(deadline_on=back(day, 5), lead_person=cast.oanh.person)  # the first reminder after it
    third = task(deadline_on=back(day, 12), lead_person=cast.oanh.person)
    mark(third, overdue_since=back(day, 11), reminders_after_deadline=2, last_reminder_on=back(day, 3))
    recent = task(deadline_on=back(day, 12))  # reminded yesterday: not today
    mark(recent, overdue_since=back(day, 11), reminders_after_deadline=1, last_reminder_on=back(day, 1))
    escalated = task(cast.info, deadline_on=back(day, 20))  # reminded, not escalated twice
    mark(escalated, overdue_since=back(day, 19), reminders_after_deadline=5, last_reminder_on=back(day, 3),
         escalated_on=back(day, 6))  # fmt: skip
    accepted = task(deadline_on=back(day, 10))  # accepted since: both marks cleared
    mark(accepted, status="accepted", done_reported_on=back(day, 9), accepted_on=back(day, 8),
         overdue_since=back(day, 9), not_updated_since=back(day, 5))  # fmt: skip
    reported = task(cast.info)  # a report in the window: its not-updated mark cleared
    mark(reported, not_updated_since=back(day, 4))
    ProgressReport.objects.create(task=reported, percent=40, text="Đang làm", reporter=cast.tin,
                                  reported_at=_at(day - dt.timedelta(days=2)))  # fmt: skip
    cancelled = task(cast.info, deadline_on=back(day, 4))  # gone from the counts and the marks
    mark(cancelled, status="cancelled", cancelled_on=back(day, 6))
    task(kind="regular")  # regular: not updated, counted apart
    task(cast.district_state, kind="regular", assigned_on=day - dt.timedelta(days=3))  # too new to be stale
    task(cast.culture_office, parent=before, deadline_on=add_working_days(day, 2))  # not top level
    # A notice given earlier the same day with the key of today's escalation: not given twice.
    key = f"task:{third.pk}:escalated:{day.isoformat()}"
    Notification.objects.create(
        recipient=cast.chanh, unit=cast.party_office, kind="escalation", title="…", dedupe_key=key
    )
    User.objects.filter(pk=cast.bao.pk).update(is_active=False)
    ended = {"unit": cast.info, "title": "Nguyên Giám đốc", "role": "leader", "is_head": True}
    AccountFactory.create(username="cuu", position={**ended, "valid_to": day - dt.timedelta(days=30)})


def _app(day):
    def run():
        before = reference_sweep.marks()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as the benchmark's run, and the reference
        result = escalation.sweep(day=day)
        return reference_sweep.state_after(before, result.touched)

    return rolled_back(run)


def _reference(day):
    def run():
        before = reference_sweep.marks()
        touched, _returned, _wall = reference_sweep.run(day)
        return reference_sweep.state_after(before, touched)

    return rolled_back(run)


@pytest.mark.parametrize("when", ["past", "today"])
def test_the_reference_does_what_the_sweep_does(cast, make_document, when):
    day = dt.date(2024, 4, 15) if when == "past" else _working_day_from(timezone.localdate())
    _scenario(cast, make_document("6-CTr/TU", cast.city_party, type_slug="chuong-trinh"), day)

    app = _app(day)
    reference = _reference(day)

    assert reference_sweep.differences(app, reference) == {}
    assert all(app["touched"][step] for step in reference_sweep.STEPS), app["touched"]
    assert app["events"] and app["notices"] and app["rollups"]["rows"] > 3


MUTATIONS = {
    "escalates one reminder late": ("TASKS_SQL", ">= %(escalate_after)s", "> %(escalate_after)s"),
    "forgets the lead person": ("TASKS_SQL", "WHERE n.id = f.lead_person_id AND", "WHERE false AND"),
    "notifies disabled heads": ("TASKS_SQL", "n.user_id AND u.is_active\n    WHERE p.is_head",
                                "n.user_id\n    WHERE p.is_head"),
    "notifies ended heads": ("TASKS_SQL", "AND (p.valid_to IS NULL OR p.valid_to >= %(on)s)", ""),
    "never clears not updated": ("TASKS_SQL", "OR f.stale <> (f.not_updated_since IS NOT NULL)",
                                 "OR (f.stale AND f.not_updated_since IS NULL)"),
    "reminds before the third working day": ("TASKS_SQL", "AND t.deadline_on <= %(cycle_start)s", ""),
    "counts the deadline day as overdue": ("COUNT_SQL", "t.deadline_on < %(on)s) AS overdue",
                                           "t.deadline_on <= %(on)s) AS overdue"),
    "counts cancelled tasks": ("COUNT_SQL", "AND (t.cancelled_on IS NULL OR t.cancelled_on > %(on)s)", ""),
}  # fmt: skip


def test_a_reference_that_does_something_else_is_caught(cast, make_document, monkeypatch):
    day = dt.date(2024, 4, 15)
    _scenario(cast, make_document("6-CTr/TU", cast.city_party, type_slug="chuong-trinh"), day)
    app = _app(day)
    assert reference_sweep.differences(app, _reference(day)) == {}

    caught = {}
    for name, (statement, text, mutated) in MUTATIONS.items():
        original = getattr(reference_sweep, statement)
        assert text in original, name  # the mutation still applies to the reference as written
        with monkeypatch.context() as patch:
            patch.setattr(reference_sweep, statement, original.replace(text, mutated))
            caught[name] = bool(reference_sweep.differences(app, _reference(day)))
    assert caught == dict.fromkeys(MUTATIONS, True)
