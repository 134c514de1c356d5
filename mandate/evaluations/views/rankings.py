"""The ranking pages (issue 14, items 4 and 7): the indices, and an index's table of a year with
each unit's rank and its change (arrows), the chart of the index over the years, and for the
index's owner the forms to enter a unit's scores and to import a workbook. The pages call the
same selectors and services as the API; they decide nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mandate.core.exceptions import ApplicationError
from mandate.core.sheet_import import SheetRefused
from mandate.evaluations import policy_rankings as policy
from mandate.evaluations import selectors_rankings as selectors
from mandate.evaluations.api_rankings import example_notice
from mandate.evaluations.forms_rankings import ImportForm, ScoresForm
from mandate.evaluations.ranking_import import ranking_scores_import
from mandate.evaluations.services import rankings as services
from mandate.people.actors import actor_of


@require_GET
def ranking_list(request: HttpRequest) -> HttpResponse:
    indices = selectors.index_list_visible(actor=actor_of(request.user))
    return render(request, "evaluations/rankings_list.html", {"indices": indices})


def _year(request: HttpRequest, years: list[int], fallback: int | None) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isascii() and raw.isdigit() and len(raw) == 4:
        return int(raw)
    return years[-1] if years else fallback


def _chart(
    index_series: dict[int, list[selectors.SeriesPoint]],
    table: selectors.RankingTable | None,
    years: list[int],
) -> dict[str, Any]:
    names = {row.unit.pk: row.unit.name for row in table.rows} if table is not None else {}
    series = []
    for unit_id, points in index_series.items():
        by_year = {p.year: str(p.total) for p in points}
        series.append({"label": names.get(unit_id, str(unit_id)), "values": [by_year.get(y) for y in years]})
    return {"labels": [str(y) for y in years], "series": series}


@require_GET
def ranking_detail(request: HttpRequest, index_id: int) -> HttpResponse:
    actor = actor_of(request.user)
    index = selectors.index_get_visible(actor=actor, index_id=index_id)
    years = selectors.years_of(index)
    methods = list(index.methods.order_by("year"))
    year = _year(request, years, methods[-1].year if methods else None)
    table = selectors.ranking_table(index=index, year=year) if year is not None else None
    rows = (
        [
            {
                "row": row,
                "statement": table.statement(row),
                "cells": [row.scores.get(c.pk) for c in table.criteria],
            }
            for row in table.rows
        ]
        if table
        else []
    )
    decision = policy.may_write_scores(actor, index)
    context = {
        "index": index,
        "table": table,
        "rows": rows,
        "year": year,
        "methods": methods,
        "notice": example_notice(table.method) if table else "",
        "chart": _chart(selectors.index_series(index=index), table, years),
        "may_write": decision.allowed,
        "scores_form": ScoresForm(
            criteria=table.criteria if table else [],
            units=list(services.candidate_units(index, year).values()) if year else [],
        ),
        "import_form": ImportForm(),
    }
    return render(request, "evaluations/rankings_detail.html", context)


def _back(index_id: int, year: int) -> HttpResponse:
    return redirect(f"{reverse('evaluations:ranking', args=[index_id])}?year={year}")


@require_POST
def ranking_scores(request: HttpRequest, index_id: int, year: int) -> HttpResponse:
    actor = actor_of(request.user)
    index = selectors.index_get_visible(actor=actor, index_id=index_id)
    policy.require(policy.may_write_scores(actor, index))
    method = selectors.method_get(index=index, year=year)
    form = ScoresForm(
        request.POST,
        criteria=list(method.criteria.all()),
        units=list(services.candidate_units(index, year).values()),
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _back(index.pk, year)
    try:
        changed = services.ranking_scores_enter(
            actor=actor, index=index, year=year, unit=form.cleaned_data["unit"], values=form.values()
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(n)s scores changed.") % {"n": changed})
    return _back(index.pk, year)


@require_POST
def ranking_import(request: HttpRequest, index_id: int, year: int) -> HttpResponse:
    actor = actor_of(request.user)
    index = selectors.index_get_visible(actor=actor, index_id=index_id)
    policy.require(policy.may_write_scores(actor, index))
    method = selectors.method_get(index=index, year=year)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose an Excel file (.xlsx)."))
        return _back(index.pk, year)
    try:
        outcome = ranking_scores_import(actor=actor, method=method, upload=form.cleaned_data["file"])
    except SheetRefused as refused:
        lines = [str(refused.message)] + [
            _("Row %(row)s, %(column)s: %(what)s %(mend)s")
            % {"row": p.row or "—", "column": p.header or p.column, "what": p.what, "mend": p.mend}
            for p in refused.problems
        ]
        messages.error(request, "\n".join(lines))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, outcome.message)
    return _back(index.pk, year)
