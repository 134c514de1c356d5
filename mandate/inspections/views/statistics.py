"""The statistics page and the records behind each figure (issue 12, items 6 and 8; ADR 0043):
seed 004's table for a body and a period, read through the API's selectors
(``selectors_statistics``): the body is 404 to whoever may not see its statistics, a figure's
records name only the subjects the reader may read (the others are counted, never named) and the
names shown go to the access log. A bad period is the form's error, never a 500."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from mandate.core import period_labels
from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.core.period_spans import PeriodSpan
from mandate.inspections import competence
from mandate.inspections import selectors_statistics as stats
from mandate.inspections.forms_statistics import StatisticsForm, query_of
from mandate.inspections.models import InspectingBody
from mandate.inspections.statistics import MEMBERS, ORGANISATIONS
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.people.scopes import today
from mandate.tasks.forms import Choices

RECORDS_PAGE_SIZE = 100


def _choices(reader: competence.Readership, asked: InspectingBody | None) -> Choices:
    """The bodies to choose from; 404 for a reader of none. The body asked is offered even when
    it lies beyond the list's limit."""
    bodies = stats.statistics_bodies(reader=reader)
    if not bodies and asked is None:
        raise NotFoundError()
    choices = [(body.pk, body.unit.name) for body in bodies]
    if asked is not None and asked.pk not in {pk for pk, _label in choices}:
        choices.append((asked.pk, asked.unit.name))
    return choices


def _asked_body(actor: User | None, raw: str) -> tuple[InspectingBody | None, competence.Readership]:
    """The body named in the query, if the actor may see its statistics; 404 otherwise (a foreign
    body and a missing one look the same). None when the query names none, or not as a number
    (the form says so)."""
    if not raw.isdigit() or len(raw) > 18:
        return None, competence.readership(actor)
    return stats.body_get_for_statistics(actor=actor, body_id=int(raw))


def _opening(choices: Choices) -> dict[str, Any]:
    """A first visit: the first body, this year up to today."""
    day = today()
    return {"body": choices[0][0], "from": dt.date(day.year, 1, 1), "to": day}


def _bound(request: HttpRequest) -> tuple[StatisticsForm, InspectingBody | None]:
    actor = actor_of(request.user)
    asked, reader = _asked_body(actor, request.GET.get("body", ""))
    choices = _choices(reader, asked)
    if "body" not in request.GET:
        opening = _opening(choices)
        data = {
            "body": opening["body"],
            "from": opening["from"].strftime("%d/%m/%Y"),
            "to": opening["to"].strftime("%d/%m/%Y"),
        }
        asked, _reader = _asked_body(actor, str(opening["body"]))
        return StatisticsForm(data, bodies=choices), asked
    return StatisticsForm(request.GET, bodies=choices), asked


def _link(name: str, body: InspectingBody, span: PeriodSpan, **extra: str) -> str:
    return f"{reverse(name)}?{urlencode(query_of(body.pk, span, **extra))}"


def _export_link(body: InspectingBody, span: PeriodSpan) -> str:
    query: dict[str, str | int] = {
        "body": body.pk,
        "from": span.starts_on.isoformat(),
        "to": span.ends_on.isoformat(),
    }
    return f"{reverse('api-inspection-statistics-export')}?{urlencode(query)}"


def _rows(table: stats.Table, span: PeriodSpan) -> list[dict[str, Any]]:
    """Seed 004's layout: numbered rows, the sub-rows of "upon signs" indented under it, "—" where
    a row has no such column, every figure a link to its records."""
    rows = []
    number = 0
    for figure in table.figures:
        if not figure.row.indent:
            number += 1
        cells = []
        for column, value in ((ORGANISATIONS, figure.organisations), (MEMBERS, figure.members)):
            link = None
            if value is not None:
                link = _link(
                    "inspections:statistics-records", table.body, span, row=figure.row.key, count=column
                )
            cells.append({"column": column, "value": value, "link": link})
        rows.append(
            {
                "key": figure.row.key,
                "number": "" if figure.row.indent else number,
                "label": figure.row.label,
                "indent": figure.row.indent,
                "inspections": figure.inspections,
                "cells": cells,
            }
        )
    return rows


@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    form, body = _bound(request)
    context: dict[str, Any] = {"form": form, "body": body}
    if not form.is_valid() or body is None:
        return render(request, "inspections/statistics.html", context, status=400)
    span: PeriodSpan = form.cleaned_data["span"]
    table = stats.statistics_table(body=body, starts_on=span.starts_on, ends_on=span.ends_on)
    context |= {
        "span": span,
        "period_label": period_labels.label(span),
        "rows": _rows(table, span),
        "export_link": _export_link(body, span),
    }
    return render(request, "inspections/statistics.html", context)


@require_GET
def statistics_records(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    body, reader = _asked_body(actor, request.GET.get("body", ""))
    form = StatisticsForm(request.GET, bodies=_choices(reader, body))
    context: dict[str, Any] = {"form": form, "body": body}
    if not form.is_valid() or body is None:
        return render(request, "inspections/statistics_records.html", context, status=400)
    span: PeriodSpan = form.cleaned_data["span"]
    try:
        records = stats.statistics_records(
            actor=actor,
            reader=reader,
            body=body,
            key=request.GET.get("row", "")[:60],
            count=request.GET.get("count", "")[:20],
            starts_on=span.starts_on,
            ends_on=span.ends_on,
        )
    except ApplicationError as err:
        if err.status_code != 400:
            raise
        # The row and the column are the figure's link, not fields of the form: said above it.
        for message in [m for messages in err.fields.values() for m in messages] or [err.message]:
            form.add_error(None, str(message))
        return render(request, "inspections/statistics_records.html", context, status=400)
    page = Paginator(records.listed, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))
    subjects = list(page.object_list)
    stats.log_person_reads(actor=actor, records=records, subjects=subjects)
    context |= {
        "records": records,
        "subjects": subjects,
        "page": page,
        "not_listed": records.counted - page.paginator.count,
        "period_label": period_labels.label(span),
        "table_link": _link("inspections:statistics", body, span),
        "page_query": urlencode(query_of(body.pk, span, row=records.row.key, count=records.count)),
    }
    return render(request, "inspections/statistics_records.html", context)
