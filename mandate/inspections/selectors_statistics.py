"""The inspection statistics of a body, and the records behind each figure (issue 12, item 6;
docs/adr/0043).

**Whose work is counted.** The statistics of an inspecting body are those of every inspecting
body whose unit lies within its *competence* (``InspectingBody.competence_path``): for Thành ủy
Hà Nội's Standing Committee or its commission, the city's area — the Standing Committee, the city
and district Party committees, the commissions at every level — because the district Party
committees sit under their districts, not under the city Party committee's unit. Counted on
``InspectionSubject`` alone (its copies ``body_path``, ``body_kind``, ``inspection_kind``,
``counted_on``: ADR 0040), with the conclusion joined for the two rows that need it, in one query.

**Who may see them**: the body's readers and those of a body above it (``competence``: their
competence covers this body's), and the leaders of the Party committee the body serves (the
committee itself for a Party committee; the parent unit of a standing committee or a commission).
Anyone else: the body does not exist (404). The
system administrator's account reads nothing here.

**The records behind a figure** list exactly the subjects counted, but only those the reader may
read under the one rule (``competence.subjects_q``): a person's name only for whom
``person_records_q`` allows; the others are counted, never named (``not_listed``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from mandate.core import access_log
from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.inspections import competence
from mandate.inspections.enums import BodyKind
from mandate.inspections.models import Conclusion, InspectingBody, InspectionSubject
from mandate.inspections.statistics import COUNTS, MEMBERS, ROWS, ROWS_BY_KEY, StatRow
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import subtree_q
from mandate.people.models import User

RECORDS_PURPOSE = "inspections.statistics_records"


@dataclass(frozen=True)
class Figure:
    row: StatRow
    organisations: int | None  # None: the row has no such column ("—")
    members: int | None
    inspections: int | None


@dataclass(frozen=True)
class Table:
    body: InspectingBody
    starts_on: dt.date
    ends_on: dt.date
    figures: tuple[Figure, ...]


def served_committee_path(body: InspectingBody) -> str:
    """The Party committee a body serves: itself, or the unit above a standing committee or an
    inspection commission."""
    path: str = body.unit.path
    return path if body.kind == BodyKind.PARTY_COMMITTEE else path[: -OrgUnit.steplen]


def may_see(body: InspectingBody, reader: competence.Readership) -> bool:
    """Its readers and those of a body above it (their competence covers its own), and the leaders
    of the Party committee it serves. (A leader of that committee's Standing Committee is a reader
    of the Standing Committee's body, whose competence is the committee's: covered already.)"""
    return reader.covers(body.competence_path) or served_committee_path(body) in reader.led_unit_paths


def body_get_for_statistics(
    *, actor: User | None, body_id: int
) -> tuple[InspectingBody, competence.Readership]:
    """The body, if the actor may see its statistics; else 404 (as if it did not exist)."""
    reader = competence.readership(actor)
    body = InspectingBody.objects.filter(pk=body_id).select_related("unit", "competence_unit").first()
    if body is None or not may_see(body, reader):
        raise NotFoundError()
    return body, reader


def statistics_bodies(*, reader: competence.Readership, limit: int = 300) -> list[InspectingBody]:
    """The bodies whose statistics the actor may see (``may_see`` as a query), for the page's
    choice: those within a competence he reads for, and the bodies serving a committee he leads
    (the committee itself, or a body of the unit just under it). At most ``limit``, by place in
    the tree: a national commission covers thousands; the page asks for one by its id beyond.
    ``reader``: ``competence.readership(actor)``, computed once per request."""
    condition = Q(pk__in=[])
    for path in reader.competence_paths:
        condition |= subtree_q("competence_path", path)
    for path in reader.led_unit_paths:
        condition |= Q(kind=BodyKind.PARTY_COMMITTEE, unit__path=path)
        condition |= Q(
            subtree_q("unit__path", path),
            ~Q(kind=BodyKind.PARTY_COMMITTEE),
            unit__depth=len(path) // OrgUnit.steplen + 1,
        )
    if not (reader.competence_paths or reader.led_unit_paths):
        return []
    bodies = InspectingBody.objects.filter(condition).select_related("unit").order_by("unit__path", "id")
    return list(bodies[:limit])


def check_period(starts_on: dt.date | None, ends_on: dt.date | None) -> tuple[dt.date, dt.date]:
    if starts_on is None or ends_on is None:
        message = _("Give the first and the last day of the period.")
        raise ApplicationError(message, fields={"from": [message], "to": [message]})
    if ends_on < starts_on:
        message = _("The period ends before it starts.")
        raise ApplicationError(message, fields={"to": [message]})
    return starts_on, ends_on


def counted_subjects(
    body: InspectingBody, starts_on: dt.date, ends_on: dt.date, *, as_of: dt.datetime | None = None
) -> QuerySet[InspectionSubject]:
    """Every subject the statistics of ``body`` count in the period, withdrawn ones excepted:
    those withdrawn by now, or, ``as_of`` an instant (a report's cut-off), by that instant — a
    withdrawal made later does not change a report made for an earlier day (issue 5)."""
    kept = Q(withdrawn_at__isnull=True)
    if as_of is not None:
        kept |= Q(withdrawn_at__gte=as_of)
    return InspectionSubject.objects.filter(
        kept,
        subtree_q("body_path", body.competence_path),
        counted_on__gte=starts_on,
        counted_on__lte=ends_on,
    )


def _alias(row: StatRow, column: str) -> str:
    return f"{row.key}__{column}"


def statistics_table(
    *, body: InspectingBody, starts_on: dt.date, ends_on: dt.date, as_of: dt.datetime | None = None
) -> Table:
    """Every row's figures in ONE query: conditional counts over the period's subjects (the
    conclusion joined once, for the rows that read it)."""
    aggregates = {}
    for row in ROWS:
        for column in row.counts:
            aggregates[_alias(row, column)] = Count("pk", filter=row.q(column))
        if row.inspections:
            aggregates[_alias(row, "inspections")] = Count("inspection_id", filter=row.q(), distinct=True)
    values = counted_subjects(body, starts_on, ends_on, as_of=as_of).aggregate(**aggregates)

    def figure(row: StatRow, column: str) -> int | None:
        present = column in row.counts or (column == "inspections" and row.inspections)
        return int(values[_alias(row, column)] or 0) if present else None

    figures = tuple(
        Figure(row, figure(row, "organisations"), figure(row, "members"), figure(row, "inspections"))
        for row in ROWS
    )
    return Table(body=body, starts_on=starts_on, ends_on=ends_on, figures=figures)


@dataclass(frozen=True)
class Records:
    row: StatRow
    count: str
    counted: int  # the figure
    listed: QuerySet[InspectionSubject]  # those the reader may read (a page of it is shown)


def stat_row(key: str, count: str) -> StatRow:
    row = ROWS_BY_KEY.get(key)
    if row is None:
        raise ApplicationError(fields={"row": [_("Not a choice.")]})
    if count not in COUNTS or count not in row.counts:
        raise ApplicationError(fields={"count": [_("Not a choice.")]})
    return row


def statistics_records(
    *,
    actor: User | None,
    reader: competence.Readership,
    body: InspectingBody,
    key: str,
    count: str,
    starts_on: dt.date,
    ends_on: dt.date,
    as_of: dt.datetime | None = None,
) -> Records:
    """The subjects behind one figure: how many were counted (the figure, always), and those of
    them the reader may read, with their inspection, unit or person, and conclusion."""
    row = stat_row(key, count)
    counted = counted_subjects(body, starts_on, ends_on, as_of=as_of).filter(row.q(count))
    listed = (
        counted.filter(competence.subjects_q(actor, reader))
        .select_related("inspection", "inspection__body__unit", "unit", "person", "conclusion")
        .order_by("counted_on", "inspection_id", "pk")
    )
    return Records(row=row, count=count, counted=counted.count(), listed=listed)


def log_person_reads(*, actor: User | None, records: Records, subjects: list[InspectionSubject]) -> None:
    """A list that names people says who was inspected, and under a conclusion filter what the
    conclusion said: each name shown is logged as a read of that person's subject record, or of
    his conclusion (one INSERT for the page). Organisations are not people: not logged."""
    if records.count != MEMBERS or not subjects:
        return
    if records.row.conclusion:
        ids = [s.conclusion.pk for s in subjects if _has_conclusion(s)]
        access_log.record_reads(actor=actor, record_type=Conclusion, record_ids=ids, purpose=RECORDS_PURPOSE)
    else:
        ids = [s.pk for s in subjects]
        access_log.record_reads(
            actor=actor, record_type=InspectionSubject, record_ids=ids, purpose=RECORDS_PURPOSE
        )


def _has_conclusion(subject: InspectionSubject) -> bool:
    try:
        subject.conclusion  # noqa: B018 - the prefetched relation, or none
    except Conclusion.DoesNotExist:
        return False
    return True
