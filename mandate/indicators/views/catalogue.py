"""The catalogue (the sets a reader sees, their indicators and definitions) and the indicator
page: target against actual by unit and over time, the league table, the set's reporting rate
and the stated figures, flagged first (issue 11, item 12). Read-only: the figures come from
``page_figures``, which arranges the answers of ``figures`` (the API's selectors)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mandate.core.exceptions import NotFoundError
from mandate.indicators import page_figures, page_sections, selectors
from mandate.indicators.enums import IndicatorKind, Measure
from mandate.indicators.models import IndicatorSetItem
from mandate.indicators.views.common import (
    CODE_HINT,
    PeriodChoice,
    choice_for,
    current_span,
    period_from,
    set_periods,
)
from mandate.people.actors import actor_of


def _name(obj: Any) -> str:
    """The English name on an English page when there is one."""
    english = getattr(obj, "name_en", "")
    return str(english) if get_language() == "en" and english else str(obj.name)


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """The sets the reader collects, approves or reports in, each with its indicators; and every
    indicator he may read, with its definition."""
    actor = actor_of(request.user)
    items = IndicatorSetItem.objects.select_related("indicator").order_by("position", "id")
    sets = list(
        selectors.set_list_visible(actor=actor)
        .filter(retired_at__isnull=True)
        .prefetch_related(Prefetch("items", queryset=items))
    )
    indicators = list(selectors.indicator_list_visible(actor=actor))
    return render(
        request,
        "indicators/catalogue.html",
        {
            "sets": [{"set": s, "name": _name(s), "items": list(s.items.all())} for s in sets],
            "indicators": [{"indicator": i, "name": _name(i)} for i in indicators],
        },
    )


def _chart(figures: page_figures.IndicatorFigures, labels: dict[str, str]) -> dict[str, Any]:
    """The two charts' data, for ``json_script`` (numbers as plain floats: Chart.js draws them;
    the tables beside carry the exact figures)."""

    def plain(value: Any) -> float | None:
        return float(value) if value is not None else None

    return {
        "units": {
            "labels": [row.unit.name for row in figures.units],
            "series": [
                {
                    "key": "target",
                    "label": labels["target"],
                    "data": [plain(r.target) for r in figures.units],
                },
                {
                    "key": "actual",
                    "label": labels["actual"],
                    "data": [plain(r.actual) for r in figures.units],
                },
            ],
        },
        "time": {
            "labels": [p.label for p in figures.series],
            "series": [
                {
                    "key": "target",
                    "label": labels["target"],
                    "data": [plain(p.target) for p in figures.series],
                },
                {
                    "key": "actual",
                    "label": labels["actual"],
                    "data": [plain(p.actual) for p in figures.series],
                },
            ],
        },
    }


@require_GET
def indicator(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """One indicator in one set (``?set=``) and period (``?period=`` code): the definition, the
    figures by unit and over time, the league table, the set's reporting rate and the figures
    stated about the reader's units."""
    actor = actor_of(request.user)
    found = selectors.indicator_get_visible(actor=actor, indicator_id=indicator_id)
    sets = list(
        selectors.set_list_visible(actor=actor).filter(items__indicator=found).order_by("code").distinct()
    )
    errors: dict[str, list[str]] = {}
    chosen = None
    raw_set = request.GET.get("set", "").strip()
    if raw_set:
        chosen = next((s for s in sets if str(s.pk) == raw_set), None)
        if chosen is None:
            raise NotFoundError()
    elif sets:
        chosen = sets[0]
    context: dict[str, Any] = {
        "indicator": found,
        "name": _name(found),
        "sets": [{"set": s, "name": _name(s)} for s in sets],
        "chosen": chosen,
        "errors": errors,
        "code_hint": CODE_HINT,
        "measure": Measure(found.measure).label if found.measure in Measure.values else found.measure,
        # A ratio's values are percentages (or per thousand): shown with two places.
        "places": 2 if found.kind == IndicatorKind.RATIO else found.decimals,
    }
    if chosen is None:
        return render(request, "indicators/indicator.html", context)
    raw_period = request.GET.get("period", "").strip()
    known = set_periods(chosen)
    periods = known.named
    if raw_period:
        period = period_from(raw_period, errors)
    elif (default := known.opening()) is not None:
        period = PeriodChoice(default, default)
    else:
        period = choice_for(current_span(chosen))
    context.update({"periods": [PeriodChoice(p, p) for p in periods], "raw_period": raw_period})
    if period is None:
        return render(request, "indicators/indicator.html", context, status=400)
    figures = page_figures.indicator_figures(
        actor=actor, indicator_set=chosen, indicator=found, period=period.period
    )
    labels = {"target": _("Target"), "actual": _("Actual")}
    context.update({"period": period, "figures": figures, "chart": _chart(figures, labels)})
    context["reporting"] = page_sections.reporting_rate(actor=actor, indicator_set=chosen, period=period.row)
    context["statements"] = page_sections.stated_figures(
        actor=actor, indicator_set=chosen, indicator=found, period=period.row
    )
    return render(request, "indicators/indicator.html", context)
