"""A leader's proposal about an official (issue 14, item 6; ADR 0055): to replace or move one who
does not meet his tasks (the Directive's fourth task), or to commend one, each with its grounds,
decided by the competent level and, for a replacement or a move, carried out as a position change
in ``mandate.people``.

A ground is a typed reference (``kind`` + ``ref_id`` + ``text``): a signal, a monthly grade, a
discipline decision, a task, or a kind another app registers later
(``services.proposals.GROUND_KINDS``). The text says what the ground is in words, so the proposal
reads true even where the referenced record is not the reader's to open.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel


class ProposalKind(models.TextChoices):
    REPLACE = "replace", _("Replace (does not meet his tasks)")
    MOVE = "move", _("Move to another position")
    COMMEND = "commend", _("Commend")


class ProposalState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CARRIED_OUT = "carried_out", _("Carried out")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PersonnelProposal(BaseModel):
    kind = models.CharField(_("kind"), max_length=10, choices=ProposalKind.choices)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    position = models.ForeignKey(
        "people.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("position held")
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    reason = models.TextField(_("reason"))
    to_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("to unit"),
    )  # fmt: skip
    to_title = models.CharField(_("to title"), max_length=200, blank=True)
    move_on = models.DateField(_("on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_on = models.DateField(_("proposed on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)
    new_position = models.ForeignKey(
        "people.Position", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("new position"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("personnel proposal")
        verbose_name_plural = _("personnel proposals")
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ProposalKind.values), name="proposal_kind_valid"),
            models.CheckConstraint(condition=Q(state__in=ProposalState.values), name="proposal_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.person}"


class ProposalGround(models.Model):
    proposal = models.ForeignKey(
        PersonnelProposal, on_delete=models.PROTECT, related_name="grounds", verbose_name=_("proposal")
    )
    kind = models.CharField(_("kind"), max_length=40)
    ref_id = models.BigIntegerField(_("record"), null=True, blank=True)
    text = models.CharField(_("what it says"), max_length=500)

    class Meta:
        verbose_name = _("ground")
        verbose_name_plural = _("grounds")
        ordering = ["proposal_id", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"
