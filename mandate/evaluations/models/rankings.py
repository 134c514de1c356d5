"""Rankings of units by a composite index (issue 14, item 4; docs/adr/0054): an index (Hanoi's
administrative-reform index of its departments) owned by a unit, its method for each year (the
criteria, their maximum points and weights: data, with their source or an "example" or "to
verify" mark), and each unit's score on each criterion.

A score is never changed in place: a new value closes the old row (``superseded_at``), so the
ranking of any year can be read as it stood on any past day (history is true).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel

POINTS = {"max_digits": 9, "decimal_places": 2}


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


class ScoreSource(models.TextChoices):
    ENTERED = "entered", _("entered")
    IMPORTED = "imported", _("imported from Excel")
    INDICATOR = "indicator", _("taken from an indicator")
    LOADED = "loaded", _("loaded from a data file")


class RankingIndex(BaseModel):
    """An index that ranks a field of units every year, owned by the unit that publishes it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300)
    owner_unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("owner unit")
    )

    class Meta:
        verbose_name = _("ranking index")
        verbose_name_plural = _("ranking indices")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.name_en if _english() and self.name_en else self.name


class RankingMethod(BaseModel):
    """The index's method of one year: its criteria on ``total_points``. ``is_example`` marks a
    method made up for trying the system; ``to_verify`` one whose figures the source did not give."""

    index = models.ForeignKey(RankingIndex, on_delete=models.PROTECT, related_name="methods")
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300)
    source = models.CharField(_("source"), max_length=500, blank=True)
    total_points = models.DecimalField(_("total points"), **POINTS)  # type: ignore[arg-type]
    is_example = models.BooleanField(_("example"), default=False)
    to_verify = models.BooleanField(_("to verify"), default=False)
    note = models.TextField(_("note"), blank=True)
    note_en = models.TextField(_("English note"), blank=True)
    content_sha256 = models.CharField(_("content checksum"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("ranking method")
        verbose_name_plural = _("ranking methods")
        constraints = [models.UniqueConstraint(fields=["index", "year"], name="ranking_method_one_per_year")]

    def __str__(self) -> str:
        return f"{self.index.code} {self.year}"

    @property
    def label(self) -> str:
        return self.name_en if _english() and self.name_en else self.name


class RankingCriterion(BaseModel):
    """One content of a year's method: at most ``max_points``, counted ``weight`` times in the
    total; its value can come from an indicator of an indicator set (the unit's figure of the year)."""

    method = models.ForeignKey(RankingMethod, on_delete=models.PROTECT, related_name="criteria")
    code = models.CharField(_("code"), max_length=30)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300)
    max_points = models.DecimalField(_("maximum points"), **POINTS)  # type: ignore[arg-type]
    weight = models.DecimalField(_("weight"), default=Decimal(1), **POINTS)  # type: ignore[arg-type]
    to_verify = models.BooleanField(_("to verify"), default=False)
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    indicator_set = models.ForeignKey(
        "indicators.IndicatorSet", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("ranking criterion")
        verbose_name_plural = _("ranking criteria")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["method", "code"], name="ranking_criterion_code_once"),
            models.CheckConstraint(
                condition=Q(indicator__isnull=True, indicator_set__isnull=True)
                | Q(indicator__isnull=False, indicator_set__isnull=False),
                name="ranking_criterion_indicator_with_its_set",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        return self.name_en if _english() and self.name_en else self.name


class RankingScore(BaseModel):
    """A unit's points on one criterion, from ``recorded_at`` until ``superseded_at``."""

    criterion = models.ForeignKey(RankingCriterion, on_delete=models.PROTECT, related_name="scores")
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    value = models.DecimalField(_("points"), **POINTS)  # type: ignore[arg-type]
    source = models.CharField(_("source"), max_length=20, choices=ScoreSource.choices)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ranking score")
        verbose_name_plural = _("ranking scores")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "unit"],
                condition=Q(superseded_at__isnull=True),
                name="ranking_score_one_current",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="ranking_score_not_negative"),
        ]
        indexes = [models.Index(fields=["criterion", "unit", "recorded_at"], name="ranking_score_history")]

    def __str__(self) -> str:
        return f"{self.criterion.code} {self.unit_id} {self.value}"
