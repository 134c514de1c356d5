"""The accountability signals read from the task records (issue 14 item 1; docs/adr/0051), each
named after the Directive's behaviour it makes measurable, registered on import.

History is true: the states on the window's last day come from the state spans in force on it
(``tasks.states`` with ``spans=True``: the deadline then in force, the acceptance then standing),
the events from their own time, and a task's unit on a day from its span of that day — a task
returned by one unit and given to another counts for the unit that returned it. A task's person
is its lead person as recorded now (the record keeps no history of it); a return's, the person of
the account that returned it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandate.evaluations.signals_registry import Behaviour, Hit, SignalDefinition, Window, register
from mandate.organisations.selectors import subtree_q
from mandate.tasks import states
from mandate.tasks.enums import EventKind, TaskStatus
from mandate.tasks.models import ProgressReport, Task, TaskEvent, TaskStateSpan

TASK = "tasks.task"
EVENT = "tasks.taskevent"
LABEL_LENGTH = 200


def start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def end_of(day: dt.date) -> dt.datetime:
    """The first instant after ``day``: "recorded by the end of the day" is ``< end_of(day)``."""
    return start_of(day + dt.timedelta(days=1))


def units_q(field: str, prefixes: tuple[str, ...] | None) -> Q:
    if prefixes is None:
        return Q()
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= subtree_q(field, prefix)
    return condition


def in_units(path: str, prefixes: tuple[str, ...] | None) -> bool:
    return prefixes is None or any(path.startswith(prefix) for prefix in prefixes)


_PLACEHOLDER = 987654321


def task_link(task_id: int) -> str:
    """The task's page: reversed once per call site's list would cost ~20 µs a row, which on a
    province's quarter (thousands of rows) is a large part of the board (docs/performance.md)."""
    return _task_link_pattern().format(task_id)


