"""The tasks of the data set with their progress reports, coordinators and extensions, streamed
into four COPY streams at once, and the state spans the services would have written (ADR 0020)."""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from bench.common import connect
from bench.gen_load import (
    COORDINATOR_COLUMNS,
    EXTENSION_COLUMNS,
    REPORT_COLUMNS,
    TASK_COLUMNS,
    columns_check,
    copy_statement,
)
from bench.gen_rows import BenchUsers, Docs
from bench.gen_tree import (
    NOT_UPDATED_DAYS,
    OPEN,
    PRODUCTS,
    REPORT_TEXTS,
    STATUS_MIX,
    TOPICS,
    VERBS,
    Calendar,
    Tree,
)

BENCH_LEAD_TASKS = 60  # tasks of the commune official's unit whose lead person he is


@dataclass
class Streams:
    tasks: Callable[[Sequence[Any]], None]
    reports: Callable[[Sequence[Any]], None]
    coordinators: Callable[[Sequence[Any]], None]
    extensions: Callable[[Sequence[Any]], None]


@dataclass
class TaskCounts:
    tasks: int = 0
    reports: int = 0
    coordinators: int = 0
    extensions: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def generate_tasks(
    n: int, tree: Tree, docs: Docs, cal: Calendar, bench: BenchUsers, rng: random.Random, out: Streams
) -> TaskCounts:
    """Stream ``n`` tasks with their reports, coordinators and extensions into ``out``."""
    from mandate.core.text import fold

    rnd = rng.random
    day = cal.day
    working = cal.working
    yesterday = cal.sweep_day - 1  # the marks are those of the daily sweeps up to this day
    last_working_index = bisect.bisect_right(working, yesterday) - 1
    counts = TaskCounts()
    units = tree.units
    folded_units = [fold(u.name) for u in units]
    folded_topics = [fold(t) for t in TOPICS]
    folded_verbs = [fold(v) for v in VERBS]
    folded_products = [fold(p) for p in PRODUCTS]
    communes = [(p, uid) for p, row in enumerate(tree.ubnd_xa) for uid in row]
    departments = [(p, uid) for p, row in enumerate(tree.departments) for uid in row]
    bench_lead_left = BENCH_LEAD_TASKS
    report_id = coordinator_id = extension_id = 0

    def between(lo: int, hi: int) -> int:
        return lo + int(rnd() * (hi - lo + 1))

    def stamp(offset: int) -> str:
        return f"{day(offset)} {8 + int(rnd() * 9):02d}:{int(rnd() * 60):02d}:{int(rnd() * 60):02d}+07"

    def recent_report_day(assigned: int) -> int | None:
        if assigned + 1 > -1:
            return None
        offset = -1 - int(rnd() * 14) if rnd() < 0.7 else -15 - int(rnd() * 105)
        return max(offset, assigned + 1)

    for task_id in range(1, n + 1):
        # --- who leads, who assigns, under which document
        r = rnd()
        if r < 0.80:
            province, lead = communes[int(rnd() * len(communes))]
            assigner = tree.ubnd_tinh[province] if rnd() < 0.7 else tree.departments[province][int(rnd() * 4)]
        elif r < 0.95:
            province, lead = departments[int(rnd() * len(departments))]
            assigner = tree.ubnd_tinh[province]
        else:
            province = int(rnd() * len(tree.provinces))
            lead, assigner = tree.ubnd_tinh[province], tree.office
        lead_unit, assigner_unit = units[lead - 1], units[assigner - 1]

        # --- status and dates (offsets from today)
        s = rnd()
        status = next(label for label, share in STATUS_MIX if s < share)
        kind = "deadline"
        deadline: int | None = None
        working_days: int | None = None
        done = accepted = cancelled = None
        duration = 10 + int(rnd() * 170)
        if status == "regular":
            kind, status = "regular", ("in_progress" if rnd() < 0.9 else "assigned")
            assigned = between(-1095, -1)
        else:
            if status == "accepted":
                deadline = between(-1065, 120)
            elif status in ("in_progress", "assigned"):
                deadline = between(1, 365)
            elif status == "overdue":
                deadline = -min(int(rng.expovariate(1 / 120)), 700)
                status = "in_progress" if rnd() < 0.75 else "assigned"
            elif status == "reported":
                deadline = between(-60, 150)
            elif status == "returned":
                deadline = between(-200, 200)
            else:
                deadline = between(-1000, 300)
            latest_assignment = 0 if status in ("in_progress", "assigned") and deadline > 0 else -2
            assigned = min(deadline - duration, latest_assignment - int(rnd() * 20))
            if rnd() < 0.25:  # "N working days from assignment", by the application's calendar
                k = bisect.bisect_right(working, deadline) - 1
                n_days = (5, 10, 15, 20, 30)[int(rnd() * 5)]
                snapped, start = working[k], working[k - n_days]
                if start <= latest_assignment and (snapped > 0) == (deadline > 0):
                    deadline, assigned, working_days = snapped, start, n_days
            if status in ("accepted", "reported"):
                if status == "accepted" and rnd() < 0.15 and deadline <= -2:
                    done = between(deadline + 1, min(deadline + 60, -1))
                elif status == "reported":
                    done = between(max(assigned + 1, -30), -1)
                else:
                    done = between(assigned + 1, min(deadline, -1))
                if status == "accepted":
                    accepted = min(done + int(rnd() * 8), 0)
            elif status == "cancelled":
                cancelled = between(assigned + 1, -1)

        # --- people
        people = lead_unit.people_start, lead_unit.people_count
        lead_person: int | None = None
        if lead == bench.commune_ubnd and bench_lead_left > 0:
            lead_person, bench_lead_left = bench.commune, bench_lead_left - 1
        elif rnd() < 0.4:
            lead_person = people[0] + int(rnd() * people[1])
        reporter = lead_person or people[0] + int(rnd() * people[1])

        # --- progress reports: (day, stamp, percent, done?)
        reports: list[tuple[int, str, int, bool]] = []
        if status in ("accepted", "reported"):
            assert done is not None
            if rnd() < 0.3 and assigned + 1 < done:
                d = between(assigned + 1, done - 1)
                reports.append((d, stamp(d), between(20, 90), False))
            reports.append((done, stamp(done), 100, True))
        elif status == "in_progress":
            last = recent_report_day(assigned) if rnd() < 0.9 else None
            if last is not None:
                if rnd() < 0.3 and assigned + 1 < last:
                    d = between(assigned + 1, last - 1)
                    reports.append((d, stamp(d), between(5, 40), False))
                reports.append((last, stamp(last), between(40, 95), False))
            if kind == "regular" and last is not None:
                for back in (30, 60):
                    if last - back > assigned:
                        d = last - back - int(rnd() * 5)
                        reports.insert(0, (d, stamp(d), between(5, 40), False))
        elif status in ("returned", "cancelled") and rnd() < 0.5:
            end = cancelled if cancelled is not None else -1
            if assigned + 1 <= end:
                d = between(assigned + 1, end)
                reports.append((d, stamp(d), between(5, 60), False))
        latest = max(reports, key=lambda rep: rep[1]) if reports else None
        progress = 100 if status in ("accepted", "reported") else (latest[2] if latest else 0)

        # --- the sweep's marks, as if it had run every day up to ``yesterday``
        overdue_since = not_updated_since = reminded_before = reminded_due = last_reminder = None
        escalated = None
        reminders = 0
        if status in OPEN:
            last_day = latest[0] if latest else None
            stale_from = max(assigned, last_day if last_day is not None else assigned) + NOT_UPDATED_DAYS
            if stale_from <= yesterday:
                not_updated_since = day(stale_from)
            if deadline is not None:
                k = bisect.bisect_left(working, deadline)
                first_reminder = max(assigned, working[k - 3])
                if first_reminder < deadline and first_reminder <= yesterday:
                    reminded_before = day(first_reminder)
                if deadline <= yesterday:
                    reminded_due = day(deadline)
                    if deadline < yesterday:  # overdue from the day after the deadline (ADR 0020)
                        overdue_since = day(deadline + 1)
                    reminders = max(0, (last_working_index - k) // 3)
                    if reminders:
                        last_reminder = day(working[k + 3 * reminders])
                    if reminders >= 3:
                        escalated = day(working[k + 9])

        # --- the document, issued on or before the assignment
        issued = docs.days[assigner]
        j = bisect.bisect_right(issued, assigned)
        pick = j - 1 - int(rnd() * min(j, 15))
        document = docs.ids[assigner][pick]
        symbol, folded_symbol = docs.symbols[assigner][pick]

        topic = int(rnd() * len(TOPICS))
        verb = int(rnd() * len(VERBS))
        product = int(rnd() * len(PRODUCTS))
        ordinal = str(1 + int(rnd() * 30))
        content = f"{VERBS[verb]} {TOPICS[topic]} theo {symbol} ({lead_unit.name})"
        search_text = (
            f"{ordinal} {folded_verbs[verb]} {folded_topics[topic]} theo {folded_symbol} "
            f"({folded_units[lead - 1]}) {folded_products[product]}"
        )
        if task_id <= 200:  # the shortcut must give what the application computes
            assert search_text == fold(f"{ordinal} {content} {PRODUCTS[product]}"), (search_text, content)

        original = deadline
        if deadline is not None and status != "assigned" and rnd() < 0.03:
            asked = deadline - between(7, 45)
            if asked > assigned:
                original = asked
                extension_id += 1
                decided = min(asked, -1)
                out.extensions(
                    (
                        extension_id,
                        stamp(decided - 3),
                        stamp(decided),
                        2,
                        day(asked),
                        day(deadline),
                        "Xin gia hạn do khối lượng công việc lớn.",
                        "approved",
                        stamp(decided),
                        "Đồng ý.",
                        assigner_unit.people_start,
                        reporter,
                        task_id,
                    )
                )

        u = rnd()
        urgency = (
            "normal" if u < 0.85 else "urgent" if u < 0.95 else "very_urgent" if u < 0.99 else "immediate"
        )
        created = stamp(assigned)
        updated = latest[1] if latest else created
        version = 1 + len(reports) + (status != "assigned") + (accepted is not None) + (cancelled is not None)
        out.tasks(
            (
                task_id,
                created,
                updated,
                version,
                1,
                ordinal,
                content,
                PRODUCTS[product],
                lead_unit.path,
                assigner_unit.path,
                "",
                day(assigned),
                kind,
                working_days,
                None if deadline is None else day(deadline),
                None if original is None else day(original),
                between(1, 10) if rnd() < 0.1 else None,
                urgency,
                status,
                progress,
                latest[1] if latest else None,
                None if done is None else day(done),
                None if accepted is None else day(accepted),
                None if cancelled is None else day(cancelled),
                search_text,
                overdue_since,
                not_updated_since,
                reminded_before,
                reminded_due,
                last_reminder,
                reminders,
                escalated,
                assigner_unit.people_start,
                assigner,
                document,
                lead_person,
                lead,
                None,
            )
        )
        for _day, rep_stamp, percent, is_done in reports:
            report_id += 1
            out.reports(
                (
                    report_id,
                    percent,
                    "Đã hoàn thành." if is_done else REPORT_TEXTS[report_id % 4],
                    rep_stamp,
                    is_done,
                    reporter,
                    task_id,
                )
            )
        if rnd() < 0.10:
            if lead_unit.level == "commune":
                pool = tree.ubnd_xa[province] + tree.departments[province]
            else:
                pool = tree.departments[province]
            chosen = {pool[int(rnd() * len(pool))] for _ in range(1 if rnd() < 0.7 else 2)} - {lead}
            for unit_id in sorted(chosen):
                coordinator_id += 1
                out.coordinators((coordinator_id, units[unit_id - 1].path, task_id, unit_id))
        label = status if kind == "deadline" else "regular"
        counts.by_status[label] = counts.by_status.get(label, 0) + 1
    counts.tasks, counts.reports = n, report_id
    counts.coordinators, counts.extensions = coordinator_id, extension_id
    return counts


TIME_ZONE = "Asia/Ho_Chi_Minh"  # the application's (config/settings.py)

# The state spans the services would have written (ADR 0020), from the columns and the approved
# extensions: a span starts at assignment, at an approved extension's decision, at acceptance and
# at cancellation (where the task stops existing).
STATE_SPANS = f"""
    WITH ext AS (
        SELECT task_id, max((decided_at AT TIME ZONE '{TIME_ZONE}')::date) AS day
        FROM tasks_extensionrequest WHERE status = 'approved' GROUP BY task_id
    ), points AS (
        SELECT id, assigned_on AS day FROM tasks_task
        UNION SELECT e.task_id, greatest(e.day, t.assigned_on)
            FROM ext e JOIN tasks_task t ON t.id = e.task_id
        UNION SELECT id, greatest(coalesce(accepted_on, done_reported_on), assigned_on) FROM tasks_task
            WHERE status = 'accepted'
        UNION SELECT id, greatest(cancelled_on, assigned_on) FROM tasks_task
            WHERE status = 'cancelled' AND cancelled_on IS NOT NULL
    ), spans AS (
        SELECT id, day AS valid_from, lead(day) OVER (PARTITION BY id ORDER BY day) AS valid_to FROM points
    )
    INSERT INTO tasks_taskstatespan (task_id, top_level, lead_path, kind, assigned_on, deadline_on,
        done_reported_on, accepted_on, valid_from, valid_to)
    SELECT t.id, t.parent_id IS NULL, t.lead_path, t.kind, t.assigned_on,
        CASE WHEN e.day IS NOT NULL AND s.valid_from < e.day
             THEN coalesce(t.original_deadline_on, t.deadline_on) ELSE t.deadline_on END,
        CASE WHEN t.status = 'accepted' AND s.valid_from >= coalesce(t.accepted_on, t.done_reported_on)
             THEN t.done_reported_on END,
        CASE WHEN t.status = 'accepted' AND s.valid_from >= coalesce(t.accepted_on, t.done_reported_on)
             THEN coalesce(t.accepted_on, t.done_reported_on) END,
        s.valid_from, s.valid_to
    FROM spans s JOIN tasks_task t ON t.id = s.id LEFT JOIN ext e ON e.task_id = t.id
    WHERE NOT (t.status = 'cancelled' AND s.valid_from >= t.cancelled_on)
"""  # noqa: S608  (the only interpolated value is the TIME_ZONE constant)


def load_tasks(
    n: int, tree: Tree, docs: Docs, cal: Calendar, bench: BenchUsers, rng: random.Random
) -> TaskCounts:
    """Four COPY streams at once, one connection each, fed from one pass of the generator."""
    with ExitStack() as stack:
        copies = []
        for table, columns in (
            ("tasks_task", TASK_COLUMNS),
            ("tasks_progressreport", REPORT_COLUMNS),
            ("tasks_taskcoordinator", COORDINATOR_COLUMNS),
            ("tasks_extensionrequest", EXTENSION_COLUMNS),
        ):
            conn = stack.enter_context(connect())
            cur = stack.enter_context(conn.cursor())
            columns_check(cur, table, columns)
            cur.execute("SET synchronous_commit = off")
            copies.append(stack.enter_context(cur.copy(copy_statement(table, columns))))
        streams = Streams(copies[0].write_row, copies[1].write_row, copies[2].write_row, copies[3].write_row)
        counts = generate_tasks(n, tree, docs, cal, bench, rng, streams)
    return counts
