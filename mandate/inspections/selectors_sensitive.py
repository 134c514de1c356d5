"""The reads of findings, conclusions and discipline decisions (issue 12, items 4, 5, 7; ADR 0042).

Every read goes through ``competence.py``'s one rule: what the actor may not read does not exist
(404 for one record, absent from every list). A record about a *person* that is returned to a
reader goes to the access log (``purpose``; ``None`` where a write only makes sure the record is
the writer's to see, so that a refused write is no read: the record shown after the write is
logged then) (``core.access_log``): one row for one record, one INSERT for a
page of a list (``log_person_reads``, called on the page actually sent, so rows never shown are
not logged as read). ``disciplined_in_year`` answers evaluations for the system, a yes or no with
no text, and is not a read of the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Q, QuerySet

from mandate.core import access_log
from mandate.core.exceptions import NotFoundError
from mandate.inspections import competence
from mandate.inspections.enums import InspectedKind
from mandate.inspections.models import (
    Conclusion,
    DisciplineDecision,
    Finding,
    FindingEvidence,
    InspectionSubject,
)
from mandate.people.models import Person, Position, User
from mandate.people.scopes import today
from mandate.people.selectors import valid_positions_q

Sensitive = Finding | Conclusion | DisciplineDecision


def _reader(actor: User | None) -> competence.Readership:
    return competence.readership(actor)


def _id(value: int) -> int:
    """An id from an address: one no database holds (beyond 64 bits) is simply not found."""
    if not 0 < value < 2**63:
        raise NotFoundError()
    return value


def subject_get_visible(*, actor: User | None, subject_id: int) -> InspectionSubject:
    subject = (
        InspectionSubject.objects.filter(competence.subjects_q(actor, _reader(actor)), pk=_id(subject_id))
        .select_related("inspection__body__unit", "unit", "person")
        .first()
    )
    if subject is None:
        raise NotFoundError()
    return subject


def inspection_subjects_visible(*, actor: User | None, inspection_id: int) -> QuerySet[InspectionSubject]:
    """The subjects of an inspection the actor may read; none at all is a 404 (the inspection is
    not his to see), so that a list never confirms an inspection exists."""
    subjects = InspectionSubject.objects.filter(
        competence.subjects_q(actor, _reader(actor)), inspection_id=_id(inspection_id)
    )
    if not subjects.exists():
        raise NotFoundError()
    return subjects


def finding_list_visible(
    *,
    actor: User | None,
    inspection_id: int | None = None,
    subject_id: int | None = None,
    withdrawn: bool = False,
) -> QuerySet[Finding]:
    findings = Finding.objects.filter(competence.subjects_q(actor, _reader(actor), subject="subject__"))
    if inspection_id is not None:
        findings = findings.filter(subject__inspection_id=inspection_id)
    if subject_id is not None:
        findings = findings.filter(subject_id=subject_id)
    if not withdrawn:
        findings = findings.filter(withdrawn_at__isnull=True)
    return (
        findings.select_related("subject__person", "subject__unit", "recorded_by")
        .prefetch_related("signs__catalogue", "evidence")
        .order_by("subject_id", "id")
    )


def finding_get_visible(*, actor: User | None, finding_id: int, purpose: str | None) -> Finding:
    finding = finding_list_visible(actor=actor, withdrawn=True).filter(pk=_id(finding_id)).first()
    if finding is None:
        raise NotFoundError()
    if purpose is not None:
        log_person_reads(actor=actor, records=[finding], purpose=purpose)
    return finding


def evidence_get_visible(
    *, actor: User | None, finding_id: int, evidence_id: int, purpose: str
) -> FindingEvidence:
    finding = finding_get_visible(actor=actor, finding_id=finding_id, purpose=purpose)
    evidence = FindingEvidence.objects.filter(finding=finding, pk=_id(evidence_id)).first()
    if evidence is None:
        raise NotFoundError()
    return evidence


def conclusion_list_visible(*, actor: User | None, inspection_id: int | None = None) -> QuerySet[Conclusion]:
    conclusions = Conclusion.objects.filter(competence.subjects_q(actor, _reader(actor), subject="subject__"))
    if inspection_id is not None:
        conclusions = conclusions.filter(subject__inspection_id=inspection_id)
    return conclusions.select_related("subject__person", "subject__unit", "proposed_form__rule_set").order_by(
        "subject_id"
    )


def conclusion_get_visible(*, actor: User | None, subject_id: int, purpose: str | None) -> Conclusion:
    conclusion = conclusion_list_visible(actor=actor).filter(subject_id=_id(subject_id)).first()
    if conclusion is None:
        raise NotFoundError()
    if purpose is not None:
        log_person_reads(actor=actor, records=[conclusion], purpose=purpose)
    return conclusion


def discipline_list_visible(
    *,
    actor: User | None,
    person_id: int | None = None,
    unit_id: int | None = None,
    deciding_unit_id: int | None = None,
    year: int | None = None,
    subject_kind: str | None = None,
    annulled: bool | None = None,
) -> QuerySet[DisciplineDecision]:
    decisions = DisciplineDecision.objects.filter(competence.discipline_q(actor, _reader(actor)))
    if person_id is not None:
        decisions = decisions.filter(person_id=person_id)
    if unit_id is not None:
        decisions = decisions.filter(unit_id=unit_id)
    if deciding_unit_id is not None:
        decisions = decisions.filter(deciding_unit_id=deciding_unit_id)
    if year is not None:
        decisions = decisions.filter(
            decided_on__gte=dt.date(year, 1, 1), decided_on__lte=dt.date(year, 12, 31)
        )
    if subject_kind:
        decisions = decisions.filter(subject_kind=subject_kind)
    if annulled is not None:
        decisions = decisions.filter(annulled_on__isnull=not annulled)
    return decisions.select_related(
        "person", "unit", "deciding_unit", "form__rule_set", "deferral_reason"
    ).order_by("-decided_on", "-id")


def discipline_get_visible(
    *, actor: User | None, decision_id: int, purpose: str | None
) -> DisciplineDecision:
    decision = discipline_list_visible(actor=actor).filter(pk=_id(decision_id)).first()
    if decision is None:
        raise NotFoundError()
    if purpose is not None:
        log_person_reads(actor=actor, records=[decision], purpose=purpose)
    return decision


def person_discipline_visible(*, actor: User | None, person_id: int) -> QuerySet[DisciplineDecision]:
    """A person's discipline history, for those who may see it: himself, and the readers of a
    body whose competence covers a unit he works in (an empty history is then an answer). Anyone
    else gets 404, whether or not there is anything to see."""
    person = Person.objects.filter(pk=_id(person_id)).first()
    if person is None:
        raise NotFoundError()
    reader = _reader(actor)
    decisions = discipline_list_visible(actor=actor, person_id=person_id)
    if reader.person_id == person_id or decisions.exists():
        return decisions
    units = Position.objects.filter(valid_positions_q(today()), person=person).values_list(
        "unit__path", flat=True
    )
    if any(reader.covers(path) for path in units):
        return decisions
    raise NotFoundError()


def _about_a_person(record: Sensitive) -> bool:
    if isinstance(record, DisciplineDecision):
        return record.person_id is not None
    return record.subject.kind == InspectedKind.MEMBER


def log_person_reads(
    *, actor: User | None, records: Sequence[Sensitive] | Iterable[Sensitive], purpose: str
) -> int:
    """The access log of the records about a person among ``records`` (one INSERT per type)."""
    by_type: dict[type[Sensitive], list[int]] = {}
    for record in records:
        if _about_a_person(record):
            by_type.setdefault(type(record), []).append(record.pk)
    logged = 0
    for record_type, ids in by_type.items():
        logged += access_log.record_reads(
            actor=actor, record_type=record_type, record_ids=ids, purpose=purpose
        )
    return logged


def _in_effect(year: int) -> Q:
    return Q(
        annulled_on__isnull=True, decided_on__gte=dt.date(year, 1, 1), decided_on__lte=dt.date(year, 12, 31)
    )


def disciplined_in_year(person: Person | int, year: int) -> bool:
    """For evaluations (the year's rating): a decision about the person, dated in the year, not
    annulled. Deferred decisions count from their date: the discipline was decided."""
    person_id = person if isinstance(person, int) else person.pk
    return DisciplineDecision.objects.filter(_in_effect(year), person_id=person_id).exists()


def disciplined_people_in_year(person_ids: Iterable[int], year: int) -> set[int]:
    """The same for many people in one query: those of ``person_ids`` disciplined in the year."""
    ids = list(person_ids)
    if not ids:
        return set()
    rows = DisciplineDecision.objects.filter(_in_effect(year), person_id__in=ids).values_list(
        "person_id", flat=True
    )
    return {int(pk) for pk in rows if pk is not None}
