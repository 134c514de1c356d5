"""The demo's tasks as the replay takes them: one ``Spec`` per task with its ``Step`` history, made
from the checked rows of the task files (``data/tasks/*.yaml``, ``data/live.yaml``).

Three shorthands of the files are expanded here, and nowhere else:
    * a *group* (the tasks of one programme): the key of a row is ``<document>#<ordinal>``, and a
      row gets one progress report before its first recorded step. Why: a task "being
      implemented" (the seeds' words) has reports. A task still open on ``report_on`` is reported
      that day (chosen in the fortnight before the seed's cut-off, so that it is not "not
      updated" then); one closed before it, half-way between its assignment and its first step;
    * a *regular set* (the six regular tasks of a directive for several units): one task per unit
      and text, keyed ``<document>#<n>@<unit>``, with the set's periodic reports; a unit that
      ends (``cancel``) has the reports before that day, then the cancellation;
    * ``closed``: the done report and the acceptance.
Days given as offsets (``-3``) count from the load day and are kept exactly (``exact_dates``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from mandate.dev.datafiles import Offset, Row
from mandate.tasks.enums import Urgency

__all__ = ["SYNTHETIC", "Spec", "Step", "progress_text", "specs_of", "steps_of"]

SYNTHETIC = "[Mô phỏng] "
DONE_TEXT = "Đã hoàn thành nhiệm vụ; gửi báo cáo kết quả kèm sản phẩm."
_PERCENTS = (30, 40, 50, 60, 35, 45)


@dataclass(frozen=True)
class Step:
    """One thing that happened to a task, on its day; replayed through the matching service."""

    kind: str  # progress, done, accept, rework, extension, decide, return, reassign, reopen, cancel, chase
    on: dt.date
    text: str = ""
    percent: int = 0
    until: dt.date | None = None  # extension: the deadline asked for
    decided_on: dt.date | None = None  # extension: the day of the decision (None: still pending)
    approve: bool = False  # extension: the decision
    note: str = ""  # extension: the decision's note
    unit: str = ""  # reassign: the new lead unit's key
    person: str = ""  # reassign: the new lead person's key
    product_document: str = ""  # done: the document that is the product (its symbol)
    product_file: str = ""  # done: the name of the product file the demo makes


@dataclass(frozen=True)
class Spec:
    """A task as the demo gives it, with its history and where it is written."""

    key: str
    document: str  # symbol
    assigner: str  # unit key
    lead: str  # unit key
    content: str
    assigned_on: dt.date
    deadline_on: dt.date | None  # None: a regular task
    steps: tuple[Step, ...] = ()
    ordinal: str = ""
    lead_person: str = ""  # a person key (people.yaml)
    coordinating: tuple[str, ...] = ()
    expected_product: str = ""
    authority: str = ""
    parent: str = ""  # key of an earlier spec: a subtask
    urgency: str = Urgency.NORMAL
    exact_dates: bool = False  # live tasks: keep the days as given
    where: str = ""  # file:line, for a refusal's message


def progress_text(percent: int) -> str:
    if percent < 50:
        return "Đã xây dựng kế hoạch triển khai, phân công phòng chuyên môn chủ trì; đang tổ chức thực hiện."
    if percent < 80:
        return "Đã hoàn thành phần lớn nội dung; đang tổng hợp, hoàn thiện dự thảo sản phẩm."
    return "Cơ bản hoàn thành; đang lấy ý kiến các đơn vị phối hợp trước khi báo cáo."


def _day(value: dt.date | Offset, today: dt.date) -> dt.date:
    return value.on(today) if isinstance(value, Offset) else value


def steps_of(rows: list[Row], today: dt.date) -> tuple[Step, ...]:
    """The steps of the rows, a ``closed`` row becoming a done report and an acceptance."""
    steps: list[Step] = []
    for row in rows:
        kind = row["kind"]
        on = _day(row[kind], today)
        if kind == "progress":
            steps.append(Step("progress", on, row["text"] or progress_text(row["percent"]), row["percent"]))
        elif kind in ("done", "closed"):
            steps.append(
                Step(
                    "done",
                    on,
                    row["result"] or DONE_TEXT,
                    product_document=row["product_document"] or "",
                    product_file=row["product_file"],
                )
            )
            if kind == "closed":
                steps.append(Step("accept", _day(row["accepted"], today)))
        elif kind == "accept":
            steps.append(Step("accept", on))
        elif kind == "extension":
            decided = row["decided_on"]
            steps.append(
                Step(
                    "extension",
                    on,
                    row["reason"],
                    until=_day(row["until"], today),
                    decided_on=None if decided is None else _day(decided, today),
                    approve=row["approve"],
                    note=row["note"],
                )
            )
        elif kind == "reassign":
            steps.append(Step("reassign", on, unit=row["unit"], person=row["person"] or ""))
        elif kind == "chase":
            steps.append(Step("chase", on, row["text"]))
        else:  # return, rework, reopen, cancel
            steps.append(Step(kind, on, row["reason"]))
    return tuple(steps)


def _group(group: Row) -> Iterator[Spec]:
    assigned_on: dt.date = group["assigned_on"]
    report_on: dt.date | None = group["report_on"]
    for index, row in enumerate(group["rows"]):
        steps = steps_of(row["steps"], assigned_on)
        first = steps[0].on if steps else None
        auto: tuple[Step, ...] = ()
        if report_on is not None and (first is None or first > report_on):
            percent = _PERCENTS[index % len(_PERCENTS)]
            auto = (Step("progress", report_on, progress_text(percent), percent),)
        elif first is not None:
            auto = (Step("progress", assigned_on + (first - assigned_on) / 2, progress_text(50), 50),)
        yield Spec(
            key=f"{group['document']}#{row['ordinal']}",
            document=group["document"],
            assigner=row["assigner"] or group["assigner"],
            lead=row["lead"] or group["lead"],
            content=row["content"],
            assigned_on=assigned_on,
            deadline_on=row["deadline"],
            steps=auto + steps,
            ordinal=row["ordinal"],
            lead_person=row["lead_person"] or group["lead_person"] or "",
            coordinating=tuple(row["coordinating"]),
            expected_product=row["expected_product"],
            authority=group["authority"],
            where=str(row.where),
        )


def _regular_set(regular: Row) -> Iterator[Spec]:
    for unit in regular["units"]:
        assigned_on: dt.date = unit["assigned_on"] or regular["assigned_on"]
        reports = unit["reports"] if unit["reports"] is not None else regular["reports"]
        cancel: dt.date | None = unit["cancel"]
        if cancel is not None:
            reports = [report for report in reports if report["progress"] < cancel]
        for index, content in enumerate(regular["tasks"], start=1):
            steps = steps_of(reports, assigned_on)
            if cancel is not None:
                steps += (Step("cancel", cancel, unit["reason"]),)
            yield Spec(
                key=f"{regular['document']}#{index}@{unit['unit']}",
                document=regular["document"],
                assigner=regular["assigner"],
                lead=unit["unit"],
                content=content,
                assigned_on=assigned_on,
                deadline_on=None,
                steps=steps,
                ordinal=str(index),
                lead_person=unit["lead_person"] or "",
                where=str(unit.where),
            )


def _task(row: Row, today: dt.date) -> Spec:
    deadline = row["deadline"]
    return Spec(
        key=row["key"],
        document=row["document"],
        assigner=row["assigner"],
        lead=row["lead"],
        content=row["content"],
        assigned_on=_day(row["assigned_on"], today),
        deadline_on=None if deadline is None else _day(deadline, today),
        steps=steps_of(row["steps"], today),
        ordinal=row["ordinal"],
        lead_person=row["lead_person"] or "",
        coordinating=tuple(row["coordinating"]),
        expected_product=row["expected_product"],
        authority=row["authority"],
        parent=row["parent"] or "",
        urgency=row["urgency"],
        exact_dates=isinstance(row["assigned_on"], Offset),
        where=str(row.where),
    )


def specs_of(file: Row, today: dt.date) -> tuple[list[Spec], list[tuple[str, Step, str]]]:
    """The tasks of one task file in its order (groups, regular sets, tasks), and the reports it
    adds to tasks made before (task key, step, where)."""
    specs: list[Spec] = []
    for group in file["groups"]:
        specs.extend(_group(group))
    for regular in file["regular_sets"]:
        specs.extend(_regular_set(regular))
    specs.extend(_task(row, today) for row in file["tasks"])
    reports = [(row["task"], steps_of([row["step"]], today)[0], str(row.where)) for row in file["reports"]]
    return specs, reports
