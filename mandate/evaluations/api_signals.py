"""The accountability signals' API (issue 14 items 1 and 7; docs/adr/0051): a unit's board, the
records behind one of its figures, and a person's signals with their records. Read-only; the
same selectors as the pages (``selectors_signals``): a unit or person the reader may not read is
404, and every other person shown is in the access log.

The period is ``period`` (a code, 2023-Q3) or ``from`` and ``to`` (YYYY-MM-DD); with neither,
this year up to today. Every figure is read as recorded by the period's last day (or today).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core import period_labels
from mandate.core.api import ERRORS, ApiView
from mandate.core.period_spans import PeriodSpan
from mandate.evaluations import selectors_signals as selectors
from mandate.evaluations.signals_period import span_of
from mandate.evaluations.signals_registry import Hit, behaviour_label, registered
from mandate.people.actors import actor_of

PERIOD_PARAMETERS = [
    OpenApiParameter("period", str, description="A period code (2023-Q3); or from and to."),
    OpenApiParameter("from", str, description="The first day (YYYY-MM-DD), with to."),
    OpenApiParameter("to", str, description="The last day (YYYY-MM-DD), with from."),
]
SIGNAL = OpenApiParameter(
    "code", str, OpenApiParameter.PATH, enum=[d.code for d in registered()], description="The signal's code."
)
PERSON = OpenApiParameter("person", int, description="Only this person's records (a person row's figure).")
OWN = OpenApiParameter("own", bool, description="Only the unit's own records, outside the units below it.")


def notice() -> str:
    """What every board and person's page says first, in the reader's language."""
    return _("Signals are indications for a leader, never verdicts: nobody is graded by a signal alone.")


def _query(request: Request) -> dict[str, str]:
    return {k: request.query_params.get(k, "") for k in ("period", "from", "to")}


class SignalOutput(serializers.Serializer[Any]):
    code = serializers.CharField()
    behaviour = serializers.CharField()
    behaviour_label = serializers.CharField()
    name = serializers.CharField()
    measures = serializers.CharField()
    per_person = serializers.BooleanField()
    notice_from = serializers.IntegerField(help_text="The count from which a figure is marked.")
    parameters = serializers.DictField(child=serializers.IntegerField())
    to_verify = serializers.BooleanField()
    thresholds_from = serializers.DateField()
    thresholds_source = serializers.CharField()


def signal_body(column: selectors.Column) -> dict[str, Any]:
    definition, threshold = column.definition, column.threshold
    return {
        "code": definition.code,
        "behaviour": definition.behaviour,
        "behaviour_label": behaviour_label(definition.behaviour),
        "name": str(definition.label),
        "measures": str(definition.measures),
        "per_person": definition.per_person,
        "notice_from": threshold.notice_from,
        "parameters": dict(threshold.params),
        "to_verify": threshold.to_verify,
        "thresholds_from": column.version.valid_from,
        "thresholds_source": threshold.source or column.version.source,
    }


class SignalRowOutput(serializers.Serializer[Any]):
    unit = serializers.IntegerField(allow_null=True)
    person = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    own = serializers.BooleanField(help_text="The unit's own records, outside the units below it.")
    counts = serializers.DictField(child=serializers.IntegerField())
    noticed = serializers.ListField(
        child=serializers.CharField(), help_text="Signals at or over their threshold."
    )
    records = serializers.DictField(child=serializers.CharField(), help_text="Each count's records (API).")


class BoardOutput(serializers.Serializer[Any]):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    period_label = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    as_of = serializers.DateField(help_text="The day the figures are read on (history as recorded then).")
    notice = serializers.CharField()
    signals = SignalOutput(many=True)
    total = SignalRowOutput()
    units = SignalRowOutput(many=True)
    people = SignalRowOutput(many=True)


def records_link(name: str, unit_id: int, span: PeriodSpan, code: str, **extra: str | int) -> str:
    query: dict[str, str | int] = {
        "from": span.starts_on.isoformat(),
        "to": span.ends_on.isoformat(),
        **extra,
    }
    return f"{reverse(name, args=[unit_id, code])}?{urlencode(query)}"


def _row_body(row: selectors.Row, board: selectors.Board, span: PeriodSpan, link_name: str) -> dict[str, Any]:
    extra: dict[str, str | int] = {}
    if row.person is not None:
        extra["person"] = row.person.pk
    elif row.own:
        extra["own"] = "true"
    unit_id = row.unit.pk if row.unit is not None and row.person is None else board.unit.pk
    return {
        "unit": row.unit.pk if row.unit is not None else None,
        "person": row.person.pk if row.person is not None else None,
        "name": row.name,
        "own": row.own,
        "counts": row.counts,
        "noticed": row.noticed,
        "records": {code: records_link(link_name, unit_id, span, code, **extra) for code in row.counts},
    }


def board_body(board: selectors.Board, span: PeriodSpan, link_name: str) -> dict[str, Any]:
    return {
        "unit": board.unit.pk,
        "unit_name": board.unit.name,
        "period_label": period_labels.label(span),
        "starts_on": board.starts_on,
        "ends_on": board.ends_on,
        "as_of": board.as_of,
        "notice": notice(),
        "signals": [signal_body(c) for c in board.columns],
        "total": _row_body(board.total, board, span, link_name),
        "units": [_row_body(r, board, span, link_name) for r in board.units],
        "people": [_row_body(r, board, span, link_name) for r in board.people],
    }


class BoardApi(ApiView):
    """A unit's signals board: per unit below it and per person, for a leader over the unit."""

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: BoardOutput, **ERRORS})
    def get(self, request: Request, unit_id: int) -> Response:
        span = span_of(_query(request))
        board = selectors.unit_board(
            actor=actor_of(request.user),
            unit_id=unit_id,
            starts_on=span.starts_on,
            ends_on=span.ends_on,
            purpose="api-evaluation-signal-board",
        )
        return Response(BoardOutput(board_body(board, span, "api-evaluation-signal-records")).data)


