"""The arithmetic of indicators: achievement, roll-up, parts of a whole, year on year, league
tables and allocation, as pure functions on ``Decimal`` over plain values (no ORM).

Why here and pure: every page, API, export and report shows these figures, and the demo's
"8.051 / 9.810 = 82,07%" must come out the same everywhere. The rules (ADR 0031):

* **Achievement** = actual / target × 100, or target / actual × 100 for a lower-is-better
  indicator, computed exactly and rounded half up to ``ACHIEVEMENT_PLACES`` (8051 / 9810 → 82.07;
  90 / 69 → 130.43). ``None`` when the divisor is zero or missing: an undefined figure shows as
  undefined, never as a division error or a zero.
* **Roll-up** sums numerators and denominators (actuals and targets) over the reporting units,
  then divides once: it never averages percentages (Akvo RSR #2497). A ``Tally`` is a sum, so a
  roll-up of roll-ups over any partition of the units equals the roll-up of all of them. An
  indicator whose aggregation is ``none`` (a score) is never summed: ``NotSummableError``.
* A unit without an actual counts as nothing reported against its target (DHIS2's behaviour), and
  the tally says how many units had no actual or no target, so that a page can say so.
* Sums and differences are exact (``numbers.exact_sum``), not rounded to 28 digits.

The indicator's direction and aggregation are given as ``Direction`` and ``Aggregation`` or their
values (``"higher"``/``"lower"``, ``"sum"``/``"none"``), so the models' choices with those values
can be passed as they are.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Generic, TypeVar

from django.utils.translation import gettext_lazy as _

from mandate.core.exceptions import ApplicationError
from mandate.core.numbers import divide_half_up, exact_difference, exact_sum

__all__ = [
    "ACHIEVEMENT_PLACES",
    "CHANGE_PLACES",
    "MULTIPLE_PLACES",
    "Aggregation",
    "AllocationCheck",
    "AllocationStatus",
    "Direction",
    "LeagueRow",
    "NotSummableError",
    "PartsCheck",
    "Tally",
    "YearOnYear",
    "achievement",
    "allocation_check",
    "league_table",
    "parts_check",
    "ratio_value",
    "rollup",
    "tally",
    "year_on_year",
]

ACHIEVEMENT_PLACES = 2
"""Achievement is shown and compared with two decimals: 82,07%."""
MULTIPLE_PLACES = 2
"""Year on year, the multiple ("gấp 30,25 lần") is rounded half up to two decimals."""
CHANGE_PLACES = 2
"""Year on year, the change ("+12,50%") is a percentage rounded half up to two decimals."""

K = TypeVar("K", bound=Hashable)


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Aggregation(StrEnum):
    SUM = "sum"
    NONE = "none"


class NotSummableError(ApplicationError):
    default_code = "not_summable"
    default_message = _(
        "This indicator's values are not added up (a score, for example): its units cannot be "
        "rolled up or allocated by sum."
    )


def _require_sum(aggregation: Aggregation | str) -> None:
    if Aggregation(aggregation) is Aggregation.NONE:
        raise NotSummableError()


def _finite(value: Decimal | None) -> Decimal | None:
    if value is not None and not value.is_finite():
        raise ValueError("a measured value is a finite number")
    return value


def _plus(left: Decimal | None, right: Decimal | None) -> Decimal | None:
    if left is None:
        return right
    if right is None:
        return left
    return exact_sum((left, right))


@dataclass(frozen=True)
class Tally:
    """Sums over a set of reporting units: ``numerator`` (the actual, or a ratio indicator's
    numerator) and ``denominator`` (the target, or its denominator); ``None`` when no unit had
    one. ``units`` counts the units summed, ``without_numerator`` and ``without_denominator`` those
    that had no value. ``Tally()`` sums nothing; ``+`` is associative and commutative."""

    numerator: Decimal | None = None
    denominator: Decimal | None = None
    units: int = 0
    without_numerator: int = 0
    without_denominator: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            numerator=_plus(self.numerator, other.numerator),
            denominator=_plus(self.denominator, other.denominator),
            units=self.units + other.units,
            without_numerator=self.without_numerator + other.without_numerator,
            without_denominator=self.without_denominator + other.without_denominator,
        )

    def achievement(self, *, direction: Direction | str = Direction.HIGHER) -> Decimal | None:
        return achievement(actual=self.numerator, target=self.denominator, direction=direction)


def tally(numerator: Decimal | None, denominator: Decimal | None) -> Tally:
    """One unit's figures (its actual and target) as a tally of one."""
    return Tally(
        numerator=_finite(numerator),
        denominator=_finite(denominator),
        units=1,
        without_numerator=int(numerator is None),
        without_denominator=int(denominator is None),
    )


def rollup(tallies: Iterable[Tally], *, aggregation: Aggregation | str = Aggregation.SUM) -> Tally:
    """The sum of the units' tallies; refused for an indicator that is not summed."""
    _require_sum(aggregation)
    total = Tally()
    for item in tallies:
        total = total + item
    return total


def achievement(
    *,
    actual: Decimal | None,
    target: Decimal | None,
    direction: Direction | str = Direction.HIGHER,
    places: int = ACHIEVEMENT_PLACES,
) -> Decimal | None:
    """actual / target × 100 (target / actual × 100 when lower is better), rounded half up."""
    numerator, denominator = (
        (actual, target) if Direction(direction) is Direction.HIGHER else (target, actual)
    )
    if numerator is None or not denominator:
        return None
    return divide_half_up(numerator, denominator, places=places, factor=100)


def ratio_value(
    *, numerator: Decimal | None, denominator: Decimal | None, factor: Decimal | int, places: int
) -> Decimal | None:
    """A ratio indicator's value, numerator / denominator × factor (100 for a percentage, 1000
    per thousand), rounded half up; ``None`` when undefined."""
    if numerator is None or not denominator:
        return None
    return divide_half_up(numerator, denominator, places=places, factor=factor)


