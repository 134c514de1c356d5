"""The declared life cycle of an inspection (issue 12, item 3; docs/adr/0041):

    planned → decided → under way → concluded → follow-up done

one step at a time, never back. Each move is refused with a 409 and its reason in the user's
language when the inspection is not where the move starts, or when what the move stands on is
missing: a decision needs a team leader and at least one subject (its number and date are given
with it); a conclusion needs a conclusion recorded for every subject; the follow-up is done only
when every recommendation is issued as a task and every such task is completed or cancelled, in
the tasks' own states (``tasks.selectors.still_open_q``; ADR 0047) — "the inspected unit did what
was recommended" is what the step says, so it cannot be said while the work is open. Each move
writes an ``InspectionEvent`` with its day (the state on a past date is read from the events), an
audit entry, and bumps the optimistic version (a stale ``version`` is a 409 as for tasks).

Why the dates are checked in order (decided ≤ started ≤ concluded ≤ follow-up done): the
statistics count a subject on its decision date, and a conclusion dated before the decision
would count an inspection in a period before it existed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandate.core import audit
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError
from mandate.inspections import policy_records
from mandate.inspections.enums import InspectionState, TeamRole
from mandate.inspections.models import (
    Inspection,
    InspectionEvent,
    InspectionSubject,
    Recommendation,
    TeamMember,
)
from mandate.people.models import User
from mandate.people.scopes import today
from mandate.tasks.selectors import still_open_q

S = InspectionState


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    date_field: str  # the inspection's date the move's day is written to
    label: object  # a lazy translated name of the move


MOVES: dict[str, Move] = {
    "decide": Move(S.PLANNED, S.DECIDED, "decided_on", gettext_lazy("Decide")),
    "start": Move(S.DECIDED, S.UNDER_WAY, "starts_on", gettext_lazy("Start")),
    "conclude": Move(S.UNDER_WAY, S.CONCLUDED, "concluded_on", gettext_lazy("Conclude")),
    "follow_up_done": Move(
        S.CONCLUDED, S.FOLLOW_UP_DONE, "follow_up_done_on", gettext_lazy("Follow-up done")
    ),
}
ORDER = (S.PLANNED, S.DECIDED, S.UNDER_WAY, S.CONCLUDED, S.FOLLOW_UP_DONE)
# The dates in the order the life cycle writes them.
DATE_ORDER = ("decided_on", "starts_on", "concluded_on", "follow_up_done_on")
AUDIT_FIELDS = ("state", "decision_number", *DATE_ORDER, "version")
# The steps' days as a message names them ("before the decision date").
STEP_NAMES = {
    "decided_on": gettext_lazy("decision date"),
    "starts_on": gettext_lazy("starts on"),
    "concluded_on": gettext_lazy("concluded on"),
    "follow_up_done_on": gettext_lazy("follow-up done on"),
}


def active_subjects(inspection: Inspection) -> QuerySet[InspectionSubject]:
    return InspectionSubject.objects.filter(inspection=inspection, withdrawn_at__isnull=True)


def has_leader(inspection: Inspection) -> bool:
    return TeamMember.objects.filter(
        inspection=inspection, role=TeamRole.LEADER, left_on__isnull=True
    ).exists()


def refusal(inspection: Inspection, name: str) -> str:
    """Why the inspection's state refuses the move now ('' when it allows it)."""
    move = MOVES.get(name)
    if move is None:
        return _("Unknown action “%(action)s”.") % {"action": name}
    if inspection.state != move.source:
        return _(
            "“%(action)s” is not possible for an inspection that is “%(state)s”: it must be “%(needed)s”."
        ) % {
            "action": move.label,
            "state": InspectionState(inspection.state).label,
            "needed": InspectionState(move.source).label,
        }
    if name == "decide":
        if not has_leader(inspection):
            return _("The team has no leader: add the team leader before the decision.")
        if not active_subjects(inspection).exists():
            return _("The inspection has no subject: add at least one before the decision.")
    if name == "conclude":
        missing = active_subjects(inspection).filter(conclusion__isnull=True).count()
        if missing:
            return _(
                "Subjects without a conclusion: %(count)s. Record a conclusion for every subject "
                "before concluding the inspection."
            ) % {"count": missing}
    if name == "follow_up_done":
        return follow_up_refusal(inspection)
    return ""


