"""The annual rule sets as data and as applied (issue 14 item 3; ADR 0053).

Why a pure engine apart from the models: the rule that decides a level (points to level, the hard
overrides, the quota) must be the same for the proposal, the decision, the sheet and the property
tests, and it must be readable without a database. ``parse_rules`` validates one rule set's body
(the loader refuses a file with any error, all at once); ``apply`` turns a proposal and the
subject's facts into the level that stands and the overrides met, each with its reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language

from mandate.evaluations.models.annual import AnnualLevel

# From the highest: a ceiling keeps the lower of the two.
RANK = (AnnualLevel.EXCELLENT, AnnualLevel.GOOD, AnnualLevel.COMPLETED, AnnualLevel.NOT_COMPLETED)
OVERRIDE_CODES = (
    "disciplined_in_year",
    "worked_under_months",
    "leave_months_between",
    "degradation_concluded",
    "managed_unit_corruption",
)
SCALES = ("levels", "points")


def english() -> bool:
    return (get_language() or "vi").startswith("en")


class RuleError(ValueError):
    """A rule set's body that does not hold together; the message names the place."""


@dataclass(frozen=True)
class Part:
    code: str
    name: str
    name_en: str
    max: Decimal


@dataclass(frozen=True)
class Threshold:
    level: str
    min: Decimal

    @property
    def label(self) -> str:
        return str(AnnualLevel(self.level).label)


@dataclass(frozen=True)
class Override:
    code: str
    ceiling: str
    reason: str
    reason_en: str
    months: int = 0
    until_months: int = 0
    except_maternity: bool = False
    to_verify: bool = False
    note: str = ""
    note_en: str = ""

    def as_met(self) -> dict[str, Any]:
        """What a classification keeps of an override it met (the sheet shows it as it was)."""
        return {
            "code": self.code,
            "ceiling": self.ceiling,
            "reason": self.reason,
            "reason_en": self.reason_en,
            "to_verify": self.to_verify,
            "note": self.note,
            "note_en": self.note_en,
        }


@dataclass(frozen=True)
class Quota:
    level: str
    share: Decimal
    of: str
    to_verify: bool = False
    note: str = ""
    note_en: str = ""

    def cap(self, counts: dict[str, int]) -> int:
        """The most ``level`` may count: floor(share × the number at ``of``)."""
        return math.floor(self.share * counts.get(self.of, 0))


@dataclass(frozen=True)
class Condition:
    level: str
    text: str
    text_en: str


