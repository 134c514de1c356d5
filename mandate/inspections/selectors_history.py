"""A subject's history (issue 12, items 7 and 8): every inspection and discipline of one Party
organisation or one person, as far as the reader may see it.

Nothing here decides who reads what: the subjects come through ``competence.subjects_q``, their
findings and conclusions through ``selectors_sensitive``'s lists, the discipline decisions through
``discipline_list_visible`` (and, for a person, ``person_discipline_visible``'s rule of who may
ask at all) — the one rule of ``competence.py``. What this module adds is the whole page's 404:

- **a person's history** answers (even empty) for the person himself and the readers whose
  competence covers a unit he works in (``person_discipline_visible``), and for whoever may read
  one of his records (a team member); anyone else — the leader of his unit, the administrator —
  gets 404, whether or not there is anything to see;
- **a unit's history** answers for the readers whose competence covers it and the unit's own
  leaders (who see conclusions about *their unit*, never those about its people), and for whoever
  may read one of its records; anyone else gets 404.

The records about a person shown go to the access log (``log_reads``, on the page sent): the
subjects (that he was inspected), the findings, the conclusions and the decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from mandate.core import access_log
from mandate.core.exceptions import NotFoundError
from mandate.inspections import competence, selectors_sensitive
from mandate.inspections.enums import InspectedKind
from mandate.inspections.models import Conclusion, DisciplineDecision, Finding, InspectionSubject
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, User

PURPOSE = "inspections.subject_history"


@dataclass
class History:
    """The subjects (a page of them), their findings and conclusions, and the decisions."""

    subjects: list[InspectionSubject]
    decisions: list[DisciplineDecision]
    findings: dict[int, list[Finding]] = field(default_factory=dict)
    conclusions: dict[int, Conclusion] = field(default_factory=dict)


def _id(value: int) -> int:
    if not 0 < value < 2**63:
        raise NotFoundError()
    return value


def _subjects(actor: User | None, reader: competence.Readership) -> QuerySet[InspectionSubject]:
    return (
        InspectionSubject.objects.filter(competence.subjects_q(actor, reader))
        .select_related("inspection__body__unit", "unit", "person")
        .order_by("-counted_on", "-inspection_id", "-pk")
    )


def person_history_subjects(
    *, actor: User | None, person_id: int
) -> tuple[Person, QuerySet[InspectionSubject]]:
    """The person and the inspections of him the actor may read; 404 for whoever may not ask."""
    person = Person.objects.filter(pk=_id(person_id)).first()
    if person is None:
        raise NotFoundError()
    reader = competence.readership(actor)
    subjects = _subjects(actor, reader).filter(kind=InspectedKind.MEMBER, person_id=person.pk)
    if not subjects.exists():
        selectors_sensitive.person_discipline_visible(actor=actor, person_id=person.pk)  # or 404
    return person, subjects


def person_decisions(*, actor: User | None, person_id: int) -> QuerySet[DisciplineDecision]:
    return selectors_sensitive.discipline_list_visible(actor=actor, person_id=person_id)


def unit_history_subjects(*, actor: User | None, unit_id: int) -> tuple[OrgUnit, QuerySet[InspectionSubject]]:
    """The unit and the inspections of it (as an organisation) the actor may read; 404 for
    whoever may not ask."""
    unit = OrgUnit.objects.filter(pk=_id(unit_id)).first()
    if unit is None:
        raise NotFoundError()
    reader = competence.readership(actor)
    subjects = _subjects(actor, reader).filter(kind=InspectedKind.ORGANISATION, unit_id=unit.pk)
    may_ask = reader.covers(unit.path) or unit.path in reader.led_unit_paths
    if not may_ask and not subjects.exists() and not unit_decisions(actor=actor, unit_id=unit.pk).exists():
        raise NotFoundError()
    return unit, subjects


def unit_decisions(*, actor: User | None, unit_id: int) -> QuerySet[DisciplineDecision]:
    """The decisions about the organisation itself (a decision about one of its people names the
    unit too: that one is the person's history, not the unit's)."""
    return selectors_sensitive.discipline_list_visible(actor=actor, unit_id=unit_id).filter(
        person__isnull=True
    )


def history_records(
    *, actor: User | None, subjects: list[InspectionSubject], decisions: list[DisciplineDecision]
) -> History:
    """The findings and conclusions of the subjects shown, read through ``selectors_sensitive``
    (the same rule: a subject shown is one the actor reads), and the access log of every record
    about a person shown, one INSERT per kind."""
    ids = [s.pk for s in subjects]
    history = History(subjects=subjects, decisions=decisions)
    if ids:
        findings = selectors_sensitive.finding_list_visible(actor=actor).filter(subject_id__in=ids)
        conclusions = selectors_sensitive.conclusion_list_visible(actor=actor).filter(subject_id__in=ids)
        for finding in findings:
            history.findings.setdefault(finding.subject_id, []).append(finding)
        history.conclusions = {c.subject_id: c for c in conclusions}
    people = [s.pk for s in subjects if s.kind == InspectedKind.MEMBER]
    if people:
        access_log.record_reads(
            actor=actor, record_type=InspectionSubject, record_ids=people, purpose=PURPOSE
        )
    found = [f for rows in history.findings.values() for f in rows]
    selectors_sensitive.log_person_reads(
        actor=actor, records=[*found, *history.conclusions.values(), *decisions], purpose=PURPOSE
    )
    return history
