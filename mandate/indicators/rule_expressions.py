"""The sides of a validation rule (DHIS2's left side / operator / right side), parsed and evaluated
without the ORM (ADR 0036).

A side is arithmetic over a unit's values for the period being entered::

    #{DV-KN}                    the total of the indicator coded DV-KN
    #{DV-KN:nam}                its part "nam" (an option of its disaggregation)
    #{DV-KN:*}                  the sum of all its parts (missing unless every part is given)
    past_min(#{DV-KN})          the smallest of the unit's values of earlier periods of the same kind
    past_max(#{DV-KN}, 4)       the largest of the four most recent ones
    1.2 * past_max(#{X}) - 3    numbers in machine notation (a dot for decimals), + - * / ( )

Why a small language of its own and not Python's ``eval`` or a template: a rule is data a
collecting unit writes, checked when saved (each mistake named with its place) and evaluated on
every entry; nothing in it may run code. Arithmetic is exact (``Fraction``), so "the parts add up
to the total" is never off by a rounding, and a comparison is never decided by a float.

A side whose value is missing (a value not entered yet, no earlier period, a division by zero)
is ``None``: the rule is skipped, as DHIS2 does by default ("skip if any value is missing"), so
a part entered before its whole is not refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from django.utils.translation import gettext as _

from mandate.core.numbers import divide_half_up

ALL_PARTS = "*"
MAX_LENGTH = 1000
MAX_DEPTH = 30
MAX_TOKENS = 200  # the trees are walked recursively: bounded well below Python's recursion limit
FUNCTIONS = ("past_min", "past_max")

# The operators, as stored, with the sign each is shown with; the file may use either.
OPERATORS = {"<=": "≤", "<": "<", "==": "=", ">=": "≥", ">": ">", "!=": "≠"}
SIGNS = {sign: op for op, sign in OPERATORS.items()} | {"=": "=="}
COMPARE: dict[str, Callable[[Fraction, Fraction], bool]] = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "!=": lambda a, b: a != b,
}

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<ref>\#\{(?P<code>[A-Za-z0-9_.\-]{1,40})(?::(?P<option>\*|[A-Za-z0-9_.\-]{1,40}))?\})"
    r"|(?P<number>\d+(?:\.\d+)?)"
    r"|(?P<name>[a-z_]+)"
    r"|(?P<punct>[-+*/(),])"
    r")"
)


class RuleSyntaxError(ValueError):
    """A side that cannot be read; ``message`` is translated and names the place."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Ref:
    code: str
    option: str | None = None  # None: the total; ALL_PARTS: the sum of every part


@dataclass(frozen=True)
class Number:
    value: Fraction


@dataclass(frozen=True)
class Past:
    function: str  # past_min or past_max
    ref: Ref
    count: int | None  # the most recent periods looked at; None: all earlier ones


@dataclass(frozen=True)
class Negative:
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


Node = Ref | Number | Past | Negative | Binary


class Values(Protocol):
    """What a side reads: a value of the period being entered, and the unit's earlier values."""

    def value(self, ref: Ref) -> Decimal | None: ...

    def past(self, ref: Ref, count: int | None) -> Sequence[Decimal]: ...


def _tokens(text: str) -> list[tuple[str, str, int]]:
    found: list[tuple[str, str, int]] = []
    position = 0
    text = text.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise RuleSyntaxError(
                _("Cannot read “%(text)s” at character %(at)s.")
                % {"text": text[position : position + 12].strip(), "at": position + 1}
            )
        kind = next(k for k in ("ref", "number", "name", "punct") if match.group(k) is not None)
        found.append((kind, match.group(0).strip(), match.start(kind) + 1))
        position = match.end()
    return found


