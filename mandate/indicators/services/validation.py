"""Checking a unit's values against its set's validation rules as they are entered (ADR 0036).

``actuals_enter`` — the form, the API and the Excel import alike — calls ``check_values`` with the
values about to be written, before writing anything: a rule of importance ``error`` that does not
hold refuses the whole entry (400 ``validation_rule``, the rule's message on each value it
concerns, in the reader's language, with both sides' figures). After writing, ``record_warnings``
keeps each warning-level rule that does not hold as a ``ValidationWarning`` (one open per rule,
unit and period) and resolves the open ones that hold again. An entry that changes nothing
records nothing, so the same import twice changes nothing the second time.

Only the rules that read one of the entered indicators are checked: an old inconsistency
elsewhere in the unit's figures does not block an unrelated value. A rule with a value missing
is skipped (``rule_expressions``).

Warnings are outputs of the entry, like notices: the entry's own audit entry is their evidence,
so they get none of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mandate.core.enums import PeriodKind
from mandate.core.exceptions import ApplicationError, Message
from mandate.core.models import Period
from mandate.indicators import rule_expressions as rx
from mandate.indicators.enums import IndicatorKind, RuleImportance
from mandate.indicators.models import (
    Actual,
    DisaggregationOption,
    Indicator,
    IndicatorSet,
    ValidationRule,
    ValidationWarning,
)
from mandate.indicators.services.common import shown, user_or_none
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

Key = tuple[int, int | None]  # (indicator id, option id or None for the total)


@dataclass(frozen=True)
class Pending:
    """One value about to be written, and the field of the request it came from."""

    indicator: Indicator
    option: DisaggregationOption | None
    value: Decimal
    field: str


@dataclass(frozen=True)
class Finding:
    rule: ValidationRule
    outcome: rx.Outcome
    field: str


@dataclass
class _UnitValues:
    """``rule_expressions.Values`` over a unit's values of one period: what is stored, with the
    entry's values over it; earlier periods of the same kind for ``past_min``/``past_max``."""

    unit: OrgUnit
    period: Period
    indicators: dict[str, Indicator]
    options: dict[tuple[int, str], int]  # (disaggregation id, option code) -> option id
    current: dict[Key, Decimal]
    parts: dict[int, list[int]] = field(default_factory=dict)  # indicator id -> its option ids

    def _key(self, ref: rx.Ref) -> Key | None:
        indicator = self.indicators.get(ref.code)
        if indicator is None:
            return None
        if ref.option is None:
            return (indicator.pk, None)
        option = self.options.get((indicator.disaggregation_id or 0, ref.option))
        return None if option is None else (indicator.pk, option)

    def value(self, ref: rx.Ref) -> Decimal | None:
        if ref.option == rx.ALL_PARTS:
            indicator = self.indicators.get(ref.code)
            options = self.parts.get(indicator.pk, []) if indicator is not None else []
            given = [self.current.get((indicator.pk, o)) for o in options] if indicator else []
            if not given or any(v is None for v in given):
                return None  # every part, or the rule waits
            return sum((v for v in given if v is not None), Decimal(0))
        key = self._key(ref)
        return None if key is None else self.current.get(key)

    def past(self, ref: rx.Ref, count: int | None) -> Sequence[Decimal]:
        key = self._key(ref)
        if key is None:
            return []
        rows = Actual.objects.filter(
            unit=self.unit,
            indicator_id=key[0],
            period__kind=self.period.kind,
            period__basis=self.period.basis,
            period__ends_on__lt=self.period.starts_on,
        )
        rows = rows.filter(option_id=key[1]) if key[1] is not None else rows.filter(option__isnull=True)
        if self.period.kind == PeriodKind.CUMULATIVE:  # the same cut-off day of earlier years
            rows = rows.filter(
                period__ends_on__month=self.period.ends_on.month, period__ends_on__day=self.period.ends_on.day
            )
        values = rows.order_by("-period__ends_on").values_list("value", flat=True)
        return list(values[:count] if count else values)


def parsed(rule: ValidationRule) -> tuple[rx.Node, rx.Node]:
    return rx.parse(rule.left), rx.parse(rule.right)


def message_of(rule: ValidationRule) -> str:
    """The rule's message in the reader's language (Vietnamese when it has no English one)."""
    english = (get_language() or "").startswith("en")
    return rule.message_en if english and rule.message_en else rule.message


def _places(value: Decimal | None) -> int:
    if value is None:
        return 0
    exponent = value.as_tuple().exponent
    return min(4, max(0, -exponent)) if isinstance(exponent, int) else 0


def explained(rule: ValidationRule, outcome: rx.Outcome) -> str:
    """The message with both sides' figures: "… (vế trái: 120; vế phải: 100)"."""
    left, right = outcome.shown()
    return _("%(message)s (left side: %(left)s; right side: %(right)s)") % {
        "message": message_of(rule),
        "left": shown(left, _places(left)),
        "right": shown(right, _places(right)),
    }


def warning_message(warning: ValidationWarning) -> str:
    """A stored warning's message with the sides it was computed with, in the reader's language
    (the API's warning list and the data-entry page say the same)."""
    outcome = rx.Outcome(
        None if warning.left_value is None else Fraction(warning.left_value),
        None if warning.right_value is None else Fraction(warning.right_value),
        False,
    )
    return explained(warning.rule, outcome)


