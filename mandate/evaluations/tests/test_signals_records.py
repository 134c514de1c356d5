"""The signals counted from the task records (issue 14 item 1): each signal finds the world's
task that is there for it, history is true, and every figure's records reproduce it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from mandate.evaluations import selectors_signals as selectors
from mandate.evaluations.signals_registry import Hit
from mandate.evaluations.tests.signals_world import Q2_FROM, Q2_TO, World, build_world


@pytest.fixture
def world(cast: SimpleNamespace, make_document: Any) -> World:
    return build_world(cast, make_document)


def _board(
    cast: SimpleNamespace, unit: Any, starts_on: dt.date = Q2_FROM, ends_on: dt.date = Q2_TO
) -> selectors.Board:
    return selectors.unit_board(
        actor=cast.dung if unit != cast.info else cast.tin,
        unit_id=unit.pk,
        starts_on=starts_on,
        ends_on=ends_on,
        purpose="test",
    )


def _hits(cast: SimpleNamespace, board: selectors.Board, code: str) -> list[Hit]:
    """The records behind the board's figure (its drill-down): the board itself only counts."""
    records = selectors.unit_records(
        actor=cast.dung if board.unit != cast.info else cast.tin,
        unit_id=board.unit.pk,
        code=code,
        starts_on=board.starts_on,
        ends_on=board.ends_on,
        purpose="test",
    )
    assert records.count == board.total.counts[code]
    return records.hits


def _ids(cast: SimpleNamespace, board: selectors.Board, code: str) -> set[int]:
    return {hit.record_id for hit in _hits(cast, board, code)}


@pytest.mark.django_db
def test_each_signal_finds_its_task_in_the_second_quarter(cast: SimpleNamespace, world: World) -> None:
    with translation.override("vi"):
        board = _board(cast, cast.culture)

    # The reopened task is overdue again (due 31/03) and nothing was reported since its reopening.
    assert _ids(cast, board, "overdue_unreported") == {world.silent.pk, world.extended.pk, world.reopened.pk}
    assert world.silent.pk in _ids(cast, board, "not_updated")
    assert world.reported.pk not in _ids(cast, board, "not_updated")
    assert _ids(cast, board, "repeated_extensions") == {world.extended.pk}
    assert {h.detail for h in _hits(cast, board, "returned_not_ours")} == {
        "dung trả lại: Không thuộc chức năng của Sở"
    }
    assert _ids(cast, board, "escalated_after_reminders") == {world.silent.pk}
    assert [h.day for h in _hits(cast, board, "reopened_after_acceptance")] == [dt.date(2023, 5, 2)]
    assert board.total.counts["recommendations_overdue"] == 0


@pytest.mark.django_db
def test_a_return_counts_for_the_unit_and_the_person_that_returned_it(
    cast: SimpleNamespace, world: World
) -> None:
    culture = _board(cast, cast.culture)
    info = _board(cast, cast.info)

    assert culture.total.counts["returned_not_ours"] == 1
    assert info.total.counts["returned_not_ours"] == 0
    dung_row = next(row for row in culture.people if row.person == cast.dung.person)
    assert dung_row.counts["returned_not_ours"] == 1
    assert dung_row.counts["overdue_unreported"] == 0


@pytest.mark.django_db
def test_the_office_and_its_person_carry_the_office_tasks(cast: SimpleNamespace, world: World) -> None:
    board = _board(cast, cast.culture)

    office = next(row for row in board.units if row.unit == cast.culture_office)
    own = next(row for row in board.units if row.own)
    oanh = next(row for row in board.people if row.person == cast.oanh.person)
    assert office.counts["overdue_unreported"] == 2
    assert own.counts["overdue_unreported"] == 1
    assert own.counts["returned_not_ours"] == 1
    assert own.counts["repeated_extensions"] == 1
    assert oanh.counts["overdue_unreported"] == 2
    assert oanh.counts["reopened_after_acceptance"] == 1
    assert "overdue_unreported" in oanh.noticed
    assert "returned_not_ours" not in own.noticed  # marked from 2 (data/signals.yaml)


@pytest.mark.django_db
def test_history_is_true_the_first_quarter_reads_what_was_recorded_by_its_end(
    cast: SimpleNamespace, world: World
) -> None:
    q1 = _board(cast, cast.culture, dt.date(2023, 1, 1), dt.date(2023, 3, 31))

    assert q1.as_of == dt.date(2023, 3, 31)
    assert q1.total.counts["returned_not_ours"] == 0
    assert q1.total.counts["reopened_after_acceptance"] == 0
    assert q1.total.counts["escalated_after_reminders"] == 0
    # On 31/03 the extended task was due 15/04 (the first extension): not overdue yet.
    assert world.extended.pk not in _ids(cast, q1, "overdue_unreported")
    # Asked once by then: not yet "more than once".
    assert q1.total.counts["repeated_extensions"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code",
    [
        "overdue_unreported",
        "not_updated",
        "repeated_extensions",
        "returned_not_ours",
        "reopened_after_acceptance",
        "escalated_after_reminders",
    ],
)
def test_every_figure_is_reproduced_by_its_records(cast: SimpleNamespace, world: World, code: str) -> None:
    board = _board(cast, cast.culture)

    def records(**extra: Any) -> int:
        found = selectors.unit_records(
            actor=cast.dung, code=code, starts_on=Q2_FROM, ends_on=Q2_TO, purpose="test", **extra
        )
        return found.count

    assert records(unit_id=cast.culture.pk) == board.total.counts[code]
    for row in board.units:
        assert row.unit is not None
        assert records(unit_id=(cast.culture if row.own else row.unit).pk, own=row.own) == row.counts[code]
    for row in board.people:
        assert row.person is not None
        assert records(unit_id=cast.culture.pk, person_id=row.person.pk) == row.counts[code]
    assert board.total.counts[code] >= 1


@pytest.mark.django_db
def test_signals_for_person_gives_the_counts_with_their_records(cast: SimpleNamespace, world: World) -> None:
    period = SimpleNamespace(starts_on=Q2_FROM, ends_on=Q2_TO)

    found = selectors.signals_for_person(cast.dung, cast.oanh.person, period)

    assert found["overdue_unreported"].count == 2
    assert set(found["overdue_unreported"].record_ids) == {world.silent.pk, world.reopened.pk}
    assert found["overdue_unreported"].record_type == "tasks.task"
    assert found["reopened_after_acceptance"].noticed
    assert "indicator_reports_late" not in found  # a unit's signal, never a person's


@pytest.mark.django_db
def test_a_period_not_begun_or_backwards_is_refused(cast: SimpleNamespace, world: World) -> None:
    from mandate.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        _board(cast, cast.culture, dt.date(2023, 6, 30), dt.date(2023, 4, 1))
    with pytest.raises(ApplicationError):
        _board(cast, cast.culture, dt.date(2099, 1, 1), dt.date(2099, 3, 31))
