"""Reminders to units that have not submitted a set's values, like a task's (ADR 0037): once
when the deadline is 3 working days away or less, once on the deadline, then every 3 working
days after it; after the third reminder past the deadline, once, to the heads of the level the
values are due to (the unit it reports to in the set) — the sweep's rhythm (ADR 0014), read from
``tasks.services.escalation`` so the two never drift apart.

A unit "has not submitted" when its values for the period are a draft, were returned, or do not
exist. The periods looked at are the set's periods of its kind (on the calendar basis, and any
other basis the set already has submissions on) whose deadline lies from
``LOOKBACK_DAYS`` before the day to 3 working days after it, within the set's collection span.

Idempotent without a column of its own: every notice carries a dedupe key naming the set, the
period, the unit and the step (``…:overdue:2`` for the second reminder after the deadline, so a
day missed is caught up the next run and never sent twice). One audit entry per run.
Runs as the job ``indicators.reminders`` (``jobs.py``), scheduled after the sweep.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_noop

from mandate.core import audit, periods
from mandate.core.enums import PeriodKind
from mandate.core.models import Period
from mandate.core.period_labels import label as period_label
from mandate.core.workdays import add_working_days, is_working_day
from mandate.indicators.enums import SubmissionState
from mandate.indicators.hierarchy import hierarchy_on
from mandate.indicators.models import IndicatorSet, Submission
from mandate.indicators.reporting_rates import deadline_of
from mandate.indicators.services.common import heads_of
from mandate.notifications import services as notifications
from mandate.notifications.enums import NotificationKind
from mandate.organisations.models import OrgUnit
from mandate.tasks.services.escalation import (
    ESCALATE_AFTER_REMINDERS,
    REMIND_BEFORE_WORKING_DAYS,
    REMIND_EVERY_WORKING_DAYS,
)

LOOKBACK_DAYS = 90
NOT_SUBMITTED = frozenset({SubmissionState.DRAFT, SubmissionState.RETURNED})

MESSAGES = {
    "before": gettext_noop("Values of “%(set)s”, %(period)s, are due on %(deadline)s."),
    "due": gettext_noop("Values of “%(set)s”, %(period)s, are due today."),
    "overdue": gettext_noop(
        "Values of “%(set)s”, %(period)s, were due on %(deadline)s and are not submitted."
    ),
    "escalated": gettext_noop(
        "%(unit)s has not submitted its values of “%(set)s”, %(period)s, due on %(deadline)s, after "
        "three reminders."
    ),
}
KINDS = {
    "before": NotificationKind.REMINDER_BEFORE,
    "due": NotificationKind.REMINDER_DUE,
    "overdue": NotificationKind.REMINDER_OVERDUE,
    "escalated": NotificationKind.ESCALATION,
}
_MAKERS: dict[str, Any] = {
    PeriodKind.MONTH: lambda y: [periods.month(y, n) for n in range(1, 13)],
    PeriodKind.QUARTER: lambda y: [periods.quarter(y, n) for n in range(1, 5)],
    PeriodKind.HALF: lambda y: [periods.half(y, n) for n in (1, 2)],
    PeriodKind.YEAR: lambda y: [periods.year(y)],
}


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days lie after ``start`` up to ``end`` (inclusive)."""
    days, current = 0, start
    while current < end:
        current += dt.timedelta(days=1)
        days += int(is_working_day(current))
    return days


def steps_on(day: dt.date, deadline: dt.date) -> list[str]:
    """The reminder steps due on ``day`` for a deadline (each sent at most once: the caller's
    dedupe keys): ``before``, ``due``, ``overdue:<n>`` and ``escalated``."""
    if day < deadline:
        return ["before"] if deadline <= add_working_days(day, REMIND_BEFORE_WORKING_DAYS) else []
    if day == deadline:
        return ["due"]
    cycles = working_days_between(deadline, day) // REMIND_EVERY_WORKING_DAYS
    steps = [f"overdue:{n}" for n in range(1, cycles + 1)][-1:]  # the latest only: one a run
    if cycles >= ESCALATE_AFTER_REMINDERS:
        steps.append("escalated")
    return steps


def _candidate_periods(indicator_set: IndicatorSet, day: dt.date) -> list[Period]:
    kind = indicator_set.period_kind
    found = {p.pk: p for year in (day.year - 1, day.year) for p in _MAKERS[kind](year)}
    used = Submission.objects.filter(indicator_set=indicator_set, period__kind=kind).values("period_id")
    found.update({p.pk: p for p in Period.objects.filter(pk__in=used)})
    earliest = day - dt.timedelta(days=LOOKBACK_DAYS)
    latest = add_working_days(day, REMIND_BEFORE_WORKING_DAYS)
    return sorted(
        (
            p
            for p in found.values()
            if p.starts_on >= indicator_set.valid_from
            and (indicator_set.valid_to is None or p.ends_on <= indicator_set.valid_to)
            and earliest <= deadline_of(indicator_set, p) <= latest
        ),
        key=lambda p: (p.ends_on, p.code),
    )


def _remind(indicator_set: IndicatorSet, period: Period, day: dt.date, sent: Counter[str]) -> None:
    deadline = deadline_of(indicator_set, period)
    steps = steps_on(day, deadline)
    if not steps:
        return
    hierarchy = hierarchy_on(indicator_set, period.ends_on)
    done = set(
        Submission.objects.filter(
            indicator_set=indicator_set, period=period, unit_id__in=list(hierarchy.parent_of)
        )
        .exclude(state__in=NOT_SUBMITTED)
        .values_list("unit_id", flat=True)
    )
    waiting = [u for u in hierarchy.parent_of if u not in done]
    units = OrgUnit.objects.in_bulk([*waiting, *(hierarchy.parent_of[u] for u in waiting)])
    for unit_id in sorted(waiting, key=lambda pk: hierarchy.path_of[pk]):
        for step in steps:
            tag = step.split(":")[0]
            to = hierarchy.parent_of[unit_id] if tag == "escalated" else unit_id
            created = notifications.notify(
                recipients=heads_of([to], day=day),
                kind=KINDS[tag],
                message=MESSAGES[tag],
                params={
                    "set": indicator_set.name,
                    "period": lazy(period_label, str)(period),
                    "deadline": formats.date_format(deadline, "d/m/Y"),
                    "unit": units[unit_id],
                },
                unit=units[to],
                target=indicator_set,
                dedupe_key=f"indicators:{indicator_set.pk}:{period.pk}:{unit_id}:{step}",
            )
            sent[tag] += len(created)


@transaction.atomic
def remind(*, day: dt.date | None = None) -> dict[str, int]:
    """One pass over every set collecting on ``day`` (today): the notices sent, by step."""
    day = day or timezone.localdate()
    sent: Counter[str] = Counter()
    sets = IndicatorSet.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day - dt.timedelta(days=LOOKBACK_DAYS * 2)),
        retired_at__isnull=True,
        valid_from__lte=day,
    ).order_by("code")
    for indicator_set in sets:
        for period in _candidate_periods(indicator_set, day):
            _remind(indicator_set, period, day, sent)
    counts = {tag: sent[tag] for tag in KINDS}
    audit.record(
        actor=None,
        actor_label="system:indicators.reminders",
        action="indicators.reminders",
        target_type="indicators.indicatorset",
        target_label=day.isoformat(),
        after={"day": day, "sent": counts},
    )
    return counts
