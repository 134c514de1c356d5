"""The reads of personnel proposals (issue 14, item 6; ADR 0055): a leader over the official's
unit reads them, the official his own, the proposer and the deciders those they wrote or decide;
the rest do not exist (404). A proposal about another person, returned to a reader, is in the
access log (``core.access_log``): one row for a detail, one INSERT for a list's page."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from mandate.core import access_log
from mandate.core.exceptions import NotFoundError
from mandate.evaluations.models import PersonnelProposal
from mandate.evaluations.selectors_rotation import readers_q
from mandate.people.models import User


def proposal_list_visible(*, actor: User) -> QuerySet[PersonnelProposal]:
    visible = readers_q(actor, unit="unit", person="person") | Q(proposed_by=actor)
    return (
        PersonnelProposal.objects.filter(visible)
        .select_related("person", "unit", "to_unit", "position", "proposed_by", "decided_by")
        .prefetch_related("grounds")
        .order_by("-proposed_on", "-id")
    )


def log_reads(*, actor: User, proposals: Iterable[PersonnelProposal], purpose: str) -> None:
    others = [p.pk for p in proposals if p.person.user_id != actor.pk]
    access_log.record_reads(actor=actor, record_type=PersonnelProposal, record_ids=others, purpose=purpose)


def proposal_get_visible(*, actor: User, proposal_id: int, purpose: str | None) -> PersonnelProposal:
    if not 0 < proposal_id < 2**63:
        raise NotFoundError()
    proposal = proposal_list_visible(actor=actor).filter(pk=proposal_id).first()
    if proposal is None:
        raise NotFoundError()
    if purpose is not None:
        log_reads(actor=actor, proposals=[proposal], purpose=purpose)
    return proposal
