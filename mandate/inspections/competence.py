"""Who may read the records of inspection (issue 12, item 7; docs/adr/0040): the one rule every
selector, page, export, statistic and notification of this app asks.

- **A body's readers** are the people who act for its unit (a position in that very unit, or a
  declared delegation: ADR 0018) with the role ``inspector`` or ``leader`` — its members and its
  leaders. Sitting below the unit gives nothing, and neither does the system administrator's
  account: it manages accounts, it does not read inspections.
- A body's readers see every record about a subject within the **competence** of a body they read
  for (``InspectingBody.competence_path``): the Party organisations and members under the Party
  committee it serves. A higher body's competence contains a lower one's, so the city's
  commission sees what a district's found.
- **The team** of an inspection sees its records while on the team.
- **The inspected person** sees the records about himself (his account is the subject's).
- **A leader of an inspected unit** (a position of role ``leader`` in that very unit) sees the
  inspection, its findings and conclusion about *his unit*, never those about its people.
- **A discipline decision** (``discipline_q``) is read by the bodies whose competence covers its
  subject, by the inspectors and leaders of the unit that decided it, by the disciplined person,
  and, for one about an organisation, by that organisation's leaders (ADR 0042).

Everyone else: the record does not exist (404), in every list, count and link. Reads of a finding,
conclusion or discipline about a person are logged by the selectors (``core.access_log``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from mandate.inspections.models import InspectingBody, TeamMember
from mandate.organisations.selectors import subtree_q
from mandate.people.enums import Role
from mandate.people.models import User
from mandate.people.scopes import acting_for, today

READER_ROLES = frozenset({Role.INSPECTOR, Role.LEADER})
UNIT_LEADER_ROLES = frozenset({Role.LEADER})


@dataclass(frozen=True)
class Readership:
    """What one actor may read, computed once per request."""

    bodies: tuple[InspectingBody, ...]  # the bodies he reads for
    competence_paths: tuple[str, ...]  # their competences (subtree prefixes)
    led_unit_paths: tuple[str, ...]  # the units he leads (sees conclusions about them)
    person_id: int | None  # his own person (sees records about himself)
    # The units he acts for as inspector or leader, body or not: a unit that decided a discipline
    # (a department disciplining its civil servant, Decree 112/2020) reads its own decisions.
    reader_paths: tuple[str, ...] = ()

    @property
    def is_reader(self) -> bool:
        return bool(self.bodies)

    def covers(self, path: str) -> bool:
        return any(path.startswith(prefix) for prefix in self.competence_paths)


def _signed_in(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def bodies_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def readership(actor: User | None, *, on: dt.date | None = None) -> Readership:
    if not _signed_in(actor):
        return Readership((), (), (), None, ())
    assert actor is not None
    day = on or today()
    acting = acting_for(actor, on=day)
    reader_paths = set(acting.paths_with(READER_ROLES))
    bodies: tuple[InspectingBody, ...] = ()
    if reader_paths:
        bodies = tuple(
            InspectingBody.objects.filter(bodies_on(day), unit__path__in=reader_paths)
            .select_related("unit", "competence_unit")
            .order_by("unit__path", "id")
        )
    person = getattr(actor, "person", None)
    return Readership(
        bodies=bodies,
        competence_paths=tuple(sorted({body.competence_path for body in bodies})),
        led_unit_paths=tuple(sorted(acting.paths_with(UNIT_LEADER_ROLES))),
        person_id=person.pk if person is not None else None,
        reader_paths=tuple(sorted(reader_paths)),
    )


def _any_subtree(field: str, prefixes: tuple[str, ...]) -> Q:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= subtree_q(field, prefix)
    return condition


def _on_the_team(actor: User | None, subject: str) -> Q:
    """An ``EXISTS`` rather than a join, so that a team of five does not repeat a row five times."""
    team = TeamMember.objects.filter(
        inspection=OuterRef(f"{subject}inspection"), person__user=actor, left_on__isnull=True
    )
    return Q(Exists(team))


def person_records_q(actor: User | None, reader: Readership, *, subject: str = "") -> Q:
    """A filter on inspection subjects (``subject`` is the path to ``InspectionSubject`` from the
    model filtered, e.g. ``"subject__"``) keeping those whose records about a *person* the actor
    may read: competence, the team, or himself."""
    if not _signed_in(actor):
        return Q(pk__in=[])
    condition = _any_subtree(f"{subject}subject_path", reader.competence_paths)
    condition |= _on_the_team(actor, subject)
    if reader.person_id is not None:
        condition |= Q(**{f"{subject}person_id": reader.person_id})
    return condition


def unit_records_q(actor: User | None, reader: Readership, *, subject: str = "") -> Q:
    """The same for records about an *organisation*: competence, the team, or a leader of that
    very unit."""
    if not _signed_in(actor):
        return Q(pk__in=[])
    condition = _any_subtree(f"{subject}subject_path", reader.competence_paths)
    condition |= _on_the_team(actor, subject)
    if reader.led_unit_paths:
        condition |= Q(**{f"{subject}subject_path__in": reader.led_unit_paths})
    return condition


def subjects_q(actor: User | None, reader: Readership, *, subject: str = "") -> Q:
    """Subjects the actor may read at all: a person's under the person rule, an organisation's
    under the organisation rule."""
    return (Q(**{f"{subject}kind": "member"}) & person_records_q(actor, reader, subject=subject)) | (
        Q(**{f"{subject}kind": "organisation"}) & unit_records_q(actor, reader, subject=subject)
    )


def discipline_q(actor: User | None, reader: Readership, *, prefix: str = "") -> Q:
    """A filter on discipline decisions (``prefix`` is the path to ``DisciplineDecision``) keeping
    those the actor may read: the bodies whose competence covers the subject, the deciding unit's
    inspectors and leaders, the disciplined person himself, and for a decision about an
    organisation the leaders of that very organisation. Never the system administrator."""
    if not _signed_in(actor):
        return Q(pk__in=[])
    condition = _any_subtree(f"{prefix}subject_path", reader.competence_paths)
    if reader.reader_paths:
        condition |= Q(**{f"{prefix}deciding_path__in": reader.reader_paths})
    if reader.person_id is not None:
        condition |= Q(**{f"{prefix}person_id": reader.person_id})
    if reader.led_unit_paths:
        condition |= Q(
            **{f"{prefix}person__isnull": True, f"{prefix}subject_path__in": reader.led_unit_paths}
        )
    return condition
