"""The board's figures are counted in SQL (``SignalDefinition.counter``), its records listed by the
finders: on random histories of a department and its office, each signal's counts per unit and
person are exactly its hits', and every figure of the board is the length of its records list."""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.core.exceptions import ApplicationError
from mandate.evaluations import selectors_signals as selectors
from mandate.evaluations.signals_registry import Window, count_hits
from mandate.tasks.services import assignment, lifecycle, progress

START = dt.date(2023, 1, 10)
Q2_FROM = dt.date(2023, 4, 1)
Q2_TO = dt.date(2023, 6, 30)


@dataclass(frozen=True)
class Plan:
    """One task's history, as day offsets from 10/01/2023 (each step only if its offset is set)."""

    office: bool
    deadline: int
    report: int | None
    extensions: int
    chase_ups: bool
    done: int | None
    reopen: int | None
    give_back: int | None


plans = st.builds(
    Plan,
    office=st.booleans(),
    deadline=st.integers(0, 170),
    report=st.none() | st.integers(1, 170),
    extensions=st.integers(0, 2),
    chase_ups=st.booleans(),
    done=st.none() | st.integers(1, 170),
    reopen=st.none() | st.integers(1, 60),
    give_back=st.none() | st.integers(1, 170),
)


def _day(offset: int) -> dt.date:
    return START + dt.timedelta(days=offset)


def _step(call: Any, **kwargs: Any) -> None:
    """A step the services refuse on this history (an extension of a task done...) is skipped."""
    with contextlib.suppress(ApplicationError), transaction.atomic():
        call(**kwargs)


def _move(task: Any, action: str, day: dt.date, actor: Any = None, **extra: Any) -> None:
    task.refresh_from_db()
    _step(
        lifecycle.task_transition,
        actor=actor,
        task=task,
        action=action,
        expected_version=task.version,
        on=day,
        **extra,
    )


def _play(cast: SimpleNamespace, document: Any, plan: Plan) -> None:
    lead = cast.culture_office if plan.office else cast.culture
    person = cast.oanh if plan.office else cast.dung
    deadline = _day(plan.deadline)
    task = assignment.task_assign(
        actor=None,
        document=document,
        content="Nhiệm vụ ngẫu nhiên",
        lead_unit=lead,
        assigner_unit=cast.party_office,
        lead_person=person.person if plan.office else None,
        deadline_on=deadline,
        assigned_on=START,
    )
    if plan.report is not None:
        _step(
            progress.task_report_progress,
            actor=person,
            task=task,
            percent=30,
            text="Báo cáo",
            on=_day(plan.report),
        )
    for number in range(plan.extensions):
        task.refresh_from_db()
        _step(
            progress.extension_request,
            actor=person,
            task=task,
            proposed_deadline_on=deadline + dt.timedelta(days=30 * (number + 1)),
            reason="Chờ số liệu",
            on=deadline - dt.timedelta(days=2 - number),
        )
    if plan.chase_ups:
        for week in (3, 10, 17):
            _step(
                lifecycle.task_chase_up,
                actor=None,
                task=task,
                text="Đề nghị báo cáo",
                on=deadline + dt.timedelta(days=week),
            )
    if plan.give_back is not None and not plan.office:
        _move(task, "return", _day(plan.give_back), cast.dung, reason="Không thuộc chức năng của Sở")
        _move(task, "reassign", _day(plan.give_back + 1), lead_unit=cast.info)
    if plan.done is not None:
        _move(task, "report_done", _day(plan.done), person, reason="Đã xong")
        _move(task, "accept", _day(plan.done + 1))
        if plan.reopen is not None:
            _move(task, "reopen", _day(plan.done + 1 + plan.reopen), reason="Thiếu nội dung")


def _check(cast: SimpleNamespace) -> int:
    board = selectors.unit_board(
        actor=cast.dung, unit_id=cast.culture.pk, starts_on=Q2_FROM, ends_on=Q2_TO, purpose="test"
    )
    for column in board.columns:
        window = Window(Q2_FROM, Q2_TO, (cast.culture.path,), None, column.threshold.params)
        assert column.definition.counts(window) == count_hits(column.definition.finder(window)), column.code

        def records(code: str = column.code, **extra: Any) -> int:
            return selectors.unit_records(
                actor=cast.dung, code=code, starts_on=Q2_FROM, ends_on=Q2_TO, purpose="test", **extra
            ).count

        assert records(unit_id=cast.culture.pk) == board.total.counts[column.code]
        for row in board.units:
            assert row.unit is not None
            unit = cast.culture if row.own else row.unit
            assert records(unit_id=unit.pk, own=row.own) == row.counts[column.code], column.code
        for row in board.people:
            assert row.person is not None
            assert records(unit_id=cast.culture.pk, person_id=row.person.pk) == row.counts[column.code]
    return board.total.total


@pytest.mark.django_db
def test_counts_are_the_records_on_random_histories(cast: SimpleNamespace, make_document: Any) -> None:
    totals: list[int] = []

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    @given(histories=st.lists(plans, min_size=1, max_size=6))
    def run(histories: list[Plan]) -> None:
        with transaction.atomic():  # each example on a clean slate: rolled back at its end
            document = make_document("47-KH/ĐU", cast.culture_party, issued_on=dt.date(2023, 1, 5))
            for plan in histories:
                _play(cast, document, plan)
            totals.append(_check(cast))
            transaction.set_rollback(True)

    run()
    assert max(totals) > 0  # not an empty board every time: the counts were put to the test
