"""The demo city, part 2: the seeds' task sets, a synthetic spread, the live work around the day
the demo is loaded, and the living office up to that day — read from ``mandate/dev/data/`` and
played through the task services (``mandate.dev.replay``).

The order of the play: the recorded history (``data/tasks/*.yaml``, in file-name order; each
file's extra reports after its tasks); the living office (``data/living.yaml``) up to a week
before the load day; every notice read (the history's notices were read long ago); the live
tasks (``data/live.yaml``, their days counted from the load day) and the living office's last
week; then one sweep for the load day, so the overdue and not-updated marks and the reminders
exist as the hourly sweep would leave them. The last day played is recorded (``DemoPlay``), so
that ``make demo`` brings the city up to a later day (``mandate.dev.living.bring_up``).

Who acts is ``data/actors.yaml``: the account that acts for the side's unit, else the system
(assigning units without an account) or the administrator entering the data (lead units without
one: a progress report must name its reporter, and the history of those units is, honestly, data
entry by the administrator).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from mandate.dev.living import HISTORY_ENDS_ON, play_days, stream_start
from mandate.dev.models import DemoPlay
from mandate.dev.records import DemoCity, DemoTasks, Writer
from mandate.dev.registry import register_documents
from mandate.dev.replay import Run
from mandate.dev.schemas import DemoData, demo_data
from mandate.dev.task_specs import Spec, specs_of
from mandate.notifications import services as notification_services
from mandate.tasks.services import escalation

__all__ = [
    "DIRECTIVE_24_TASKS",
    "HISTORY_ENDS_ON",
    "PROGRAMME_01_AGENCIES",
    "DemoTasks",
    "load_demo_tasks",
]

# The last week of the living office is played after the notices are read: it is what is new.
NEW_DAYS = 7


def _directive_24_tasks(data: DemoData) -> tuple[str, ...]:
    sets = [s for file in data.tasks.values() for s in file["regular_sets"] if s["document"] == "24-CT/TU"]
    return tuple(sets[0]["tasks"])


def _programme_01_agencies(data: DemoData) -> tuple[str, ...]:
    groups = [g for file in data.tasks.values() for g in file["groups"] if g["document"] == "01-CTr/TU"]
    return tuple(dict.fromkeys(row["lead"] or groups[0]["lead"] for row in groups[0]["rows"]))


DIRECTIVE_24_TASKS = _directive_24_tasks(demo_data())
PROGRAMME_01_AGENCIES = _programme_01_agencies(demo_data())


def _play_file(run: Run, specs_by_key: dict[str, Spec], file: object, today: dt.date, *, exact: bool) -> None:
    specs, reports = specs_of(file, today)  # type: ignore[arg-type]
    run.load(specs)
    specs_by_key.update((spec.key, spec) for spec in specs)
    for key, step, _where in reports:
        run.play(replace(specs_by_key[key], exact_dates=exact), step)


def load_demo_tasks(
    *, city: DemoCity, today: dt.date, stdout: Writer | None = None, data: DemoData | None = None
) -> DemoTasks:
    """Create the demo's tasks and their history, play the living office up to ``today``, then
    sweep once for ``today``. Runs inside the caller's transaction (``load_demo_city``)."""
    if today <= HISTORY_ENDS_ON:
        raise ValueError(
            f"The demo's task history runs to {HISTORY_ENDS_ON.isoformat()}; load it on a later day than "
            f"{today.isoformat()}."
        )
    data = data or demo_data()
    run = Run(city, data)
    specs: dict[str, Spec] = {}
    for file in data.tasks.values():
        _play_file(run, specs, file, today, exact=False)
    _living_documents(run, data, today)
    first = min(stream_start(stream, data, today) for stream in data.living["streams"])
    quiet = today - dt.timedelta(days=NEW_DAYS + 1)
    living = play_days(run, data, loaded_on=today, first=first, last=quiet)
    for user in run.users.values():
        notification_services.notifications_mark_all_read(actor=user)
    _play_file(run, specs, data.live, today, exact=True)
    living += play_days(
        run, data, loaded_on=today, first=max(first, quiet + dt.timedelta(days=1)), last=today
    )
    result = escalation.sweep(day=today)
    DemoPlay.objects.create(loaded_on=today, played_from=first, played_through=today)
    tasks = DemoTasks(
        tasks={key: task.pk for key, task in run.tasks.items()},
        top_level=sum(1 for task in run.tasks.values() if task.parent_id is None),
        subtasks=sum(1 for task in run.tasks.values() if task.parent_id is not None),
        swept=result.counts(),
    )
    if stdout is not None:
        played = ", ".join(f"{name} {count}" for name, count in sorted(living.items()))
        stdout.write(f"Living office from {first:%d/%m/%Y}: {played}\n")
        stdout.write(tasks.summary() + "\n")
    return tasks


def _living_documents(run: Run, data: DemoData, today: dt.date) -> None:
    """The living office's documents, registered by whoever assigns for their issuer."""
    actors = {unit: run.user(assigns) for unit, (assigns, _decides) in run.assigner_actors.items()}
    register_documents(
        data.living["documents"], units=run.units, documents=run.documents, today=today, actor_for=actors
    )
