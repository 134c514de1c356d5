"""The declared life cycle of an inspection (docs/adr/0041): each refused move is a 409 with its
reason, each move an event with its day and an audit entry, a stale version a 409; and no
sequence of moves reaches a state out of order."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.core.exceptions import ApplicationError, ConflictError, InvalidStateError
from mandate.core.models import AuditEntry
from mandate.inspections import services
from mandate.inspections.enums import InspectionState
from mandate.inspections.models import Inspection, InspectionEvent
from mandate.inspections.tests.records_cast import conclude_every_subject
from mandate.inspections.transitions import MOVES, ORDER

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 7, 19)


def _move(records: SimpleNamespace, action: str, **extra: object) -> Inspection:
    inspection = Inspection.objects.get(pk=records.inspection.pk)
    values: dict[str, object] = {"on": DAY} | extra
    if action == "decide":
        values.setdefault("decision_number", "05-QĐ/UBKT")
    return services.inspection_move(
        actor=records.kt, inspection=inspection, action=action, expected_version=inspection.version,
        **values,  # type: ignore[arg-type]
    )  # fmt: skip


def test_the_whole_life_cycle_writes_an_event_and_an_audit_entry_per_move(records: SimpleNamespace) -> None:
    _move(records, "decide")
    _move(records, "start")
    conclude_every_subject(records.inspection, DAY)
    _move(records, "conclude")
    inspection = _move(records, "follow_up_done", on=DAY + dt.timedelta(days=30))
    assert inspection.state == InspectionState.FOLLOW_UP_DONE
    assert (inspection.decision_number, inspection.decided_on, inspection.concluded_on) == (
        "05-QĐ/UBKT",
        DAY,
        DAY,
    )
    events = list(InspectionEvent.objects.filter(inspection=inspection).values_list("to_state", "on_date"))
    assert [state for state, _day in events] == list(ORDER)
    assert events[-1][1] == DAY + dt.timedelta(days=30)
    actions = set(AuditEntry.objects.filter(target_id=str(inspection.pk)).values_list("action", flat=True))
    assert {f"inspections.inspection_{name}" for name in MOVES} <= actions


def test_a_decision_needs_a_leader_and_a_subject(records: SimpleNamespace) -> None:
    services.team_member_remove(actor=records.kt, member=records.leader)
    with pytest.raises(InvalidStateError) as no_leader:
        _move(records, "decide")
    assert "trưởng đoàn" in str(no_leader.value.message)  # the tests speak Vietnamese
    services.team_member_add(
        actor=records.kt, inspection=records.inspection, person=records.cast.van.person, role="leader"
    )
    services.subject_withdraw(actor=records.kt, subject=records.org_subject, reason="Nhầm")
    services.subject_withdraw(actor=records.kt, subject=records.person_subject, reason="Nhầm")
    with pytest.raises(InvalidStateError) as no_subject:
        _move(records, "decide")
    assert no_subject.value.status_code == 409
    assert "đối tượng" in str(no_subject.value.message)


def test_a_decision_needs_its_number_and_date(records: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError) as no_number:
        _move(records, "decide", decision_number="  ")
    assert "decision_number" in no_number.value.fields
    with pytest.raises(ApplicationError) as no_date:
        _move(records, "decide", on=None)
    assert "on" in no_date.value.fields
    assert Inspection.objects.get(pk=records.inspection.pk).state == InspectionState.PLANNED


def test_moves_out_of_order_are_refused_with_the_reason(records: SimpleNamespace) -> None:
    for action in ("start", "conclude", "follow_up_done"):
        with pytest.raises(InvalidStateError) as refused:
            _move(records, action)
        assert refused.value.code == "invalid_transition"
        assert refused.value.status_code == 409
    _move(records, "decide")
    with pytest.raises(InvalidStateError):
        _move(records, "decide")


def test_a_conclusion_needs_a_conclusion_for_every_subject(records: SimpleNamespace) -> None:
    _move(records, "decide")
    _move(records, "start")
    with pytest.raises(InvalidStateError) as refused:
        _move(records, "conclude")
    assert "2" in str(refused.value.message)
    conclude_every_subject(records.inspection, DAY)
    with pytest.raises(ApplicationError) as no_date:
        _move(records, "conclude", on=None)
    assert "on" in no_date.value.fields
    assert _move(records, "conclude").state == InspectionState.CONCLUDED


def test_a_day_before_the_previous_step_is_refused(records: SimpleNamespace) -> None:
    _move(records, "decide")
    with pytest.raises(ApplicationError) as refused:
        _move(records, "start", on=DAY - dt.timedelta(days=1))
    assert "19/07/2024" in str(refused.value.message)


def test_a_stale_version_is_a_conflict(records: SimpleNamespace) -> None:
    inspection = Inspection.objects.get(pk=records.inspection.pk)
    with pytest.raises(ConflictError):
        services.inspection_move(
            actor=records.kt, inspection=inspection, action="decide", expected_version=inspection.version - 1,
            on=DAY, decision_number="05",
        )  # fmt: skip


def test_after_the_conclusion_team_and_subjects_no_longer_change(records: SimpleNamespace) -> None:
    _move(records, "decide")
    _move(records, "start")
    conclude_every_subject(records.inspection, DAY)
    inspection = _move(records, "conclude")
    with pytest.raises(InvalidStateError):
        services.subject_add(actor=records.kt, inspection=inspection, unit=records.cast.info)
    with pytest.raises(InvalidStateError):
        services.team_member_remove(actor=records.kt, member=records.leader)


STEPS = st.lists(
    st.tuples(
        st.sampled_from([*MOVES, "conclude_subjects", "leave", "join"]),
        st.integers(min_value=-3, max_value=10),
    ),
    max_size=12,
)


@settings(
    max_examples=30, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
@given(steps=STEPS)
def test_no_sequence_of_moves_reaches_a_state_out_of_order(
    records: SimpleNamespace, steps: list[tuple[str, int]]
) -> None:
    with transaction.atomic():
        day = DAY
        for operation, gap in steps:
            day += dt.timedelta(days=gap)
            before = Inspection.objects.get(pk=records.inspection.pk).state
            try:
                if operation == "conclude_subjects":
                    conclude_every_subject(records.inspection, day)
                elif operation == "leave":
                    leader = records.inspection.team.filter(role="leader", left_on__isnull=True).first()
                    if leader is not None:
                        services.team_member_remove(actor=records.kt, member=leader, left_on=day)
                elif operation == "join":
                    services.team_member_add(
                        actor=records.kt, inspection=records.inspection, person=records.cast.tin.person,
                        role="leader",
                    )  # fmt: skip
                else:
                    _move(records, operation, on=day)
            except ApplicationError:
                pass
            after = Inspection.objects.get(pk=records.inspection.pk).state
            assert ORDER.index(after) - ORDER.index(before) in (0, 1)
            if after != before:
                assert after == MOVES[operation].target
        inspection = Inspection.objects.get(pk=records.inspection.pk)
        events = list(InspectionEvent.objects.filter(inspection=inspection).order_by("id"))
        assert [e.to_state for e in events] == list(ORDER[: ORDER.index(inspection.state) + 1])
        days = [e.on_date for e in events[1:]]
        assert days == sorted(days)
        transaction.set_rollback(True)
