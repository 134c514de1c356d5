"""The annual classification of officials and organisations (issue 14, item 3; ADR 0053).

A rule set is data (``data/rule_sets/annual.yaml``, loaded by ``rule_sets_load``): its source, the
kinds of subject it covers, its period, its scale, thresholds, hard overrides and quotas, each rule
with its own "to verify" mark where shared/ gives no source for it. A classification keeps the rule
set it was made under, the inputs the overrides read, the leader's proposal and the final decision
side by side (with the overrides each one met and their reasons), so that the sheet of a past year
says what was decided and why, under the rule then in force.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel


class AnnualSubjectKind(models.TextChoices):
    """Who is classified: the kind chooses the rule set with the year (R6)."""

    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
    PARTY_MEMBER = "party_member", _("Party member")
    PARTY_ORGANISATION = "party_organisation", _("Party organisation")


class AnnualLevel(models.TextChoices):
    """The four levels of Decree 90/2020 and the Party's regulations, and "not classified"
    (under six months of work in the year, Decree 48/2023)."""

    EXCELLENT = "excellent", _("Excellently completed tasks")
    GOOD = "good", _("Well completed tasks")
    COMPLETED = "completed", _("Completed tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete tasks")
    NOT_CLASSIFIED = "not_classified", _("Not classified")


class AnnualState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")


class AnnualRuleSet(BaseModel):
    """One source's rule for the kinds of subject it covers over its period. ``rules`` holds the
    scale, thresholds, overrides and quotas as the loader validated them (``rule_sets.RuleSet``
    reads it back); the header is in columns so that the choice by kind and date is a query."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    subject_kinds = models.JSONField(_("kinds of subject"), default=list)
    source_document = models.CharField(_("source document"), max_length=80)
    source_title = models.CharField(_("title of the source"), max_length=300)
    source_title_en = models.CharField(_("English title of the source"), max_length=300)
    source_url = models.URLField(_("where it was read"), max_length=500, blank=True)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    to_verify = models.BooleanField(_("to verify"), default=False)
    to_verify_note = models.TextField(_("what to verify"), blank=True)
    to_verify_note_en = models.TextField(_("what to verify (English)"), blank=True)
    rules = models.JSONField(_("rules"), default=dict)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual classification rule set")
        verbose_name_plural = _("annual classification rule sets")
        ordering = ["valid_from", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="annual_rule_set_valid_to_after_from",
            ),
        ]

    def __str__(self) -> str:
        return self.source_document


class AnnualClassification(BaseModel):
    """One subject's classification for one year: a person of ``unit`` or, for a Party
    organisation, ``unit`` itself. Never deleted; a decision is changed only by a new decision."""

    year = models.PositiveSmallIntegerField(_("year"))
    subject_kind = models.CharField(_("kind of subject"), max_length=30, choices=AnnualSubjectKind.choices)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("person"),
    )  # fmt: skip
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    rule_set = models.ForeignKey(
        AnnualRuleSet, on_delete=models.PROTECT, related_name="classifications", verbose_name=_("rule set")
    )
    # The inputs the hard overrides read besides the discipline records.
    months_worked = models.PositiveSmallIntegerField(_("months worked in the year"), default=12)
    maternity_leave = models.BooleanField(_("on maternity leave"), default=False)
    leave_months = models.PositiveSmallIntegerField(_("months of leave"), default=0)
    degradation_concluded = models.BooleanField(_("concluded to show signs of degradation"), default=False)
    managed_unit_corruption = models.BooleanField(
        _("corruption or waste handled in a managed unit"), default=False
    )
    # Points by part code (a points scale), as text so that the Decimals survive: {"general": "27.5"}.
    points = models.JSONField(_("points by part"), default=dict, blank=True)
    # The leader's proposal.
    proposed_level = models.CharField(_("level proposed"), max_length=20, choices=AnnualLevel.choices)
    proposal_result = models.CharField(
        _("result of the proposal"), max_length=20, choices=AnnualLevel.choices
    )
    proposal_overrides = models.JSONField(_("overrides met by the proposal"), default=list, blank=True)
    proposal_note = models.TextField(_("proposal note"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"))
    # The final decision.
    state = models.CharField(
        _("state"), max_length=20, choices=AnnualState.choices, default=AnnualState.PROPOSED
    )
    decided_level = models.CharField(
        _("level decided"), max_length=20, choices=AnnualLevel.choices, blank=True
    )
    decision_result = models.CharField(
        _("result decided"), max_length=20, choices=AnnualLevel.choices, blank=True
    )
    decision_overrides = models.JSONField(_("overrides met by the decision"), default=list, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual classification")
        verbose_name_plural = _("annual classifications")
        ordering = ["year", "unit_path", "id"]
        indexes = [models.Index(fields=["unit_path", "year"], name="annual_unit_year_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "person"],
                condition=Q(person__isnull=False),
                name="annual_one_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["year", "unit"],
                condition=Q(subject_kind="party_organisation"),
                name="annual_one_per_organisation_year",
            ),
            models.CheckConstraint(
                condition=Q(subject_kind="party_organisation", person__isnull=True)
                | (~Q(subject_kind="party_organisation") & Q(person__isnull=False)),
                name="annual_classification_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} #{self.pk}"  # never the person's level: it is about a person

    @property
    def result(self) -> str:
        """The level that stands: the decision once made, the proposal until then."""
        return self.decision_result or self.proposal_result
