"""Who may write findings, conclusions and discipline decisions (issue 12, items 4, 5; ADR 0042).

Reading is ``competence.py``'s one rule; writing is narrower, because a finding or a decision is
an act of the inspecting body and carries its authority:

- **Findings and conclusions** about a subject are written by the inspection's team (its current
  members) and by the inspectors of the inspecting body (someone who acts for the body's unit with
  the role ``inspector``, ADR 0018). A leader of the body reads them but does not write them: he
  signs the conclusion the team drafted, outside this system. The inspected unit and the system
  administrator never write them.
- **Discipline decisions** are taken by the deciding unit, through someone who acts for it as
  inspector or leader, about a subject his unit may discipline: within the competence of an
  inspecting body of that unit (a Party committee or its commission disciplining a member), or
  within the unit's own subtree (an agency disciplining its own civil servant, Decree 112/2020).
  The same people annul it.

The caller has first found the record through the selectors (404 for those who may not see it);
these answers are 403 with the reason.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from mandate.inspections.competence import bodies_on
from mandate.inspections.models import InspectingBody, InspectionSubject, TeamMember
from mandate.inspections.policy import Decision
from mandate.organisations.models import OrgUnit
from mandate.people.enums import Role
from mandate.people.models import User
from mandate.people.scopes import acting_for, today

WRITER_ROLES = frozenset({Role.INSPECTOR})
DECIDER_ROLES = frozenset({Role.INSPECTOR, Role.LEADER})


def _active(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def on_the_team(actor: User, inspection_id: int) -> bool:
    return TeamMember.objects.filter(
        inspection_id=inspection_id, person__user=actor, left_on__isnull=True
    ).exists()


def may_write_records(actor: User | None, subject: InspectionSubject) -> Decision:
    """Findings and conclusions about ``subject``: the team, or the body's inspectors."""
    if _active(actor):
        assert actor is not None
        body_unit_path = subject.inspection.body.unit.path
        if body_unit_path in acting_for(actor).paths_with(WRITER_ROLES):
            return Decision(True)
        if on_the_team(actor, subject.inspection_id):
            return Decision(True)
    return Decision(
        False,
        _(
            "Only the inspection team or the inspectors of the inspecting body record findings and "
            "conclusions."
        ),
    )


def may_decide_discipline(actor: User | None, deciding_unit: OrgUnit, subject_path: str) -> Decision:
    """A decision of ``deciding_unit`` about the subject at ``subject_path``."""
    if not _active(actor):
        return Decision(False, _("Sign in first."))
    assert actor is not None
    if deciding_unit.path not in acting_for(actor).paths_with(DECIDER_ROLES):
        return Decision(
            False,
            _("Only an inspector or a leader acting for “%(unit)s” records its discipline decisions.")
            % {"unit": deciding_unit.name},
        )
    if subject_path.startswith(deciding_unit.path):
        return Decision(True)
    competences = InspectingBody.objects.filter(bodies_on(today()), unit=deciding_unit).values_list(
        "competence_path", flat=True
    )
    if any(subject_path.startswith(path) for path in competences):
        return Decision(True)
    return Decision(
        False,
        _(
            "“%(unit)s” has no competence over this subject: it disciplines its own people and those "
            "within its inspecting body's competence."
        )
        % {"unit": deciding_unit.name},
    )


def decider_units_q(actor: User | None) -> Q:
    """Units the actor may decide for (a filter on ``OrgUnit``), for forms that offer them."""
    if not _active(actor):
        return Q(pk__in=[])
    assert actor is not None
    return Q(path__in=acting_for(actor).paths_with(DECIDER_ROLES))