def _rules_touching(
    indicator_set: IndicatorSet, codes: set[str]
) -> list[tuple[ValidationRule, rx.Node, rx.Node]]:
    found = []
    for rule in ValidationRule.objects.filter(indicator_set=indicator_set, retired_at__isnull=True):
        left, right = parsed(rule)  # checked when saved
        if {ref.code for ref in rx.references(left) | rx.references(right)} & codes:
            found.append((rule, left, right))
    return found


def check_values(
    *, indicator_set: IndicatorSet, unit: OrgUnit, period: Period, pending: Sequence[Pending]
) -> list[Finding]:
    """Every rule reading an entered indicator, on the unit's values with the entry's over them.
    Raises 400 ``validation_rule`` when an error-level rule does not hold (nothing is written);
    returns the warning-level outcomes for ``record_warnings``."""
    entered = {p.indicator.code for p in pending}
    rules = _rules_touching(indicator_set, entered)
    if not rules:
        return []
    codes = {ref.code for _rule, left, right in rules for ref in rx.references(left) | rx.references(right)}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    disaggregations = {i.disaggregation_id for i in indicators.values() if i.disaggregation_id}
    options: dict[tuple[int, str], int] = {}
    parts: dict[int, list[int]] = {}
    for option in DisaggregationOption.objects.filter(disaggregation_id__in=disaggregations):
        options[(option.disaggregation_id, option.code)] = option.pk
    for indicator in indicators.values():
        parts[indicator.pk] = [pk for (d, _c), pk in options.items() if d == indicator.disaggregation_id]
    current: dict[Key, Decimal] = {
        (a.indicator_id, a.option_id): a.value
        for a in Actual.objects.filter(unit=unit, period=period, indicator__in=list(indicators.values()))
    }
    fields: dict[int, str] = {}
    for item in pending:
        current[(item.indicator.pk, item.option.pk if item.option else None)] = item.value
        fields.setdefault(item.indicator.pk, item.field)
    values = _UnitValues(unit, period, indicators, options, current, parts)
    errors: dict[str, list[Message]] = {}
    findings: list[Finding] = []
    for rule, left, right in rules:
        outcome = rx.check(left, rule.operator, right, values)
        touched = [indicators[r.code].pk for r in (*_ordered(left), *_ordered(right)) if r.code in indicators]
        where = next((fields[pk] for pk in touched if pk in fields), pending[0].field)
        if rule.importance == RuleImportance.ERROR:
            if outcome.held is False:
                errors.setdefault(where, []).append(explained(rule, outcome))
        else:
            findings.append(Finding(rule, outcome, where))
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, code="validation_rule", fields=errors)
    return findings


def _ordered(node: rx.Node) -> list[rx.Ref]:
    """The side's references in the order written (the first names the field of a refusal)."""
    if isinstance(node, rx.Ref):
        return [node]
    if isinstance(node, rx.Past):
        return [node.ref]
    if isinstance(node, rx.Negative):
        return _ordered(node.operand)
    if isinstance(node, rx.Binary):
        return [*_ordered(node.left), *_ordered(node.right)]
    return []


def record_warnings(
    findings: Sequence[Finding],
    *,
    indicator_set: IndicatorSet,
    unit: OrgUnit,
    period: Period,
    actuals: Sequence[Actual],
    actor: User | None,
    at: dt.datetime,
) -> None:
    """Open (or bring up to date) a warning for each rule that does not hold; resolve the open
    warning of each rule that holds again. Writes nothing when nothing changed."""
    if not findings:
        return
    open_ = {
        w.rule_id: w
        for w in ValidationWarning.objects.select_for_update().filter(
            rule__in=[f.rule for f in findings], unit=unit, period=period, resolved_at__isnull=True
        )
    }
    by_indicator: dict[str, Actual] = {}
    for actual in actuals:  # the total of an indicator, else its first part entered
        if actual.option_id is None or actual.indicator.code not in by_indicator:
            by_indicator[actual.indicator.code] = actual
    for finding in findings:
        warning = open_.get(finding.rule.pk)
        if finding.outcome.held is True:
            if warning is not None:
                warning.resolved_at = at
                warning.save(update_fields=["resolved_at"])
            continue
        if finding.outcome.held is None:
            continue
        left, right = (_kept(side) for side in finding.outcome.shown())
        refs = _ordered(rx.parse(finding.rule.left)) + _ordered(rx.parse(finding.rule.right))
        concerned = next((by_indicator[r.code] for r in refs if r.code in by_indicator), None)
        if warning is None:
            ValidationWarning.objects.create(
                rule=finding.rule,
                indicator_set=indicator_set,
                unit=unit,
                unit_path=unit.path,
                period=period,
                actual=concerned,
                left_value=left,
                right_value=right,
                entered_by=user_or_none(actor),
                first_seen_at=at,
                last_seen_at=at,
            )
        elif (warning.left_value, warning.right_value) != (left, right):
            warning.left_value, warning.right_value = left, right
            warning.actual, warning.entered_by, warning.last_seen_at = concerned, user_or_none(actor), at
            warning.save(update_fields=["left_value", "right_value", "actual", "entered_by", "last_seen_at"])


# What a warning's side column holds (30 digits, 4 of them decimals); a larger side is not kept.
SIDE_LIMIT = Decimal(10) ** 26


def _kept(side: Decimal | None) -> Decimal | None:
    return side if side is not None and abs(side) < SIDE_LIMIT else None


def pending_of(
    indicator: Indicator, option: DisaggregationOption | None, value: Decimal, index: int
) -> Pending:
    """The pending value of ``entries.<index>``, named on the field a person typed."""
    figure = "numerator" if indicator.kind == IndicatorKind.RATIO else "value"
    return Pending(indicator, option, value, f"entries.{index}.{figure}")