class SignalRecordOutput(serializers.Serializer[Any]):
    record_type = serializers.CharField()
    record_id = serializers.IntegerField()
    unit_path = serializers.CharField()
    person = serializers.IntegerField(source="person_id", allow_null=True)
    day = serializers.DateField()
    text = serializers.CharField(source="label", help_text="What the record is (a task's words).")
    detail = serializers.CharField()
    link = serializers.CharField()


class SignalRecordsOutput(serializers.Serializer[Any]):
    signal = SignalOutput()
    unit = serializers.IntegerField()
    person = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField()
    as_of = serializers.DateField()
    count = serializers.IntegerField(help_text="The figure: the number of records below.")
    records = SignalRecordOutput(many=True)


def hits_body(hits: list[Hit]) -> list[Hit]:
    """The hits as they are: the output serializer reads their attributes (``SignalRecordOutput``)."""
    return hits


class RecordsApi(ApiView):
    """The records behind one figure of a unit's board; ``count`` is the figure."""

    @extend_schema(
        parameters=[SIGNAL, *PERIOD_PARAMETERS, PERSON, OWN], responses={200: SignalRecordsOutput, **ERRORS}
    )
    def get(self, request: Request, unit_id: int, code: str) -> Response:
        span = span_of(_query(request))
        person = request.query_params.get("person")
        records = selectors.unit_records(
            actor=actor_of(request.user),
            unit_id=unit_id,
            code=code,
            starts_on=span.starts_on,
            ends_on=span.ends_on,
            person_id=int(person) if person else None,
            own=request.query_params.get("own") == "true",
            purpose="api-evaluation-signal-records",
        )
        body = {
            "signal": signal_body(records.column),
            "unit": unit_id,
            "person": records.person.pk if records.person is not None else None,
            "starts_on": records.starts_on,
            "as_of": records.as_of,
            "count": records.count,
            "records": hits_body(records.hits),
        }
        return Response(SignalRecordsOutput(body).data)


class PersonSignalOutput(SignalOutput):
    count = serializers.IntegerField()
    noticed = serializers.BooleanField()
    records = SignalRecordOutput(many=True)


class SignalPersonOutput(serializers.Serializer[Any]):
    person = serializers.IntegerField()
    name = serializers.CharField()
    period_label = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    as_of = serializers.DateField()
    notice = serializers.CharField()
    signals = PersonSignalOutput(many=True)


def person_body(found: selectors.PersonSignals, span: PeriodSpan) -> dict[str, Any]:
    return {
        "person": found.person.pk,
        "name": found.person.full_name,
        "period_label": period_labels.label(span),
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
        "as_of": found.as_of,
        "notice": notice(),
        "signals": [
            {
                **signal_body(c),
                "count": found.count(c.code),
                "noticed": found.count(c.code) >= c.threshold.notice_from,
                "records": hits_body(found.hits[c.code]),
            }
            for c in found.columns
        ],
    }


class PersonApi(ApiView):
    """A person's signals with their records: his own, or, for a leader over a unit he works in,
    those within the units the leader leads."""

    @extend_schema(parameters=PERIOD_PARAMETERS, responses={200: SignalPersonOutput, **ERRORS})
    def get(self, request: Request, person_id: int) -> Response:
        span = span_of(_query(request))
        found = selectors.person_signals(
            actor=actor_of(request.user),
            person_id=person_id,
            starts_on=span.starts_on,
            ends_on=span.ends_on,
            purpose="api-evaluation-signal-person",
        )
        return Response(SignalPersonOutput(person_body(found, span)).data)
