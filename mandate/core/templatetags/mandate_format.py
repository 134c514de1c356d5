"""Numbers as each language writes them: 8.051 and 82,07% in Vietnamese, 8,051 and 82.07% in
English (the separators come from mandate/formats/<language>/formats.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
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


@register.filter
def number(value: Any, places: int = 0) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    return formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def percent(value: Any, places: int = 2) -> str:
    amount = _decimal(value)
    if amount is None:
        return "—"
    return f"{formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)}%"
