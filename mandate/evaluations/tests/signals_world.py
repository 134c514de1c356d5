"""A small history for the signals tests, played through the task services on past days: the
Department of Culture (``cast.culture``) and its office, in the first half of 2023.

What each task is there for (Q2 2023 = 01/04–30/06/2023, read as recorded on 30/06/2023):

- ``silent``: the office's (oanh), due 31/03, last report 01/02: overdue without a report since
  its deadline, not updated, and escalated after three chase-ups in April.
- ``reported``: the office's (oanh), due 31/05, reported on 20/06: overdue but not silent.
- ``extended``: the department's own (no lead person), extension asked by its director on 01/02
  (granted to 15/04) and on 01/04 (pending): asked more than once, the second time in Q2; overdue
  and silent on 30/06.
- ``returned``: the department's, returned by its director (dung) on 10/04 as not its duty and
  given to the Department of Information on 12/04: counted for culture and dung, not for info.
- ``reopened``: the office's (oanh), done on 01/03, accepted on 02/03, reopened on 02/05.
- ``recommendation`` is not built here (inspections' own tests cover their tasks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from mandate.tasks.models import Task
from mandate.tasks.services import assignment, lifecycle, progress

Q2_FROM = dt.date(2023, 4, 1)
Q2_TO = dt.date(2023, 6, 30)


@dataclass(frozen=True)
class World:
    silent: Task
    reported: Task
    extended: Task
    returned: Task
    reopened: Task


def _move(task: Task, action: str, day: dt.date, actor: Any = None, **extra: Any) -> Task:
    task.refresh_from_db()
    return lifecycle.task_transition(
        actor=actor, task=task, action=action, expected_version=task.version, on=day, **extra
    )


def build_world(cast: SimpleNamespace, make_document: Any) -> World:
    plan = make_document("47-KH/ĐU", cast.culture_party, issued_on=dt.date(2023, 1, 5))

    def task(content: str, lead: Any, deadline: dt.date, person: Any = None) -> Task:
        return assignment.task_assign(
            actor=None,
            document=plan,
            content=content,
            lead_unit=lead,
            assigner_unit=cast.party_office,
            lead_person=person,
            deadline_on=deadline,
            assigned_on=dt.date(2023, 1, 10),
        )

    oanh = cast.oanh.person
    silent = task("Rà soát quy chế làm việc", cast.culture_office, dt.date(2023, 3, 31), oanh)
    progress.task_report_progress(
        actor=cast.oanh, task=silent, percent=20, text="Đang rà soát", on=dt.date(2023, 2, 1)
    )
    for day in (dt.date(2023, 4, 3), dt.date(2023, 4, 10), dt.date(2023, 4, 17)):
        lifecycle.task_chase_up(actor=None, task=silent, text="Đề nghị báo cáo", on=day)

    reported = task("Báo cáo sơ kết", cast.culture_office, dt.date(2023, 5, 31), oanh)
    progress.task_report_progress(
        actor=cast.oanh, task=reported, percent=60, text="Đã có dự thảo", on=dt.date(2023, 6, 20)
    )

    extended = task("Kiểm tra công vụ", cast.culture, dt.date(2023, 3, 15))
    first = progress.extension_request(
        actor=cast.dung,
        task=extended,
        proposed_deadline_on=dt.date(2023, 4, 15),
        reason="Chờ số liệu",
        on=dt.date(2023, 2, 1),
    )
    progress.extension_decide(
        actor=None, request=first, approve=True, expected_version=first.version, on=dt.date(2023, 2, 3)
    )
    extended.refresh_from_db()
    progress.extension_request(
        actor=cast.dung,
        task=extended,
        proposed_deadline_on=dt.date(2023, 5, 15),
        reason="Chờ ý kiến",
        on=dt.date(2023, 4, 1),
    )

    returned = task("Tổ chức hội nghị chuyên đề", cast.culture, dt.date(2023, 6, 30))
    _move(returned, "return", dt.date(2023, 4, 10), cast.dung, reason="Không thuộc chức năng của Sở")
    _move(returned, "reassign", dt.date(2023, 4, 12), lead_unit=cast.info)

    reopened = task("Xây dựng kế hoạch", cast.culture_office, dt.date(2023, 3, 31), oanh)
    _move(reopened, "report_done", dt.date(2023, 3, 1), cast.oanh, reason="Đã ban hành kế hoạch")
    _move(reopened, "accept", dt.date(2023, 3, 2))
    _move(reopened, "reopen", dt.date(2023, 5, 2), reason="Thiếu nội dung")
    for t in (silent, reported, extended, returned, reopened):
        t.refresh_from_db()
    return World(silent, reported, extended, returned, reopened)
