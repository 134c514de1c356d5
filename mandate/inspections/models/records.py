"""The records of inspection and supervision (issue 12, items 2–4; docs/adr/0040): who inspects
with what competence, the year's plans, each inspection with its decision, team and subjects, and
per subject the findings, the conclusion and the recommendations that become tasks.

Sensitive: a finding or conclusion about a *person* is read only through the selectors of
``inspections.visibility`` (competence, the person himself), each read logged in the access log;
an audit entry about one holds its reference and a hash, never its text. Nothing is deleted: a
record withdrawn by mistake is marked ``withdrawn_at`` with a reason.

Why the copies of paths and kinds on ``InspectionSubject`` (``body_path``, ``body_kind``,
``kind``, ``subject_path``, ``counted_on``): the statistics (item 6) count subjects by the
inspecting body's subtree, its kind, the inspection's kind, the subject's kind and a period, over
hundreds of thousands of rows at national scale; units never move and an inspection's kind and
body do not change once decided, so the copies never go stale and the count is one indexed scan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.inspections.enums import (
    BodyKind,
    InspectedKind,
    InspectionKind,
    InspectionState,
    Severity,
    TeamRole,
)


class InspectingBody(BaseModel):
    """A unit that inspects, declared (replaces ADR 0033's ``UBKT`` abbreviation convention): its
    kind, and its competence — the subtree whose Party organisations and members it may inspect
    (an inspection commission serves a Party committee; the city's covers the city's area)."""

    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("inspecting unit")
    )
    kind = models.CharField(_("kind of inspecting body"), max_length=30, choices=BodyKind.choices)
    competence_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("competence over")
    )
    competence_path = models.CharField(max_length=255, editable=False)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspecting body")
        verbose_name_plural = _("inspecting bodies")
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="inspecting_body_unit_from_uniq"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="inspecting_body_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} ({self.kind})"


class InspectionPlan(BaseModel):
    """A year's inspection and supervision plan of an inspecting body (Plan 47-KH/ĐU)."""

    body = models.ForeignKey(
        InspectingBody, on_delete=models.PROTECT, related_name="plans", verbose_name=_("inspecting body")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("plan document"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title


class PlannedInspection(BaseModel):
    """One line of a plan: what kind, about whom (in words and, where known, units), in which
    month. Its progress is that of the inspection made from it (not started while there is none)."""

    plan = models.ForeignKey(
        InspectionPlan, on_delete=models.PROTECT, related_name="lines", verbose_name=_("plan")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=30, choices=InspectionKind.choices)
    subject_matter = models.TextField(_("subject matter"))
    subjects_text = models.TextField(_("subjects"), blank=True)
    subject_units = models.ManyToManyField("organisations.OrgUnit", blank=True, related_name="+")
    month = models.PositiveSmallIntegerField(_("month"))

    class Meta:
        verbose_name = _("planned inspection")
        verbose_name_plural = _("planned inspections")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "order"], name="planned_inspection_order_uniq"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="planned_inspection_month"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}/{self.order}"


class Inspection(BaseModel):
    """One inspection or supervision: its body, kind, decision, subject matter and dates, and its
    place in the declared life cycle (``inspections.transitions``)."""

    body = models.ForeignKey(
        InspectingBody,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("inspecting body"),
    )
    body_path = models.CharField(max_length=255, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=InspectionKind.choices)
    planned = models.OneToOneField(
        PlannedInspection, on_delete=models.PROTECT, null=True, blank=True, related_name="inspection",
        verbose_name=_("line of the plan"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=300)
    subject_matter = models.TextField(_("subject matter"))
    subject_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("document whose implementation is inspected"),
    )  # fmt: skip
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=InspectionState.choices, default=InspectionState.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["body_path", "decided_on"], name="inspection_body_decided_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="inspection_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class InspectionEvent(models.Model):
    """Each move of the life cycle, with its day: the state on a past date is read from here."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(max_length=20, choices=InspectionState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=InspectionState.choices)
    on_date = models.DateField(_("on"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.from_state} → {self.to_state}"


class TeamMember(models.Model):
    """A member of the inspection team (3–5 people, R12), from the body or from outside it (the
    Deputy Secretary who leads a Standing Committee team)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="team")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    role = models.CharField(_("role in the team"), max_length=12, choices=TeamRole.choices)
    left_on = models.DateField(_("left the team on"), null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["inspection", "person"], name="team_member_uniq")]

    def __str__(self) -> str:
        return f"{self.inspection_id}/{self.person_id} ({self.role})"


