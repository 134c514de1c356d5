"""A report's content read back from the JSON it is stored as (``content.as_json``; ADR 0046).

Why: an issued report prints the same forever, so its files, its page and its downloads are made
from the stored content, never from the records again; this is the inverse of ``as_json``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from mandate.reports.content import (
    Chart,
    Column,
    Figure,
    FigureKind,
    Flag,
    FlagKind,
    Issuer,
    Layout,
    RecordsLink,
    ReportContent,
    Section,
    Sentence,
    Table,
)


def _value(data: Any) -> Any:
    """A plain value: the tagged Decimal, datetime and date of ``as_json`` read back."""
    if isinstance(data, dict) and len(data) == 1:
        ((tag, text),) = data.items()
        if tag == "decimal":
            return Decimal(text)
        if tag == "datetime":
            return dt.datetime.fromisoformat(text)
        if tag == "date":
            return dt.date.fromisoformat(text)
    return data


def _figure(data: dict[str, Any]) -> Figure:
    link = data.get("records")
    return Figure(
        key=data["key"],
        value=_value(data["value"]),
        kind=FigureKind(data["kind"]),
        label=data.get("label", ""),
        places=data.get("places", 2),
        records=RecordsLink(route=link["route"], query=dict(link["query"])) if link else None,
    )


def _cell(cell: Any) -> str | dict[str, str] | None:
    return dict(cell) if isinstance(cell, dict) else cell


def _table(data: dict[str, Any]) -> Table:
    return Table(
        key=data["key"],
        title=data["title"],
        columns=tuple(
            Column(c["key"], c["label"], FigureKind(c["kind"]) if c.get("kind") else None)
            for c in data["columns"]
        ),
        rows=tuple(tuple(_cell(cell) for cell in row) for row in data["rows"]),
        total_row=data.get("total_row", False),
    )


def _chart(data: dict[str, Any]) -> Chart:
    return Chart(
        key=data["key"],
        title=data["title"],
        kind=data["kind"],
        categories=tuple(data["categories"]),
        series=tuple((name, tuple(keys)) for name, keys in data["series"]),
    )


def _section(data: dict[str, Any]) -> Section:
    return Section(
        key=data["key"],
        heading=data["heading"],
        sentences=tuple(
            Sentence(s["template"], s["text"], tuple(s.get("figure_keys", ())))
            for s in data.get("sentences", ())
        ),
        tables=tuple(_table(t) for t in data.get("tables", ())),
        charts=tuple(_chart(c) for c in data.get("charts", ())),
        children=tuple(_section(c) for c in data.get("children", ())),
    )


def _flag(data: dict[str, Any]) -> Flag:
    return Flag(
        kind=FlagKind(data["kind"]),
        message=data["message"],
        figure_keys=tuple(data.get("figure_keys", ())),
        stated=data.get("stated", ""),
        computed=data.get("computed", ""),
    )


def _issuer(data: dict[str, Any]) -> Issuer:
    values = {name: _value(value) for name, value in data.items()}
    values["layout"] = Layout(values["layout"])
    values["recipients"] = tuple(values.get("recipients", ()))
    return Issuer(**values)


def content_from_json(data: dict[str, Any]) -> ReportContent:
    made_at = _value(data.get("made_at"))
    return ReportContent(
        kind=data["kind"],
        language=data["language"],
        title=data["title"],
        unit_id=data["unit_id"],
        unit_name=data["unit_name"],
        period_code=data["period_code"],
        period_label=data["period_label"],
        period_kind=data["period_kind"],
        cut_off=_value(data["cut_off"]),
        issuer=_issuer(data["issuer"]),
        figures={key: _figure(figure) for key, figure in data["figures"].items()},
        sections=tuple(_section(s) for s in data["sections"]),
        flags=tuple(_flag(f) for f in data.get("flags", ())),
        made_at=made_at,
    )
