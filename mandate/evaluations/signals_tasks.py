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
from collections import Counter
from collections.abc import Iterable
from functools import cache

from django.db import connection
from django.db.models import Count, DateTimeField, Exists, F, Func, Max, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandate.evaluations.signals_paths import path_on, paths_on
from mandate.evaluations.signals_registry import (
    Behaviour,
    Counts,
    Hit,
    SignalDefinition,
    Window,
    register,
)
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


def may_be_in(prefixes: tuple[str, ...] | None, *, task_id: str, lead_path: str) -> Q:
    """A task that could be counted in the units on some day: a span of it there not superseded
    (``_paths_on`` reads no other), or it is there now (``_paths_on``'s fallback). The spans'
    partial covering index answers the first, where "any span there" would read every span."""
    if prefixes is None:
        return Q()
    spans = TaskStateSpan.objects.filter(units_q("lead_path", prefixes), superseded_by__isnull=True)
    return Q(**{f"{task_id}__in": spans.values("task_id")}) | units_q(lead_path, prefixes)


def in_units(path: str, prefixes: tuple[str, ...] | None) -> bool:
    return prefixes is None or path.startswith(prefixes)


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


def _span_counts(spans: QuerySet[TaskStateSpan]) -> Counts:
    """The board's figures of a span signal: its hits' query grouped by unit and person."""
    rows = spans.order_by().values_list("lead_path", "task__lead_person_id").annotate(n=Count("pk"))
    return {(path, person_id): n for path, person_id, n in rows}


class LocalMidnight(Func):
    """The first instant of a date column's day in the current time zone (PostgreSQL): compared
    with ``reported_at`` as an instant, the reports' ``(task, reported_at)`` index answers, where
    ``reported_at__date`` converts every report's time to a local date first."""

    output_field = DateTimeField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: object, **extra: object
    ) -> tuple[str, tuple[object, ...]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql})::timestamp AT TIME ZONE %s)", (*params, timezone.get_current_timezone_name())


def _overdue_unreported_spans(window: Window) -> QuerySet[TaskStateSpan]:
    """Overdue on the last day, and not one progress report since the deadline day (by the end
    of the last day): late and silent about it."""
    since_deadline = (
        Q(reported_at__gte=LocalMidnight(OuterRef("deadline_on")))
        if connection.vendor == "postgresql"
        else Q(reported_at__date__gte=OuterRef("deadline_on"))  # the same instants, without a time zone
    )
    reported = ProgressReport.objects.filter(
        since_deadline, task_id=OuterRef("task_id"), reported_at__lt=end_of(window.ends_on)
    )
    return _spans_on(window).filter(states.overdue(window.ends_on, spans=True)).filter(~Exists(reported))


def overdue_unreported(window: Window) -> list[Hit]:
    return _span_hits(_overdue_unreported_spans(window), _("Due on %(deadline)s, no report since"))


def _not_updated_spans(window: Window) -> QuerySet[TaskStateSpan]:
    """Not completed, and no progress report in the N days up to the last day (the task list's
    own definition, ``tasks.states.not_updated``, with N from the thresholds)."""
    return _spans_on(window).filter(states.not_updated(window.ends_on, window.params["days"], spans=True))


def not_updated(window: Window) -> list[Hit]:
    return _span_hits(_not_updated_spans(window), _("Due on %(deadline)s"))


def _recommendations_overdue_spans(window: Window) -> QuerySet[TaskStateSpan]:
    """An inspection's recommendation (a task, ADR 0043) whose deadline fell in the period before
    its last day, not completed on time as recorded on the last day."""
    return (
        _spans_on(window)
        .filter(
            states.deadline_task(),
            task__inspection_recommendation__isnull=False,
            deadline_on__gte=window.starts_on,
            deadline_on__lt=window.ends_on,
        )
        .exclude(accepted_on__isnull=False, done_reported_on__lte=F("deadline_on"))
    )


def recommendations_overdue(window: Window) -> list[Hit]:
    return _span_hits(_recommendations_overdue_spans(window), _("Due on %(deadline)s, not done on time"))


# --- signals read from the events -----------------------------------------------------------------


def _person_field(by_actor: bool) -> str:
    return "actor__person__id" if by_actor else "task__lead_person_id"


def _events_of(window: Window, events: QuerySet[TaskEvent], *, by_actor: bool) -> QuerySet[TaskEvent]:
    """The events of the period on tasks that may have stood in the window's units, of its people;
    the person is the account's (``by_actor``) or the task's lead person."""
    events = events.filter(at__gte=start_of(window.starts_on), at__lt=end_of(window.ends_on))
    events = events.filter(may_be_in(window.prefixes, task_id="task_id", lead_path="task__lead_path"))
    if window.person_ids is not None:
        events = events.filter(**{f"{_person_field(by_actor)}__in": window.person_ids})
    return events


def _tally(rows: Iterable[tuple[str, int | None]]) -> Counts:
    """Two columns a row, counted here: SQLite cannot group by the unit-on-the-day subquery (its
    correlation is lost under GROUP BY), and the rows are few (events, escalations)."""
    return dict(Counter(rows))


