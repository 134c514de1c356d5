"""History is true (issue 5) for a report's figures (issue 13): a task reassigned after the
cut-off, within the unit or out of it, leaves every figure of the report — the unit's, each
child unit's, each document's — and the records behind them as they were; an inspection subject
withdrawn after the cut-off is still counted, one withdrawn before it is not. And the task counts
cost the same number of queries however many documents and child units the unit has."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.core import periods
from mandate.inspections.models import InspectionSubject
from mandate.inspections.tests import stats_world
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.reports.content import ReportContent
from mandate.reports.making import build_content
from mandate.reports.records import records_of
from mandate.reports.sections import ReportRequest
from mandate.tasks.models import Task
from mandate.tasks.services import assignment, lifecycle

pytestmark = pytest.mark.django_db

CUT_OFF = dt.date(2024, 4, 30)
AFTER = (dt.date(2024, 5, 6), dt.date(2024, 5, 8))  # returned, then reassigned


def _request(unit: OrgUnit, actor: User, kind: str = "tasks", period: Any = None) -> ReportRequest:
    period = period or periods.month(2024, 4)
    return ReportRequest(
        kind=kind,
        unit=unit,
        period=period,
        period_kind="calendar",
        cut_off=period.ends_on,
        language="vi",
        actor=actor,
    )


def _values(content: ReportContent, prefix: str) -> dict[str, object]:
    return {k: f.value for k, f in content.figures.items() if k.startswith(prefix)}


def _move(cast: SimpleNamespace, task: Task, action: str, on: dt.date, **values: Any) -> None:
    task.refresh_from_db()
    actor = {"return": cast.dung, "reassign": cast.van, "start": cast.oanh}[action]
    lifecycle.task_transition(
        actor=actor, task=task, action=action, expected_version=task.version,
        reason="Lý do" if action == "return" else "", on=on, **values,
    )  # fmt: skip


def _reassign(cast: SimpleNamespace, task: Task, unit: OrgUnit) -> None:
    _move(cast, task, "return", AFTER[0])
    _move(cast, task, "reassign", AFTER[1], lead_unit=unit)


@pytest.fixture
def assign(cast: SimpleNamespace, make_document: Any) -> Any:
    """``assign(lead_unit=…, **values)``: a task of a city programme, assigned on 01/03/2024 by
    `van` for the city Party office (outside the People's Committee reported on)."""
    programme = make_document(
        "6-CTr/TU", cast.city_party, issued_on=dt.date(2023, 1, 5), type_slug="chuong-trinh"
    )

    def make(lead_unit: OrgUnit | None = None, **values: Any) -> Task:
        values.setdefault("content", "Tổ chức tuyên truyền Chỉ thị")
        values.setdefault("assigned_on", dt.date(2024, 3, 1))
        return assignment.task_assign(
            actor=cast.van,
            document=values.pop("document", programme),
            lead_unit=lead_unit or cast.culture,
            assigner_unit=cast.party_office,
            **values,
        )

    return make


@pytest.fixture
def tasks(cast: SimpleNamespace, assign: Any) -> list[Task]:
    """Four tasks of the city's People's Committee, led by the culture department, assigned by
    the city Party office: two overdue on the cut-off, two in progress."""
    made = [assign(deadline_on=dt.date(2024, 4, 15)) for _ in range(2)]
    made += [assign(deadline_on=dt.date(2024, 6, 30)) for _ in range(2)]
    return made


def test_a_reassignment_after_the_cut_off_leaves_the_figures(
    cast: SimpleNamespace, tasks: list[Task]
) -> None:
    request = _request(cast.city_state, cast.vp)
    before = build_content(request, lambda d, t: None)
    culture = f"tasks.unit.{cast.culture.pk}."
    assert before.figures[culture + "total"].value == 4
    assert before.figures[culture + "overdue"].value == 2
    _reassign(cast, tasks[0], cast.info)  # to another child unit
    _reassign(cast, tasks[2], cast.district_state)  # out of the unit's subtree
    after = build_content(request, lambda d, t: None)
    assert _values(after, "tasks.") == _values(before, "tasks.")
    assert f"tasks.unit.{cast.info.pk}.total" not in after.figures
    # the records behind a child unit's figures are those counted, as they were
    for name in ("total", "overdue", "in_progress"):
        figure = after.figures[culture + name]
        assert figure.records is not None
        listed = records_of(actor=request.actor, link=figure.records)
        assert listed.count == figure.value
        assert {tasks[0].pk, tasks[2].pk} <= set(listed.ids) or name != "total"


def test_a_reassignment_before_the_cut_off_moves_the_task(cast: SimpleNamespace, tasks: list[Task]) -> None:
    """The same reassignment made before the cut-off does move the figures: the test above can
    fail."""
    _move(cast, tasks[0], "return", dt.date(2024, 4, 20))
    _move(cast, tasks[0], "reassign", dt.date(2024, 4, 22), lead_unit=cast.info)
    content = build_content(_request(cast.city_state, cast.vp), lambda d, t: None)
    assert content.figures[f"tasks.unit.{cast.culture.pk}.total"].value == 3
    assert content.figures[f"tasks.unit.{cast.info.pk}.total"].value == 1
    assert content.figures["tasks.total"].value == 4


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moves=st.lists(st.tuples(st.integers(0, 3), st.sampled_from(["info", "state_office", "district_state"])))
)
def test_any_reassignments_after_the_cut_off_leave_every_figure(
    cast: SimpleNamespace, assign: Any, moves: list[tuple[int, str]]
) -> None:
    """Tasks made afresh for each example (the database is kept between examples), each
    reassigned at most once, from the culture department (whose head returns it)."""
    made = [assign(deadline_on=dt.date(2024, 4, 15 if n % 2 else 6)) for n in range(3)]
    made.append(assign(deadline_on=dt.date(2024, 6, 30)))
    request = _request(cast.city_state, cast.vp)
    before = _values(build_content(request, lambda d, t: None), "tasks.")
    moved: set[int] = set()
    for index, unit in moves:
        if index not in moved:
            _reassign(cast, made[index], getattr(cast, unit))
            moved.add(index)
    assert _values(build_content(request, lambda d, t: None), "tasks.") == before


