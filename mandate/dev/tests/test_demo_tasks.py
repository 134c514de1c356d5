"""The demo city's tasks (part 2) make the seeds' statements true when computed from the records.

The city and its tasks are loaded once for the module inside an outer transaction that is rolled
back at the end; every test runs in its own savepoint inside it. The statistics are read the way
the API reads them: ``statistics`` over ``task_list_visible`` for a demo account, with the
document filter that includes the implementing documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from rest_framework.test import APIClient

from mandate.core import audit
from mandate.core.models import AuditEntry
from mandate.dev.demo_city import DemoCity, load_demo_city
from mandate.dev.demo_tasks import (
    DIRECTIVE_24_TASKS,
    HISTORY_ENDS_ON,
    PROGRAMME_01_AGENCIES,
    DemoTasks,
    load_demo_tasks,
)
from mandate.documents.models import Document
from mandate.documents.selectors import implementing_closure
from mandate.notifications.models import Notification
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import children_on
from mandate.people.models import User
from mandate.tasks import dashboard
from mandate.tasks.enums import EventKind, ExtensionStatus, TaskKind, TaskStatus
from mandate.tasks.models import ExtensionRequest, ProgressReport, Task, TaskEvent
from mandate.tasks.selectors import TaskFilters, statistics, task_list_visible
from mandate.tasks.services import escalation

SEVEN_MONTHS_2023 = dt.date(2023, 7, 31)  # seed 000: "the first 7 months"
NINE_MONTHS_2023 = dt.date(2023, 9, 15)  # seed 004: the statistics' cut-off


@dataclass(frozen=True)
class Demo:
    city: DemoCity
    tasks: DemoTasks
    today: dt.date


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock(), transaction.atomic():
        today = timezone.localdate()
        city = load_demo_city()
        assert city.tasks is not None
        yield Demo(city=city, tasks=city.tasks, today=today)
        transaction.set_rollback(True)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _document(demo: Demo, symbol: str) -> Document:
    return Document.objects.get(pk=demo.city.documents[symbol])


def _unit(demo: Demo, key: str) -> OrgUnit:
    return OrgUnit.objects.get(pk=demo.city.units[key])


def _tasks(demo: Demo, symbol: str, *, username: str = "vanphong", **filters: Any) -> QuerySet[Task]:
    return task_list_visible(
        actor=_user(username), filters=TaskFilters(document=_document(demo, symbol), **filters)
    )


def _statistics(demo: Demo, symbol: str, on: dt.date) -> dict[str, Any]:
    return statistics(tasks=_tasks(demo, symbol), on=on)


# --- the seeds' task sets -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_programme_06_with_plan_176_has_15_of_20_completed_on_31_july_2023(demo: Demo) -> None:
    counts = _statistics(demo, "06/Ctr-TU", SEVEN_MONTHS_2023)
    assert (counts["total"], counts["completed"]) == (20, 15)
    assert (counts["in_progress"], counts["overdue"]) == (5, 0)
    assert counts["completed_percent"] == "75.00"


@pytest.mark.django_db
def test_programme_06_tasks_are_the_departments_assigned_by_the_city_offices(demo: Demo) -> None:
    tasks = _tasks(demo, "06/Ctr-TU")
    assert tasks.count() == 20
    assert set(tasks.values_list("lead_unit", flat=True)) == {demo.city.units["so_van_hoa_the_thao"]}
    assert {t.assigned_on.year for t in tasks} <= {2021, 2022}
    offices = dict(tasks.values_list("document__symbol", "assigner_unit"))
    assert offices == {
        "06/Ctr-TU": demo.city.units["van_phong_thanh_uy"],
        "176/KH-UBND": demo.city.units["van_phong_ubnd_thanh_pho"],
    }
    open_then = tasks.exclude(status=TaskStatus.ACCEPTED, done_reported_on__lte=SEVEN_MONTHS_2023)
    assert open_then.count() == 5
    assert all(t.deadline_on is not None and t.deadline_on > SEVEN_MONTHS_2023 for t in open_then)
    completed = tasks.filter(status=TaskStatus.ACCEPTED, done_reported_on__lte=SEVEN_MONTHS_2023)
    assert all(t.accepted_on is not None and t.accepted_on <= SEVEN_MONTHS_2023 for t in completed)


@pytest.mark.django_db
def test_programme_06_statistics_through_http(demo: Demo) -> None:
    client = APIClient()
    client.force_authenticate(_user("vanphong"))
    document_id = demo.city.documents["06/Ctr-TU"]

    response = client.get(f"/api/v1/documents/{document_id}/statistics/", {"on": "2023-07-31"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["total"], body["completed"]) == (20, 15)


@pytest.mark.django_db
def test_programme_01_has_29_of_34_completed_and_5_in_progress_on_15_september_2023(demo: Demo) -> None:
    counts = _statistics(demo, "01-CTr/TU", NINE_MONTHS_2023)
    assert (counts["total"], counts["completed"], counts["in_progress"]) == (34, 29, 5)
    assert counts["overdue"] == 0

    tasks = _tasks(demo, "01-CTr/TU", state="in_progress", on=NINE_MONTHS_2023)
    assert tasks.count() == 5
    assert all(t.deadline_on is not None and t.deadline_on > dt.date(2023, 9, 30) for t in tasks)


@pytest.mark.django_db
def test_programme_01_contents_are_shared_among_11_agencies(demo: Demo) -> None:
    tasks = _tasks(demo, "01-CTr/TU")
    agencies = set(tasks.values_list("lead_unit", flat=True))
    assert len(agencies) == 11
    assert agencies == {demo.city.units[key] for key in PROGRAMME_01_AGENCIES}


@pytest.mark.django_db
@pytest.mark.parametrize(("symbol", "count"), [("02/Ctr-UBND", 10), ("306/KH-UBND", 9)])
def test_programme_02_and_plan_306_are_all_in_progress_on_31_july_2023(
    demo: Demo, symbol: str, count: int
) -> None:
    # 306/KH-UBND does not implement 02/Ctr-UBND (part 1's relations): each is counted alone.
    assert implementing_closure(document=_document(demo, symbol)) == [demo.city.documents[symbol]]
    counts = _statistics(demo, symbol, SEVEN_MONTHS_2023)
    assert (counts["total"], counts["in_progress"], counts["completed"], counts["overdue"]) == (
        count,
        count,
        0,
        0,
    )
    assert set(_tasks(demo, symbol).values_list("lead_unit", flat=True)) == {
        demo.city.units["so_van_hoa_the_thao"]
    }


@pytest.mark.django_db
def test_resolution_09_with_its_two_plans_has_32_tasks_of_the_department(demo: Demo) -> None:
    tasks = _tasks(demo, "09-NQ/TU")
    assert tasks.count() == 32
    assert set(tasks.values_list("lead_unit", flat=True)) == {demo.city.units["so_van_hoa_the_thao"]}
    per_document = {
        symbol: tasks.filter(document__symbol=symbol).count()
        for symbol in ("09-NQ/TU", "217/KH-UBND", "102-KH-UBND")
    }
    assert sum(per_document.values()) == 32 and all(per_document.values())
    counts = _statistics(demo, "09-NQ/TU", SEVEN_MONTHS_2023)
    assert (counts["total"], counts["in_progress"]) == (32, 32)


@pytest.mark.django_db
def test_the_seeds_being_implemented_tasks_were_reported_on_before_the_cut_off(demo: Demo) -> None:
    """ "Being implemented" is not "not updated": the open tasks have a report in the last 15 days."""
    for symbol, on in (
        ("06/Ctr-TU", SEVEN_MONTHS_2023),
        ("02/Ctr-UBND", SEVEN_MONTHS_2023),
        ("306/KH-UBND", SEVEN_MONTHS_2023),
        ("09-NQ/TU", SEVEN_MONTHS_2023),
        ("01-CTr/TU", NINE_MONTHS_2023),
    ):
        assert _statistics(demo, symbol, on)["not_updated"] == 0, symbol


# --- Directive 24-CT/TU ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_directive_24_has_its_six_regular_tasks_for_departments_and_districts(demo: Demo) -> None:
    regular = _tasks(demo, "24-CT/TU", kind=TaskKind.REGULAR)
    assert set(regular.values_list("ordinal", flat=True)) == {"1", "2", "3", "4", "5", "6"}
    assert set(regular.values_list("content", flat=True)) == set(DIRECTIVE_24_TASKS)
    assert set(regular.values_list("assigner_unit", flat=True)) == {demo.city.units["van_phong_thanh_uy"]}
    assert not regular.exclude(deadline_on=None).exists()
    leads = {
        key for key, pk in demo.city.units.items() if pk in set(regular.values_list("lead_unit", flat=True))
    }
    assert {"so_van_hoa_the_thao", "so_thong_tin_truyen_thong", "ubnd_ba_vi"} <= leads
    assert len({key for key in leads if key.startswith("ubnd_")}) >= 3
    for key in leads:
        assert regular.filter(lead_unit=demo.city.units[key]).count() == 6, key


@pytest.mark.django_db
def test_the_department_cascades_the_review_of_functions_to_its_offices(demo: Demo) -> None:
    department = _unit(demo, "so_van_hoa_the_thao")
    parent = Task.objects.get(pk=demo.tasks.tasks["24-CT/TU#3@so_van_hoa_the_thao"])
    subtasks = Task.objects.filter(parent=parent)
    assert subtasks.count() == 8
    assert all(t.lead_path.startswith(department.path) and t.lead_unit_id != department.pk for t in subtasks)
    assert set(subtasks.values_list("assigner_unit", flat=True)) == {department.pk}
    # Seed 003, on 2023-12-27: the offices and two units done, the Hanoi Library in January 2024.
    done_by = subtasks.filter(status=TaskStatus.ACCEPTED, done_reported_on__lte=dt.date(2023, 12, 27))
    library = subtasks.get(lead_unit=demo.city.units["thu_vien_ha_noi"])
    assert done_by.count() == 7 and library not in done_by
    assert library.done_reported_on is not None and library.done_reported_on.strftime("%Y-%m") == "2024-01"
    assert library.extension_requests.get().status == ExtensionStatus.APPROVED


@pytest.mark.django_db
def test_inspection_team_3s_recommendations_follow_up_at_the_department(demo: Demo) -> None:
    tasks = Task.objects.filter(
        pk__in=[pk for key, pk in demo.tasks.tasks.items() if key.startswith("inspection")]
    )
    assert tasks.count() == 4
    assert set(tasks.values_list("lead_unit", flat=True)) == {demo.city.units["so_thong_tin_truyen_thong"]}
    assert set(tasks.values_list("document", flat=True)) == {demo.city.documents["24-CT/TU"]}
    assert set(tasks.values_list("assigned_on", flat=True)) == {dt.date(2024, 7, 25)}
    assert all(
        t.deadline_on is not None and dt.date(2024, 10, 1) <= t.deadline_on <= dt.date(2024, 12, 31)
        for t in tasks
    )
    assert all("Đoàn kiểm tra số 3" in t.authority for t in tasks)


# --- the synthetic spread -------------------------------------------------------------------------------


def _task(demo: Demo, key: str) -> Task:
    return Task.objects.get(pk=demo.tasks.tasks[key])


def _events(task: Task) -> list[str]:
    return list(TaskEvent.objects.filter(task=task).order_by("at", "id").values_list("kind", flat=True))


@pytest.mark.django_db
def test_the_reopened_task_stays_completed_on_the_dates_before_its_reopening(demo: Demo) -> None:
    """Issue 9, section 2: accepted on 04/09/2024 and reopened on 07/10, it read "overdue on
    30/09/2024" when the past was computed from today's columns (ADR 0020)."""
    reopened = Task.objects.filter(pk=_task(demo, "spread.reopened").pk)
    on_30_september = statistics(tasks=reopened, on=dt.date(2024, 9, 30))
    assert (on_30_september["completed_on_time"], on_30_september["overdue"]) == (1, 0)
    assert statistics(tasks=reopened, on=dt.date(2024, 10, 31))["overdue"] == 1