class InspectionSubject(models.Model):
    """An organisation or a person inspected; a subject inspected twice in a period is two rows
    and counts twice, as inspection subjects do in seed 004."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="subjects")
    kind = models.CharField(_("kind of subject"), max_length=12, choices=InspectedKind.choices)
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
    # The person's unit when inspected (the unit whose leaders see conclusions about it).
    subject_path = models.CharField(max_length=255, editable=False)
    # Copies for the statistics (module docstring).
    body_path = models.CharField(max_length=255, editable=False)
    body_kind = models.CharField(max_length=30, choices=BodyKind.choices, editable=False)
    inspection_kind = models.CharField(max_length=30, choices=InspectionKind.choices, editable=False)
    counted_on = models.DateField(_("counted on"), null=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspection subject")
        verbose_name_plural = _("inspection subjects")
        indexes = [
            models.Index(fields=["body_path", "counted_on"], name="subject_stats_idx"),
            models.Index(fields=["person"], name="subject_person_idx"),
            models.Index(fields=["subject_path"], name="subject_path_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="organisation", unit__isnull=False, person__isnull=True))
                | Q(kind="member", person__isnull=False),
                name="inspection_subject_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}/{self.kind}/{self.pk}"


class Finding(BaseModel):
    """What the team found about one subject, against catalogue signs (or none: a positive
    finding, as seed 002's)."""

    subject = models.ForeignKey(InspectionSubject, on_delete=models.PROTECT, related_name="findings")
    text = models.TextField(_("finding"))
    signs = models.ManyToManyField("inspections.ViolationSign", blank=True, related_name="findings")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_on = models.DateField(_("recorded on"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["subject", "id"]

    def __str__(self) -> str:
        return f"#{self.pk}"  # never its text: it may be about a person


class FindingEvidence(models.Model):
    """A file behind a finding, checked by its content as every upload (issue 2)."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to="inspections/%Y/%m/", max_length=200)
    display_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return f"#{self.pk}"


class Conclusion(BaseModel):
    """The conclusion about one subject: violated or not, how seriously, and whether discipline
    is proposed (seed 004's "must be disciplined" counts these, not decisions)."""

    subject = models.OneToOneField(InspectionSubject, on_delete=models.PROTECT, related_name="conclusion")
    violated = models.BooleanField(_("violated"))
    severity = models.CharField(_("severity"), max_length=30, choices=Severity.choices, blank=True)
    proposes_discipline = models.BooleanField(_("proposes discipline"), default=False)
    proposed_form = models.ForeignKey(
        "inspections.DisciplineForm", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("proposed form"),
    )  # fmt: skip
    text = models.TextField(_("conclusion"))
    concluded_on = models.DateField(_("concluded on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("conclusion")
        verbose_name_plural = _("conclusions")
        constraints = [
            models.CheckConstraint(
                condition=Q(violated=True) | (Q(severity="") & Q(proposes_discipline=False)),
                name="conclusion_no_violation_no_severity",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"  # never its text: it may be about a person


class Recommendation(BaseModel):
    """What the inspection asks the inspected unit to do; once issued it is a task of that unit
    (``task``), assigned through the tasks services, so its state and reminders are every task's."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="recommendations")
    subject = models.ForeignKey(
        InspectionSubject, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("recommendation"))
    lead_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit to act")
    )
    expected_product = models.TextField(_("expected product"), blank=True)
    task = models.OneToOneField(
        "tasks.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspection_recommendation",
    )

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["inspection", "order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "order"], name="recommendation_order_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}/{self.order}"