@cache
def _task_link_pattern() -> str:
    return reverse("tasks:detail", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")


def _label(content: str) -> str:
    text = " ".join(content.split())
    return text if len(text) <= LABEL_LENGTH else f"{text[: LABEL_LENGTH - 1]}…"


def _day(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _spans_on(window: Window) -> QuerySet[TaskStateSpan]:
    """The spans in force on the window's last day, in its units, of its people's tasks."""
    spans = TaskStateSpan.objects.filter(states.in_force(window.ends_on)).filter(
        units_q("lead_path", window.prefixes)
    )
    if window.person_ids is not None:
        spans = spans.filter(task__lead_person_id__in=window.person_ids)
    return spans


def _span_hits(spans: QuerySet[TaskStateSpan], detail: str) -> list[Hit]:
    rows = spans.order_by("deadline_on", "task_id").values_list(
        "task_id", "lead_path", "task__lead_person_id", "deadline_on", "task__assigned_on", "task__content"
    )
    return [
        Hit(
            record_type=TASK,
            record_id=task_id,
            unit_path=path,
            person_id=person_id,
            day=deadline_on or assigned_on,
            label=_label(content),
            detail=detail % {"deadline": _day(deadline_on)} if deadline_on else "",
            link=task_link(task_id),
        )
        for task_id, path, person_id, deadline_on, assigned_on, content in rows
    ]


def overdue_unreported(window: Window) -> list[Hit]:
    """Overdue on the last day, and not one progress report since the deadline day (by the end
    of the last day): late and silent about it."""
    reported = ProgressReport.objects.filter(
        task_id=OuterRef("task_id"),
        reported_at__date__gte=OuterRef("deadline_on"),
        reported_at__lt=end_of(window.ends_on),
    )
    spans = _spans_on(window).filter(states.overdue(window.ends_on, spans=True)).filter(~Exists(reported))
    return _span_hits(spans, _("Due on %(deadline)s, no report since"))


def not_updated(window: Window) -> list[Hit]:
    """Not completed, and no progress report in the N days up to the last day (the task list's
    own definition, ``tasks.states.not_updated``, with N from the thresholds)."""
    spans = _spans_on(window).filter(states.not_updated(window.ends_on, window.params["days"], spans=True))
    return _span_hits(spans, _("Due on %(deadline)s"))


def recommendations_overdue(window: Window) -> list[Hit]:
    """An inspection's recommendation (a task, ADR 0043) whose deadline fell in the period before
    its last day, not completed on time as recorded on the last day."""
    spans = (
        _spans_on(window)
        .filter(
            states.deadline_task(),
            task__inspection_recommendation__isnull=False,
            deadline_on__gte=window.starts_on,
            deadline_on__lt=window.ends_on,
        )
        .exclude(accepted_on__isnull=False, done_reported_on__lte=F("deadline_on"))
    )
    return _span_hits(spans, _("Due on %(deadline)s, not done on time"))


# --- signals read from the events -----------------------------------------------------------------


def _paths_on(
    pairs: Iterable[tuple[int, dt.date]], fallback: dict[int, str]
) -> dict[tuple[int, dt.date], str]:
    """The lead unit of each (task, day), from the task's spans (one query): the span valid on the
    day, else the last one before it (the task stood cancelled), else the task's unit now."""
    wanted = list(pairs)
    spans: dict[int, list[tuple[dt.date, dt.date | None, str]]] = defaultdict(list)
    rows = TaskStateSpan.objects.filter(
        task_id__in={task_id for task_id, _day in wanted}, superseded_by__isnull=True
    ).values_list("task_id", "valid_from", "valid_to", "lead_path")
    for task_id, valid_from, valid_to, path in rows:
        spans[task_id].append((valid_from, valid_to, path))
    found: dict[tuple[int, dt.date], str] = {}
    for task_id, day in wanted:
        before = sorted((s for s in spans[task_id] if s[0] <= day), key=lambda s: s[0])
        valid = [s for s in before if s[1] is None or s[1] > day]
        chosen = valid[-1] if valid else (before[-1] if before else None)
        found[(task_id, day)] = chosen[2] if chosen else fallback.get(task_id, "")
    return found


def _event_hits(window: Window, events: QuerySet[TaskEvent], *, by_actor: bool, detail: str) -> list[Hit]:
    """The events of the period on tasks that stood in the window's units (any span there), each
    counted for the task's unit on the event's day; the person is the account's (``by_actor``)
    or the task's lead person."""
    events = events.filter(at__gte=start_of(window.starts_on), at__lt=end_of(window.ends_on))
    if window.prefixes is not None:
        events = events.filter(
            task_id__in=TaskStateSpan.objects.filter(units_q("lead_path", window.prefixes)).values("task_id")
        )
    person_field = "actor__person__id" if by_actor else "task__lead_person_id"
    if window.person_ids is not None:
        events = events.filter(**{f"{person_field}__in": window.person_ids})
    rows = list(
        events.order_by("at", "pk").values_list(
            "pk", "task_id", "at", person_field, "actor_label", "text", "task__lead_path", "task__content"
        )
    )
    days = {pk: timezone.localdate(at) for pk, _t, at, *_rest in rows}
    paths = _paths_on(((row[1], days[row[0]]) for row in rows), {row[1]: row[6] for row in rows})
    hits = []
    for pk, task_id, _at, person_id, actor_label, text, _path, content in rows:
        path = paths[(task_id, days[pk])]
        if not in_units(path, window.prefixes):
            continue
        hits.append(
            Hit(
                record_type=EVENT,
                record_id=pk,
                unit_path=path,
                person_id=person_id,
                day=days[pk],
                label=_label(content),
                detail=detail % {"by": actor_label, "text": _label(text)},
                link=task_link(task_id),
            )
        )
    return hits


def returned_not_ours(window: Window) -> list[Hit]:
    """Returned to the assigner as "not our unit's" (the return's move), by whom and how often:
    counted for the person who returned it and the unit that held it then."""
    events = TaskEvent.objects.filter(kind=EventKind.RETURNED)
    return _event_hits(window, events, by_actor=True, detail=_("Returned by %(by)s: %(text)s"))


def reopened_after_acceptance(window: Window) -> list[Hit]:
    """Reopened after it had been accepted as done: what was reported done was not."""
    events = TaskEvent.objects.filter(kind=EventKind.REOPENED, from_status=TaskStatus.ACCEPTED)
    return _event_hits(window, events, by_actor=False, detail=_("Reopened by %(by)s: %(text)s"))


def escalated_after_reminders(window: Window) -> list[Hit]:
    """Escalated to the assigning unit's head after the third reminder past the deadline (the
    sweep's escalation, ``tasks.services.escalation``), on its day: the task's ``escalated_on``,
    which the sweep sets to the day it escalates for (its timeline row carries the sweep's own
    time, which a replayed history does not)."""
    tasks = Task.objects.filter(escalated_on__gte=window.starts_on, escalated_on__lte=window.ends_on)
    if window.prefixes is not None:
        tasks = tasks.filter(
            pk__in=TaskStateSpan.objects.filter(units_q("lead_path", window.prefixes)).values("task_id")
        )
    if window.person_ids is not None:
        tasks = tasks.filter(lead_person_id__in=window.person_ids)
    rows = [
        (pk, day, person_id, path, content)
        for pk, day, person_id, path, content in tasks.order_by("escalated_on", "pk").values_list(
            "pk", "escalated_on", "lead_person_id", "lead_path", "content"
        )
        if day is not None
    ]
    paths = _paths_on(((row[0], row[1]) for row in rows), {row[0]: row[3] for row in rows})
    return [
        Hit(
            record_type=TASK,
            record_id=task_id,
            unit_path=paths[(task_id, day)],
            person_id=person_id,
            day=day,
            label=_label(content),
            detail=_("Escalated after three reminders"),
            link=task_link(task_id),
        )
        for task_id, day, person_id, _path, content in rows
        if in_units(paths[(task_id, day)], window.prefixes)
    ]


def repeated_extensions(window: Window) -> list[Hit]:
    """Tasks whose extension was asked at least N times by the last day, the last time within
    the period: one hit per task, on the day of the last request."""
    # The requests' timeline rows: their time is the day the request was made (a request entered
    # later for an earlier day carries that day), where the request row's ``created_at`` is not.
    asked = TaskEvent.objects.filter(kind=EventKind.EXTENSION_REQUESTED, at__lt=end_of(window.ends_on))
    if window.prefixes is not None:
        asked = asked.filter(
            task_id__in=TaskStateSpan.objects.filter(units_q("lead_path", window.prefixes)).values("task_id")
        )
    if window.person_ids is not None:
        asked = asked.filter(task__lead_person_id__in=window.person_ids)
    rows = list(
        asked.values("task_id")
        .annotate(times=Count("pk"), last=Max("at"))
        .filter(times__gte=window.params["requests"], last__gte=start_of(window.starts_on))
        .values_list("task_id", "times", "last", "task__lead_person_id", "task__lead_path", "task__content")
        .order_by("last", "task_id")
    )
    days = {row[0]: timezone.localdate(row[2]) for row in rows}
    paths = _paths_on(days.items(), {row[0]: row[4] for row in rows})
    return [
        Hit(
            record_type=TASK,
            record_id=task_id,
            unit_path=paths[(task_id, days[task_id])],
            person_id=person_id,
            day=days[task_id],
            label=_label(content),
            detail=_("Extension asked %(times)s times") % {"times": times},
            link=task_link(task_id),
        )
        for task_id, times, _last, person_id, _path, content in rows
        if in_units(paths[(task_id, days[task_id])], window.prefixes)
    ]


BUILT_IN = (
    SignalDefinition(
        code="overdue_unreported",
        behaviour=Behaviour.DELAY,
        label=gettext_lazy("Overdue without a report"),
        measures=gettext_lazy("Tasks past their deadline with no progress report since the deadline."),
        finder=overdue_unreported,
    ),
    SignalDefinition(
        code="not_updated",
        behaviour=Behaviour.IRRESPONSIBILITY,
        label=gettext_lazy("Not updated"),
        measures=gettext_lazy("Tasks not completed with no progress report in the last N days."),
        finder=not_updated,
        parameters=("days",),
    ),
    SignalDefinition(
        code="repeated_extensions",
        behaviour=Behaviour.DELAY,
        label=gettext_lazy("Extensions asked more than once"),
        measures=gettext_lazy("Tasks whose extension was asked N times or more."),
        finder=repeated_extensions,
        parameters=("requests",),
    ),
    SignalDefinition(
        code="returned_not_ours",
        behaviour=Behaviour.PUSHING_WORK,
        label=gettext_lazy("Returned as not our unit's"),
        measures=gettext_lazy("Tasks returned to the assigner as outside the unit's duties, by whom."),
        finder=returned_not_ours,
    ),
    SignalDefinition(
        code="reopened_after_acceptance",
        behaviour=Behaviour.IRRESPONSIBILITY,
        label=gettext_lazy("Reopened after acceptance"),
        measures=gettext_lazy("Tasks accepted as done, then reopened."),
        finder=reopened_after_acceptance,
    ),
    SignalDefinition(
        code="escalated_after_reminders",
        behaviour=Behaviour.EVASION,
        label=gettext_lazy("Escalated after three reminders"),
        measures=gettext_lazy("Overdue tasks escalated after the third reminder past the deadline."),
        finder=escalated_after_reminders,
    ),
    SignalDefinition(
        code="recommendations_overdue",
        behaviour=Behaviour.EVASION,
        label=gettext_lazy("Inspection recommendations not done on time"),
        measures=gettext_lazy("Recommendations of inspections not completed by their deadline."),
        finder=recommendations_overdue,
    ),
)

for _definition in BUILT_IN:
    register(_definition)
