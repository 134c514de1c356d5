from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.people.enums import Language, PositionKind, Role


class User(AbstractUser):
    """An account. What it may see and do comes from the positions of its person."""

    language = models.CharField(_("language"), max_length=5, choices=Language.choices, blank=True, default="")

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")


class Person(BaseModel):
    full_name = models.CharField(_("full name"), max_length=200)
    user = models.OneToOneField(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name


class Position(BaseModel):
    """A person holds a position in a unit over a period.

    ``scope_unit`` widens what the position covers beyond its own unit (the city office's
    specialist follows the whole city); by default the position covers its unit's subtree.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="positions", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="positions", verbose_name=_("unit")
    )
    scope_unit = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("covers"),
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    kind = models.CharField(
        _("held as"), max_length=10, choices=PositionKind.choices, default=PositionKind.REGULAR
    )
    is_head = models.BooleanField(_("head of the unit"), default=False)
    is_deputy = models.BooleanField(_("deputy head"), default=False)
    on_behalf_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("on behalf of"),
    )
    acts_for = models.ForeignKey(
        "organisations.OrgUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegated_positions",
        verbose_name=_("carries the authority of"),
        help_text=_(
            "A unit that delegates its authority to this position (the Party Office's staff act for "
            "the Standing Committee). Leave empty for the position's own unit only."
        ),
    )
    acts_for_basis = models.CharField(
        _("basis of the delegation"),
        max_length=300,
        blank=True,
        help_text=_("The decision or regulation that delegates the authority."),
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["unit_id", "-is_head", "valid_from", "id"]
        indexes = [models.Index(fields=["unit", "valid_from"], name="position_unit_from_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="position_valid_to_after_from",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="position_role_valid"),
            models.CheckConstraint(
                condition=~(Q(is_head=True) & Q(is_deputy=True)), name="position_head_or_deputy"
            ),
            models.CheckConstraint(
                condition=Q(acts_for__isnull=True) | ~Q(acts_for_basis=""),
                name="position_delegation_has_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.signing_prefix}{self.title} — {self.person}".strip()

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    @property
    def signing_prefix(self) -> str:
        """How the holder signs for the head: Q. (acting), TUQ. (authorised), KT. (deputy)."""
        if self.kind == PositionKind.ACTING:
            return "Q. "
        if self.kind == PositionKind.DELEGATED:
            return "TUQ. "
        if self.is_deputy:
            return "KT. "
        return ""