@dataclass(frozen=True)
class PartsCheck(Generic[K]):
    """Disaggregations against their whole: ``difference`` = parts' total − whole (``None`` when
    the whole is missing); ``missing`` names the parts without a value; ``over_whole`` the parts
    that alone exceed the whole (88 high-school students ≤ 8,051 members admitted)."""

    whole: Decimal | None
    parts_total: Decimal
    difference: Decimal | None
    missing: tuple[K, ...]
    over_whole: tuple[K, ...]

    @property
    def balanced(self) -> bool:
        return self.difference == 0 and not self.missing


def parts_check(*, whole: Decimal | None, parts: Mapping[K, Decimal | None]) -> PartsCheck[K]:
    given = {key: value for key, value in parts.items() if _finite(value) is not None}
    total = exact_sum(value for value in given.values() if value is not None)
    return PartsCheck(
        whole=_finite(whole),
        parts_total=total,
        difference=None if whole is None else exact_difference(total, whole),
        missing=tuple(key for key, value in parts.items() if value is None),
        over_whole=()
        if whole is None
        else tuple(key for key, value in given.items() if value is not None and value > whole),
    )


@dataclass(frozen=True)
class YearOnYear:
    """The same period of the previous year against this one. ``multiple`` = current / previous
    ("gấp 30 lần"), ``change`` = (current − previous) / previous × 100 ("+12,5%"), each rounded half
    up to its declared places; ``None`` when the previous value is zero or either is missing."""

    current: Decimal | None
    previous: Decimal | None
    difference: Decimal | None
    multiple: Decimal | None
    change: Decimal | None


def year_on_year(
    *,
    current: Decimal | None,
    previous: Decimal | None,
    multiple_places: int = MULTIPLE_PLACES,
    change_places: int = CHANGE_PLACES,
) -> YearOnYear:
    _finite(current)
    _finite(previous)
    if current is None or previous is None:
        return YearOnYear(current, previous, None, None, None)
    difference = exact_difference(current, previous)
    if not previous:
        return YearOnYear(current, previous, difference, None, None)
    return YearOnYear(
        current=current,
        previous=previous,
        difference=difference,
        multiple=divide_half_up(current, previous, places=multiple_places),
        change=divide_half_up(difference, previous, places=change_places, factor=100),
    )


@dataclass(frozen=True)
class LeagueRow(Generic[K]):
    unit: K
    tally: Tally
    achievement: Decimal | None
    rank: int | None


def league_table(
    rows: Iterable[tuple[K, Tally]],
    *,
    direction: Direction | str = Direction.HIGHER,
    places: int = ACHIEVEMENT_PLACES,
) -> list[LeagueRow[K]]:
    """Units ranked by achievement, best first. The direction is in the achievement (target /
    actual when lower is better), so a larger achievement is always better. Ties are judged on
    the achievement as shown (rounded to ``places``) and share a rank, the next rank skipping
    (1, 2, 2, 4). Units without an achievement (no target, or no actual when lower is better)
    come last, without a rank. Equal units keep the order given (sort them by name first)."""
    scored = [
        (
            unit,
            item,
            achievement(actual=item.numerator, target=item.denominator, direction=direction, places=places),
        )
        for unit, item in rows
    ]
    ranked = [(unit, item, value) for unit, item, value in scored if value is not None]
    ranked.sort(key=lambda row: row[2], reverse=True)  # stable: equal units keep their order
    table: list[LeagueRow[K]] = []
    for position, (unit, item, value) in enumerate(ranked, start=1):
        rank = table[-1].rank if table and table[-1].achievement == value else position
        table.append(LeagueRow(unit=unit, tally=item, achievement=value, rank=rank))
    table.extend(
        LeagueRow(unit=unit, tally=item, achievement=None, rank=None)
        for unit, item, value in scored
        if value is None
    )
    return table


class AllocationStatus(StrEnum):
    BALANCED = "balanced"
    SHORTFALL = "shortfall"
    EXCESS = "excess"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class AllocationCheck:
    """The children's targets against their parent's: ``difference`` = children's total − parent's
    target, negative for a shortfall, positive for an excess; ``UNKNOWN`` when the parent has no
    target. Children without a target count as nothing allocated and are counted."""

    parent_target: Decimal | None
    children_total: Decimal
    difference: Decimal | None
    children: int
    children_without_target: int
    status: AllocationStatus

    @property
    def shortfall(self) -> Decimal:
        return -self.difference if self.difference is not None and self.difference < 0 else Decimal(0)

    @property
    def excess(self) -> Decimal:
        return self.difference if self.difference is not None and self.difference > 0 else Decimal(0)


def allocation_check(
    *,
    parent_target: Decimal | None,
    children_targets: Iterable[Decimal | None],
    aggregation: Aggregation | str = Aggregation.SUM,
) -> AllocationCheck:
    """Refused for an indicator that is not summed: its children's targets do not add up to it."""
    _require_sum(aggregation)
    targets = [_finite(value) for value in children_targets]
    total = exact_sum(value for value in targets if value is not None)
    _finite(parent_target)
    difference = None if parent_target is None else exact_difference(total, parent_target)
    if difference is None:
        status = AllocationStatus.UNKNOWN
    elif difference < 0:
        status = AllocationStatus.SHORTFALL
    elif difference > 0:
        status = AllocationStatus.EXCESS
    else:
        status = AllocationStatus.BALANCED
    return AllocationCheck(
        parent_target=parent_target,
        children_total=total,
        difference=difference,
        children=len(targets),
        children_without_target=sum(1 for value in targets if value is None),
        status=status,
    )
