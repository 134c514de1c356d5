"""The inspection section (issue 13, item 1): seed 004's table for the inspecting body of the
unit, over the report's period to its cut-off, read through ``inspections.selectors_statistics``
(a reader who may not see the body's statistics gets no section: the body does not exist for
him). Each figure links to the subjects counted (``records``: ``inspections``). The subjects are
those recorded by the end of the data day: one withdrawn later is still counted (issue 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation

from mandate.core.exceptions import NotFoundError
from mandate.inspections import selectors_statistics
from mandate.inspections.models import InspectingBody
from mandate.organisations.selectors import subtree_q
from mandate.reports import narrative, records
from mandate.reports.content import Column, Figure, FigureKind, Section, Table
from mandate.reports.narrative import word
from mandate.reports.sections import FigureBook, ReportRequest
from mandate.reports.sections.common import data_day, period_phrase, put

COLUMNS = ("organisations", "members", "inspections")


def _body(request: ReportRequest) -> InspectingBody | None:
    """The unit's own inspecting body, else the first one in its subtree (by the tree's order)."""
    bodies = InspectingBody.objects.filter(subtree_q("unit__path", request.unit.path)).select_related("unit")
    own = bodies.filter(unit=request.unit).first()
    return own or bodies.order_by("unit__path", "pk").first()


def build(request: ReportRequest, book: FigureBook) -> Section | None:
    lang = request.language
    body = _body(request)
    if body is None:
        return None
    try:
        body, _reader = selectors_statistics.body_get_for_statistics(actor=request.actor, body_id=body.pk)
    except NotFoundError:
        return None
    starts_on, ends_on = request.period.starts_on, data_day(request)
    # as recorded by the end of the data day: a later withdrawal leaves the figures (issue 5)
    as_of = records.first_instant(ends_on + dt.timedelta(days=1))
    table = selectors_statistics.statistics_table(
        body=body, starts_on=starts_on, ends_on=ends_on, as_of=as_of
    )
    rows = []
    sentences = []
    for figure in table.figures:
        row = figure.row
        cells: dict[str, Figure] = {}
        for column in COLUMNS:
            value = getattr(figure, column)
            if value is None:
                continue
            link = None
            if column != "inspections":
                link = records.link(
                    "inspections",
                    body=body.pk,
                    row=row.key,
                    count=column,
                    as_of=ends_on.isoformat(),
                    **{"from": starts_on.isoformat(), "to": ends_on.isoformat()},
                )
            cells[column] = put(
                book,
                f"insp.{row.key}.{column}",
                value,
                records=link,
                label=f"{row.label} — {word(f'inspections.{column}', lang)}",
            )
        label = _label(row.label, lang)
        rows.append((label, *({"figure": cells[c].key} if c in cells else None for c in COLUMNS)))
        if not any(cells[c].value for c in ("organisations", "members") if c in cells):
            continue  # the table shows the row; the narrative names what was done
        if row.indent:
            label = word("inspections.of_which", lang, row=label)
        none = put(book, "insp.none", None, kind=FigureKind.COUNT)
        sentences.append(
            narrative.render(
                "inspections.row",
                language=lang,
                texts={"row": label},
                figures={
                    "organisations": cells.get("organisations", none),
                    "members": cells.get("members", none),
                },
            )
        )
    if not sentences:
        name = (body.unit.name_en or body.unit.name) if lang == "en" else body.unit.name
        texts = {"period": period_phrase(request.period, lang), "body": name}
        sentences.append(narrative.render("inspections.none", language=lang, figures={}, texts=texts))
    columns = (
        Column("row", word("column.name", lang)),
        *tuple(Column(c, word(f"inspections.{c}", lang), FigureKind.COUNT) for c in COLUMNS),
    )
    return Section(
        key="inspections",
        heading=word("inspections.heading", lang),
        sentences=tuple(sentences),
        tables=(
            Table(
                key="inspections.table",
                title=word("inspections.table", lang),
                columns=columns,
                rows=tuple(rows),
            ),
        ),
    )


def _label(label: Any, language: str) -> str:
    with translation.override(language):
        return str(label)


class InspectionsSection:
    key = "inspections"

    def build(self, request: ReportRequest, book: FigureBook, progress: Any) -> Section | None:
        return build(request, book)
