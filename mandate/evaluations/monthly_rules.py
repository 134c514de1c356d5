"""The rules of the monthly evaluation (issue 14, item 2; R7), read from ``data/monthly.yaml``
and checked when read: the scale, the grade thresholds, the A quota, the closing day and the
formula of the task part. Pure functions over them, so that the property tests and the page's
worked example run the very code the services run.

Why a file and not code: the city changes its scale or the unit its formula by decision; the
version in force on a month's first day applies, and each evaluation records its code.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data" / "monthly.yaml"
CENT = Decimal("0.01")
OUTCOMES = ("on_time", "late", "overdue")
GRADES = ("A", "B", "C", "D")


class RulesError(ValueError):
    """The data file is not what the evaluation needs: refused when read, never half-applied."""


@dataclass(frozen=True)
class Formula:
    code: str
    source: str
    default_weight: Decimal
    on_time_share: Decimal
    late_deduction: Decimal
    rework_deduction: Decimal
    overdue_share: Decimal
    example: tuple[TaskFacts, ...]
    example_points: Decimal


@dataclass(frozen=True)
class Rules:
    code: str
    valid_from: dt.date
    source: str
    discipline_max: Decimal
    task_max: Decimal
    bonus_max: Decimal
    grades: tuple[tuple[str, Decimal], ...]  # (grade, lowest total), highest first
    a_quota_percent: int
    a_quota_percent_outstanding: int
    closing_working_day: int
    formula: Formula

    @property
    def total_max(self) -> Decimal:
        return self.discipline_max + self.task_max + self.bonus_max


@dataclass(frozen=True)
class TaskFacts:
    """What the formula reads of one task: its weight, how it ended by the day read, and how many
    times it was returned for rework."""

    label: str
    weight: Decimal | None
    outcome: str  # one of OUTCOMES
    reworks: int = 0
    task_id: int | None = None


@dataclass(frozen=True)
class TaskLine:
    facts: TaskFacts
    weight: Decimal
    share: Decimal  # the fraction of its weight it earns (0..1)
    earned: Decimal
    deductions: tuple[tuple[str, Decimal], ...]  # (reason: late/rework/overdue, fraction lost)


@dataclass(frozen=True)
class TaskPart:
    lines: tuple[TaskLine, ...]
    due_weight: Decimal
    earned_weight: Decimal
    points: Decimal | None  # None: no task fell due, the leader enters the part


def _decimal(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except ArithmeticError as err:
        raise RulesError(f"{where}: {value!r} is not a number.") from err
    if not number.is_finite() or number < 0:
        raise RulesError(f"{where}: {value!r} is not a number of zero or more.")
    return number


def _fraction(value: Any, where: str) -> Decimal:
    number = _decimal(value, where)
    if number > 1:
        raise RulesError(f"{where}: a share is between 0 and 1, not {value!r}.")
    return number


def _facts(row: dict[str, Any], where: str) -> TaskFacts:
    if row.get("outcome") not in OUTCOMES:
        raise RulesError(f"{where}: the outcome is one of {', '.join(OUTCOMES)}.")
    return TaskFacts(
        label=str(row.get("label", "")),
        weight=_decimal(row["weight"], where) if row.get("weight") is not None else None,
        outcome=row["outcome"],
        reworks=int(row.get("reworks", 0)),
    )


def _formula(row: dict[str, Any], where: str) -> Formula:
    example = row.get("worked_example") or {}
    formula = Formula(
        code=str(row["code"]),
        source=str(row["source"]).strip(),
        default_weight=_decimal(row["default_weight"], f"{where}.default_weight"),
        on_time_share=_fraction(row["on_time_share"], f"{where}.on_time_share"),
        late_deduction=_fraction(row["late_deduction"], f"{where}.late_deduction"),
        rework_deduction=_fraction(row["rework_deduction"], f"{where}.rework_deduction"),
        overdue_share=_fraction(row["overdue_share"], f"{where}.overdue_share"),
        example=tuple(_facts(task, f"{where}.worked_example") for task in example.get("tasks", [])),
        example_points=_decimal(example.get("points", "0"), f"{where}.worked_example.points"),
    )
    if not formula.example:
        raise RulesError(f"{where}: a formula is shown with its worked example.")
    return formula


def _version(row: dict[str, Any], index: int) -> Rules:
    where = f"versions[{index}]"
    try:
        scale, grades = row["scale"], row["grades"]
        rules = Rules(
            code=str(row["code"]),
            valid_from=row["valid_from"],
            source=" ".join(str(row["source"]).split()),
            discipline_max=_decimal(scale["discipline_max"], f"{where}.scale"),
            task_max=_decimal(scale["task_max"], f"{where}.scale"),
            bonus_max=_decimal(scale["bonus_max"], f"{where}.scale"),
            grades=tuple((grade, _decimal(grades[grade], f"{where}.grades")) for grade in GRADES),
            a_quota_percent=int(row["a_quota_percent"]),
            a_quota_percent_outstanding=int(row["a_quota_percent_outstanding"]),
            closing_working_day=int(row["closing_working_day"]),
            formula=_formula(row["formula"], f"{where}.formula"),
        )
    except (KeyError, TypeError) as err:
        raise RulesError(f"{where}: missing or malformed {err}.") from err
    if not isinstance(rules.valid_from, dt.date):
        raise RulesError(f"{where}: valid_from is a date.")
    lows = [low for _grade, low in rules.grades]
    if lows != sorted(lows, reverse=True) or lows[-1] != 0:
        raise RulesError(f"{where}: the grades' lowest totals go down to 0.")
    if not 0 <= rules.a_quota_percent <= rules.a_quota_percent_outstanding <= 100:
        raise RulesError(f"{where}: the A quotas are percentages, the outstanding one the larger.")
    if not 1 <= rules.closing_working_day <= 20:
        raise RulesError(f"{where}: the closing day is a working day of the next month (1 to 20).")
    if task_part(rules, rules.formula.example).points != rules.formula.example_points:
        raise RulesError(f"{where}: the worked example does not give the points it states.")
    return rules


def parse(data: Any) -> tuple[Rules, ...]:
    if not isinstance(data, dict) or not isinstance(data.get("versions"), list) or not data["versions"]:
        raise RulesError("The file lists the rules' versions under 'versions'.")
    versions = tuple(_version(row, index) for index, row in enumerate(data["versions"]))
    return tuple(sorted(versions, key=lambda rules: rules.valid_from))


@functools.cache
def versions() -> tuple[Rules, ...]:
    with DATA.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))


def rules_for(month: dt.date) -> Rules:
    """The version in force on the month's first day."""
    first = month.replace(day=1)
    in_force = [rules for rules in versions() if rules.valid_from <= first]
    if not in_force:
        raise RulesError(f"No rule of the monthly evaluation was in force in {first:%m/%Y}.")
    return in_force[-1]


