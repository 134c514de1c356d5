"""History is true for the figures read from dated records (ADR 0046, addendum "history-true
records"): the extensions granted, the escalations and the tasks due and completed of a past
period are those recorded by its cut-off day, on the tasks the unit had then. Whatever is done
after the cut-off — a task reassigned out of the unit, a completed task reopened, another one
extended, escalated or completed — leaves each figure and the records its link lists as they
were, and the list still reproduces the figure."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.core import periods
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.reports.content import ReportContent
from mandate.reports.making import build_content
from mandate.reports.records import records_of
from mandate.reports.sections import ReportRequest
from mandate.tasks.models import Task
from mandate.tasks.services import assignment, escalation, lifecycle, progress

pytestmark = pytest.mark.django_db

KEYS = ("tasks.extensions", "tasks.escalations", "tasks.completed_of_due", "tasks.due", "tasks.completed")
ACTORS = {"report_done": "oanh", "accept": "chanh", "return": "dung", "reassign": "van", "reopen": "van"}
WITH_REASON = {"report_done", "return", "reopen"}
_NUMBERS = itertools.count(6)


def _request(unit: OrgUnit, actor: User) -> ReportRequest:
    period = periods.month(2024, 4)
    return ReportRequest(
        kind="tasks",
        unit=unit,
        period=period,
        period_kind="calendar",
        cut_off=period.ends_on,
        language="vi",
        actor=actor,
    )


def _move(cast: SimpleNamespace, task: Task, action: str, on: dt.date, **values: Any) -> None:
    task.refresh_from_db()
    lifecycle.task_transition(
        actor=getattr(cast, ACTORS[action]), task=task, action=action, expected_version=task.version,
        reason="Lý do" if action in WITH_REASON else "", on=on, **values,
    )  # fmt: skip


def _extend(cast: SimpleNamespace, task: Task, until: dt.date, on: dt.date) -> None:
    task.refresh_from_db()
    request = progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=until, reason="Chờ số liệu", on=on
    )
    progress.extension_decide(
        actor=cast.chanh, request=request, approve=True, expected_version=request.version, on=on
    )


def _state(content: ReportContent, actor: User) -> dict[str, tuple[object, tuple[int, ...]]]:
    """Each figure of ``KEYS`` with the records its link lists; the list reproduces the figure."""
    found: dict[str, tuple[object, tuple[int, ...]]] = {}
    for key in KEYS:
        figure = content.figures[key]
        assert figure.records is not None, key
        listed = records_of(actor=actor, link=figure.records)
        assert listed.count == figure.value == len(listed.ids), (key, listed.count, figure.value)
        found[key] = (figure.value, tuple(sorted(listed.ids)))
    return found


@pytest.fixture
def world(cast: SimpleNamespace, make_document: Any) -> SimpleNamespace:
    return _world(cast, make_document)


def _world(cast: SimpleNamespace, make_document: Any) -> SimpleNamespace:
    """Four tasks of the city's People's Committee led by the culture department in April 2024:
    ``escalated`` (due 10/04, escalated on 24/04 by the sweep), ``extended`` (due 12/04, extended
    to 20/04 on 11/04, completed on 19/04), ``completed`` (due 15/04, completed on 14/04) and
    ``open`` (due 30/06)."""
    programme = make_document(  # a programme of its own per world (hypothesis makes several)
        f"{next(_NUMBERS)}-CTr/TU", cast.city_party, issued_on=dt.date(2023, 1, 5), type_slug="chuong-trinh"
    )

    def assign(deadline: dt.date) -> Task:
        return assignment.task_assign(
            actor=cast.van, document=programme, lead_unit=cast.culture, assigner_unit=cast.party_office,
            content="Tổ chức tuyên truyền Chỉ thị", assigned_on=dt.date(2024, 3, 1), deadline_on=deadline,
        )  # fmt: skip

    w = SimpleNamespace(
        escalated=assign(dt.date(2024, 4, 10)),
        extended=assign(dt.date(2024, 4, 12)),
        completed=assign(dt.date(2024, 4, 15)),
        open=assign(dt.date(2024, 6, 30)),
    )
    _extend(cast, w.extended, dt.date(2024, 4, 20), dt.date(2024, 4, 11))
    for task, done, accepted in ((w.extended, 18, 19), (w.completed, 13, 14)):
        _move(cast, task, "report_done", dt.date(2024, 4, done))
        _move(cast, task, "accept", dt.date(2024, 4, accepted))
    day = dt.date(2024, 4, 10)
    while day <= dt.date(2024, 4, 24):
        escalation.sweep(day=day)
        day += dt.timedelta(days=1)
    w.escalated.refresh_from_db()
    assert w.escalated.escalated_on == dt.date(2024, 4, 24)
    return w


def test_the_period_counts_what_was_recorded_by_its_cut_off(cast: SimpleNamespace, world: Any) -> None:
    found = _state(build_content(_request(cast.city_state, cast.vp), lambda d, t: None), cast.vp)
    assert found["tasks.extensions"][0] == 1
    assert found["tasks.escalations"][0] == 1
    assert found["tasks.completed_of_due"] == (2, tuple(sorted((world.extended.pk, world.completed.pk))))
    assert found["tasks.due"][0] == 3


def test_what_is_done_after_the_cut_off_leaves_the_figures_and_their_records(
    cast: SimpleNamespace, world: Any
) -> None:
    request = _request(cast.city_state, cast.vp)
    before = _state(build_content(request, lambda d, t: None), cast.vp)
    _move(cast, world.completed, "reopen", dt.date(2024, 5, 3))  # completed, then reopened
    _move(cast, world.escalated, "return", dt.date(2024, 5, 6))  # escalated, then moved out
    _move(cast, world.escalated, "reassign", dt.date(2024, 5, 8), lead_unit=cast.district_state)
    _move(cast, world.extended, "reopen", dt.date(2024, 5, 9))  # extended, then moved out
    _move(cast, world.extended, "return", dt.date(2024, 5, 10))
    _move(cast, world.extended, "reassign", dt.date(2024, 5, 11), lead_unit=cast.district_state)
    _extend(cast, world.open, dt.date(2024, 7, 31), dt.date(2024, 5, 12))  # granted after it
    assert _state(build_content(request, lambda d, t: None), cast.vp) == before


def test_the_same_moves_within_the_period_do_move_the_figures(cast: SimpleNamespace, world: Any) -> None:
    """Done before the cut-off, the same moves count: the test above can fail."""
    _move(cast, world.completed, "reopen", dt.date(2024, 4, 25))
    _extend(cast, world.open, dt.date(2024, 7, 31), dt.date(2024, 4, 26))
    found = _state(build_content(_request(cast.city_state, cast.vp), lambda d, t: None), cast.vp)
    assert found["tasks.completed_of_due"][0] == 1
    assert found["tasks.extensions"][0] == 2


MOVES = ("reopen_completed", "move_escalated", "extend_open", "complete_open", "move_within_open")


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(st.sampled_from(MOVES), unique=True))
def test_any_moves_after_the_cut_off_leave_the_figures(
    cast: SimpleNamespace, make_document: Any, moves: list[str]
) -> None:
    """A fresh world per example (the database is kept between examples): each move at most
    once, in any order, on days after the cut-off."""
    w = _world(cast, make_document)
    request = _request(cast.city_state, cast.vp)
    before = _state(build_content(request, lambda d, t: None), cast.vp)
    day = dt.date(2024, 5, 2)
    for move in [m for m in moves if not m.endswith("_open")] + [m for m in moves if m.endswith("_open")][:1]:
        day += dt.timedelta(days=3)  # the open task moves once (a completed one is not extended)
        if move == "reopen_completed":
            _move(cast, w.completed, "reopen", day)
        elif move == "move_escalated":
            _move(cast, w.escalated, "return", day)
            _move(cast, w.escalated, "reassign", day, lead_unit=cast.district_state)
        elif move == "extend_open":
            _extend(cast, w.open, dt.date(2024, 8, 31), day)
        elif move == "complete_open":
            _move(cast, w.open, "report_done", day)
            _move(cast, w.open, "accept", day)
        else:
            _move(cast, w.open, "return", day)
            _move(cast, w.open, "reassign", day, lead_unit=cast.info)
    assert _state(build_content(request, lambda d, t: None), cast.vp) == before


def test_a_task_moved_out_of_the_unit_after_the_cut_off_is_counted_and_listed(
    cast: SimpleNamespace, world: Any
) -> None:
    """ADR 0046, addendum: the report describes the unit as it was on the cut-off day; the
    figure and its link agree, whoever leads the task now."""
    request = _request(cast.city_state, cast.vp)
    _move(cast, world.escalated, "return", dt.date(2024, 5, 6))
    _move(cast, world.escalated, "reassign", dt.date(2024, 5, 8), lead_unit=cast.district_state)
    content = build_content(request, lambda d, t: None)
    for key in ("tasks.total", "tasks.overdue", "tasks.escalations"):
        figure = content.figures[key]
        assert figure.records is not None
        listed = records_of(actor=cast.vp, link=figure.records)
        assert listed.count == figure.value == len(listed.ids)
        if key != "tasks.escalations":
            assert world.escalated.pk in listed.ids, key
    escalations = content.figures["tasks.escalations"].records
    assert escalations is not None
    assert records_of(actor=cast.vp, link=escalations).rows[0][1] == str(world.escalated.pk)
    # the district's report of April does not count it: it was not the district's then
    district = build_content(_request(cast.district_state, cast.bao), lambda d, t: None)
    assert district.figures["tasks.escalations"].value == 0
