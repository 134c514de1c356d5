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


class BodyKind(models.TextChoices):
    """Who inspects: seed 004 counts the Standing Committee's inspections, those of the Party
    committees at all levels and those of the inspection commissions in rows of their own."""

    STANDING_COMMITTEE = "standing_committee", _("Standing Committee")
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    INSPECTION_COMMISSION = "inspection_commission", _("Inspection commission")


class InspectionKind(models.TextChoices):
    """The kinds of inspection and supervision (R12; Regulation 296-QĐ/TW, formerly 22-QĐ/TW) and
    the public-service and surprise inspections of Directive 24-CT/TU, task 5."""

    PLANNED = "planned", _("Planned inspection")
    UPON_SIGNS = "upon_signs", _("Inspection upon signs of violation")
    INSPECTION_TASKS = (
        "inspection_tasks",
        _("Inspection of the performance of inspection and supervision tasks"),
    )
    DISCIPLINE_ENFORCEMENT = "discipline_enforcement", _("Inspection of discipline enforcement")
    PARTY_FINANCE = "party_finance", _("Inspection of Party finance (budget revenue and spending)")
    PARTY_FEES = "party_fees", _("Inspection of Party fees")
    SUPERVISION_REGULAR = "supervision_regular", _("Regular supervision")
    SUPERVISION_THEMATIC = "supervision_thematic", _("Thematic supervision")
    PUBLIC_SERVICE = "public_service", _("Public-service inspection")
    SURPRISE = "surprise", _("Surprise inspection")


SUPERVISION_KINDS = frozenset({InspectionKind.SUPERVISION_REGULAR, InspectionKind.SUPERVISION_THEMATIC})


class InspectionState(models.TextChoices):
    """The declared life cycle: planned → decided → under way → concluded → follow-up done."""

    PLANNED = "planned", _("Planned")
    DECIDED = "decided", _("Decided")
    UNDER_WAY = "under_way", _("Under way")
    CONCLUDED = "concluded", _("Concluded")
    FOLLOW_UP_DONE = "follow_up_done", _("Follow-up done")


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Team leader")
    DEPUTY = "deputy", _("Deputy team leader")
    MEMBER = "member", _("Team member")
    SECRETARY = "secretary", _("Team secretary")


class InspectedKind(models.TextChoices):
    """Seed 004 counts every row in organisations and in members."""

    ORGANISATION = "organisation", _("Organisation")
    MEMBER = "member", _("Person")


class Severity(models.TextChoices):
    """The four tiers of a violation's consequences (R13; Regulation 69-QĐ/TW uses the same)."""

    LESS_SERIOUS = "less_serious", _("Less serious")
    SERIOUS = "serious", _("Serious")
    VERY_SERIOUS = "very_serious", _("Very serious")
    PARTICULARLY_SERIOUS = "particularly_serious", _("Particularly serious")