def follow_up_refusal(inspection: Inspection) -> str:
    """Why the follow-up cannot be done yet: recommendations not issued as tasks, and issued ones
    whose tasks are still open (one query; '' when none)."""
    pending = (
        Recommendation.objects.filter(inspection=inspection)
        .filter(Q(task__isnull=True) | still_open_q("task__"))
        .order_by("order")
        .values_list("order", "task_id")
    )
    not_issued = [str(order) for order, task in pending if task is None]
    still_open = [str(order) for order, task in pending if task is not None]
    reasons = []
    if not_issued:
        reasons.append(
            _(
                "Recommendations not yet issued as tasks: no. %(orders)s. Issue each as a task of "
                "the unit that acts on it before the follow-up is done."
            )
            % {"orders": ", ".join(not_issued)}
        )
    if still_open:
        reasons.append(
            _(
                "The tasks of recommendations no. %(orders)s are neither completed nor cancelled: the "
                "follow-up is done once the inspected unit has done what was recommended."
            )
            % {"orders": ", ".join(still_open)}
        )
    return " ".join(reasons)


def _check_day(inspection: Inspection, move: Move, day: dt.date) -> None:
    """The move's day is not before any earlier step's day."""
    earlier = DATE_ORDER[: DATE_ORDER.index(move.date_field)]
    for name in earlier:
        before: dt.date | None = getattr(inspection, name)
        if before is not None and day < before:
            message = _("This date (%(day)s) is before the %(step)s (%(before)s).") % {
                "day": day.strftime("%d/%m/%Y"),
                "step": STEP_NAMES[name],
                "before": before.strftime("%d/%m/%Y"),
            }
            raise ApplicationError(message, fields={"on": [message]})


@transaction.atomic
def inspection_move(
    *,
    actor: User | None,
    inspection: Inspection,
    action: str,
    expected_version: int | None,
    on: dt.date | None = None,
    decision_number: str = "",
    note: str = "",
) -> Inspection:
    """One step of the life cycle. ``on`` is the move's day (the decision's date for ``decide``,
    required there and for ``conclude``; today by default for ``start`` and ``follow_up_done``).
    ``actor=None`` is the system (demo, imports)."""
    if action not in MOVES:
        raise ApplicationError(
            _("Unknown action “%(action)s”.") % {"action": action}, fields={"action": [_("Not a choice.")]}
        )
    inspection = (
        Inspection.objects.select_for_update(of=("self",)).select_related("body__unit").get(pk=inspection.pk)
    )
    policy_records.require(actor, inspection, action)
    check_version(obj=inspection, expected_version=expected_version)
    move = MOVES[action]
    decision_number = decision_number.strip()
    if action == "decide" and not decision_number:
        raise ApplicationError(_("Give the decision's number."), fields={"decision_number": [_("Required.")]})
    if on is None and action in ("decide", "conclude"):
        message = (
            _("Give the date of the decision.")
            if action == "decide"
            else _("Give the date of the conclusion.")
        )
        raise ApplicationError(message, fields={"on": [_("Required.")]})
    # ``starts_on`` may have been planned ahead: starting writes the day it really started.
    day = on or today()
    _check_day(inspection, move, day)
    before = audit.snapshot(inspection, AUDIT_FIELDS)
    inspection.state = move.target
    setattr(inspection, move.date_field, day)
    if action == "decide":
        inspection.decision_number = decision_number[:60]
    if (
        inspection.ends_on is not None
        and inspection.starts_on is not None
        and inspection.ends_on < inspection.starts_on
    ):
        inspection.ends_on = None  # a planned end before the real start is no longer a plan
    bump_version(inspection)
    inspection.save()
    if action == "decide":
        # The subjects count for the period of the decision (ADR 0040's copies).
        active_subjects(inspection).update(counted_on=day)
    InspectionEvent.objects.create(
        inspection=inspection,
        from_state=move.source,
        to_state=move.target,
        on_date=day,
        actor=actor,
        note=note.strip()[:300],
    )
    audit.record(
        actor=actor,
        action=f"inspections.inspection_{action}",
        target=inspection,
        before=before,
        after=audit.snapshot(inspection, AUDIT_FIELDS),
    )
    return inspection
