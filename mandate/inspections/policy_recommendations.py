"""Who may write an inspection's recommendations, and issue them as tasks (issue 12, item 4;
docs/adr/0043).

- **Drafting** (``recommendation_add``): the team while on it, or the inspecting body's readers
  and signers (who act for its unit: ADR 0018), while the inspection is decided, under way or
  concluded.
- **Issuing** (``recommendation_issue``) makes a task of the inspected unit *in the name of the
  inspecting body's unit*, so the tasks' own rule decides who signs: one who acts for that unit
  as a leader or specialist (``tasks.permissions.can_sign_for``) — its leader, the team leader
  when he is one of them (the Deputy Secretary who leads a Standing Committee team acts for the
  Standing Committee), or the body's office under a declared delegation (``Position.acts_for``).
  A team leader who is an inspector of a commission, and acts for it only as an inspector, does
  not sign tasks in its name: the tasks' policy has no "team leader" and this app does not make
  one up — his commission's leader or office issues what he drafted. Only a concluded inspection
  issues recommendations (they follow the conclusion).
- The system administrator's account manages accounts; it neither reads nor writes here.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from mandate.core.exceptions import InvalidStateError, PermissionDeniedError
from mandate.inspections.competence import READER_ROLES
from mandate.inspections.enums import InspectionState
from mandate.inspections.models import Inspection, TeamMember
from mandate.people.models import User
from mandate.people.scopes import acting_for
from mandate.tasks import permissions as task_permissions

DRAFTING_STATES = frozenset({InspectionState.DECIDED, InspectionState.UNDER_WAY, InspectionState.CONCLUDED})
ISSUING_STATES = frozenset({InspectionState.CONCLUDED})


def _signed_in(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def on_team(actor: User, inspection: Inspection, *, role: str | None = None) -> bool:
    team = TeamMember.objects.filter(inspection=inspection, person__user=actor, left_on__isnull=True)
    if role is not None:
        team = team.filter(role=role)
    return team.exists()


def acts_for_body(actor: User, inspection: Inspection) -> bool:
    roles = acting_for(actor).roles_for(inspection.body.unit.path)
    return bool(roles & (READER_ROLES | task_permissions.ASSIGNING_ROLES))


def require_add(actor: User | None, inspection: Inspection) -> None:
    """403 for the wrong person, 409 for the wrong moment. ``actor=None`` (the system) may."""
    if actor is not None and (
        not _signed_in(actor)
        or actor.is_superuser
        or not (on_team(actor, inspection) or acts_for_body(actor, inspection))
    ):
        raise PermissionDeniedError(
            _("Only the inspection team or the inspecting body writes its recommendations.")
        )
    if inspection.withdrawn_at is not None or inspection.state not in DRAFTING_STATES:
        raise InvalidStateError(
            _(
                "Recommendations are written once the inspection is decided, until it is concluded; "
                "it is “%(state)s”."
            )
            % {"state": InspectionState(inspection.state).label}
        )


def require_issue(actor: User | None, inspection: Inspection) -> None:
    if actor is not None:
        signs = not actor.is_superuser and task_permissions.can_sign_for(
            actor=actor, unit=inspection.body.unit
        )
        if not _signed_in(actor) or not signs:
            raise PermissionDeniedError(
                _(
                    "A recommendation becomes a task assigned in the name of “%(unit)s”: only someone "
                    "who acts for it as a leader or specialist issues it (its leader, the team leader "
                    "when he acts for it, or its office under a declared delegation)."
                )
                % {"unit": inspection.body.unit.name}
            )
    if inspection.withdrawn_at is not None or inspection.state not in ISSUING_STATES:
        raise InvalidStateError(
            _("Recommendations are issued as tasks once the inspection is concluded; it is “%(state)s”.")
            % {"state": InspectionState(inspection.state).label}
        )
