"""The rotation of sensitive positions (issue 14, item 5; Decree 59/2019/NĐ-CP Art. 36–39, R8;
ADR 0055).

- ``RotationSector``: a sector of the decree's annex with its period, loaded from data
  (``data/rotation_sectors.yaml``). The annex's list is not in the project's sources: the shipped
  file is an example, and each row carries the mark (``is_example``) that every page shows.
- ``SensitivePost``: a post (a title in a unit) flagged as sensitive, with its sector and period
  (2–5 years). Its holders and their time in it come from the position history, never stored.
- ``RotationDeferral``: why a holder is not rotated now — an exemption (under 18 months to
  retirement) or a deferral (discipline review, investigation, illness, long training, pregnancy
  or a child under 36 months) — with its end date. Withdrawn, never deleted.
- ``RotationPlan`` and ``RotationMove``: the agency's plan, published inside the agency before it
  is carried out; each move, once carried out, is a position change in ``mandate.people``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel

MIN_PERIOD_MONTHS = 24
MAX_PERIOD_MONTHS = 60


class DeferralReason(models.TextChoices):
    RETIREMENT = "retirement", _("Under 18 months to retirement (not rotated)")
    DISCIPLINE_REVIEW = "discipline_review", _("Under discipline review")
    INVESTIGATION = "investigation", _("Under inspection, verification, investigation, prosecution or trial")
    ILLNESS = "illness", _("In treatment for a serious illness")
    TRAINING = "training", _("In full-time training of 12 months or more, or seconded")
    CHILD = "child", _("Pregnant, or raising a child under 36 months")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class RotationSector(BaseModel):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    period_months = models.PositiveSmallIntegerField(_("rotation period (months)"))
    is_example = models.BooleanField(_("example, not the official list"), default=True)
    source = models.CharField(_("source"), max_length=300)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("rotation sector")
        verbose_name_plural = _("rotation sectors")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_months__gte=MIN_PERIOD_MONTHS) & Q(period_months__lte=MAX_PERIOD_MONTHS),
                name="rotation_sector_period_2_to_5_years",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SensitivePost(BaseModel):
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("As the positions in the unit name it."))
    sector = models.ForeignKey(
        RotationSector, on_delete=models.PROTECT, related_name="posts", verbose_name=_("sector")
    )
    period_months = models.PositiveSmallIntegerField(_("rotation period (months)"))
    flagged_on = models.DateField(_("flagged on"))
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("flagged by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("sensitive post")
        verbose_name_plural = _("sensitive posts")
        ordering = ["unit_id", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_months__gte=MIN_PERIOD_MONTHS) & Q(period_months__lte=MAX_PERIOD_MONTHS),
                name="sensitive_post_period_2_to_5_years",
            ),
            models.UniqueConstraint(
                fields=["unit", "title"], condition=Q(withdrawn_at__isnull=True), name="sensitive_post_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"


class RotationDeferral(BaseModel):
    post = models.ForeignKey(
        SensitivePost, on_delete=models.PROTECT, related_name="deferrals", verbose_name=_("post")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=DeferralReason.choices)
    note = models.TextField(_("details"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), help_text=_("For retirement: the retirement date."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("rotation exemption or deferral")
        verbose_name_plural = _("rotation exemptions and deferrals")
        ordering = ["person_id", "-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="deferral_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=DeferralReason.values), name="deferral_reason_valid"
            ),
        ]

    @property
    def is_exemption(self) -> bool:
        return self.reason == DeferralReason.RETIREMENT


class RotationPlan(BaseModel):
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices, default=PlanState.DRAFT)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("rotation plan")
        verbose_name_plural = _("rotation plans")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return self.title


class RotationMove(BaseModel):
    plan = models.ForeignKey(
        RotationPlan, on_delete=models.PROTECT, related_name="moves", verbose_name=_("plan")
    )
    position = models.ForeignKey(
        "people.Position", on_delete=models.PROTECT, related_name="+", verbose_name=_("from position")
    )
    to_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("to unit")
    )
    to_title = models.CharField(_("to title"), max_length=200)
    move_on = models.DateField(_("on"))
    new_position = models.ForeignKey(
        "people.Position", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("new position"),
    )  # fmt: skip
    carried_out_at = models.DateTimeField(_("carried out"), null=True, blank=True)

    class Meta:
        verbose_name = _("rotation move")
        verbose_name_plural = _("rotation moves")
        ordering = ["plan_id", "move_on", "id"]
