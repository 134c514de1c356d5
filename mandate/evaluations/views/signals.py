"""The signals pages (issue 14 items 1 and 7; docs/adr/0051): where to start, a unit's board,
the records behind one figure, a person's signals. Thin: the period from the query
(``signals_period``), the figures from ``selectors_signals`` — the API's — and a template. A unit
or person the reader may not read is the 404 page (``ApplicationErrorMiddleware``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from mandate.core import period_labels
from mandate.core.exceptions import ApplicationError
from mandate.evaluations import api_signals, policy_signals
from mandate.evaluations import selectors_signals as selectors
from mandate.evaluations.signals_period import span_of
from mandate.evaluations.signals_registry import behaviour_label
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of

RECORDS_PAGE_SIZE = 100


def _query(request: HttpRequest) -> dict[str, str]:
    return {k: request.GET.get(k, "")[:40] for k in ("period", "from", "to")}


def _columns(columns: list[selectors.Column]) -> list[dict[str, Any]]:
    return [
        {**api_signals.signal_body(c), "behaviour_label": behaviour_label(c.definition.behaviour)}
        for c in columns
    ]


@require_GET
def signals_home(request: HttpRequest) -> HttpResponse:
    """The units whose boards the reader may open, and his own signals."""
    actor = actor_of(request.user)
    prefixes = policy_signals.led_prefixes(actor)
    units = list(OrgUnit.objects.filter(path__in=prefixes).order_by("path"))
    person = getattr(actor, "person", None)
    return render(request, "evaluations/signals_home.html", {"units": units, "person": person})


@require_GET
def signals_board(request: HttpRequest, unit_id: int) -> HttpResponse:
    span = span_of(_query(request))
    board = selectors.unit_board(
        actor=actor_of(request.user),
        unit_id=unit_id,
        starts_on=span.starts_on,
        ends_on=span.ends_on,
        purpose="evaluations:signals-board",
    )
    body = api_signals.board_body(board, span, "evaluations:signals-records")

    def cells(row: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "code": c.code,
                "value": row["counts"][c.code],
                "noticed": c.code in row["noticed"],
                "link": row["records"][c.code],
                "per_person": c.definition.per_person,
            }
            for c in board.columns
        ]

    context = {
        "board": board,
        "columns": _columns(board.columns),
        "period_label": body["period_label"],
        "notice": body["notice"],
        "query": _query(request),
        "total": cells(body["total"]),
        "units": [{**row, "cells": cells(row)} for row in body["units"]],
        "people": [{**row, "cells": cells(row)} for row in body["people"]],
        "version": board.columns[0].version if board.columns else None,
    }
    return render(request, "evaluations/signals_board.html", context)


@require_GET
def signals_records(request: HttpRequest, unit_id: int, code: str) -> HttpResponse:
    span = span_of(_query(request))
    person = request.GET.get("person", "")
    if person and not (person.isdigit() and len(person) < 12):
        raise ApplicationError(fields={"person": ["?"]})
    records = selectors.unit_records(
        actor=actor_of(request.user),
        unit_id=unit_id,
        code=code[:60],
        starts_on=span.starts_on,
        ends_on=span.ends_on,
        person_id=int(person) if person else None,
        own=request.GET.get("own") == "true",
        purpose="evaluations:signals-records",
    )
    page = Paginator(records.hits, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))
    keep: dict[str, str] = {k: str(v)[:60] for k, v in request.GET.items() if k != "page"}
    board_query = {"from": span.starts_on.isoformat(), "to": span.ends_on.isoformat()}
    context = {
        "records": records,
        "column": _columns([records.column])[0],
        "page": page,
        "page_query": urlencode(keep),
        "period_label": period_labels.label(span),
        "board_link": f"{reverse('evaluations:signals-board', args=[unit_id])}?{urlencode(board_query)}",
    }
    return render(request, "evaluations/signals_records.html", context)


@require_GET
def signals_person(request: HttpRequest, person_id: int) -> HttpResponse:
    span = span_of(_query(request))
    found = selectors.person_signals(
        actor=actor_of(request.user),
        person_id=person_id,
        starts_on=span.starts_on,
        ends_on=span.ends_on,
        purpose="evaluations:signals-person",
    )
    body = api_signals.person_body(found, span)
    context = {
        "found": found,
        "signals": [
            {**s, "behaviour_label": behaviour_label(s["behaviour"]), "hits": found.hits[s["code"]]}
            for s in body["signals"]
        ],
        "period_label": body["period_label"],
        "notice": body["notice"],
        "query": _query(request),
        "own": policy_signals.is_self(actor_of(request.user), found.person),
    }
    return render(request, "evaluations/signals_person.html", context)
