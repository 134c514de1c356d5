"""The built-in kinds of validation rule, written out as ordinary rules (ADR 0036): a rules file
may say ``kind: part_of_whole`` instead of the two sides, and gets exactly the rule it would have
written by hand, with messages in Vietnamese and English.

- ``part_of_whole``: a part never exceeds its whole — ``#{PART} <= #{WHOLE}`` for an indicator
  with a parent (88 high-school students admitted ≤ 8,051 members admitted); an error.
- ``parts_sum``: the parts of a breakdown add up to the total — ``#{X:*} == #{X}``; an error.
- ``usual_range``: the value lies within the unit's usual range, the lowest and highest of its
  own earlier periods (the most recent ``periods``, or all), widened by ``margin`` per cent —
  two warnings, ``<code>.low`` and ``<code>.high``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mandate.indicators.enums import RuleImportance

KINDS = ("part_of_whole", "parts_sum", "usual_range")
Names = tuple[str, str]  # an indicator's name in Vietnamese and in English


@dataclass(frozen=True)
class RuleSpec:
    """A rule as written: its code, sides, operator, importance and messages."""

    code: str
    left: str
    operator: str
    right: str
    importance: str = RuleImportance.ERROR
    message: str = ""
    message_en: str = ""


def part_of_whole(code: str, part: str, part_names: Names, whole: str, whole_names: Names) -> RuleSpec:
    return RuleSpec(
        code=code,
        left=f"#{{{part}}}",
        operator="<=",
        right=f"#{{{whole}}}",
        message=f"“{part_names[0]}” không được lớn hơn “{whole_names[0]}”, là tổng của nó.",
        message_en=f"“{part_names[1]}” may not exceed “{whole_names[1]}”, its whole.",
    )


def parts_sum(code: str, indicator: str, names: Names) -> RuleSpec:
    return RuleSpec(
        code=code,
        left=f"#{{{indicator}:*}}",
        operator="==",
        right=f"#{{{indicator}}}",
        message=f"Các phần của “{names[0]}” phải cộng lại bằng tổng.",
        message_en=f"The parts of “{names[1]}” must add up to its total.",
    )


def _factor(margin: Decimal, sign: int) -> str:
    factor = Decimal(1) + sign * margin / Decimal(100)
    return format(factor.normalize(), "f")


def usual_range(
    code: str, indicator: str, names: Names, *, margin: Decimal = Decimal(0), periods: int | None = None
) -> list[RuleSpec]:
    window = f", {periods}" if periods else ""
    low = f"past_min(#{{{indicator}}}{window})"
    high = f"past_max(#{{{indicator}}}{window})"
    if margin:
        low, high = f"{low} * {_factor(margin, -1)}", f"{high} * {_factor(margin, 1)}"
    return [
        RuleSpec(
            code=f"{code}.low",
            left=f"#{{{indicator}}}",
            operator=">=",
            right=low,
            importance=RuleImportance.WARNING,
            message=f"“{names[0]}” thấp hơn mức thường thấy của đơn vị (thấp nhất các kỳ trước).",
            message_en=f"“{names[1]}” is below the unit's usual range (the lowest of its past periods).",
        ),
        RuleSpec(
            code=f"{code}.high",
            left=f"#{{{indicator}}}",
            operator="<=",
            right=high,
            importance=RuleImportance.WARNING,
            message=f"“{names[0]}” cao hơn mức thường thấy của đơn vị (cao nhất các kỳ trước).",
            message_en=f"“{names[1]}” is above the unit's usual range (the highest of its past periods).",
        ),
    ]
