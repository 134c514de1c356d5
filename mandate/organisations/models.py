from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from mandate.organisations.enums import LineageKind, UnitKind, UnitLevel


class OrgUnit(MP_Node):  # type: ignore[misc]  # treebeard ships no type hints
    """A unit of the political system, valid from one date to another.

    Units never move in place: the parent is fixed for the unit's life, and a reorganisation
    retires units and creates successors linked by ``UnitLineage``. So the tree on any date is
    the units valid on that date, and records keep pointing at the unit that owned them.
    """

    steplen = 4

    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    code = models.CharField(
        _("abbreviation"), max_length=20, blank=True, help_text=_("As used in document symbols, e.g. UBND.")
    )
    kind = models.CharField(_("kind of body"), max_length=10, choices=UnitKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Last day of existence."))
    retired_reason = models.TextField(_("reason for retirement"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        permissions = [("manage_structure", "Can change the organisation tree")]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="orgunit_validity_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_to_after_from",
            ),
            models.CheckConstraint(condition=Q(kind__in=UnitKind.values), name="orgunit_kind_valid"),
            models.CheckConstraint(condition=Q(level__in=UnitLevel.values), name="orgunit_level_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    @property
    def parent_path(self) -> str:
        path: str = self.path
        return path[: -self.steplen]


class UnitLineage(models.Model):
    """``successor`` continues (part of) ``predecessor``: it sees the predecessor's records."""

    predecessor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="successor_links", verbose_name=_("predecessor")
    )
    successor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="predecessor_links", verbose_name=_("successor")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=LineageKind.choices)
    effective_on = models.DateField(_("effective on"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("lineage link")
        verbose_name_plural = _("lineage")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="lineage_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="lineage_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class PartyTerm(models.Model):
    """A Party committee's term (nhiệm kỳ): Party documents are numbered per type within it."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="party_terms", verbose_name=_("Party committee")
    )
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("Party term")
        verbose_name_plural = _("Party terms")
        ordering = ["unit_id", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "starts_on"], name="partyterm_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.name}"
