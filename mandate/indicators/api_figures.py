"""The figures API (ADR 0035): one unit's achievement, the roll-up over a part of a set's
hierarchy and the league table of the units below a unit, for an indicator of a set and any
period code ("2023-C0915": from 01/01/2023 to 15/09/2023), each with the same period of the year
before — read through ``figures``, scoped like every figure (an outsider gets 404).

Every number is given twice: ``value``, the exact Decimal as a string ("8051", "82.07"), for
machines, and ``text``, written in the reader's language ("8.051" and "82,07%" in Vietnamese,
"8,051" and "82.07%" in English) by the same filters as the pages (``mandate_format``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, ApiView
from mandate.core.api_fields import query_int
from mandate.core.api_periods import CODE_HELP, CODE_PATTERN, period_data
from mandate.core.period_labels import as_of_text
from mandate.core.templatetags.mandate_format import number, percent
from mandate.indicators import calculations, figures
from mandate.indicators.api_outputs import AmountField
from mandate.people.actors import actor_of

UNIT_PARAMETER = OpenApiParameter("unit", int, description="The unit (by default the set's collecting unit).")
PATH_PARAMETERS = [
    OpenApiParameter("code", str, OpenApiParameter.PATH, pattern=CODE_PATTERN, description=CODE_HELP)
]


def amount(value: Decimal | None, places: int) -> dict[str, Any]:
    return {"value": value, "text": number(value, places) if value is not None else None}


def percentage(value: Decimal | None, places: int = calculations.ACHIEVEMENT_PLACES) -> dict[str, Any]:
    return {"value": value, "text": percent(value, places) if value is not None else None}


class AmountOutput(serializers.Serializer[Any]):
    # Wide enough for any quotient of two stored amounts (an achievement, a multiple).
    value = AmountField(max_digits=30, allow_null=True, help_text="The exact number (a string of a Decimal).")
    text = serializers.CharField(
        allow_null=True, help_text="As the reader's language writes it: 8.051 / 8,051; 82,07% / 82.07%."
    )


class PeriodBrief(serializers.Serializer[Any]):
    code = serializers.CharField()
    # DRF moves declared fields off the class, so this does not shadow Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    as_of_text = serializers.CharField(allow_null=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class UnitFigureOutput(serializers.Serializer[Any]):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    actual = AmountOutput()
    numerator = AmountOutput(help_text="A ratio's numerator (null otherwise).")
    denominator = AmountOutput(help_text="A ratio's denominator (null otherwise).")
    target = AmountOutput()
    target_period = serializers.CharField(allow_null=True, help_text="The code of the target's period.")
    achievement = AmountOutput(help_text="Actual / target × 100 (target / actual when lower is better).")
    state = serializers.CharField(allow_null=True, help_text="The state of the unit's submission.")


class PartFigureOutput(serializers.Serializer[Any]):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    actual = AmountOutput(help_text="The leaves' values summed (a ratio: their ratio of sums).")
    numerator = AmountOutput(help_text="The leaves' actuals (a ratio: numerators) summed.")
    denominator = AmountOutput(help_text="The leaves' targets (a ratio: denominators) summed.")
    achievement = AmountOutput(help_text="Numerator / denominator × 100: never an average.")
    own_target = AmountOutput(help_text="The unit's own target.")
    achievement_of_own_target = AmountOutput()
    leaves = serializers.IntegerField(help_text="Units summed (nobody reports to them in the set).")
    without_actual = serializers.IntegerField()
    without_target = serializers.IntegerField()
    awaiting = serializers.IntegerField(help_text="Units whose values are not accepted yet.")


class YearOnYearOutput(serializers.Serializer[Any]):
    previous_period = PeriodBrief()
    difference = AmountOutput()
    multiple = AmountOutput(help_text="This year / last year (gấp … lần), two decimals.")
    change = AmountOutput(help_text="(This year − last year) / last year × 100, two decimals.")


class FigureHeader(serializers.Serializer[Any]):
    indicator = serializers.IntegerField()
    indicator_code = serializers.CharField()
    indicator_set = serializers.IntegerField()
    direction = serializers.CharField()
    measure = serializers.CharField()
    period = PeriodBrief()
    summed_from = serializers.ListField(
        child=serializers.CharField(),
        help_text="The set's periods whose values make this period's figures (a monthly set's months "
        "for 2024-C09); empty: the values entered for exactly this period.",
    )
    note = serializers.CharField(
        allow_null=True,
        help_text="Why there is no figure: not_summed_over_time (an indicator not summed, a score, "
        "asked for a period longer than the set's).",
    )


class UnitFigureAnswer(FigureHeader):
    figure = UnitFigureOutput()
    previous_year = UnitFigureOutput()
    year_on_year = YearOnYearOutput()


class PartFigureAnswer(FigureHeader):
    figure = PartFigureOutput()
    previous_year = PartFigureOutput()
    year_on_year = YearOnYearOutput()


class LeagueRowOutput(PartFigureOutput):
    rank = serializers.IntegerField(allow_null=True, help_text="Ties share a rank; null: no achievement.")


class LeagueAnswer(FigureHeader):
    results = LeagueRowOutput(many=True)


def _period(span: Any) -> dict[str, Any]:
    data = period_data(span)
    return {key: data[key] for key in ("code", "label", "starts_on", "ends_on")} | {
        "as_of_text": as_of_text(span)
    }


def _header(scope: figures.FigureScope) -> dict[str, Any]:
    plan = figures.sum_plan(scope)
    return {
        "summed_from": plan.codes if plan is not None else [],
        "note": plan.note if plan is not None else None,
        "indicator": scope.indicator.pk,
        "indicator_code": scope.indicator.code,
        "indicator_set": scope.indicator_set.pk,
        "direction": scope.indicator.direction,
        "measure": scope.indicator.measure,
        "period": _period(scope.span),
    }


def _places(scope: figures.FigureScope) -> int:
    return int(scope.indicator.decimals)


def unit_data(scope: figures.FigureScope, figure: figures.UnitFigure) -> dict[str, Any]:
    places = _places(scope)
    ratio_places = max(places, 2)
    return {
        "unit": figure.unit.pk,
        "unit_name": figure.unit.name,
        "actual": amount(figure.actual, ratio_places if figure.numerator is not None else places),
        "numerator": amount(figure.numerator, places),
        "denominator": amount(figure.denominator, places),
        "target": amount(figure.target, places),
        "target_period": figure.target_period.code if figure.target_period is not None else None,
        "achievement": percentage(figure.achievement),
        "state": figure.state,
    }


def part_data(scope: figures.FigureScope, part: figures.PartFigure) -> dict[str, Any]:
    places = _places(scope)
    ratio = scope.indicator.kind == "ratio"
    return {
        "unit": part.unit.pk,
        "unit_name": part.unit.name,
        "actual": amount(part.value, max(places, 2) if ratio else places),
        "numerator": amount(part.tally.numerator, places),
        "denominator": amount(part.tally.denominator, places),
        "achievement": percentage(part.achievement),
        "own_target": amount(part.own_target, places),
        "achievement_of_own_target": percentage(part.achievement_of_own_target),
        "leaves": len(part.leaves),
        "without_actual": part.tally.without_numerator,
        "without_target": part.tally.without_denominator,
        "awaiting": part.awaiting,
    }


def year_on_year_data(scope: figures.FigureScope, compared: figures.YearOnYear) -> dict[str, Any]:
    result = compared.comparison
    return {
        "previous_period": _period(compared.previous),
        "difference": amount(result.difference, _places(scope)),
        "multiple": amount(result.multiple, calculations.MULTIPLE_PLACES),
        "change": percentage(result.change, calculations.CHANGE_PLACES),
    }


def _scope(request: Request, set_id: int, indicator_id: int, code: str) -> figures.FigureScope:
    return figures.figure_scope(
        actor=actor_of(request.user),
        set_id=set_id,
        indicator_id=indicator_id,
        code=code,
        unit_id=query_int(request, "unit"),
    )


class UnitFigureApi(ApiView):
    pagination_class = None

    @extend_schema(parameters=[*PATH_PARAMETERS, UNIT_PARAMETER], responses={200: UnitFigureAnswer, **ERRORS})
    def get(self, request: Request, set_id: int, indicator_id: int, code: str) -> Response:
        """One unit's own actual against its target (of the shortest period containing this one),
        and the same period of the year before."""
        scope = _scope(request, set_id, indicator_id, code)
        current, earlier = figures.unit_figure(scope), figures.unit_figure(scope.previous_year())
        data = _header(scope) | {
            "figure": unit_data(scope, current),
            "previous_year": unit_data(scope, earlier),
            "year_on_year": year_on_year_data(
                scope, figures.compare_years(scope, current.actual, earlier.actual)
            ),
        }
        return Response(UnitFigureAnswer(data).data)


class PartFigureApi(ApiView):
    pagination_class = None

    @extend_schema(parameters=[*PATH_PARAMETERS, UNIT_PARAMETER], responses={200: PartFigureAnswer, **ERRORS})
    def get(self, request: Request, set_id: int, indicator_id: int, code: str) -> Response:
        """The roll-up over the unit and every unit below it in the set: the leaves' actuals and
        targets summed, then divided once; and the same period of the year before."""
        scope = _scope(request, set_id, indicator_id, code)
        earlier_scope = scope.previous_year()
        current, earlier = figures.part_figure(scope), figures.part_figure(earlier_scope)
        data = _header(scope) | {
            "figure": part_data(scope, current),
            "previous_year": part_data(earlier_scope, earlier),
            "year_on_year": year_on_year_data(
                scope, figures.compare_years(scope, current.value, earlier.value)
            ),
        }
        return Response(PartFigureAnswer(data).data)


class LeagueApi(ApiView):
    pagination_class = None

    @extend_schema(parameters=[*PATH_PARAMETERS, UNIT_PARAMETER], responses={200: LeagueAnswer, **ERRORS})
    def get(self, request: Request, set_id: int, indicator_id: int, code: str) -> Response:
        """The units reporting directly to the unit, each with the roll-up of its part, best
        achievement first."""
        scope = _scope(request, set_id, indicator_id, code)
        rows = [part_data(scope, entry.figure) | {"rank": entry.rank} for entry in figures.league(scope)]
        return Response(LeagueAnswer(_header(scope) | {"results": rows}).data)
