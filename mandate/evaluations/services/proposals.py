"""Proposals to replace, move or commend an official, and their decision (issue 14, item 6; ADR
0055). Each write asks ``policy_proposals``; a replacement or a move approved is carried out at
once as a position change through ``people.moves.position_move`` (which asks, again, who may
move), in the same transaction, so an approval never stands without its position change.

The kinds of ground are registered data (``GROUND_KINDS``): signals, monthly grades, discipline
decisions and tasks now; a later app (citizens' feedback) registers its own with
``register_ground_kind``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandate.core import audit
from mandate.core.concurrency import check_version
from mandate.core.exceptions import ApplicationError, Message
from mandate.evaluations import policy_proposals as policy
from mandate.evaluations.models import PersonnelProposal, ProposalGround
from mandate.evaluations.models.proposals import ProposalKind, ProposalState
from mandate.organisations.models import OrgUnit
from mandate.people import moves
from mandate.people.models import Position, User

GROUND_KINDS: dict[str, Promise | str] = {
    "signal": gettext_lazy("Accountability signal"),
    "monthly_grade": gettext_lazy("Monthly grade"),
    "discipline": gettext_lazy("Discipline decision"),
    "task": gettext_lazy("Task"),
    "other": gettext_lazy("Other"),
}
DECISIONS = ("approve", "reject")


def register_ground_kind(code: str, label: Promise | str) -> None:
    """A later app adds the kind of its records (``feedback``: a citizen's complaint)."""
    GROUND_KINDS.setdefault(code, label)


@dataclass(frozen=True)
class Ground:
    kind: str
    text: str
    ref_id: int | None = None


def _errors(kind: str, reason: str, grounds: list[Ground], to_unit: OrgUnit | None, to_title: str,
            move_on: dt.date | None) -> dict[str, list[Message]]:  # fmt: skip
    errors: dict[str, list[Message]] = {}
    if kind not in ProposalKind.values:
        errors["kind"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(ProposalKind.values)}]
    if not reason.strip():
        errors["reason"] = [_("Required.")]
    if not grounds:
        errors["grounds"] = [_("A proposal rests on at least one ground.")]
    for number, ground in enumerate(grounds):
        if ground.kind not in GROUND_KINDS or not ground.text.strip():
            errors[f"grounds.{number}"] = [_("A ground has a known kind and says what it is.")]
    if kind in (ProposalKind.REPLACE, ProposalKind.MOVE) and (
        to_unit is None or not to_title.strip() or move_on is None
    ):
        errors["to_unit"] = [_("A replacement or a move names the new unit, title and date.")]
    return errors


@transaction.atomic
def proposal_create(
    *,
    actor: User | None,
    position: Position,
    kind: str,
    reason: str,
    grounds: list[Ground],
    on: dt.date,
    to_unit: OrgUnit | None = None,
    to_title: str = "",
    move_on: dt.date | None = None,
) -> PersonnelProposal:
    """A leader's proposal about the holder of ``position`` (held on ``on``)."""
    policy.require_propose(actor, position.person, position.unit)
    errors = _errors(kind, reason, grounds, to_unit, to_title, move_on)
    if not position.is_valid_on(on):
        errors["position"] = [_("The person does not hold this position on that day.")]
    if errors:
        raise ApplicationError(_("Some values are not valid."), fields=errors)
    commend = kind == ProposalKind.COMMEND
    proposal = PersonnelProposal.objects.create(
        kind=kind, person=position.person, position=position, unit=position.unit, reason=reason.strip(),
        to_unit=None if commend else to_unit, to_title="" if commend else to_title.strip(),
        move_on=None if commend else move_on, proposed_by=actor, proposed_on=on,
    )  # fmt: skip
    ProposalGround.objects.bulk_create(
        ProposalGround(proposal=proposal, kind=g.kind, ref_id=g.ref_id, text=g.text.strip()[:500])
        for g in grounds
    )
    audit.record(
        actor=actor,
        action="evaluations.proposal_create",
        target=proposal,
        after={
            **audit.snapshot(
                proposal, ["kind", "person", "position", "unit", "reason", "to_unit", "to_title", "move_on"]
            ),
            "grounds": [{"kind": g.kind, "ref_id": g.ref_id, "text": g.text} for g in grounds],
        },
    )
    return proposal


@transaction.atomic
def proposal_decide(
    *,
    actor: User | None,
    proposal: PersonnelProposal,
    decision: str,
    note: str,
    on: dt.date,
    expected_version: int | None,
) -> PersonnelProposal:
    """Approve or reject. An approved replacement or move is carried out as a position change."""
    proposal = (
        PersonnelProposal.objects.select_for_update(of=("self",))
        .select_related("unit", "to_unit", "position__unit", "person")
        .get(pk=proposal.pk)
    )
    policy.require(actor, proposal)
    check_version(obj=proposal, expected_version=expected_version)
    if decision not in DECISIONS:
        raise ApplicationError(
            _("Some values are not valid."), fields={"decision": [_("Choose approve or reject.")]}
        )
    before = audit.snapshot(proposal, ["state"])
    proposal.decided_by, proposal.decided_on, proposal.decision_note = actor, on, note.strip()
    if decision == "reject":
        proposal.state = ProposalState.REJECTED
    elif proposal.kind == ProposalKind.COMMEND:
        proposal.state = ProposalState.APPROVED
    else:
        assert proposal.to_unit is not None
        assert proposal.move_on is not None
        proposal.new_position = moves.position_move(
            actor=actor,
            position=proposal.position,
            unit=proposal.to_unit,
            title=proposal.to_title,
            on=proposal.move_on,
            basis=_("Proposal no. %(id)s, decided on %(day)s")
            % {"id": proposal.pk, "day": on.strftime("%d/%m/%Y")},
        )
        proposal.state = ProposalState.CARRIED_OUT
    proposal.version += 1
    proposal.save()
    audit.record(
        actor=actor,
        action="evaluations.proposal_decide",
        target=proposal,
        before=before,
        after={**audit.snapshot(proposal, ["state", "decided_on", "decision_note", "new_position"])},
    )
    return proposal
