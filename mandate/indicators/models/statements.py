"""Figures as a text states them, checked (issue 11, item 8; ADR 0031, ADR 0035)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mandate.core.models import BaseModel
from mandate.indicators.enums import StatementVerdict
from mandate.indicators.models.catalogue import AMOUNT, Indicator


class StatedFigure(BaseModel):
    """A figure as written in a report or typed in — "90/69 = 130,4%", or its numerator,
    denominator and percentage as separate strings — for a unit and a period, with the verdict of
    recomputing it at the precision it was written with (``core.stated_figures``).

    The strings are kept exactly as written; the numbers read from them and the verdict are stored
    so that the flagged figures are one indexed filter. The reason for a verdict is not stored: it
    is computed again from the strings when read, in the reader's language. A statement quoted
    from a source is kept even when its numbers are malformed ("24.3200"): the source said so, and
    the point is to show it (ADR 0035)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="statements",
        verbose_name=_("indicator"),
    )  # fmt: skip
    unit = models.ForeignKey(
        "organisations.OrgUnit", on_delete=models.PROTECT, related_name="stated_figures",
        verbose_name=_("unit"),
    )  # fmt: skip
    unit_path = models.CharField(max_length=255, editable=False)
    period = models.ForeignKey(
        "core.Period", on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    text = models.CharField(_("as written"), max_length=500, blank=True)
    numerator_text = models.CharField(_("numerator as written"), max_length=60, blank=True)
    denominator_text = models.CharField(_("denominator as written"), max_length=60, blank=True)
    stated_text = models.CharField(_("percentage as written"), max_length=60, blank=True)
    style = models.CharField(_("number style"), max_length=2)
    quoted = models.BooleanField(
        _("quoted from a source"), default=False, help_text=_("Kept even when its numbers are malformed.")
    )
    source_document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="stated_figures",
        verbose_name=_("source document"),
    )  # fmt: skip
    source = models.CharField(_("source"), max_length=300, blank=True)
    numerator = models.DecimalField(_("numerator"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    denominator = models.DecimalField(_("denominator"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    stated = models.DecimalField(_("stated percentage"), null=True, blank=True, **AMOUNT)  # type: ignore[arg-type]
    computed = models.DecimalField(
        _("computed percentage"), null=True, blank=True, max_digits=24, decimal_places=4
    )
    places = models.PositiveSmallIntegerField(_("decimals compared"), null=True, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=StatementVerdict.choices)
    code = models.CharField(_("reason code"), max_length=40, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("entered by"),
    )  # fmt: skip
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("stated figure")
        verbose_name_plural = _("stated figures")
        ordering = ["-entered_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict__in=StatementVerdict.values), name="statedfigure_verdict_valid"
            ),
            models.CheckConstraint(
                condition=~Q(text="") | (~Q(numerator_text="") & ~Q(denominator_text="")),
                name="statedfigure_text_or_parts",
            ),
        ]
        indexes = [
            models.Index(fields=["unit_path", "verdict"], name="statedfigure_unit_verdict_idx"),
        ]

    def __str__(self) -> str:
        return self.text or f"{self.numerator_text}/{self.denominator_text} = {self.stated_text}"

    @property
    def flagged(self) -> bool:
        return self.verdict != StatementVerdict.OK