@pytest.mark.django_db
def test_the_spread_has_every_turn_of_a_tasks_life(demo: Demo) -> None:
    approved = _task(demo, "spread.extension.approved")
    assert approved.deadline_on != approved.original_deadline_on
    assert EventKind.EXTENSION_APPROVED in _events(approved)

    refused = _task(demo, "spread.extension.refused")
    assert refused.deadline_on == refused.original_deadline_on
    assert EventKind.EXTENSION_REFUSED in _events(refused)

    returned = _task(demo, "spread.returned")
    assert {EventKind.RETURNED, EventKind.REASSIGNED} <= set(_events(returned))
    assert returned.lead_unit_id == demo.city.units["so_van_hoa_the_thao"]

    reopened = _task(demo, "spread.reopened")
    assert EventKind.REOPENED in _events(reopened)

    assert _task(demo, "spread.cancelled").status == TaskStatus.CANCELLED
    assert EventKind.REWORK in _events(_task(demo, "spread.rework"))

    escalated = _task(demo, "spread.overdue.escalated")
    assert escalated.escalated_on is not None
    assert _events(escalated).count(EventKind.ESCALATED) == 1

    for key in ("spread.late.department", "spread.late.district"):
        task = _task(demo, key)
        assert task.status == TaskStatus.ACCEPTED
        assert task.done_reported_on is not None and task.deadline_on is not None
        assert task.done_reported_on > task.deadline_on


