"""The vocabulary of the catalogue of violation signs and of the discipline rules."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignGroupKind(models.TextChoices):
    """What a sign found in an inspection leads to. Directive 24-CT/TU's third group works the
    other way round: it flags an official for review and protection (Decree 73/2023), never for
    discipline (docs/adr/0033)."""

    VIOLATION = "violation", _("Sign of violation")
    PROTECTION = "protection", _("Sign for protection of a dynamic official")


class SubjectKind(models.TextChoices):
    """Who a discipline decision is about: the forms differ for each (R11, R13)."""

    PARTY_ORGANISATION = "party_organisation", _("Party organisation")
    PARTY_MEMBER = "party_member", _("Full Party member")
    PROBATIONARY_MEMBER = "probationary_member", _("Probationary Party member")
    CADRE = "cadre", _("Cadre")
    CIVIL_SERVANT_WITH_POST = "civil_servant_with_post", _("Civil servant holding a leading post")
    CIVIL_SERVANT_WITHOUT_POST = "civil_servant_without_post", _("Civil servant without a leading post")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")


class DisciplineSystem(models.TextChoices):
    PARTY = "party", _("Party discipline")
    STATE = "state", _("Administrative discipline")


class DeferralEnd(models.TextChoices):
    """How the last day of a deferral is found: when the circumstance ends (a day someone records),
    or a fixed number of months after a day (a child's birth)."""

    WHEN_IT_ENDS = "when_it_ends", _("When the circumstance ends")
    MONTHS_AFTER = "months_after", _("A number of months after the day given")


class LoadOutcome(models.TextChoices):
    LOADED = "loaded", _("Loaded")
    UNCHANGED = "unchanged", _("Already loaded: nothing changed")