def test_the_task_counts_do_not_grow_with_documents_and_child_units(
    cast: SimpleNamespace, assign: Any, make_document: Any, django_assert_max_num_queries: Any
) -> None:
    def made_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_content(_request(cast.city_state, cast.vp), lambda d, t: None)
        return len(captured.captured_queries)

    assign(deadline_on=dt.date(2024, 4, 15))
    assign(deadline_on=dt.date(2024, 6, 30))
    few = made_queries()
    for number, unit in enumerate((cast.info, cast.state_office, cast.culture, cast.info), start=2):
        document = make_document(f"{number}/KH-UBND", cast.city_state, issued_on=dt.date(2024, 1, number))
        assign(lead_unit=unit, document=document, deadline_on=dt.date(2024, 4, 15))
        assign(lead_unit=unit, document=document, deadline_on=dt.date(2024, 6, 30))
    content = build_content(_request(cast.city_state, cast.vp), lambda d, t: None)
    assert (
        len([k for k in content.figures if k.startswith("tasks.doc.") and k.endswith(".total")]) == 5
    )  # the programme too
    assert len([k for k in content.figures if k.startswith("tasks.unit.") and k.endswith(".total")]) == 3
    with django_assert_max_num_queries(few):
        build_content(_request(cast.city_state, cast.vp), lambda d, t: None)


# --- inspections ------------------------------------------------------------------------------------


def test_a_withdrawal_after_the_cut_off_leaves_the_inspection_figures(cast: SimpleNamespace) -> None:
    world = stats_world.build(cast)
    period = periods.date_range(stats_world.START, stats_world.END)
    request = _request(cast.standing, world.kiem, kind="inspections", period=period)
    key = "insp.standing_committee_planned.organisations"
    before = build_content(request, lambda d, t: None)
    subject = (
        InspectionSubject.objects.filter(
            inspection__body=world.sc, kind="organisation", withdrawn_at__isnull=True
        )
        .order_by("pk")
        .first()
    )
    assert subject is not None
    subject.withdrawn_at = timezone.now()  # today: long after the cut-off
    subject.save(update_fields=["withdrawn_at"])
    after = build_content(request, lambda d, t: None)
    assert _values(after, "insp.") == _values(before, "insp.")
    link = after.figures[key].records
    assert link is not None
    assert records_of(actor=world.kiem, link=link).count == after.figures[key].value
    # withdrawn before the cut-off: not counted (the test above can fail)
    subject.withdrawn_at = timezone.make_aware(dt.datetime(2023, 5, 1, 9))
    subject.save(update_fields=["withdrawn_at"])
    earlier = build_content(request, lambda d, t: None)
    assert earlier.figures[key].value == before.figures[key].value - 1  # type: ignore[operator]
