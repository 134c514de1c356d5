"""Reading annual classifications (issue 14 items 3 and 7; ADR 0053), and the two inputs they take
from other areas: the monthly grades and the discipline records.

Every read goes through the actor's scope (``policy_annual.may_read``): a classification the actor
may not read does not exist for him (404). A read of another person's classification is written to
the access log (ADR 0034) after the scope check, so a refused read is not logged.

The monthly grades are read through ``monthly_grades``, a seam: the monthly area (issue 14 item 2,
``models/monthly.py``) is built beside this one, so its selector is wired in with
``use_monthly_reader`` (the app's ``ready``, or a test) instead of being imported here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from mandate.core import access_log
from mandate.core.exceptions import NotFoundError
from mandate.evaluations import policy_annual
from mandate.evaluations.models.annual import AnnualClassification
from mandate.inspections.models import DisciplineDecision
from mandate.inspections.selectors_sensitive import disciplined_in_year
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import subtree_q
from mandate.people.models import Person, Position, User


@dataclass(frozen=True)
class MonthlyGrade:
    """One month's result as the monthly area records it: the grade (A–D) and its points."""

    month: int
    grade: str
    points: Decimal | None = None


MonthlyReader = Callable[[int, int], Sequence[MonthlyGrade]]  # (person id, year) -> the year's grades


def _no_monthly_results(person_id: int, year: int) -> Sequence[MonthlyGrade]:
    return ()


_reader: list[MonthlyReader] = [_no_monthly_results]


def use_monthly_reader(reader: MonthlyReader) -> None:
    """Wire the monthly area's selector in (the integrator, in ``EvaluationsConfig.ready``)."""
    _reader[0] = reader


@contextmanager
def monthly_reader(reader: MonthlyReader) -> Iterator[None]:
    """For tests: a stub reader for the duration of a block."""
    previous = _reader[0]
    _reader[0] = reader
    try:
        yield
    finally:
        _reader[0] = previous


def monthly_grades(*, person_id: int, year: int) -> list[MonthlyGrade]:
    return sorted(_reader[0](person_id, year), key=lambda g: g.month)


def monthly_summary(*, person_id: int, year: int) -> dict[str, int]:
    """How many months at each grade: the annual classification's main basis (R7)."""
    return dict(sorted(Counter(g.grade for g in monthly_grades(person_id=person_id, year=year)).items()))


def disciplined(*, person: Person | None, unit: OrgUnit, year: int) -> bool:
    """Disciplined in the year (a decision dated in it, not annulled), from the inspection records
    (issue 12): the person's, or for a Party organisation the organisation's own."""
    if person is not None:
        return disciplined_in_year(person, year)
    return DisciplineDecision.objects.filter(
        unit=unit,
        person__isnull=True,
        annulled_on__isnull=True,
        decided_on__gte=dt.date(year, 1, 1),
        decided_on__lte=dt.date(year, 12, 31),
    ).exists()


def _base() -> QuerySet[AnnualClassification]:
    return AnnualClassification.objects.select_related(
        "person", "unit", "rule_set", "proposed_by", "decided_by"
    )


def visible_q(actor: User | None) -> Q:
    condition = Q(pk__in=[])
    if actor is not None and actor.is_authenticated:
        condition |= Q(person__user=actor)
    for path in policy_annual.leading_paths(actor):
        condition |= subtree_q("unit_path", path)
    return condition


def log_reads(*, actor: User | None, rows: Sequence[AnnualClassification], purpose: str) -> int:
    """The access log of the rows about another person (one INSERT for the page)."""
    others = [row.pk for row in rows if not policy_annual.is_own(actor, row)]
    return access_log.record_reads(
        actor=actor, record_type=AnnualClassification, record_ids=others, purpose=purpose
    )


def classification_list(
    *, actor: User | None, unit_id: int | None = None, year: int | None = None
) -> QuerySet[AnnualClassification]:
    """The classifications the actor may read, narrowed by unit (its subtree) and year. The caller
    logs the page it shows (``log_reads``)."""
    rows = _base().filter(visible_q(actor))
    if unit_id is not None:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
        if unit is None:
            return rows.none()
        rows = rows.filter(subtree_q("unit_path", unit.path))
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("year", "unit_path", "person__full_name", "id")


def classification_get(
    *, actor: User | None, classification_id: int, purpose: str | None
) -> AnnualClassification:
    """One classification, or 404; the read logged under ``purpose`` when it is another's (None:
    the caller logs it, or it is a write's own read)."""
    found = _base().filter(pk=classification_id).first()
    if found is None or not policy_annual.may_read(actor, found):
        raise NotFoundError()
    if purpose is not None:
        log_reads(actor=actor, rows=[found], purpose=purpose)
    return found


def _people_in(unit: OrgUnit, year: int) -> QuerySet[Position]:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (
        Position.objects.filter(subtree_q("unit__path", unit.path), valid_from__lte=last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=first))
        .select_related("person", "unit")
        .order_by("unit__path", "person__full_name")
    )


@dataclass(frozen=True)
class SheetRow:
    person: Person | None
    unit: OrgUnit
    classification: AnnualClassification | None
    monthly: dict[str, int]


@dataclass(frozen=True)
class Sheet:
    unit: OrgUnit
    year: int
    leads: bool
    rows: list[SheetRow]


def sheet_get(*, actor: User | None, unit_id: int, year: int, purpose: str) -> Sheet:
    """The classification sheet of a unit for a year: for its leader, every person who held a
    position in the unit's subtree during the year, classified or not; for an official of the
    unit, his own row only. Anyone else: 404."""
    unit = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise NotFoundError()
    leads = policy_annual.leads(actor, unit.path)
    positions = list(_people_in(unit, year))
    if not leads:
        positions = [p for p in positions if actor is not None and p.person.user_id == actor.pk]
        if not positions:
            raise NotFoundError()
    found = {
        c.person_id: c for c in classification_list(actor=actor, unit_id=unit.pk, year=year) if c.person_id
    }
    rows: list[SheetRow] = []
    seen: set[int] = set()
    for position in positions:
        if position.person_id in seen:
            continue
        seen.add(position.person_id)
        monthly = monthly_summary(person_id=position.person_id, year=year)
        rows.append(SheetRow(position.person, position.unit, found.get(position.person_id), monthly))
    if leads:
        organisations = classification_list(actor=actor, unit_id=unit.pk, year=year).filter(
            person__isnull=True
        )
        rows += [SheetRow(None, c.unit, c, {}) for c in organisations]
    log_reads(
        actor=actor, rows=[r.classification for r in rows if r.classification is not None], purpose=purpose
    )
    return Sheet(unit=unit, year=year, leads=leads, rows=rows)


def held_position_in(*, person: Person, unit: OrgUnit, year: int) -> bool:
    """The person held a position in the unit's subtree at some time in the year."""
    return _people_in(unit, year).filter(person=person).exists()
