"""Where a computed indicator's values come from (issue 11, item 11): a registry of providers,
each reading another app's records for one unit and period.

Why a registry: a computed indicator names its provider by a key stored in the database
(``Indicator.provider``), and some providers live in apps *above* this one (the citizens'
satisfaction index of ``feedback``), which may not be imported from here; such an app registers
its provider when it starts (``AppConfig.ready``), as the apps above ``notifications`` register
their notice targets. The providers of the layers below are registered here.

A provider answers with a numerator and, for a rate, a denominator: roll-ups sum those over the
units, never the rates (ADR 0029). It is a read; the values are not stored by the provider.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mandate.core.models import Period
from mandate.organisations.models import OrgUnit
from mandate.tasks import selectors as task_selectors


@dataclass(frozen=True)
class ProvidedValue:
    numerator: Decimal
    denominator: Decimal | None = None  # None: a plain number, not a rate


class Provider(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def label(self) -> str | Promise: ...

    def value(self, *, unit: OrgUnit, period: Period) -> ProvidedValue | None:
        """The unit's figure for the period, as the records stood at its last day; None when
        there is nothing to count."""
        ...


_registry: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    _registry[provider.key] = provider


def is_registered(key: str) -> bool:
    return key in _registry


def get(key: str) -> Provider:
    return _registry[key]


def registered_keys() -> list[str]:
    return sorted(_registry)


class TaskCompletionRate:
    """The share of a unit's tasks due by the period's last day that were completed by then:
    tasks' own statistics (``completed_of_due`` / ``due``, over the tasks led in the unit's
    subtree, read from the history for a past day: ADR 0020)."""

    key = "tasks.completion_rate"
    label = _("Tasks completed of those due")

    def value(self, *, unit: OrgUnit, period: Period) -> ProvidedValue | None:
        tasks = task_selectors.tasks_led_within(unit=unit)
        counts = task_selectors.statistics(tasks=tasks, on=period.ends_on)
        if not counts["due"]:
            return None
        return ProvidedValue(
            numerator=Decimal(counts["completed_of_due"]), denominator=Decimal(counts["due"])
        )


register(TaskCompletionRate())
