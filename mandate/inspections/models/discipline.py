"""Discipline decisions (issue 12, item 5; docs/adr/0040): about a Party organisation or a person,
with the form checked against the forms in force on the decision date for that kind of subject
(``discipline_rules.check_discipline_form``), and a deferral with its end where the law gives one.

Sensitive as findings are: a decision about a person is read only through
``inspections.visibility``, each read logged; its audit entry holds a reference and a hash.
Nothing is deleted; a decision annulled (on complaint) keeps its row with ``annulled_on``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.inspections.enums import SubjectKind


class DisciplineDecision(BaseModel):
    subject_kind = models.CharField(_("kind of subject"), max_length=30, choices=SubjectKind.choices)
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation"),
    )  # fmt: skip
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    subject_path = models.CharField(max_length=255, editable=False)
    deciding_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("deciding body")
    )
    deciding_path = models.CharField(max_length=255, editable=False)
    conclusion = models.ForeignKey(
        "inspections.Conclusion", on_delete=models.PROTECT, null=True, blank=True, related_name="decisions",
        verbose_name=_("conclusion it follows"),
    )  # fmt: skip
    number = models.CharField(_("decision number"), max_length=60)
    decided_on = models.DateField(_("decision date"))
    form = models.ForeignKey(
        "inspections.DisciplineForm",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("form"),
    )
    reason = models.TextField(_("reason"))
    effective_from = models.DateField(_("in effect from"))
    deferral_reason = models.ForeignKey(
        "inspections.DeferralReason", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("deferred because"),
    )  # fmt: skip
    deferred_until = models.DateField(_("deferred until"), null=True, blank=True)
    annulled_on = models.DateField(_("annulled on"), null=True, blank=True)
    annulled_reason = models.CharField(_("reason for annulment"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("discipline decision")
        verbose_name_plural = _("discipline decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [
            models.Index(fields=["person", "decided_on"], name="discipline_person_idx"),
            models.Index(fields=["deciding_path", "decided_on"], name="discipline_deciding_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(subject_kind="party_organisation", unit__isnull=False, person__isnull=True))
                | (~Q(subject_kind="party_organisation") & Q(person__isnull=False)),
                name="discipline_decision_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} #{self.pk}"  # never its reason: it is about a person