class _Parser:
    def __init__(self, text: str) -> None:
        if not text.strip():
            raise RuleSyntaxError(_("Write this side of the rule."))
        if len(text) > MAX_LENGTH:
            raise RuleSyntaxError(_("A side of a rule has at most %(n)s characters.") % {"n": MAX_LENGTH})
        self.tokens = _tokens(text)
        if len(self.tokens) > MAX_TOKENS:
            raise RuleSyntaxError(
                _("A side of a rule has at most %(n)s terms and signs.") % {"n": MAX_TOKENS}
            )
        self.at = 0
        self.depth = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, text: str) -> None:
        token = self.peek()
        if token is None or token[1] != text:
            where = _("the end") if token is None else _("character %(at)s") % {"at": token[2]}
            raise RuleSyntaxError(_("Expected “%(text)s” at %(where)s.") % {"text": text, "where": where})
        self.at += 1

    def parse(self) -> Node:
        node = self.sum()
        token = self.peek()
        if token is not None:
            raise RuleSyntaxError(
                _("Unexpected “%(text)s” at character %(at)s.") % {"text": token[1], "at": token[2]}
            )
        return node

    def sum(self) -> Node:
        node = self.product()
        while (token := self.peek()) is not None and token[1] in "+-" and token[0] == "punct":
            self.at += 1
            node = Binary(token[1], node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while (token := self.peek()) is not None and token[1] in "*/" and token[0] == "punct":
            self.at += 1
            node = Binary(token[1], node, self.unary())
        return node

    def unary(self) -> Node:
        token = self.peek()
        if token is not None and token[1] == "-":
            self.at += 1
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise RuleSyntaxError(_("Too many parentheses."))
            node = Negative(self.unary())
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        token = self.peek()
        if token is None:
            raise RuleSyntaxError(_("The side ends too early."))
        kind, text, at = token
        self.at += 1
        if kind == "number":
            return Number(Fraction(Decimal(text)))
        if kind == "ref":
            return _ref(text)
        if kind == "name":
            if text not in FUNCTIONS:
                raise RuleSyntaxError(
                    _("“%(name)s” is not a function: use %(known)s.")
                    % {"name": text, "known": ", ".join(FUNCTIONS)}
                )
            return self.past(text)
        if text == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise RuleSyntaxError(_("Too many parentheses."))
            node = self.sum()
            self.take(")")
            self.depth -= 1
            return node
        raise RuleSyntaxError(_("Unexpected “%(text)s” at character %(at)s.") % {"text": text, "at": at})

    def past(self, function: str) -> Past:
        self.take("(")
        token = self.peek()
        if token is None or token[0] != "ref":
            raise RuleSyntaxError(_("%(name)s takes an indicator: %(name)s(#{CODE}).") % {"name": function})
        self.at += 1
        ref = _ref(token[1])
        count: int | None = None
        if (following := self.peek()) is not None and following[1] == ",":
            self.at += 1
            number = self.peek()
            if number is None or number[0] != "number" or "." in number[1] or not 1 <= int(number[1]) <= 120:
                raise RuleSyntaxError(_("The number of periods is a whole number from 1 to 120."))
            self.at += 1
            count = int(number[1])
        self.take(")")
        return Past(function, ref, count)


def _ref(text: str) -> Ref:
    inner = text[2:-1]
    code, _sep, option = inner.partition(":")
    return Ref(code, option or None)


def parse(text: str) -> Node:
    """The side's tree, or ``RuleSyntaxError`` naming what is wrong and where."""
    return _Parser(text).parse()


def operator_of(text: str) -> str:
    """The stored operator for ``<=`` or ``≤`` (and the others), or ``RuleSyntaxError``."""
    sign = (text or "").strip()
    if sign in OPERATORS:
        return sign
    if sign in SIGNS:
        return SIGNS[sign]
    raise RuleSyntaxError(_("The operator is one of %(signs)s.") % {"signs": " ".join(OPERATORS.values())})


def references(node: Node) -> set[Ref]:
    """Every value the side reads (a ``past_*`` reads its indicator's earlier values)."""
    if isinstance(node, Ref):
        return {node}
    if isinstance(node, Past):
        return {node.ref}
    if isinstance(node, Negative):
        return references(node.operand)
    if isinstance(node, Binary):
        return references(node.left) | references(node.right)
    return set()


def evaluate(node: Node, values: Values) -> Fraction | None:
    """The side's exact value, or None when a value it needs is missing (or it divides by zero)."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Ref):
        found = values.value(node)
        return None if found is None else Fraction(found)
    if isinstance(node, Past):
        history = values.past(node.ref, node.count)
        if not history:
            return None
        return Fraction(min(history) if node.function == "past_min" else max(history))
    if isinstance(node, Negative):
        inner = evaluate(node.operand, values)
        return None if inner is None else -inner
    left, right = evaluate(node.left, values), evaluate(node.right, values)
    if left is None or right is None:
        return None
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return None if right == 0 else left / right


@dataclass(frozen=True)
class Outcome:
    """A rule's sides on a unit's values: ``held`` None when skipped (a value missing)."""

    left: Fraction | None
    right: Fraction | None
    held: bool | None

    def shown(self, places: int = 4) -> tuple[Decimal | None, Decimal | None]:
        """The sides as decimals rounded half up, for messages and the warnings' record."""

        def decimal(value: Fraction | None) -> Decimal | None:
            if value is None:
                return None
            rounded = divide_half_up(value.numerator, value.denominator, places=places)
            return rounded.quantize(Decimal(1)) if rounded == rounded.to_integral() else rounded.normalize()

        return decimal(self.left), decimal(self.right)


def check(left: Node, operator: str, right: Node, values: Values) -> Outcome:
    a, b = evaluate(left, values), evaluate(right, values)
    if a is None or b is None:
        return Outcome(a, b, None)
    return Outcome(a, b, COMPARE[operator](a, b))
