"""The rules of the monthly evaluation as data (issue 14, item 2; R7): the grade boundaries, the
A quota over any unit size, and the task part against its worked example and against random
cases computed by hand here, apart from the formula's code."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mandate.evaluations import monthly_rules
from mandate.evaluations.monthly_rules import RulesError, TaskFacts

RULES = monthly_rules.rules_for(dt.date(2023, 3, 1))
CENTS = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n) / 100)


def test_the_rules_in_force_are_decision_3814_with_its_source() -> None:
    assert RULES.code == "3814-QD-TU/v1"
    assert "3814-QĐ/TU" in RULES.source
    assert (RULES.discipline_max, RULES.task_max, RULES.bonus_max) == (Decimal(20), Decimal(70), Decimal(10))
    with pytest.raises(RulesError):
        monthly_rules.rules_for(dt.date(2018, 6, 1))  # before 01/07/2018 no rule applied


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "A"),
        ("90", "A"),
        ("89.99", "B"),
        ("70", "B"),
        ("69.99", "C"),
        ("50", "C"),
        ("49.99", "D"),
        ("0", "D"),
    ],
)
def test_grade_boundaries(total: str, grade: str) -> None:
    assert monthly_rules.grade(RULES, Decimal(total)) == grade


@given(CENTS)
def test_every_total_has_the_grade_of_its_band(total: Decimal) -> None:
    expected = "A" if total >= 90 else "B" if total >= 70 else "C" if total >= 50 else "D"
    assert monthly_rules.grade(RULES, total) == expected


@given(st.integers(min_value=0, max_value=5000), st.booleans())
def test_the_a_quota_is_the_floor_of_the_percentage_of_those_rated(rated: int, outstanding: bool) -> None:
    quota = monthly_rules.a_quota(RULES, rated, outstanding=outstanding)
    percent = 40 if outstanding else 30
    assert quota == rated * percent // 100
    assert quota * 100 <= rated * percent < (quota + 1) * 100
    assert 0 <= quota <= rated


def test_the_quota_of_small_units() -> None:
    assert [monthly_rules.a_quota(RULES, n, outstanding=False) for n in (0, 1, 3, 4, 10, 11)] == [
        0,
        0,
        0,
        1,
        3,
        3,
    ]
    assert monthly_rules.a_quota(RULES, 5, outstanding=True) == 2


def test_the_worked_example_gives_the_points_it_states() -> None:
    part = monthly_rules.task_part(RULES, RULES.formula.example)
    assert part.points == Decimal("49.00") == RULES.formula.example_points
    # earned = 2 × 1 + 1 × 0,75 + 1 × 0,75 + 1 × 0 of 5 due
    assert (part.earned_weight, part.due_weight) == (Decimal("3.5"), Decimal(5))
    assert [line.deductions for line in part.lines] == [
        (),
        (("late", Decimal("0.25")),),
        (("rework", Decimal("0.25")),),
        (("overdue", Decimal(1)),),
    ]


def test_no_task_due_gives_no_points() -> None:
    assert monthly_rules.task_part(RULES, []).points is None


TASKS = st.lists(
    st.tuples(
        st.sampled_from(["on_time", "late", "overdue"]),
        st.one_of(st.none(), st.integers(min_value=1, max_value=500).map(lambda n: Decimal(n) / 10)),
        st.integers(min_value=0, max_value=5),
    ),
    min_size=1,
    max_size=12,
)


@given(TASKS)
def test_random_months_equal_the_sum_done_by_hand(tasks: list[tuple[str, Decimal | None, int]]) -> None:
    due = earned = Decimal(0)
    for outcome, weight, reworks in tasks:
        w = weight if weight is not None else Decimal(1)
        due += w
        if outcome == "overdue":
            continue
        share = Decimal(1) - (Decimal("0.25") if outcome == "late" else 0) - Decimal("0.25") * reworks
        earned += w * max(share, Decimal(0))
    by_hand = (Decimal(70) * earned / due).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    facts = [TaskFacts(label="x", weight=w, outcome=o, reworks=r) for o, w, r in tasks]
    part = monthly_rules.task_part(RULES, facts)
    assert part.points == by_hand
    assert part.points is not None and 0 <= part.points <= 70


def _file(**change: Any) -> dict[str, Any]:
    import yaml

    data: dict[str, Any] = yaml.safe_load(monthly_rules.DATA.read_text(encoding="utf-8"))
    data["versions"][0].update(change)
    return data


def test_a_file_whose_example_is_wrong_is_refused() -> None:
    data = _file()
    data["versions"][0]["formula"]["worked_example"]["points"] = "50.00"
    with pytest.raises(RulesError, match="worked example"):
        monthly_rules.parse(data)


def test_a_file_with_grades_out_of_order_is_refused() -> None:
    with pytest.raises(RulesError, match="grades"):
        monthly_rules.parse(_file(grades={"A": 70, "B": 90, "C": 50, "D": 0}))
