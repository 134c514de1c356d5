"""Reporting rates (ADR 0037): who submitted a set's values for a period, on time or late against
its deadline, and who did not, with a share per level, as recorded by a day; and the reminders
to the units that have not submitted, like a task's."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate.indicators import jobs, reporting_rates
from mandate.indicators.enums import ReportingStatus
from mandate.indicators.hierarchy import Hierarchy
from mandate.indicators.models import IndicatorSet, Submission
from mandate.indicators.services import actuals, approval
from mandate.notifications.models import Notification

pytestmark = pytest.mark.django_db
S = ReportingStatus


def _enter_and_submit(w: SimpleNamespace, indicator_set: IndicatorSet, unit: Any, day: dt.date) -> Submission:
    indicator = indicator_set.items.first().indicator  # type: ignore[union-attr]
    actuals.actuals_enter(
        actor=None, indicator_set=indicator_set, unit=unit, period=w.y2023,
        entries=[actuals.ActualEntry(indicator=indicator, value=Decimal(5))], on=day,
    )  # fmt: skip
    return _move(
        Submission.objects.get(indicator_set=indicator_set, unit=unit, period=w.y2023), "submit", day
    )


def _move(submission: Submission, action: str, day: dt.date) -> Submission:
    submission.refresh_from_db()
    return approval.submission_transition(
        actor=None,
        submission=submission,
        action=action,
        expected_version=submission.version,
        reason="Sai số",
        on=day,
    )


def _rate(
    actor: Any, indicator_set: IndicatorSet, w: SimpleNamespace, on: dt.date
) -> reporting_rates.ReportingRate:
    return reporting_rates.reporting_rate(actor=actor, indicator_set=indicator_set, period=w.y2023, on=on)


def _statuses(rate: reporting_rates.ReportingRate) -> dict[str, str]:
    return {row.unit.name: row.status for row in rate.rows}


def test_on_time_late_returned_and_not_submitted_as_recorded_by_a_day(cast: Any, ind: SimpleNamespace):
    district, info = cast.district_state.name, cast.info.name
    _enter_and_submit(ind, ind.titles, cast.district_state, dt.date(2024, 1, 10))
    late = _enter_and_submit(ind, ind.titles, cast.info, dt.date(2024, 1, 20))

    before = _rate(cast.dung, ind.titles, ind, dt.date(2024, 1, 16))
    assert before.deadline == dt.date(2024, 1, 15)  # 31/12/2023 + 15 days
    assert _statuses(before) == {district: S.ON_TIME, info: S.NOT_SUBMITTED}
    (level,) = before.levels
    assert (level.unit, level.counts.expected, level.counts.submitted, level.counts.rate) == (
        cast.culture, 2, 1, Decimal("50.00"),
    )  # fmt: skip

    after = _rate(cast.dung, ind.titles, ind, dt.date(2024, 2, 1))
    assert _statuses(after) == {district: S.ON_TIME, info: S.LATE}
    assert (after.levels[0].counts.rate, after.levels[0].counts.on_time_rate) == (
        Decimal("100.00"),
        Decimal("50.00"),
    )

    _move(late, "return", dt.date(2024, 2, 5))
    assert _statuses(_rate(cast.dung, ind.titles, ind, dt.date(2024, 2, 10)))[info] == S.RETURNED
    # History is true: the rate as of 01/02/2024 has not changed.
    assert _statuses(_rate(cast.dung, ind.titles, ind, dt.date(2024, 2, 1))) == {
        district: S.ON_TIME,
        info: S.LATE,
    }
    _move(late, "submit", dt.date(2024, 2, 12))
    assert _statuses(_rate(cast.dung, ind.titles, ind, dt.date(2024, 3, 1)))[info] == S.LATE


def test_each_reader_sees_the_units_whose_figures_he_reads_and_the_shares_of_his_levels(
    cast: Any, ind: SimpleNamespace
):
    _enter_and_submit(ind, ind.chain, cast.district_state, dt.date(2024, 1, 3))
    day = dt.date(2024, 2, 1)

    whole = _rate(cast.dung, ind.chain, ind, day)
    assert [row.unit for row in whole.rows] == sorted([cast.info, cast.district_state], key=lambda u: u.path)
    assert [(s.unit, s.counts.expected, s.counts.on_time) for s in whole.levels] == [
        (cast.culture, 2, 1), (cast.info, 1, 1),
    ]  # fmt: skip
    middle = _rate(cast.tin, ind.chain, ind, day)
    assert {row.unit for row in middle.rows} == {cast.info, cast.district_state}
    assert [s.unit for s in middle.levels] == [cast.info]
    own = _rate(cast.bao, ind.chain, ind, day)
    assert ([row.unit for row in own.rows], own.levels) == ([cast.district_state], [])


@st.composite
def trees(draw: st.DrawFn) -> tuple[Hierarchy, dict[int, str]]:
    size = draw(st.integers(min_value=1, max_value=25))
    parent_of = {unit: draw(st.integers(min_value=0, max_value=unit - 1)) for unit in range(1, size + 1)}
    statuses = {unit: draw(st.sampled_from(S.values)) for unit in parent_of}
    path_of = {unit: f"{unit:04}" for unit in range(size + 1)}
    return Hierarchy(set_id=1, collecting_id=0, parent_of=parent_of, path_of=path_of), statuses


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(trees())
def test_a_levels_share_counts_every_unit_below_it_and_rounds_half_up(tree: tuple[Hierarchy, dict[int, str]]):
    hierarchy, statuses = tree
    levels = [0, *set(hierarchy.parent_of.values())]
    counted = reporting_rates.shares(hierarchy, statuses, levels)
    assert counted[0].expected == len(statuses)
    for level in levels:
        below = [u for u in statuses if level in hierarchy.chain(u)]
        counts = counted[level]
        assert counts.expected == len(below)
        assert counts.submitted == sum(statuses[u] in (S.ON_TIME, S.LATE) for u in below)
        assert counts.submitted + counts.returned + counts.not_submitted == counts.expected
        half_up = math.floor(Fraction(counts.submitted * 100 * 100, counts.expected) + Fraction(1, 2))
        assert counts.rate == Decimal(half_up) / 100


def test_reminders_before_on_and_after_the_deadline_then_one_escalation_each_once(
    cast: Any, ind: SimpleNamespace
):
    _enter_and_submit(ind, ind.titles, cast.district_state, dt.date(2024, 1, 9))
    for unit in (cast.district_state, cast.info):  # the other set is all in: nothing to remind
        _enter_and_submit(ind, ind.chain, unit, dt.date(2024, 1, 9))

    def notices(user: Any) -> list[str]:
        """The reminders and escalations the user got (not the notices of the submissions)."""
        rows = Notification.objects.filter(recipient=user).exclude(kind="status_changed")
        return list(rows.order_by("id").values_list("kind", flat=True))

    assert jobs.remind(day="2024-01-10") == {"before": 1, "due": 0, "overdue": 0, "escalated": 0}
    assert jobs.remind(day="2024-01-10")["before"] == 0  # a second run sends nothing twice
    assert notices(cast.tin) == ["reminder_before"]
    assert notices(cast.bao) == []  # district_state has submitted
    jobs.remind(day="2024-01-15")
    jobs.remind(day="2024-01-16")  # one working day after: nothing yet
    jobs.remind(day="2024-01-18")  # three working days after
    assert notices(cast.tin) == ["reminder_before", "reminder_due", "reminder_overdue"]
    jobs.remind(day="2024-01-26")  # the third cycle (the second caught up in it) and the escalation
    assert notices(cast.tin)[3:] == ["reminder_overdue"]
    assert notices(cast.dung) == ["escalation"]
    assert jobs.remind(day="2024-01-26") == {"before": 0, "due": 0, "overdue": 0, "escalated": 0}
    notice = Notification.objects.filter(recipient=cast.dung, kind="escalation").get()
    assert cast.info.name in notice.title and "15/01/2024" in notice.title
