"""Choices shared by core's models and its pure modules (``core.period_spans`` reads them
without the ORM)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    HALF = "half", _("half year")
    YEAR = "year", _("year")
    CUMULATIVE = "cumulative", _("cumulative")
    RANGE = "range", _("date range")


class PeriodBasis(models.TextChoices):
    CALENDAR = "calendar", _("calendar months")
    DECREE09 = "decree09", _("Decree 09/2019/NĐ-CP data cut-offs")
