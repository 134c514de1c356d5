"""Seed 004's table as synthetic records (the demo city, part 4; issue 12, item 9): grassroots
Party organisations and members named "(mô phỏng)", and batches of inspections of them, made
through the services as the system, so that the statistics of Thành ủy Hà Nội for 01/01/2023 to
15/09/2023 *recompute* the seed's figures (``inspections/statistics.py``'s rows).

Why synthetic: the seeds give figures, never the organisations or members behind them; every
name made here says it is simulated, so nobody takes it for a real record. A small pool is
inspected again and again (a subject inspected twice counts twice, as the seed counts), which
keeps the demo's load time; the subjects of one inspection are added in one call
(``subjects_add_many``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

from mandate.dev.datafiles import Row
from mandate.inspections import services
from mandate.inspections.enums import InspectedKind, Severity, TeamRole
from mandate.inspections.models import InspectingBody, Inspection, InspectionSubject, ViolationSign
from mandate.organisations import services as units_services
from mandate.organisations.models import OrgUnit
from mandate.people import services as people_services
from mandate.people.enums import Role
from mandate.people.models import Person

T = TypeVar("T")
CATALOGUE_KEY = "ct24-example"
START_AFTER = dt.timedelta(days=3)
CONCLUDE_AFTER = dt.timedelta(days=14)


def _split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` nearly equal shares (the first ones one larger)."""
    share, rest = divmod(total, parts)
    return [share + (1 if index < rest else 0) for index in range(parts)]


def _days(first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    """``count`` decision days spread evenly from ``first`` to ``last``."""
    if count == 1:
        return [first]
    span = (last - first).days
    return [first + dt.timedelta(days=span * index // (count - 1)) for index in range(count)]


def _window(pool: Sequence[T], start: int, size: int) -> list[T]:
    if size > len(pool):
        raise ValueError(f"a batch inspects {size} subjects at once, but the pool holds {len(pool)}")
    return [pool[(start + index) % len(pool)] for index in range(size)]


class SyntheticPlay:
    """The pool of synthetic organisations and members, then the batches, in the file's order."""

    def __init__(self, spec: Row, units: dict[str, OrgUnit], bodies: dict[str, InspectingBody]) -> None:
        self.spec = spec
        self.bodies = bodies
        parent = units[spec["parent"]]
        self.organisations = [
            units_services.unit_create(
                actor=None,
                parent=parent,
                name=spec["organisation_name"].format(n=index + 1),
                kind="party",
                level="commune",
                valid_from=spec["from"],
            )
            for index in range(spec["organisations"])
        ]
        self.members = [self._member(index) for index in range(spec["members"])]
        self.leader = people_services.person_create(actor=None, full_name=spec["leader_name"])
        self.made: list[Inspection] = []
        self.offset = 0

    def _member(self, index: int) -> Person:
        person = people_services.person_create(
            actor=None, full_name=self.spec["member_name"].format(n=index + 1)
        )
        people_services.position_assign(
            actor=None,
            person=person,
            unit=self.organisations[index % len(self.organisations)],
            title="Đảng viên (mô phỏng)",
            title_en="Party member (simulated)",
            role=Role.VIEWER,
            valid_from=self.spec["from"],
        )
        return person

    def play(self) -> list[Inspection]:
        for batch in self.spec["batches"]:
            self.batch(batch)
        return self.made

    def batch(self, batch: Row) -> None:
        body = self.bodies[batch["body"]]
        count = batch["inspections"]
        days = _days(batch["first"], batch["last"], count)
        units_per = _split(batch["organisations"], count)
        members_per = _split(batch["members"], count)
        subjects: list[InspectionSubject] = []
        inspections: list[Inspection] = []
        for index in range(count):
            inspection = services.inspection_create(
                actor=None,
                body=body,
                kind=batch["kind"],
                title=f"[Mô phỏng] {body.unit.name}: đợt {index + 1}/{count}",
                subject_matter="[Mô phỏng] Hồ sơ tổng hợp để minh họa bảng số liệu của báo cáo (seed 004).",
            )
            services.team_member_add(
                actor=None, inspection=inspection, person=self.leader, role=TeamRole.LEADER
            )
            subjects += services.subjects_add_many(
                actor=None,
                inspection=inspection,
                units=_window(self.organisations, self.offset, units_per[index]),
                persons=_window(self.members, self.offset, members_per[index]),
            )
            self.offset += 7
            inspection.refresh_from_db()
            services.inspection_move(
                actor=None,
                inspection=inspection,
                action="decide",
                expected_version=inspection.version,
                on=days[index],
                decision_number=f"[Mô phỏng] {index + 1}-QĐ",
            )
            inspections.append(inspection)
        self.made += inspections
        self.conclude(batch, subjects)

    def conclude(self, batch: Row, subjects: list[InspectionSubject]) -> None:
        """The last subjects of each kind violated, the first of those are to be disciplined; the
        first violating members carry the batch's findings (example-catalogue signs, in force
        from the Directive's day: hence the batch's last inspections)."""
        chosen: list[tuple[InspectionSubject, bool]] = []
        for kind, column in (
            (InspectedKind.ORGANISATION, "organisations"),
            (InspectedKind.MEMBER, "members"),
        ):
            of_kind = [subject for subject in reversed(subjects) if subject.kind == kind]
            violated = of_kind[: batch["violated"][column]]
            discipline = batch["to_discipline"][column]
            chosen += [(subject, index < discipline) for index, subject in enumerate(violated)]
        started: set[int] = set()
        findings = list(batch["findings"])
        for subject, discipline in chosen:
            inspection = Inspection.objects.get(pk=subject.inspection_id)
            assert inspection.decided_on is not None
            if inspection.pk not in started:
                services.inspection_move(
                    actor=None,
                    inspection=inspection,
                    action="start",
                    expected_version=inspection.version,
                    on=inspection.decided_on + START_AFTER,
                )
                started.add(inspection.pk)
            day = inspection.decided_on + CONCLUDE_AFTER
            if findings and subject.kind == InspectedKind.MEMBER:
                finding = findings.pop(0)
                sign = ViolationSign.objects.get(catalogue__key=CATALOGUE_KEY, code=finding["sign"])
                services.finding_record(
                    actor=None, subject=subject, text=finding["text"], signs=[sign], recorded_on=day
                )
            services.conclusion_record(
                actor=None,
                subject=subject,
                violated=True,
                severity=Severity.LESS_SERIOUS,
                proposes_discipline=discipline,
                proposed_form="reprimand" if discipline else None,
                text="[Mô phỏng] Có vi phạm" + (", đề nghị thi hành kỷ luật." if discipline else "."),
                concluded_on=day,
            )