@dataclass(frozen=True)
class RuleSet:
    scale: str
    parts: tuple[Part, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    overrides: tuple[Override, ...] = ()
    quotas: tuple[Quota, ...] = ()
    conditions: tuple[Condition, ...] = ()

    @property
    def max_points(self) -> Decimal:
        return sum((p.max for p in self.parts), Decimal(0))


@dataclass(frozen=True)
class Facts:
    """What the overrides read about the subject's year: discipline from the inspection records,
    the rest entered with the proposal."""

    disciplined: bool = False
    months_worked: int = 12
    maternity_leave: bool = False
    leave_months: int = 0
    degradation_concluded: bool = False
    managed_unit_corruption: bool = False


@dataclass(frozen=True)
class Outcome:
    proposed: str  # the level asked for, or the one the points give
    result: str  # after the overrides
    met: list[dict[str, Any]] = field(default_factory=list)


def _text(row: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = row.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise RuleError(f"{where}: “{key}” is required text.")
    return value.strip()


def _decimal(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as err:
        raise RuleError(f"{where}: “{value}” is not a number.") from err
    if not number.is_finite() or number < 0:
        raise RuleError(f"{where}: “{value}” is not a number of zero or more.")
    return number


def _level(value: Any, where: str, *, allowed: tuple[str, ...] = tuple(AnnualLevel.values)) -> str:
    if value not in allowed:
        raise RuleError(f"{where}: “{value}” is not one of {', '.join(allowed)}.")
    return str(value)


def _rows(body: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    rows = body.get(key) or []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise RuleError(f"{where}: “{key}” is a list of entries.")
    return rows


def _override(row: dict[str, Any], where: str) -> Override:
    code = row.get("code")
    if code not in OVERRIDE_CODES:
        raise RuleError(f"{where}: “{code}” is not an override; they are {', '.join(OVERRIDE_CODES)}.")
    override = Override(
        code=str(code),
        ceiling=_level(row.get("ceiling"), where),
        reason=_text(row, "reason", where),
        reason_en=_text(row, "reason_en", where),
        months=int(row.get("months", 0)),
        until_months=int(row.get("until_months", 0)),
        except_maternity=bool(row.get("except_maternity", False)),
        to_verify=bool(row.get("to_verify", False)),
        note=_text(row, "note", where, required=False),
        note_en=_text(row, "note_en", where, required=False),
    )
    if code in ("worked_under_months", "leave_months_between") and not 0 < override.months <= 12:
        raise RuleError(f"{where}: “months” between 1 and 12 is required.")
    if code == "leave_months_between" and not override.months < override.until_months <= 12:
        raise RuleError(f"{where}: “until_months” must follow “months”, at most 12.")
    if override.to_verify and not (override.note and override.note_en):
        raise RuleError(f"{where}: a rule to verify says what to verify (note, note_en).")
    return override


def _quota(row: dict[str, Any], where: str) -> Quota:
    share = _decimal(row.get("share"), where)
    if share > 1:
        raise RuleError(f"{where}: a share is at most 1.")
    quota = Quota(
        level=_level(row.get("level"), where, allowed=RANK),
        share=share,
        of=_level(row.get("of"), where, allowed=RANK),
        to_verify=bool(row.get("to_verify", False)),
        note=_text(row, "note", where, required=False),
        note_en=_text(row, "note_en", where, required=False),
    )
    if quota.to_verify and not (quota.note and quota.note_en):
        raise RuleError(f"{where}: a rule to verify says what to verify (note, note_en).")
    return quota


def parse_rules(body: dict[str, Any], where: str = "rules") -> RuleSet:
    """A rule set's body (the YAML entry, or the stored ``rules``) as a ``RuleSet``, or the first
    thing wrong with it."""
    scale = body.get("scale")
    if scale not in SCALES:
        raise RuleError(f"{where}: “scale” is one of {', '.join(SCALES)}.")
    parts = tuple(
        Part(
            code=_text(r, "code", f"{where}, part {i + 1}"),
            name=_text(r, "name", f"{where}, part {i + 1}"),
            name_en=_text(r, "name_en", f"{where}, part {i + 1}"),
            max=_decimal(r.get("max"), f"{where}, part {i + 1}"),
        )
        for i, r in enumerate(_rows(body, "parts", where))
    )
    thresholds = tuple(
        Threshold(
            level=_level(r.get("level"), f"{where}, threshold {i + 1}", allowed=RANK[:3]),
            min=_decimal(r.get("min"), f"{where}, threshold {i + 1}"),
        )
        for i, r in enumerate(_rows(body, "thresholds", where))
    )
    if scale == "points":
        if not parts or not thresholds:
            raise RuleError(f"{where}: a points scale has its parts and thresholds.")
        mins = [t.min for t in thresholds]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise RuleError(f"{where}: thresholds go from the highest level down, each lower than the last.")
        if mins[0] > sum((p.max for p in parts), Decimal(0)):
            raise RuleError(f"{where}: the highest threshold is above the scale's maximum.")
    elif parts or thresholds:
        raise RuleError(f"{where}: a scale of levels has no parts nor thresholds.")
    conditions = tuple(
        Condition(
            level=_level(r.get("level"), f"{where}, condition {i + 1}", allowed=RANK),
            text=_text(r, "text", f"{where}, condition {i + 1}"),
            text_en=_text(r, "text_en", f"{where}, condition {i + 1}"),
        )
        for i, r in enumerate(_rows(body, "conditions", where))
    )
    overrides = tuple(
        _override(r, f"{where}, override {i + 1}") for i, r in enumerate(_rows(body, "overrides", where))
    )
    quotas = tuple(_quota(r, f"{where}, quota {i + 1}") for i, r in enumerate(_rows(body, "quotas", where)))
    return RuleSet(scale, parts, thresholds, overrides, quotas, conditions)


def rules_as_json(rules: RuleSet) -> dict[str, Any]:
    """The body as stored (``AnnualRuleSet.rules``): numbers as text, so that Decimals survive."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, tuple):
            return [plain(v) for v in value]
        if hasattr(value, "__dataclass_fields__"):
            return {k: plain(getattr(value, k)) for k in value.__dataclass_fields__}
        return value

    return {
        "scale": rules.scale,
        "parts": plain(rules.parts),
        "thresholds": plain(rules.thresholds),
        "conditions": plain(rules.conditions),
        "overrides": plain(rules.overrides),
        "quotas": plain(rules.quotas),
    }


def level_for_points(rules: RuleSet, points: Decimal) -> str:
    """The level a total reaches on a points scale; below the lowest threshold, not completed."""
    for threshold in rules.thresholds:
        if points >= threshold.min:
            return threshold.level
    return AnnualLevel.NOT_COMPLETED


def _meets(override: Override, facts: Facts) -> bool:
    if override.code == "disciplined_in_year":
        return facts.disciplined
    if override.code == "worked_under_months":
        return facts.months_worked < override.months and not (
            override.except_maternity and facts.maternity_leave
        )
    if override.code == "leave_months_between":
        return override.months <= facts.leave_months < override.until_months
    if override.code == "degradation_concluded":
        return facts.degradation_concluded
    return facts.managed_unit_corruption


def lower(level: str, ceiling: str) -> str:
    """The lower of a level and a ceiling; "not classified" stands above every ranking."""
    if AnnualLevel.NOT_CLASSIFIED in (level, ceiling):
        return AnnualLevel.NOT_CLASSIFIED
    return RANK[max(RANK.index(AnnualLevel(level)), RANK.index(AnnualLevel(ceiling)))]


def apply(rules: RuleSet, *, level: str | None, points: Decimal | None, facts: Facts) -> Outcome:
    """The level that stands for a proposal or a decision: the level asked (a scale of levels) or
    the one the points reach (a points scale), lowered by every hard override the facts meet."""
    if rules.scale == "points":
        if points is None:
            raise RuleError("A points scale needs the points.")
        proposed = level_for_points(rules, points)
    else:
        if level is None or level not in RANK:
            raise RuleError("A scale of levels needs one of the four levels.")
        proposed = level
    result, met = proposed, []
    for override in rules.overrides:
        if _meets(override, facts):
            result = lower(result, override.ceiling)
            met.append(override.as_met())
    return Outcome(proposed=proposed, result=result, met=met)


@dataclass(frozen=True)
class QuotaCheck:
    quota: Quota
    counted: int
    cap: int

    @property
    def exceeded(self) -> bool:
        return self.counted > self.cap


def check_quotas(rules: RuleSet, results: list[str]) -> list[QuotaCheck]:
    """Each quota against the results of one unit's subjects under the rule set."""
    counts: dict[str, int] = {str(level): results.count(level) for level in RANK}
    return [QuotaCheck(q, counts.get(q.level, 0), q.cap(counts)) for q in rules.quotas]