@pytest.mark.django_db
def test_synthetic_content_is_marked_and_the_seeds_is_not(demo: Demo) -> None:
    for key, pk in demo.tasks.tasks.items():
        content = Task.objects.values_list("content", flat=True).get(pk=pk)
        synthetic = key.startswith(("spread.", "live.", "living."))
        assert content.startswith("[Mô phỏng]") == synthetic, key


# --- live work around the load day ----------------------------------------------------------------------


def _mine(demo: Demo, username: str, **filters: Any) -> QuerySet[Task]:
    user = _user(username)
    return task_list_visible(actor=user, filters=TaskFilters(assigned_to_user=user, on=demo.today, **filters))


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["chuyenvien.vhtt", "sotttt", "bavi"])
def test_each_lead_account_has_work_due_this_week_overdue_and_not_updated(demo: Demo, username: str) -> None:
    week = demo.today + dt.timedelta(days=7)
    due_soon = _mine(demo, username, state="in_progress", deadline_from=demo.today, deadline_to=week)
    assert due_soon.exists(), username
    assert _mine(demo, username, state="overdue").exists(), username
    assert _mine(demo, username, state="not_updated").exists(), username


@pytest.mark.django_db
def test_something_is_due_today(demo: Demo) -> None:
    due_today = _mine(demo, "chuyenvien.vhtt", deadline_from=demo.today, deadline_to=demo.today)
    assert due_today.exclude(status=TaskStatus.ACCEPTED).exists()


