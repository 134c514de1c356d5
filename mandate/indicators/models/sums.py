"""Each reporting unit's running sums of an indicator within a year (issue 11, item 14; ADR 0049).

A summed figure of a monthly set (a country's "9 tháng đầu năm", ADR 0035 "Longer periods") read
every unit's value of every month: ~31,000 index entries a year for the country. This table keeps,
for each total value of a set's own kind of period (``Actual`` without ``option``), the unit's sums
from the first such period of the year to this one; a summed period is then one row per unit (two
when it does not start the year): the sum from month a to month b is ``to_date(b) - to_date(a) +
own(a)``. Derived data: written by ``actual_sums.record`` in the transaction of every write of
``Actual`` (``actuals_enter``, the one service that writes values), rebuilt set-based by
``actual_sums.rebuild`` (the migration, the bench's generator); never edited by hand.
"""

from __future__ import annotations

from django.db import models

from mandate.indicators.models.catalogue import Indicator, IndicatorSet

# Wider than a value's (20 digits): a year of a country's values summed.
SUM = {"max_digits": 28, "decimal_places": 4}


class ActualSum(models.Model):
    """One unit's value of one period and its sums since the start of the period's year, in one
    set: ``value``, ``numerator``, ``denominator`` the period's own (0 for a number's parts),
    ``*_to_date`` summed over the periods of the same kind, basis and year up to this one, and
    ``months_to_date`` how many of those periods have a value (a figure needs every one)."""

    indicator_set = models.ForeignKey(IndicatorSet, on_delete=models.PROTECT, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisations.OrgUnit", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey("core.Period", on_delete=models.PROTECT, related_name="+")
    # The period's basis, year and first day, copied: the year's running order without a join.
    basis = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    value = models.DecimalField(**SUM)  # type: ignore[arg-type]
    numerator = models.DecimalField(**SUM)  # type: ignore[arg-type]
    denominator = models.DecimalField(**SUM)  # type: ignore[arg-type]
    value_to_date = models.DecimalField(**SUM)  # type: ignore[arg-type]
    numerator_to_date = models.DecimalField(**SUM)  # type: ignore[arg-type]
    denominator_to_date = models.DecimalField(**SUM)  # type: ignore[arg-type]
    months_to_date = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            # One row a value; the summed figures read a period's rows from this index alone.
            models.UniqueConstraint(
                fields=["indicator_set", "indicator", "period", "unit"],
                include=[
                    "value",
                    "numerator",
                    "denominator",
                    "value_to_date",
                    "numerator_to_date",
                    "denominator_to_date",
                    "months_to_date",
                ],
                name="actualsum_one_per_value",
            ),
        ]
        indexes = [
            # A write carries its change to the unit's later periods of the year.
            models.Index(
                fields=["indicator_set", "unit", "indicator", "year", "starts_on"], name="actualsum_year_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period_id} {self.value_to_date}"
