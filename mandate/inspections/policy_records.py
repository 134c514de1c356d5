"""Who may write the records of inspection (issue 12, items 2–3; docs/adr/0041), and what each
actor may do to an inspection or a plan now — one answer for the services (``require``), the API's
``actions`` and the pages, as the tasks' policy is (ADR 0018).

- **Declaring an inspecting body** is a system administrator's act (a superuser, or an account
  granted ``inspections.add_inspectingbody``): it says who inspects whom, which no body decides
  for itself. That is all the administrator does here: he reads and writes no inspection.
- **A body's writers** act for the body's own unit (``people.scopes.acting_for``: a position in
  that very unit, or its office's under a declared delegation, ADR 0018) as ``inspector``,
  ``leader`` or ``specialist``: they plan, create inspections, form the team, add subjects and
  move the inspection through its life cycle.
- **The team leader** (on the team, not left) moves his own inspection through the life cycle:
  the team carries the inspection out, the body decided it.

A refusal by who the actor is is a 403 that names who may; a refusal by the record's state is a
409 that says what stands in the way (``transitions``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from mandate.core.exceptions import InvalidStateError, PermissionDeniedError
from mandate.inspections.enums import InspectionState, TeamRole
from mandate.inspections.models import InspectingBody, Inspection, InspectionPlan, TeamMember
from mandate.people.enums import Role
from mandate.people.models import User
from mandate.people.scopes import acting_for

WRITER_ROLES = frozenset({Role.INSPECTOR, Role.LEADER, Role.SPECIALIST})
DECLARE_BODY_PERMISSION = "inspections.add_inspectingbody"
MOVES = ("decide", "start", "conclude", "follow_up_done")
# Every action on an inspection, in the order a page shows them.
INSPECTION_ACTIONS = (*MOVES, "team_add", "team_remove", "subject_add", "subject_withdraw")
PLAN_ACTIONS = ("line_add", "withdraw")
# After the conclusion the record of who was inspected, by whom, is closed.
CLOSED = frozenset({InspectionState.CONCLUDED, InspectionState.FOLLOW_UP_DONE})


@dataclass(frozen=True)
class Action:
    """One action as this actor sees it now: allowed, or refused with the reason (translated);
    ``conflict``: the record's state refuses it (409), not who the actor is (403)."""

    name: str
    allowed: bool
    reason: str = ""
    conflict: bool = False


def _active(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def may_declare_bodies(actor: User | None) -> bool:
    if not _active(actor):
        return False
    assert actor is not None
    return bool(actor.is_superuser or actor.has_perm(DECLARE_BODY_PERMISSION))


def require_declare_bodies(actor: User | None) -> None:
    """``actor=None`` (the system: demo loader, tests) is never asked."""
    if actor is not None and not may_declare_bodies(actor):
        raise PermissionDeniedError(_("Only a system administrator declares inspecting bodies."))


def writes_for(actor: User | None, body: InspectingBody) -> bool:
    """Whether the actor acts for the body's unit with a writing role. The system administrator's
    account acts for every unit as ``administrator``, which is not a writing role here."""
    if not _active(actor):
        return False
    return bool(acting_for(actor).roles_for(body.unit.path) & WRITER_ROLES)


def writer_body_ids(actor: User | None) -> list[int]:
    """The bodies the actor writes for today (for the selectors)."""
    if not _active(actor):
        return []
    acting = acting_for(actor)
    if acting.everything:
        return []
    paths = acting.paths_with(WRITER_ROLES)
    if not paths:
        return []
    return list(InspectingBody.objects.filter(unit__path__in=paths).values_list("pk", flat=True))


def leads_team(actor: User | None, inspection: Inspection) -> bool:
    if not _active(actor):
        return False
    return TeamMember.objects.filter(
        inspection=inspection, role=TeamRole.LEADER, left_on__isnull=True, person__user=actor
    ).exists()


def _body_refusal() -> str:
    return _(
        "Only the inspecting body (its inspectors, leaders and specialists, or its office under a "
        "declared delegation) may do this."
    )


def require_plan_writer(actor: User | None, body: InspectingBody) -> None:
    if actor is not None and not writes_for(actor, body):
        raise PermissionDeniedError(_body_refusal())


def _side(actor: User | None, inspection: Inspection, name: str) -> str:
    if actor is None or writes_for(actor, inspection.body):
        return ""
    if name in MOVES:
        if leads_team(actor, inspection):
            return ""
        return _(
            "Only the inspecting body or the leader of the inspection team moves the inspection "
            "through its life cycle."
        )
    return _body_refusal()


def _state(inspection: Inspection, name: str) -> str:
    if inspection.withdrawn_at is not None:
        return _("The inspection was withdrawn.")
    if name in MOVES:
        from mandate.inspections import transitions

        return transitions.refusal(inspection, name)
    if inspection.state in CLOSED:
        return _("The inspection is “%(state)s”: its team and subjects no longer change.") % {
            "state": InspectionState(inspection.state).label
        }
    return ""


def check(actor: User | None, inspection: Inspection, name: str) -> Action:
    side = _side(actor, inspection, name)
    if side:
        return Action(name, False, side)
    state = _state(inspection, name)
    if state:
        return Action(name, False, state, conflict=True)
    return Action(name, True)


def available_actions(actor: User | None, inspection: Inspection) -> list[Action]:
    return [check(actor, inspection, name) for name in INSPECTION_ACTIONS]


def allowed_names(actor: User | None, inspection: Inspection) -> list[str]:
    """What the API lists in ``actions`` and a page offers."""
    if not writes_for(actor, inspection.body) and not leads_team(actor, inspection):
        return []  # nothing to offer: spare the state checks' queries
    return [action.name for action in available_actions(actor, inspection) if action.allowed]


def require(actor: User | None, inspection: Inspection, name: str) -> None:
    """Refuse as the services do: 403 for who the actor is, 409 for the state."""
    action = check(actor, inspection, name)
    if action.allowed:
        return
    if action.conflict:
        raise InvalidStateError(action.reason)
    raise PermissionDeniedError(action.reason)


def plan_actions(actor: User | None, plan: InspectionPlan) -> list[str]:
    if plan.withdrawn_at is not None or not writes_for(actor, plan.body):
        return []
    return list(PLAN_ACTIONS)


def require_plan_open(plan: InspectionPlan) -> None:
    if plan.withdrawn_at is not None:
        raise InvalidStateError(_("The plan was withdrawn."))
