"""The stated figures a reader reads (issue 11, item 8; ADR 0035): kept apart from ``figures``
(which re-exports them) so that each module stays one subject."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mandate.core.exceptions import NotFoundError
from mandate.core.models import Period
from mandate.indicators import selectors
from mandate.indicators.enums import StatementVerdict
from mandate.indicators.models import Indicator, IndicatorSet, StatedFigure
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.people.scopes import read_scope

__all__ = ["statement_get_visible", "statement_list_visible"]


def statement_list_visible(
    *,
    actor: User,
    flagged: bool = False,
    unit: OrgUnit | None = None,
    indicator: Indicator | None = None,
    period: Period | None = None,
    indicator_set: IndicatorSet | None = None,
) -> QuerySet[StatedFigure]:
    """The stated figures about units the reader's scope covers, newest first; ``flagged``: only
    the wrong and the malformed ones; ``indicator_set`` (one the caller read through
    ``selectors.set_get_visible``): also those about its indicators and the units the reader reads
    in it."""
    visible = read_scope(actor).q("unit_path")
    if indicator_set is not None:
        in_set = Q(indicator_id__in=indicator_set.items.values("indicator_id"))
        visible |= in_set & selectors.figures_q(actor, in_set=indicator_set)
    rows = StatedFigure.objects.filter(visible).select_related(
        "unit", "period", "indicator", "entered_by", "source_document"
    )
    if flagged:
        rows = rows.exclude(verdict=StatementVerdict.OK)
    if unit is not None:
        rows = rows.filter(unit=unit)
    if indicator is not None:
        rows = rows.filter(indicator=indicator)
    if period is not None:
        rows = rows.filter(period=period)
    return rows.order_by("-entered_at", "-id")


def statement_get_visible(*, actor: User, statement_id: int) -> StatedFigure:
    found = statement_list_visible(actor=actor).filter(pk=statement_id).first()
    if found is None:
        raise NotFoundError()
    return found