@pytest.mark.django_db
def test_the_leaders_have_decisions_waiting(demo: Demo) -> None:
    # The Standing Committee assigns the Directive's live work; its Office acts for it (ADR 0018).
    office = demo.city.units["ban_thuong_vu_thanh_uy"]
    reported = Task.objects.filter(assigner_unit=office, status=TaskStatus.REPORTED)
    assert {t.lead_unit_id for t in reported} >= {
        demo.city.units["so_van_hoa_the_thao"],
        demo.city.units["so_thong_tin_truyen_thong"],
    }
    pending = ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING, task__assigner_unit=office)
    assert pending.filter(requested_by=_user("sovhtt")).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["vanphong", "chanhvanphong"])
def test_the_city_office_has_live_work(demo: Demo, username: str) -> None:
    open_tasks = _mine(demo, username).exclude(status__in=[TaskStatus.ACCEPTED, TaskStatus.CANCELLED])
    assert (
        open_tasks.filter(deadline_on__gte=demo.today - dt.timedelta(days=7))
        .filter(deadline_on__lte=demo.today + dt.timedelta(days=7))
        .exists()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username", ["chuyenvien.vhtt", "sovhtt", "vanphong", "chanhvanphong", "sotttt", "bavi"]
)
def test_every_working_account_has_unread_notices_and_no_flood(demo: Demo, username: str) -> None:
    unread = Notification.objects.filter(recipient=_user(username), read_at__isnull=True).count()
    assert 0 < unread < 50


@pytest.mark.django_db
def test_the_sweep_ran_for_the_load_day_and_a_second_run_changes_nothing(demo: Demo) -> None:
    assert demo.tasks.swept["overdue"] > 0 and demo.tasks.swept["not_updated"] > 0
    overdue = _task(demo, "live.vhtt.overdue")
    assert overdue.overdue_since == demo.today
    assert _task(demo, "live.vhtt.not_updated").not_updated_since == demo.today
    assert AuditEntry.objects.filter(action="tasks.sweep").count() == 1

    again = escalation.sweep(day=demo.today)

    assert again.counts()["overdue"] == 0 and again.counts()["not_updated"] == 0
    assert again.counts()["escalated"] == 0


@pytest.mark.django_db
def test_the_audit_trail_still_verifies(demo: Demo) -> None:
    result = audit.verify()
    assert result.ok, result


