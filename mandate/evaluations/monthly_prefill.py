"""The task part of a month read from the records (issue 14, item 2): the tasks each official
leads that fell due in the month, as the history stood on the day read (``tasks.history``: the
state spans in force then, so a later reopening or extension does not rewrite a closed month),
with the times each was returned for rework by then, put through the formula of
``monthly_rules``.

Two queries for a whole unit, whatever its size (issue 14, item 10: a unit of 500 people).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from mandate.evaluations.monthly_rules import Rules, TaskFacts, TaskPart, task_part
from mandate.tasks import states
from mandate.tasks.enums import EventKind, TaskKind
from mandate.tasks.models import TaskEvent, TaskStateSpan

LABEL_LENGTH = 200


def month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class TaskRecord:
    """One due task as read: what the page shows beside its line."""

    task_id: int
    person_id: int
    content: str
    weight: Decimal | None
    deadline_on: dt.date
    done_reported_on: dt.date | None
    accepted_on: dt.date | None


def _outcome(record: TaskRecord, as_of: dt.date) -> str | None:
    if record.accepted_on is not None and record.accepted_on <= as_of:
        late = record.done_reported_on is not None and record.done_reported_on > record.deadline_on
        return "late" if late else "on_time"
    if record.deadline_on < as_of:
        return "overdue"
    return None  # due on the day read and not done yet: still the official's day


def _records(person_ids: list[int], month: dt.date, as_of: dt.date) -> list[TaskRecord]:
    last = min(month_end(month), as_of)
    spans = (
        TaskStateSpan.objects.filter(states.in_force(as_of))
        .filter(
            kind=TaskKind.DEADLINE,
            deadline_on__gte=month,
            deadline_on__lte=last,
            task__lead_person_id__in=person_ids,
        )
        .order_by("deadline_on", "task_id")
        .values_list(
            "task_id", "task__lead_person_id", "task__content", "task__weight", "deadline_on",
            "done_reported_on", "accepted_on",
        )
    )  # fmt: skip
    return [
        TaskRecord(task, person, " ".join(content.split())[:LABEL_LENGTH], weight, deadline, done, accepted)
        for task, person, content, weight, deadline, done, accepted in spans
        if deadline is not None  # always, by the filter on deadline_on: for the type checker
    ]


def _reworks(task_ids: Iterable[int], as_of: dt.date) -> Counter[int]:
    end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))
    events = TaskEvent.objects.filter(Q(task_id__in=list(task_ids)), kind=EventKind.REWORK, at__lt=end)
    return Counter(events.values_list("task_id", flat=True))


@dataclass(frozen=True)
class Prefill:
    part: TaskPart
    records: tuple[TaskRecord, ...]
    as_of: dt.date

    def as_json(self, rules: Rules) -> dict[str, Any]:
        """What the evaluation keeps: every line with its task, so each deduction links to it."""
        by_id = {record.task_id: record for record in self.records}
        lines = []
        for line in self.part.lines:
            assert line.facts.task_id is not None
            record = by_id[line.facts.task_id]
            lines.append(
                {
                    "task": record.task_id,
                    "label": record.content,
                    "deadline_on": record.deadline_on.isoformat(),
                    "done_reported_on": record.done_reported_on.isoformat()
                    if record.done_reported_on
                    else None,
                    "accepted_on": record.accepted_on.isoformat() if record.accepted_on else None,
                    "weight": str(line.weight),
                    "outcome": line.facts.outcome,
                    "reworks": line.facts.reworks,
                    "share": str(line.share),
                    "earned": str(line.earned),
                    "deductions": [[reason, str(lost)] for reason, lost in line.deductions],
                }
            )
        return {
            "rules": rules.code,
            "formula": rules.formula.code,
            "as_of": self.as_of.isoformat(),
            "due_weight": str(self.part.due_weight),
            "earned_weight": str(self.part.earned_weight),
            "points": str(self.part.points) if self.part.points is not None else None,
            "lines": lines,
        }


def prefill_many(
    *, person_ids: list[int], month: dt.date, as_of: dt.date, rules: Rules
) -> dict[int, Prefill]:
    """The task part of each person for ``month``, from the records as they stood on ``as_of``."""
    records = _records(person_ids, month, as_of)
    reworks = _reworks({record.task_id for record in records}, as_of)
    facts: dict[int, list[TaskFacts]] = defaultdict(list)
    kept: dict[int, list[TaskRecord]] = defaultdict(list)
    for record in records:
        outcome = _outcome(record, as_of)
        if outcome is None:
            continue
        facts[record.person_id].append(
            TaskFacts(
                label=record.content,
                weight=record.weight,
                outcome=outcome,
                reworks=reworks[record.task_id] if outcome != "overdue" else 0,
                task_id=record.task_id,
            )
        )
        kept[record.person_id].append(record)
    return {
        person_id: Prefill(task_part(rules, facts[person_id]), tuple(kept[person_id]), as_of)
        for person_id in person_ids
    }
