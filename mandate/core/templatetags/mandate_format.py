"""Numbers as each language writes them: 8.051 and 82,07% in Vietnamese, 8,051 and 82.07% in
English (the separators come from mandate/formats/<language>/formats.py)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import formats

register = template.Library()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _rounded(amount: Decimal, places: int) -> Decimal:
    """Half up to ``places``, as a person rounds (127.305 → 127.31): Django's number_format only
    cuts the digits it does not show (127.305 → 127.30)."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _shown(amount: Decimal, places: int) -> str:
    rounded = _rounded(amount, places)
    return formats.number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def number(value: Any, places: int = 0) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    return _shown(amount, places)


@register.filter
def percent(value: Any, places: int = 2) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    return f"{_shown(amount, places)}%"