@pytest.mark.django_db
def test_the_loader_refuses_a_load_day_inside_the_history(demo: Demo) -> None:
    before = Task.objects.count()
    with pytest.raises(ValueError, match="history"):
        load_demo_tasks(city=demo.city, today=HISTORY_ENDS_ON)
    assert Task.objects.count() == before


@pytest.mark.django_db
def test_the_summary_counts_the_tasks(demo: Demo) -> None:
    assert demo.tasks.top_level == Task.objects.filter(parent__isnull=True).count()
    assert demo.tasks.subtasks == Task.objects.filter(parent__isnull=False).count() == 8
    assert demo.tasks.summary().startswith(f"Tasks: {demo.tasks.top_level} top-level")


# --- the living office (issue 10) -------------------------------------------------------------------


def _months_completed(demo: Demo, key: str) -> list[int]:
    return [int(month["completed"]) for month in dashboard.counts_by_month(_unit(demo, key), demo.today)]


@pytest.mark.django_db
def test_the_department_of_culture_has_completions_in_each_of_the_last_three_months(demo: Demo) -> None:
    completed = _months_completed(demo, "so_van_hoa_the_thao")
    assert all(count > 0 for count in completed[-3:]), completed


@pytest.mark.django_db
def test_the_citys_dashboard_of_the_current_year_is_not_flat(demo: Demo) -> None:
    """Every month of the current year so far has completions somewhere in the city."""
    months = dashboard.months(demo.today)
    completed = _months_completed(demo, "ha_noi")
    this_year = [
        count for (first, _end), count in zip(months, completed, strict=True) if first.year == demo.today.year
    ]
    assert this_year and all(count > 0 for count in this_year), this_year


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["so_van_hoa_the_thao", "so_thong_tin_truyen_thong", "ubnd_ha_noi", "ha_noi"])
def test_no_office_row_of_the_dashboard_is_all_zeros(demo: Demo, key: str) -> None:
    """Every unit under the Department of Culture and Sports (and the others a demo account
    opens) has work: its row of the dashboard of today is not all zeros."""
    unit = _unit(demo, key)
    by_branch = dashboard.counts_by_branch(dashboard.tasks_of(unit), unit, demo.today)
    children = list(children_on(unit=unit, day=demo.today))
    assert children
    empty = [
        child.name
        for child in children
        if not any(
            int((by_branch.get(child.path) or {}).get(name) or 0)
            for name in ("completed", "in_progress", "overdue")
        )
    ]
    assert empty == []


@pytest.mark.django_db
def test_the_departments_offices_have_work_delegated_by_the_department(demo: Demo) -> None:
    department = _unit(demo, "so_van_hoa_the_thao")
    for child in children_on(unit=department, day=demo.today):
        if child.kind == "state":
            assert Task.objects.filter(lead_unit=child, assigner_unit=department).exists(), child.name


@pytest.mark.django_db
def test_no_unit_of_the_demo_assigns_a_task_to_itself(demo: Demo) -> None:
    assert not Task.objects.filter(assigner_unit=F("lead_unit")).exists()


@pytest.mark.django_db
def test_vpubnd_registers_and_assigns_for_the_peoples_committee(demo: Demo) -> None:
    vpubnd = _user("vpubnd")
    position = vpubnd.person.positions.get()
    committee = _unit(demo, "ubnd_ha_noi")
    assert position.unit_id == demo.city.units["van_phong_ubnd_thanh_pho"]
    assert position.acts_for == committee and position.acts_for_basis
    assigned = Task.objects.filter(assigned_by=vpubnd)
    assert assigned.exists()
    assert set(assigned.values_list("assigner_unit", flat=True)) == {committee.pk}
    registered = AuditEntry.objects.filter(action="documents.register", actor_label="vpubnd")
    assert registered.filter(target_label__contains="07/KH-UBND").exists()


@pytest.mark.django_db
def test_the_done_reports_carry_a_result_and_name_the_expected_product(demo: Demo) -> None:
    reports = ProgressReport.objects.filter(is_done_report=True).select_related("task")
    assert reports.exists()
    assert not reports.filter(text="").exists()
    with_product = reports.exclude(task__expected_product="")
    assert with_product.exists()
    assert all("Sản phẩm:" in report.text for report in with_product)


def test_the_product_file_passes_the_upload_checks() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mandate.core.uploads import check_upload
    from mandate.dev.replay import product_pdf

    checked = check_upload(SimpleUploadedFile("ket-qua.pdf", product_pdf("Bao cao ket qua (demo)")))
    assert checked.content_type == "application/pdf"