def rules_by_code(code: str) -> Rules:
    for rules in versions():
        if rules.code == code:
            return rules
    raise RulesError(f"No version {code!r} of the monthly evaluation's rules.")


def grade(rules: Rules, total: Decimal) -> str:
    """A ≥ 90, B 70–<90, C 50–<70, D < 50 on the 3814 scale (89,99 is a B)."""
    for name, low in rules.grades:
        if total >= low:
            return name
    return rules.grades[-1][0]


def a_quota(rules: Rules, rated: int, *, outstanding: bool) -> int:
    """At most floor(30 % × the number rated) A grades, 40 % in an exceptionally outstanding unit."""
    percent = rules.a_quota_percent_outstanding if outstanding else rules.a_quota_percent
    return int((Decimal(rated) * percent / 100).to_integral_value(rounding=ROUND_FLOOR))


def _line(formula: Formula, facts: TaskFacts) -> TaskLine:
    weight = facts.weight if facts.weight is not None and facts.weight > 0 else formula.default_weight
    deductions: list[tuple[str, Decimal]] = []
    if facts.outcome == "overdue":
        share = formula.overdue_share
        deductions.append(("overdue", formula.on_time_share - share))
    else:
        share = formula.on_time_share
        if facts.outcome == "late":
            deductions.append(("late", formula.late_deduction))
        deductions += [("rework", formula.rework_deduction)] * facts.reworks
        share = max(Decimal(0), share - sum((lost for _reason, lost in deductions), Decimal(0)))
    return TaskLine(facts, weight, share, weight * share, tuple(deductions))


def task_part(rules: Rules, tasks: tuple[TaskFacts, ...] | list[TaskFacts]) -> TaskPart:
    """70 × earned / due over the tasks that fell due, rounded to the cent; no task due, no points
    (the leader enters the part)."""
    lines = tuple(_line(rules.formula, facts) for facts in tasks)
    due = sum((line.weight for line in lines), Decimal(0))
    earned = sum((line.earned for line in lines), Decimal(0))
    points = None if due == 0 else (rules.task_max * earned / due).quantize(CENT, rounding=ROUND_HALF_UP)
    return TaskPart(lines, due, earned, points)
