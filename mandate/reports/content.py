"""What a report says, apart from how it is printed (issue 13; ADR 0046).

A report is made in two steps that never mix: the *sections* (``sections/``) read the records
through each app's actor-scoped selectors and produce a ``ReportContent``: figures, tables,
sentences built from those figures, charts and consistency flags; the *renderers*
(``render_docx``, ``render_xlsx``, ``render_pdf``, the on-screen template) turn one
``ReportContent`` into a file or a page and compute nothing. So the Word file, the Excel file and
the page cannot disagree, and a test can hold every number of the narrative to the report's own
figures: a ``Sentence`` holds references to ``Figure`` keys, never a number typed into text.

The content is plain data (dataclasses of str, int, Decimal, date), so it can be stored as JSON
with an issued report (``as_json`` / ``from_json``) and printed again identically later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class FigureKind(StrEnum):
    """How a figure is written: a count ("09", "8.051"), a percentage ("82,07%"), an amount of
    money or another measured value (Decimal, grouped), or a plain number."""

    COUNT = "count"
    PERCENT = "percent"
    AMOUNT = "amount"
    NUMBER = "number"


class Layout(StrEnum):
    """The document layout of the issuing body: a State body's (Decree 30/2020/NĐ-CP, R9) or a
    Party body's (Guideline 36-HD/VPTW, R10)."""

    STATE = "state"
    PARTY = "party"


@dataclass(frozen=True)
class RecordsLink:
    """The list of the records a figure counts: a named route and its query, so that the page
    links to it and the Excel file lists the same records; the list's filter reproduces the
    figure exactly."""

    route: str  # a URL name, e.g. "reports:records"
    query: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Figure:
    """One number of the report, under a key unique in the report (``tasks.completed``)."""

    key: str
    value: Decimal | int | None  # None: no figure (no denominator, nothing reported)
    kind: FigureKind = FigureKind.COUNT
    label: str = ""  # what it counts, in the report's language: "nhiệm vụ đã hoàn thành"
    places: int = 2  # decimal places shown for percentages and amounts
    records: RecordsLink | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of the narrative: a template (data, translatable, in ``narrative/``) and the
    keys of the figures it states. ``text`` is the rendered sentence in the report's language;
    ``figure_keys`` lists every figure it states, in order, so a test can check that every number
    in ``text`` is one of them."""

    template: str
    text: str
    figure_keys: tuple[str, ...] = ()
    # Texts put in as written (the period's label, a unit's or a document's name): their digits
    # are names, not figures ("06/Ctr-TU", "7 tháng đầu năm 2023").
    quoted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: FigureKind | None = None  # None: a text column


@dataclass(frozen=True)
class Table:
    """A table: text cells or figure keys (``{"figure": key}``); the last row may be a total."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str | dict[str, str] | None, ...], ...]
    total_row: bool = False


@dataclass(frozen=True)
class Chart:
    """A chart drawn on the server (matplotlib) for the Word file and the page: categories and
    one or more named series of figure keys."""

    key: str
    title: str
    kind: str  # "bar" | "barh" | "line"
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[str, ...]], ...]  # (series name, figure keys per category)


class FlagKind(StrEnum):
    """Figures that disagree (issue 13, item 6)."""

    PERCENT_MISMATCH = "percent_mismatch"  # a stated percentage does not match its parts
    TOTAL_MISMATCH = "total_mismatch"  # a total is not the sum of its rows
    STATEMENT_CONTRADICTED = "statement_contradicted"  # a unit's stated figure vs the records
    FREE_TEXT = "free_text"  # a number typed into the report's free text (hook for issue 16)


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    message: str  # in the report's language
    figure_keys: tuple[str, ...] = ()
    stated: str = ""  # what was stated, as written ("127,6%")
    computed: str = ""  # what the records give, as the report writes it ("127,31%")


@dataclass(frozen=True)
class Section:
    """A part of the report, in the seeds' order: results, limitations and causes, tasks for the
    next period. Sections nest (a periodic report holds the task, indicator and inspection
    sections). Later apps (evaluations, citizens) add their own through ``sections.registry``."""

    key: str
    heading: str
    sentences: tuple[Sentence, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()
    children: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Issuer:
    """The header and the foot of the document, from the unit and its layout."""

    layout: Layout
    parent_name: str  # the body above, printed above the issuer ("UBND THÀNH PHỐ HÀ NỘI"); may be ""
    name: str  # "SỞ VĂN HÓA VÀ THỂ THAO"
    symbol: str  # the report's symbol suffix: "BC-SVHTT" (State) or "BC/TU" (Party)
    number: str  # given when issued from the outgoing register; "" (printed "…") before
    place: str  # "Hà Nội"
    signed_on: dt.date | None  # None before it is issued
    authority: str  # "TM." / "KT." / "TL." (State) or "T/M" (Party), or ""
    signer_title: str  # "GIÁM ĐỐC"
    signer_name: str
    recipients: tuple[str, ...] = ()  # "Nơi nhận"


@dataclass(frozen=True)
class ReportContent:
    """Everything a renderer needs, in one language."""

    kind: str  # "tasks" | "indicators" | "inspections" | "periodic" | later kinds
    language: str  # "vi" | "en"
    title: str  # "BÁO CÁO Kết quả thực hiện nhiệm vụ 7 tháng đầu năm 2023"
    unit_id: int
    unit_name: str
    period_code: str  # core.periods code
    period_label: str  # "7 tháng đầu năm 2023"
    period_kind: str  # calendar | reporting (Decree 09 cut-offs)
    cut_off: dt.date  # the data's day: figures as recorded by its end
    issuer: Issuer
    figures: dict[str, Figure]
    sections: tuple[Section, ...]
    flags: tuple[Flag, ...] = ()
    made_at: dt.datetime | None = None  # aware; when the records were read

    def figure(self, key: str) -> Figure:
        return self.figures[key]


def as_json(content: ReportContent) -> dict[str, Any]:
    """Plain JSON types: Decimal as a string, dates in ISO form (stored with an issued report)."""

    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return {"decimal": str(value)}
        if isinstance(value, dt.datetime):
            return {"datetime": value.isoformat()}
        if isinstance(value, dt.date):
            return {"date": value.isoformat()}
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        return value

    return plain(asdict(content))  # type: ignore[no-any-return]
