"""Reading rankings (issue 14, item 4; docs/adr/0054): the indices a reader may see, a year's
table with each unit's rank and its change against the previous ranked year, and the series of
the index over the years for the chart.

Equal totals share a rank and the next rank is skipped (1, 2, 2, 4: "standard competition"
ranking, as the published tables do). A table read ``as_of`` a past moment uses the scores as
they were recorded by then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from mandate.core.exceptions import NotFoundError
from mandate.evaluations.models import RankingCriterion, RankingIndex, RankingMethod, RankingScore
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.people.scopes import read_scope

CENT = Decimal("0.01")


def competition_ranks(totals: Sequence[Decimal]) -> list[int]:
    """Each total's rank among ``totals``, highest first: one plus the number of strictly higher
    totals, so that equals share a rank and the ranks after them are skipped."""
    ordered = sorted(totals, reverse=True)
    first_place: dict[Decimal, int] = {}
    for place, total in enumerate(ordered, start=1):
        first_place.setdefault(total, place)
    return [first_place[total] for total in totals]


@dataclass(frozen=True)
class RankRow:
    unit: OrgUnit
    scores: dict[int, Decimal]  # criterion id -> points
    total: Decimal
    rank: int
    complete: bool  # scored on every criterion
    previous_rank: int | None
    change: int | None  # places gained on the previous year (negative: lost); None if not ranked then


@dataclass(frozen=True)
class RankingTable:
    index: RankingIndex
    method: RankingMethod
    criteria: list[RankingCriterion]
    rows: list[RankRow]
    previous_year: int | None

    @property
    def field_size(self) -> int:
        return len(self.rows)

    def row_of(self, unit_id: int) -> RankRow | None:
        return next((row for row in self.rows if row.unit.pk == unit_id), None)

    def statement(self, row: RankRow) -> str:
        """ "xếp thứ 11/22, tăng 11 bậc so với năm 2022" / "11th of 22, up 11 places on 2022"."""
        placed = _("%(rank)s of %(size)s") % {"rank": ordinal(row.rank), "size": self.field_size}
        if self.previous_year is None:
            return placed
        year = self.previous_year
        if row.change is None:
            change = _("not ranked in %(year)s") % {"year": year}
        elif row.change > 0:
            change = ngettext("up %(n)s place on %(year)s", "up %(n)s places on %(year)s", row.change) % {
                "n": row.change,
                "year": year,
            }
        elif row.change < 0:
            change = ngettext(
                "down %(n)s place on %(year)s", "down %(n)s places on %(year)s", -row.change
            ) % {"n": -row.change, "year": year}
        else:
            change = _("unchanged on %(year)s") % {"year": year}
        return f"{placed}, {change}"


def ordinal(rank: int) -> str:
    """ "thứ 11" in Vietnamese (the phrase says "xếp thứ"), "11th" in English."""
    if not (get_language() or "vi").startswith("en"):
        return str(rank)
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"{rank}{suffix}"


def index_list_visible(*, actor: User) -> QuerySet[RankingIndex]:
    scope = read_scope(actor)
    ranked_here = RankingScore.objects.filter(scope.q("unit__path")).values("criterion__method__index_id")
    return (
        RankingIndex.objects.filter(scope.q("owner_unit__path") | Q(pk__in=ranked_here))
        .select_related("owner_unit")
        .order_by("code")
    )


def index_get_visible(*, actor: User, index_id: int) -> RankingIndex:
    index = index_list_visible(actor=actor).filter(pk=index_id).first()
    if index is None:
        raise NotFoundError()
    return index


def method_get(*, index: RankingIndex, year: int) -> RankingMethod:
    method = RankingMethod.objects.filter(index=index, year=year).first()
    if method is None:
        raise NotFoundError()
    return method


def _current_scores(method: RankingMethod, as_of: dt.datetime | None) -> QuerySet[RankingScore]:
    scores = RankingScore.objects.filter(criterion__method=method)
    if as_of is None:
        return scores.filter(superseded_at__isnull=True)
    return scores.filter(recorded_at__lte=as_of).filter(
        Q(superseded_at__isnull=True) | Q(superseded_at__gt=as_of)
    )


def _ranked(
    method: RankingMethod, as_of: dt.datetime | None
) -> list[tuple[OrgUnit, dict[int, Decimal], Decimal, bool, int]]:
    criteria = {criterion.pk: criterion for criterion in method.criteria.all()}
    by_unit: dict[int, dict[int, Decimal]] = {}
    units: dict[int, OrgUnit] = {}
    for score in _current_scores(method, as_of).select_related("unit"):
        by_unit.setdefault(score.unit_id, {})[score.criterion_id] = score.value
        units[score.unit_id] = score.unit
    totals = {
        unit_id: sum((criteria[c].weight * v for c, v in scores.items()), Decimal(0)).quantize(CENT)
        for unit_id, scores in by_unit.items()
    }
    ids = sorted(totals, key=lambda unit_id: (-totals[unit_id], units[unit_id].path))
    ranks = competition_ranks([totals[unit_id] for unit_id in ids])
    return [
        (units[unit_id], by_unit[unit_id], totals[unit_id], len(by_unit[unit_id]) == len(criteria), rank)
        for unit_id, rank in zip(ids, ranks, strict=True)
    ]


def years_of(index: RankingIndex) -> list[int]:
    """The years whose method has at least one score, oldest first."""
    return sorted(
        set(
            RankingScore.objects.filter(criterion__method__index=index).values_list(
                "criterion__method__year", flat=True
            )
        )
    )


def ranking_table(*, index: RankingIndex, year: int, as_of: dt.datetime | None = None) -> RankingTable:
    """The table of ``year`` (404 for a year without a method), compared with the latest earlier
    year that has scores."""
    method = method_get(index=index, year=year)
    earlier = [y for y in years_of(index) if y < year]
    previous_year = earlier[-1] if earlier else None
    before: dict[int, int] = {}
    if previous_year is not None:
        previous = method_get(index=index, year=previous_year)
        before = {unit.pk: rank for unit, _s, _t, _c, rank in _ranked(previous, as_of)}
    rows = []
    for unit, scores, total, complete, rank in _ranked(method, as_of):
        previous_rank = before.get(unit.pk)
        change = previous_rank - rank if previous_rank is not None else None
        rows.append(RankRow(unit, scores, total, rank, complete, previous_rank, change))
    return RankingTable(index, method, list(method.criteria.all()), rows, previous_year)


@dataclass(frozen=True)
class SeriesPoint:
    year: int
    total: Decimal
    rank: int
    field_size: int


def index_series(*, index: RankingIndex) -> dict[int, list[SeriesPoint]]:
    """Each ranked unit's total and rank over the years (unit id -> points, oldest first)."""
    series: dict[int, list[SeriesPoint]] = {}
    for year in years_of(index):
        ranked = _ranked(method_get(index=index, year=year), None)
        for unit, _scores, total, _complete, rank in ranked:
            series.setdefault(unit.pk, []).append(SeriesPoint(year, total, rank, len(ranked)))
    return series