def _event_counts(window: Window, events: QuerySet[TaskEvent], *, by_actor: bool) -> Counts:
    """``_event_hits`` counted in SQL: each event where its task stood on the event's day."""
    rows = (
        _events_of(window, events, by_actor=by_actor)
        .annotate(day=TruncDate("at"))
        .annotate(then=path_on("task_id", "day", "task__lead_path"))
        .filter(units_q("then", window.prefixes))
        .order_by()
        .values_list("then", _person_field(by_actor))
    )
    return _tally(rows)


def _event_hits(window: Window, events: QuerySet[TaskEvent], *, by_actor: bool, detail: str) -> list[Hit]:
    """Each event of the period counted for the task's unit on the event's day."""
    events = _events_of(window, events, by_actor=by_actor)
    person_field = _person_field(by_actor)
    rows = list(
        events.order_by("at", "pk").values_list(
            "pk", "task_id", "at", person_field, "actor_label", "text", "task__lead_path", "task__content"
        )
    )
    days = {pk: timezone.localdate(at) for pk, _t, at, *_rest in rows}
    paths = paths_on(((row[1], days[row[0]]) for row in rows), {row[1]: row[6] for row in rows})
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


def _returns() -> QuerySet[TaskEvent]:
    """Returned to the assigner as "not our unit's" (the return's move), by whom and how often:
    counted for the person who returned it and the unit that held it then."""
    return TaskEvent.objects.filter(kind=EventKind.RETURNED)


def returned_not_ours(window: Window) -> list[Hit]:
    return _event_hits(window, _returns(), by_actor=True, detail=_("Returned by %(by)s: %(text)s"))


def _reopenings() -> QuerySet[TaskEvent]:
    """Reopened after it had been accepted as done: what was reported done was not."""
    return TaskEvent.objects.filter(kind=EventKind.REOPENED, from_status=TaskStatus.ACCEPTED)


def reopened_after_acceptance(window: Window) -> list[Hit]:
    return _event_hits(window, _reopenings(), by_actor=False, detail=_("Reopened by %(by)s: %(text)s"))


def _escalated(window: Window) -> QuerySet[Task]:
    """Escalated to the assigning unit's head after the third reminder past the deadline (the
    sweep's escalation, ``tasks.services.escalation``), on its day: the task's ``escalated_on``,
    which the sweep sets to the day it escalates for (its timeline row carries the sweep's own
    time, which a replayed history does not)."""
    tasks = Task.objects.filter(escalated_on__gte=window.starts_on, escalated_on__lte=window.ends_on)
    tasks = tasks.filter(may_be_in(window.prefixes, task_id="pk", lead_path="lead_path"))
    if window.person_ids is not None:
        tasks = tasks.filter(lead_person_id__in=window.person_ids)
    return tasks


def _escalated_counts(window: Window) -> Counts:
    rows = (
        _escalated(window)
        .annotate(then=path_on("pk", "escalated_on", "lead_path"))
        .filter(units_q("then", window.prefixes))
        .order_by()
        .values_list("then", "lead_person_id")
    )
    return _tally(rows)


def escalated_after_reminders(window: Window) -> list[Hit]:
    rows = [
        (pk, day, person_id, path, content)
        for pk, day, person_id, path, content in _escalated(window)
        .order_by("escalated_on", "pk")
        .values_list("pk", "escalated_on", "lead_person_id", "lead_path", "content")
        if day is not None
    ]
    paths = paths_on(((row[0], row[1]) for row in rows), {row[0]: row[3] for row in rows})
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
    asked = asked.filter(may_be_in(window.prefixes, task_id="task_id", lead_path="task__lead_path"))
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
    paths = paths_on(days.items(), {row[0]: row[4] for row in rows})
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
        counter=lambda window: _span_counts(_overdue_unreported_spans(window)),
    ),
    SignalDefinition(
        code="not_updated",
        behaviour=Behaviour.IRRESPONSIBILITY,
        label=gettext_lazy("Not updated"),
        measures=gettext_lazy("Tasks not completed with no progress report in the last N days."),
        finder=not_updated,
        counter=lambda window: _span_counts(_not_updated_spans(window)),
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
        counter=lambda window: _event_counts(window, _returns(), by_actor=True),
    ),
    SignalDefinition(
        code="reopened_after_acceptance",
        behaviour=Behaviour.IRRESPONSIBILITY,
        label=gettext_lazy("Reopened after acceptance"),
        measures=gettext_lazy("Tasks accepted as done, then reopened."),
        finder=reopened_after_acceptance,
        counter=lambda window: _event_counts(window, _reopenings(), by_actor=False),
    ),
    SignalDefinition(
        code="escalated_after_reminders",
        behaviour=Behaviour.EVASION,
        label=gettext_lazy("Escalated after three reminders"),
        measures=gettext_lazy("Overdue tasks escalated after the third reminder past the deadline."),
        finder=escalated_after_reminders,
        counter=_escalated_counts,
    ),
    SignalDefinition(
        code="recommendations_overdue",
        behaviour=Behaviour.EVASION,
        label=gettext_lazy("Inspection recommendations not done on time"),
        measures=gettext_lazy("Recommendations of inspections not completed by their deadline."),
        finder=recommendations_overdue,
        counter=lambda window: _span_counts(_recommendations_overdue_spans(window)),
    ),
)

for _definition in BUILT_IN:
    register(_definition)
