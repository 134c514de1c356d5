"""The state spans of a task derived after the fact from what was recorded: its columns, its
timeline events, its approved extension requests and its done reports.

Why a pure function: the data migration that backfills the spans of existing tasks (it sees
historical models only) and the tests that build a task's final state by hand both need it, and
neither may import the services. What it cannot recover is said in ADR 0020: a reassigned task's
earlier lead units (the timeline does not hold them), so every derived span carries today's lead
path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    """One dated change of what the states read: ``what`` is accept, reopen, cancel or deadline."""

    day: dt.date
    what: str
    value: dt.date | None = None


def derive(
    task: dict[str, Any],
    *,
    events: Iterable[tuple[dt.date, str, str]] = (),
    deadlines: Iterable[tuple[dt.date, dt.date]] = (),
    done_reports: Iterable[dt.date] = (),
) -> list[dict[str, Any]]:
    """The spans of ``task`` (a dict of its columns) as dicts of span fields, in order.

    ``events``: (day, event kind, status moved to); ``deadlines``: (day decided, deadline
    approved); ``done_reports``: the days of its done reports. Where the events miss a fact the
    columns hold (a task accepted or cancelled without a timeline, as old imports and tests
    made), the columns' dates stand in.
    """
    changes: list[Change] = []
    for day, kind, to_status in events:
        if to_status == "accepted":
            changes.append(Change(day, "accept"))
        elif kind == "reopened":
            changes.append(Change(day, "reopen"))
        elif to_status == "cancelled":
            changes.append(Change(day, "cancel"))
    changes.extend(Change(day, "deadline", value) for day, value in deadlines)
    status = task["status"]
    if status == "accepted" and not any(c.what == "accept" for c in changes):
        changes.append(
            Change(task["accepted_on"] or task["done_reported_on"] or task["assigned_on"], "accept")
        )
    if status == "cancelled" and not any(c.what == "cancel" for c in changes):
        changes.append(Change(task["cancelled_on"] or task["assigned_on"], "cancel"))
    changes.sort(key=lambda c: c.day)
    reports = sorted(done_reports)

    def done_by(day: dt.date) -> dt.date | None:
        before = [d for d in reports if d <= day]
        return before[-1] if before else task["done_reported_on"]

    base = {
        "task_id": task["id"],
        "top_level": task["parent_id"] is None,
        "lead_path": task["lead_path"],
        "kind": task["kind"],
        "assigned_on": task["assigned_on"],
    }
    first: dict[str, Any] = {
        "deadline_on": task["original_deadline_on"] or task["deadline_on"],
        "done_reported_on": None,
        "accepted_on": None,
    }
    current: dict[str, Any] | None = first
    last: dict[str, Any] = dict(first)  # the values when it last existed (for a reopen)
    spans: list[dict[str, Any]] = []
    start = task["assigned_on"]
    for change in changes:
        day = max(change.day, task["assigned_on"])
        new = _apply(current, last, change, day, done_by(day))
        if new == current:
            continue
        if current is not None and day > start:
            spans.append({**base, **current, "valid_from": start, "valid_to": day})
        start, current = day, new
        if new is not None:
            last = dict(new)
    if current is not None:
        spans.append({**base, **current, "valid_from": start, "valid_to": None})
    return _agreeing_with_today(spans, task)


def _apply(
    current: dict[str, Any] | None, last: dict[str, Any], change: Change, day: dt.date, done: dt.date | None
) -> dict[str, Any] | None:
    if change.what == "cancel":
        return None
    if change.what == "reopen":
        return {**(current or last), "accepted_on": None, "done_reported_on": None}
    if current is None:
        if change.what == "deadline":
            last["deadline_on"] = change.value
        return None
    if change.what == "accept":
        return {**current, "accepted_on": day, "done_reported_on": done}
    if current["accepted_on"] is None:  # a deadline: the one in force when accepted stays
        return {**current, "deadline_on": change.value}
    return current


def _agreeing_with_today(spans: list[dict[str, Any]], task: dict[str, Any]) -> list[dict[str, Any]]:
    """The open span holds today's columns exactly (what the services would have written)."""
    if spans and spans[-1]["valid_to"] is None:
        last = spans[-1]
        last["deadline_on"] = (
            last["deadline_on"]
            if task["status"] == "accepted" and last["accepted_on"]
            else task["deadline_on"]
        )
        if task["status"] == "accepted":
            last["accepted_on"] = last["accepted_on"] or task["accepted_on"]
            last["done_reported_on"] = task["done_reported_on"]
    return spans
