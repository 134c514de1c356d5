"""Actuals and submissions as they were recorded by a day (ADR 0030).

Figures about a past day are computed from what was recorded by then: the last revision of each
value at or before the end of the day, the state left by the last step taken by then. Nothing
is rewritten afterwards (revisions and events are only inserted), so a report made on 15/09/2023
reads the same later, whatever was unlocked and corrected since.

These reads are not scoped: callers pass actuals and submissions they selected through
``selectors``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from mandate.indicators.enums import SubmissionState
from mandate.indicators.models import ActualRevision, SubmissionEvent


def end_of(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in the product's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def values_as_recorded(actual_ids: Iterable[int], *, on: dt.date) -> dict[int, ActualRevision]:
    """For each actual, its revision in force at the end of ``on``; an actual first entered
    after that day is absent. One query."""
    ids = list(actual_ids)
    if not ids:
        return {}
    latest = (
        ActualRevision.objects.filter(actual_id=OuterRef("actual_id"), at__lte=end_of(on))
        .order_by("-at", "-id")
        .values("id")[:1]
    )
    rows = ActualRevision.objects.filter(actual_id__in=ids, at__lte=end_of(on)).filter(id=Subquery(latest))
    return {row.actual_id: row for row in rows}


def states_on(submission_ids: Iterable[int], *, on: dt.date) -> dict[int, str]:
    """Each submission's state at the end of ``on``: the state its last step by then left it in
    (a draft before any step). One query."""
    ids = list(submission_ids)
    states = dict.fromkeys(ids, SubmissionState.DRAFT.value)
    events = (
        SubmissionEvent.objects.filter(submission_id__in=ids, at__lte=end_of(on))
        .order_by("submission_id", "at", "id")
        .values_list("submission_id", "to_state")
    )
    for submission_id, state in events:
        states[submission_id] = state
    return states
