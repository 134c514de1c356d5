"""The cache of today's counts is exact or unused."""

import datetime as dt

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.tasks import dashboard, rollups, selectors, states
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


def _branches_equal_live(unit):
    """The dashboard's per-branch counts read from the cache equal those counted live."""
    today = timezone.localdate()
    assert rollups.branch_counts(unit=unit, on=today) is not None  # the cache answered
    tasks = dashboard.tasks_of(unit)
    cached = dashboard.counts_by_branch(tasks, unit, today)
    live = dashboard.counts_by_branch_live(tasks, unit, today)
    assert cached == {branch: {k: v or 0 for k, v in row.items()} for branch, row in live.items()}, unit


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
        _branches_equal_live(unit)
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
        _branches_equal_live(unit)
    from mandate.tasks import states

    for state in ("in_progress", "overdue", "not_updated"):  # the open-status shortcut is exact today
        fast = set(Task.objects.filter(states.state_q(state, today, 15)).values_list("pk", flat=True))
        plain = set(
            Task.objects.filter(states._state_q(state, today, 15, False)).values_list("pk", flat=True)
        )
        assert fast == plain, state


_MOVES = ("progress", "report_done", "accept", "rework", "return", "reassign", "cancel", "reopen",
          "extend", "correct")  # fmt: skip


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    tasks=st.lists(
        st.tuples(st.integers(min_value=-10, max_value=10), st.integers(min_value=0, max_value=40)),
        min_size=1,
        max_size=3,
    ),
    steps=st.lists(st.tuples(st.integers(min_value=0, max_value=2), st.sampled_from(_MOVES)), max_size=12),
)
def test_any_sequence_of_services_keeps_the_cache_exact(cast, assign, tasks, steps):
    """Each service moves the cache by its task's difference (``rollups.apply_change``); after
    any sequence of moves, on tasks due around today and assigned before or inside the
    not-updated window, the cache equals a live count."""
    from mandate.core.exceptions import ApplicationError

    today = timezone.localdate()
    made = []
    for due, ago in tasks:
        assigned_on = today - dt.timedelta(days=ago)
        made.append(
            assign(deadline_on=max(assigned_on, today + dt.timedelta(days=due)), assigned_on=assigned_on)
        )
    rollups.refresh_all(day=today)
    for index, move in steps:
        task = made[index % len(made)]
        task.refresh_from_db()
        try:
            _move(cast, task, move, today)
        except ApplicationError:
            continue  # refused by the policy or the life cycle: nothing changed
        for unit in (cast.city, cast.culture, cast.info):
            for subtasks in (False, True):
                assert _cached(unit, subtasks) == _live(unit, subtasks), (move, unit)
            _branches_equal_live(unit)


def _move(cast, task, move, today):
    from mandate.tasks.services import correction

    def transition(actor, action, **values):
        lifecycle.task_transition(
            actor=actor, task=task, action=action, expected_version=task.version, **values
        )

    culture = task.lead_unit_id == cast.culture.pk
    lead, head = (cast.oanh, cast.dung) if culture else (cast.tin, cast.tin)
    if move == "progress":
        progress.task_report_progress(actor=lead, task=task, percent=30, text="Đang làm")
    elif move == "report_done":
        transition(lead, "report_done")
    elif move in ("accept", "rework", "cancel", "reopen"):
        transition(cast.chanh, move, **({"reason": "Lý do"} if move != "accept" else {}))
    elif move == "return":
        transition(head, "return", reason="Sai")
    elif move == "reassign":
        unit = cast.info if culture else cast.culture
        transition(cast.chanh, "reassign", lead_unit=unit)
    elif move == "extend":
        request = progress.extension_request(
            actor=head,
            task=task,
            proposed_deadline_on=(task.deadline_on or today) + dt.timedelta(days=7),
            reason="Cần thêm thời gian",
        )
        progress.extension_decide(
            actor=cast.chanh, request=request, approve=True, expected_version=request.version
        )
    else:
        correction.task_correct(
            actor=cast.chanh,
            task=task,
            field="deadline_on",
            value=(task.deadline_on or today) - dt.timedelta(days=3),
            effective_on=task.assigned_on,
            reason="Nhập sai",
            expected_version=task.version,
        )


def test_one_tasks_share_equals_the_sql_count(cast, programme):
    """``rollups.contribution`` (Python, from a span's values) counts each task as
    ``selectors.count_expressions`` (SQL, from the task's columns) does: every combination of
    kind, status, deadline, done report, assignment day and report around today's edges."""
    import itertools

    from django.db.models import F

    from mandate.tasks import history
    from mandate.tasks.models import ProgressReport

    today = timezone.localdate()
    days = (-20, -15, -14, -1, 0, 1, 20)
    grid = itertools.product(
        (False, True),
        ("assigned", "in_progress", "reported", "returned", "accepted", "cancelled"),
        (-1, 0, 14, 15, 40),  # assigned so many days ago: in the future, inside and before the window
        days,  # the deadline, from today
        (0, 30),  # done reported so many days ago
        (None, 14, 15),  # the last report so many days ago: inside, then outside the window
    )
    tasks, reports = [], []
    for regular, status, assigned_ago, due, done_ago, report_ago in grid:
        done = status in ("reported", "accepted")
        tasks.append(
            Task(
                document=programme,
                content="x",
                lead_unit=cast.culture,
                lead_path=cast.culture.path,
                assigner_unit=cast.party_office,
                assigner_path=cast.party_office.path,
                assigned_on=today - dt.timedelta(days=assigned_ago),
                kind="regular" if regular else "deadline",
                deadline_on=None if regular else today + dt.timedelta(days=due),
                status=status,
                done_reported_on=today - dt.timedelta(days=done_ago) if done else None,
                accepted_on=today - dt.timedelta(days=done_ago) if status == "accepted" else None,
                cancelled_on=today if status == "cancelled" else None,
            )
        )
        reports.append(report_ago)
    Task.objects.bulk_create(tasks)
    for task, report_ago in zip(tasks, reports, strict=True):
        if report_ago is not None:
            ProgressReport.objects.create(
                task=task,
                percent=10,
                text="x",
                reporter=cast.oanh,
                reported_at=timezone.now() - dt.timedelta(days=report_ago),
            )
    start, end = states.report_window(today, selectors.NOT_UPDATED_DAYS)
    reported = set(
        ProgressReport.objects.filter(reported_at__gte=start, reported_at__lt=end).values_list(
            "task_id", flat=True
        )
    )
    rows = selectors.grouped_counts(
        Task.objects.filter(pk__in=[t.pk for t in tasks]),
        on=today,
        not_updated_days=selectors.NOT_UPDATED_DAYS,
        by={"task": F("id")},
    )
    sql = {row["task"]: {name: int(row[name] or 0) for name in selectors.COUNT_NAMES} for row in rows}
    nothing = dict.fromkeys(selectors.COUNT_NAMES, 0)
    for task in tasks:
        share = rollups.contribution(history.values_of(task, None), day=today, reported=task.pk in reported)
        assert share == sql.get(task.pk, nothing), task
