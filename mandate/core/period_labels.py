"""What a period is called, in the reader's language, computed when read (ADR 0028).

Why at read time and not stored: a row is shared by every app and every reader, in Vietnamese
and in English, and a stored label would freeze one language and one wording forever. The label
is a function of the fields, so it cannot disagree with them.

Why so long under the decree: "9 tháng đầu năm 2023" means 01/01–30/09 to a statistician and
15/12/2022–14/09/2023 to an office reporting under Decree 09/2019/NĐ-CP; a label that left the
basis out would let a reader compare the two. So every decree period says its days, and two
periods with one label always have the same days and the same basis (a property test holds it).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from mandate.core.enums import PeriodBasis, PeriodKind
from mandate.core.period_spans import PeriodLike

# "Tháng 9" / "September": the name a month takes in a period's label.
MONTH_NAMES = (
    pgettext_lazy("month of a period", "January"),
    pgettext_lazy("month of a period", "February"),
    pgettext_lazy("month of a period", "March"),
    pgettext_lazy("month of a period", "April"),
    pgettext_lazy("month of a period", "May"),
    pgettext_lazy("month of a period", "June"),
    pgettext_lazy("month of a period", "July"),
    pgettext_lazy("month of a period", "August"),
    pgettext_lazy("month of a period", "September"),
    pgettext_lazy("month of a period", "October"),
    pgettext_lazy("month of a period", "November"),
    pgettext_lazy("month of a period", "December"),
)
# "Quý III" / "Q3".
QUARTER_NAMES = (
    pgettext_lazy("quarter of a period", "Q1"),
    pgettext_lazy("quarter of a period", "Q2"),
    pgettext_lazy("quarter of a period", "Q3"),
    pgettext_lazy("quarter of a period", "Q4"),
)


def day_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _days(period: PeriodLike) -> dict[str, str]:
    return {"start": day_text(period.starts_on), "end": day_text(period.ends_on)}


def _name(period: PeriodLike) -> str:
    year = str(period.year)  # never "2.023": a year is not a quantity
    number = period.number or 0
    if period.kind == PeriodKind.MONTH:
        return pgettext("period label", "%(part)s %(year)s") % {"part": MONTH_NAMES[number - 1], "year": year}
    if period.kind == PeriodKind.QUARTER:
        return pgettext("period label", "%(part)s %(year)s") % {
            "part": QUARTER_NAMES[number - 1],
            "year": year,
        }
    if period.kind == PeriodKind.HALF:
        if number == 1:
            return _("First half of %(year)s") % {"year": year}
        return _("Second half of %(year)s") % {"year": year}
    if period.kind == PeriodKind.YEAR:
        return _("Year %(year)s") % {"year": year}
    if period.kind == PeriodKind.CUMULATIVE and period.number is not None:
        return ngettext("First month of %(year)s", "First %(months)s months of %(year)s", number) % {
            "months": number,
            "year": year,
        }
    if period.kind == PeriodKind.CUMULATIVE:
        return _("Cumulative %(start)s–%(end)s") % _days(period)
    return pgettext("period label", "%(start)s–%(end)s") % _days(period)


def label(period: PeriodLike) -> str:
    """ "Quý III/2023", "9 tháng đầu năm 2023", "Lũy kế từ 01/01/2023 đến 15/09/2023"; under
    the decree followed by "(kỳ số liệu theo Nghị định 09/2019/NĐ-CP: 15/12/2022–14/09/2023)"."""
    name = _name(period)
    if period.basis != PeriodBasis.DECREE09:
        return name
    return _("%(name)s (data period under Decree 09/2019/NĐ-CP: %(start)s–%(end)s)") % {
        "name": name,
        **_days(period),
    }


def as_of_text(period: PeriodLike) -> str | None:
    """ "tính đến ngày 15/09/2023": the cut-off a cumulative value is stated as of (None for a
    period that is not cumulative)."""
    if period.as_of is None:
        return None
    return _("as of %(day)s") % {"day": day_text(period.as_of)}
