"""The sides of validation rules, without the database: reading them strictly, evaluating them
exactly, skipping a rule when a value is missing (ADR 0036)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from mandate.indicators import rule_expressions as rx
from mandate.indicators import rule_templates


@dataclass
class Table:
    now: dict[rx.Ref, Decimal] = field(default_factory=dict)
    history: dict[rx.Ref, list[Decimal]] = field(default_factory=dict)

    def value(self, ref: rx.Ref) -> Decimal | None:
        return self.now.get(ref)

    def past(self, ref: rx.Ref, count: int | None) -> Sequence[Decimal]:
        values = self.history.get(ref, [])
        return values[:count] if count else values


def _side(text: str, table: Table) -> Fraction | None:
    return rx.evaluate(rx.parse(text), table)


def test_a_part_and_its_whole_88_of_8051():
    table = Table({rx.Ref("DV-KN-THPT"): Decimal(88), rx.Ref("DV-KN"): Decimal(8051)})
    held = rx.check(rx.parse("#{DV-KN-THPT}"), "<=", rx.parse("#{DV-KN}"), table)
    assert held.held is True
    table.now[rx.Ref("DV-KN-THPT")] = Decimal(8052)
    broken = rx.check(rx.parse("#{DV-KN-THPT}"), "<=", rx.parse("#{DV-KN}"), table)
    assert (broken.held, broken.shown()) == (False, (Decimal(8052), Decimal(8051)))


def test_precedence_parentheses_functions_and_a_margin():
    table = Table(
        {rx.Ref("A"): Decimal("2.5"), rx.Ref("B"): Decimal(4), rx.Ref("A", "nam"): Decimal(1)},
        {rx.Ref("A"): [Decimal(10), Decimal(30), Decimal(20)]},
    )
    assert _side("1 + 2 * 3", table) == 7
    assert _side("(1 + 2) * 3 - -1", table) == 10
    assert _side("#{A} * #{B} / 5", table) == 2
    assert _side("#{A:nam} + 0.25", table) == Fraction(5, 4)
    assert _side("past_max(#{A}) * 1.2", table) == 36
    assert _side("past_min(#{A}, 2)", table) == 10
    assert _side("past_min(#{A}, 1)", table) == 10
    assert _side("past_max(#{A}, 2)", table) == 30


def test_a_missing_value_no_history_or_a_division_by_zero_skips_the_rule():
    table = Table({rx.Ref("A"): Decimal(1), rx.Ref("Z"): Decimal(0)})
    assert _side("#{A} + #{B}", table) is None
    assert _side("past_max(#{A})", table) is None
    assert _side("#{A} / #{Z}", table) is None
    assert rx.check(rx.parse("#{A}"), "<=", rx.parse("#{B}"), table).held is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Write this side"),
        ("#{A} +", "ends too early"),
        ("#{A} #{B}", "Unexpected"),
        ("(#{A}", "Expected “)”"),
        ("import os", "not a function"),
        ("past_max(3)", "takes an indicator"),
        ("past_max(#{A}, 0)", "1 to 120"),
        ("#{A} ; 1", "Cannot read"),
        ("#{}", "Cannot read"),
        ("1,5", "Unexpected"),
        ("(" * 40 + "1" + ")" * 40, "Too many parentheses"),
    ],
)
def test_a_side_that_cannot_be_read_says_why(text: str, words: str):
    with translation.override("en"), pytest.raises(rx.RuleSyntaxError) as refused:
        rx.parse(text)
    assert words in refused.value.message


def test_operators_are_read_in_both_notations_and_nothing_else():
    assert [rx.operator_of(s) for s in ("≤", "<=", "=", "==", "≠", "!=", "≥", ">")] == [
        "<=", "<=", "==", "==", "!=", "!=", ">=", ">",
    ]  # fmt: skip
    with pytest.raises(rx.RuleSyntaxError):
        rx.operator_of("=<")


def test_references_name_every_value_a_side_reads():
    node = rx.parse("#{A:*} - past_min(#{B}, 3) * (#{C:nu} + 2)")
    assert rx.references(node) == {rx.Ref("A", "*"), rx.Ref("B"), rx.Ref("C", "nu")}


def test_the_built_in_kinds_are_ordinary_rules_that_read_back():
    admitted = ("Kết nạp", "Admitted")
    whole = rule_templates.part_of_whole("R1", "DV-KN-THPT", ("THPT", "High school"), "DV-KN", admitted)
    parts = rule_templates.parts_sum("R2", "DV-KN", admitted)
    low, high = rule_templates.usual_range("R3", "DV-KN", admitted, margin=Decimal(20), periods=4)
    assert whole.message_en == "“High school” may not exceed “Admitted”, its whole."
    assert (whole.left, whole.operator, whole.right) == ("#{DV-KN-THPT}", "<=", "#{DV-KN}")
    assert (parts.left, parts.right) == ("#{DV-KN:*}", "#{DV-KN}")
    assert (low.code, low.operator, low.right) == ("R3.low", ">=", "past_min(#{DV-KN}, 4) * 0.8")
    assert (high.code, high.operator, high.right) == ("R3.high", "<=", "past_max(#{DV-KN}, 4) * 1.2")
    table = Table({rx.Ref("DV-KN"): Decimal(121)}, {rx.Ref("DV-KN"): [Decimal(100), Decimal(80)]})
    outcomes = [rx.check(rx.parse(s.left), s.operator, rx.parse(s.right), table).held for s in (low, high)]
    assert outcomes == [True, False]  # 121 > 100 × 1.2; 121 ≥ 80 × 0.8


amounts = st.decimals(min_value=0, max_value=Decimal("9999999999999999.9999"), places=4)


@given(st.lists(amounts, min_size=1, max_size=8), amounts)
def test_parts_sum_to_their_total_exactly_or_the_rule_says_so(parts: list[Decimal], total: Decimal):
    table = Table({rx.Ref("X", f"o{i}"): value for i, value in enumerate(parts)} | {rx.Ref("X"): total})
    left = rx.parse(" + ".join(f"#{{X:o{i}}}" for i in range(len(parts))))
    outcome = rx.check(left, "==", rx.parse("#{X}"), table)
    exact = sum((Fraction(p) for p in parts), Fraction(0))
    assert outcome.left == exact
    assert outcome.held is (exact == Fraction(total))
    assert rx.check(left, "==", rx.parse(" + ".join(str(p) for p in parts)), table).held is True


@given(amounts, amounts, st.sampled_from(sorted(rx.OPERATORS)))
def test_a_comparison_agrees_with_decimal_arithmetic(a: Decimal, b: Decimal, operator: str):
    table = Table({rx.Ref("A"): a, rx.Ref("B"): b})
    held = rx.check(rx.parse("#{A}"), operator, rx.parse("#{B}"), table).held
    expected = {"<=": a <= b, "<": a < b, "==": a == b, ">=": a >= b, ">": a > b, "!=": a != b}[operator]
    assert held is expected


@given(st.lists(amounts, min_size=1, max_size=6), amounts, st.integers(min_value=0, max_value=100))
def test_the_usual_range_holds_exactly_within_min_and_max_widened_by_the_margin(
    history: list[Decimal], value: Decimal, margin: int
):
    table = Table({rx.Ref("X"): value}, {rx.Ref("X"): history})
    low, high = rule_templates.usual_range("R", "X", ("X", "X"), margin=Decimal(margin))
    held = [rx.check(rx.parse(s.left), s.operator, rx.parse(s.right), table).held for s in (low, high)]
    share = Fraction(margin, 100)
    assert held == [
        Fraction(value) >= Fraction(min(history)) * (1 - share),
        Fraction(value) <= Fraction(max(history)) * (1 + share),
    ]
