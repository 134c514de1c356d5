"""The cache of today's counts is exact or unused."""

import datetime as dt

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.tasks import rollups, selectors
from mandate.tasks.models import Task, TaskRollup
from mandate.tasks.services import lifecycle, progress


def _live(unit, subtasks=False):
    tasks = Task.objects.filter(lead_path__startswith=unit.path)
    if not subtasks:
        tasks = tasks.filter(parent__isnull=True)
    return selectors.statistics(tasks=tasks, on=timezone.localdate())


def _cached(unit, subtasks=False):
    return rollups.subtree_counts(
        unit=unit, on=timezone.localdate(), not_updated_days=15, include_subtasks=subtasks
    )


def test_the_cache_is_unused_until_built_for_today(cast, assign):
    assign(deadline_on=timezone.localdate() + dt.timedelta(days=30), assigned_on=timezone.localdate())
    assert _cached(cast.city) is None
    rollups.refresh_all(day=timezone.localdate() - dt.timedelta(days=1))
    assert _cached(cast.city) is None  # yesterday's counts never answer for today
    rollups.refresh_all(day=timezone.localdate())
    assert _cached(cast.city) == _live(cast.city)


def test_services_keep_the_cache_exact(cast, assign):
    today = timezone.localdate()
    first = assign(deadline_on=today + dt.timedelta(days=10), assigned_on=today - dt.timedelta(days=40))
    second = assign(deadline_on=today - dt.timedelta(days=2), assigned_on=today - dt.timedelta(days=40),
                    lead_unit=cast.info)  # fmt: skip
    rollups.refresh_all(day=today)

    def move(task, actor, action, **values):
        task.refresh_from_db()
        lifecycle.task_transition(
            actor=actor, task=task, action=action, expected_version=task.version, **values
        )

    progress.task_report_progress(actor=cast.oanh, task=first, percent=50, text="Nửa chặng")
    move(first, cast.oanh, "report_done", reason="Hoàn thành")
    move(first, cast.chanh, "accept")
    move(second, cast.tin, "return", reason="Không đúng chức năng")
    move(second, cast.van, "reassign", lead_unit=cast.culture)
    assign(deadline_on=today + dt.timedelta(days=5), assigned_on=today - dt.timedelta(days=1))

    for unit in (cast.city, cast.city_state, cast.culture, cast.info):
        assert _cached(unit) == _live(unit), unit
    assert TaskRollup.objects.exclude(day=today).count() == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["culture", "culture_office", "info", "district_state"]),
            st.integers(min_value=-40, max_value=40),
            st.sampled_from(["assigned", "in_progress", "reported", "accepted", "cancelled"]),
            st.booleans(),
        ),
        max_size=15,
    )
)
def test_the_cache_equals_live_counts_for_any_tasks(cast, programme, rows):
    today = timezone.localdate()
    Task.objects.filter(document=programme).update(
        status="cancelled", cancelled_on=today - dt.timedelta(days=500)
    )
    tasks = []
    for unit_name, deadline, status, regular in rows:
        unit = getattr(cast, unit_name)
        tasks.append(
            Task(
                document=programme,
                content="x",
                lead_unit=unit,
                lead_path=unit.path,
                assigner_unit=cast.party_office,
                assigner_path=cast.party_office.path,
                assigned_on=today - dt.timedelta(days=60),
                kind="regular" if regular else "deadline",
                deadline_on=None if regular else today + dt.timedelta(days=deadline),
                status=status,
                done_reported_on=today - dt.timedelta(days=3) if status in ("reported", "accepted") else None,
                cancelled_on=today - dt.timedelta(days=1) if status == "cancelled" else None,
            )
        )
    Task.objects.bulk_create(tasks)

    rollups.refresh_all(day=today)

    for unit in (cast.city, cast.city_state, cast.culture, cast.district):
        for subtasks in (False, True):
            assert _cached(unit, subtasks) == _live(unit, subtasks)
    from mandate.tasks import states

    for state in ("in_progress", "overdue", "not_updated"):  # the open-status shortcut is exact today
        fast = set(Task.objects.filter(states.state_q(state, today, 15)).values_list("pk", flat=True))
        plain = set(
            Task.objects.filter(states._state_q(state, today, 15, False)).values_list("pk", flat=True)
        )
        assert fast == plain, state
