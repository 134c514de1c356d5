"""The living office: the work of an ordinary day, played for every day up to today.

The seeds' scenario is history: it ends in 2025 (``HISTORY_ENDS_ON``). Around the day the demo is
loaded, the city must look like an office at work — completions in each recent month, the
departments' own offices busy, tasks due today and this week, reports awaiting a decision — and
it must stay so: ``make demo`` on a city loaded days ago plays the days since (``bring_up``).

The streams of ``data/living.yaml`` say what work comes in; this module turns a stream and a day
into the tasks assigned that day and what becomes of each (``plans``), and plays the days through
the same replay as the history (``mandate.dev.replay``), so every figure comes from the services.
What becomes of a task is drawn from a hash of its key, never from a random generator: a day
played twice, or on another machine, is played the same. The last day played is recorded in the
database (``DemoPlay``); the tasks a stream made are found again by their keys (``DemoTask``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction

from mandate.core.workdays import add_working_days, is_working_day
from mandate.dev.datafiles import Row
from mandate.dev.models import DemoPlay, DemoTask
from mandate.dev.records import Writer, find_city
from mandate.dev.replay import Run
from mandate.dev.schemas import DemoData, demo_data
from mandate.dev.task_specs import SYNTHETIC, Spec, Step, progress_text
from mandate.tasks.models import Task
from mandate.tasks.services import escalation

__all__ = ["HISTORY_ENDS_ON", "bring_up", "plans", "play_days", "stream_start"]

# The last day of the seeds' recorded history; the living office starts after it.
HISTORY_ENDS_ON = dt.date(2025, 12, 31)
DONE = "Đã hoàn thành; gửi báo cáo kết quả."


def stream_start(stream: Row, data: DemoData, loaded_on: dt.date) -> dt.date:
    """The first day a stream assigns work: ``window`` days before the load day (a little over a
    year at most, so that every month of the dashboard's year has its completions), never before
    its document is issued."""
    issued: dict[str, dt.date] = {
        row["symbol"]: row["issued_on"] for row in [*data.documents, *data.living["documents"]]
    }
    return max(loaded_on - dt.timedelta(days=stream["window"]), issued[stream["document"]])


def _draw(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


def _plan(key: str, assigned: dt.date, deadline: dt.date, days: int) -> tuple[Step, ...]:
    """What becomes of one task: mostly done on time and accepted, sometimes done late, sent
    back for rework, extended, or left running late with no report since."""
    draw = _draw(key)
    after = add_working_days
    progress = after(assigned, max(1, days * 2 // 5))
    steps = [Step("progress", progress, progress_text(40), 40)]
    outcome = draw % 10
    if outcome <= 5:  # on time
        done = after(assigned, days - 1 - (draw >> 8) % 3)
        steps += [Step("done", done, DONE), Step("accept", after(done, 1 + (draw >> 12) % 3))]
    elif outcome == 6:  # late
        done = after(deadline, 2 + (draw >> 8) % 4)
        steps += [Step("done", done, DONE), Step("accept", after(done, 2))]
    elif outcome == 7:  # sent back once
        first = after(assigned, days - 2)
        rework = after(first, 1)
        again = after(rework, 2)
        steps += [
            Step("done", first, DONE),
            Step("rework", rework, "Đề nghị bổ sung số liệu so sánh với cùng kỳ."),
            Step("done", again, DONE),
            Step("accept", after(again, 1)),
        ]
    elif outcome == 8:  # extended, then done within the new deadline
        asked = after(assigned, days - 3)
        until = after(deadline, 10)
        done = after(deadline, 7)
        steps += [
            Step("extension", asked, "Chờ số liệu của các đơn vị phối hợp.", until=until),
            Step("decide", after(asked, 1), approve=True, note="Đồng ý gia hạn."),
            Step("done", done, DONE),
            Step("accept", after(done, 2)),
        ]  # fmt: skip
    else:  # running late: one more report, then nothing until long after the deadline
        steps.append(Step("progress", after(assigned, days * 4 // 5), progress_text(70), 70))
        done = after(deadline, 20)
        steps += [Step("done", done, DONE), Step("accept", after(done, 3))]
    return tuple(steps)


@dataclass(frozen=True)
class Planned:
    spec: Spec
    stream: str


def plans(stream: Row, start: dt.date, end: dt.date) -> Iterator[Planned]:
    """The tasks a stream assigns from ``start`` to ``end``, each with what becomes of it."""
    leads, contents = stream["leads"], stream["contents"]
    fewest, most = stream["working_days"]
    day = start
    while day <= end:
        ordinal = day.toordinal()
        if is_working_day(day) and ordinal % stream["every"] == stream["phase"]:
            turn = ordinal // stream["every"]
            lead = leads[turn % len(leads)]
            content = contents[(turn // len(leads) + turn) % len(contents)]
            key = f"living.{stream['key']}.{day.isoformat()}"
            days = fewest + _draw(key + "/days") % (most - fewest + 1)
            deadline = add_working_days(day, days)
            product = stream["expected_product"]
            steps = _plan(key, day, deadline, days)
            if product:
                name = f"{key.replace('.', '-')}.pdf"
                steps = tuple(
                    Step(s.kind, s.on, s.text, product_file=name) if s.kind == "done" else s for s in steps
                )
            spec = Spec(
                key=key,
                document=stream["document"],
                assigner=stream["assigner"],
                lead=lead["unit"],
                content=SYNTHETIC + content,
                assigned_on=day,
                deadline_on=deadline,
                steps=steps,
                lead_person=lead["person"] or "",
                expected_product=product,
                exact_dates=True,
                where=str(stream.where),
            )
            yield Planned(spec, stream["key"])
        day += dt.timedelta(days=1)


def play_days(run: Run, data: DemoData, *, loaded_on: dt.date, first: dt.date, last: dt.date) -> Counter[str]:
    """Play the living office from ``first`` to ``last``: each day's new tasks, then each step
    that falls on it, day after day. Tasks assigned before ``first`` are found by their keys."""
    events: list[tuple[dt.date, int, Planned, Step | None]] = []
    earlier: list[Planned] = []
    for stream in data.living["streams"]:
        for planned in plans(stream, stream_start(stream, data, loaded_on), last):
            if planned.spec.assigned_on >= first:
                events.append((planned.spec.assigned_on, 0, planned, None))
            else:
                earlier.append(planned)
            events.extend(
                (step.on, 1, planned, step) for step in planned.spec.steps if first <= step.on <= last
            )
    known = dict(DemoTask.objects.filter(key__in=[p.spec.key for p in earlier]).values_list("key", "task_id"))
    adopted = Task.objects.in_bulk(list(known.values()))
    for planned in earlier:
        if planned.spec.key in known:
            run.adopt(planned.spec, adopted[known[planned.spec.key]])
    counts: Counter[str] = Counter()
    events.sort(key=lambda event: (event[0], event[1], event[2].spec.key))
    for _day, _order, planned, step in events:
        spec = planned.spec
        if step is None:
            task = run.create(spec)
            DemoTask.objects.create(key=spec.key, task=task)
            counts["new tasks"] += 1
        elif spec.key in run.tasks:
            run.play(spec, step)
            counts[{"done": "done reports", "accept": "completions"}.get(step.kind, "other steps")] += 1
    return counts


def bring_up(*, today: dt.date, stdout: Writer | None = None) -> Counter[str] | None:
    """Play the days since the living office was last played, then sweep for today. Returns what
    was played per kind ("days" among them, 0 when the city is up to today); None when the city
    has no record of its days (it was loaded before they were recorded)."""
    last = DemoPlay.objects.order_by("-played_through", "-pk").first()
    if last is None:
        return None
    counts: Counter[str] = Counter(days=0)
    if last.played_through >= today:
        return counts
    data = demo_data()
    first = last.played_through + dt.timedelta(days=1)
    with transaction.atomic():
        run = Run(find_city(data), data)
        counts.update(play_days(run, data, loaded_on=last.loaded_on, first=first, last=today))
        escalation.sweep(day=today)
        DemoPlay.objects.create(loaded_on=last.loaded_on, played_from=first, played_through=today)
    counts["days"] = (today - last.played_through).days
    if stdout is not None:
        played = ", ".join(f"{name} {count}" for name, count in sorted(counts.items()) if name != "days")
        stdout.write(
            f"Brought the demo city up to {today:%d/%m/%Y}: {counts['days']} days played "
            f"({played or 'no work fell on them'}).\n"
        )
    return counts
