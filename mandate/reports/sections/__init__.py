"""The section interface (issue 13, item 1; ADR 0046): each report kind is a list of section
builders; later apps (evaluations, citizens) register theirs here without the reports app
knowing them in advance — they sit *below* reports in the layers, so they cannot import it:
``mandate.reports.apps`` imports the providers it knows, and a later issue adds its own
builder module to ``KNOWN_PROVIDERS``.

A builder reads the records only through its app's actor-scoped selectors, as recorded by the
request's cut-off (history is true: the same request gives the same figures later), and returns
a ``content.Section`` whose sentences and tables refer to figures it put in the ``FigureBook``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from mandate.core.models import Period
from mandate.documents.models import Document
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.reports.content import Figure, Flag, Section, Table


@dataclass(frozen=True)
class ReportRequest:
    """What the author asked for: it is stored with the report, so it can be made again."""

    kind: str
    unit: OrgUnit
    period: Period
    period_kind: str  # calendar | reporting
    cut_off: dt.date  # the data's day (default: the period's last day)
    language: str  # vi | en
    actor: User
    # A task report of one document (and the documents implementing it) instead of the unit's.
    document: Document | None = None
    # The data's time for what is entered after the period (indicator values, stated figures):
    # as recorded by the end of this day. None: as they stand when the report is made — the job
    # stores that day with the report, so that making it again with it gives the same figures.
    recorded_on: dt.date | None = None


Progress = Callable[[int, int], None]  # (done, total) steps; the job stores it for the page


@dataclass
class FigureBook:
    """The figures of one report under unique keys, and the flags raised while making it."""

    figures: dict[str, Figure] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    # A percentage's parts (key -> (part key, whole key)) and the tables with a total row:
    # what ``reports.flags`` checks before the report is shown.
    percent_of: dict[str, tuple[str, str]] = field(default_factory=dict)
    totals: list[Table] = field(default_factory=list)
    # What a builder read once for the report and uses in several sections (``task_counts``):
    # kept with the book, so that it lives exactly as long as the one report being made.
    read: dict[str, object] = field(default_factory=dict)

    def add(self, figure: Figure) -> str:
        if figure.key in self.figures and self.figures[figure.key] != figure:
            raise ValueError(f"two different figures under the key {figure.key!r}")
        self.figures[figure.key] = figure
        return figure.key


class SectionBuilder(Protocol):
    key: str

    def build(self, request: ReportRequest, book: FigureBook, progress: Progress) -> Section | None:
        """The section, or None when the unit has nothing of this kind in the period."""
        ...


REGISTRY: dict[str, list[SectionBuilder]] = {}


def register(kind: str, builder: SectionBuilder) -> None:
    REGISTRY.setdefault(kind, []).append(builder)


def register_known() -> None:
    """The builders of the kinds the reports app knows (called once, by ``making``): later apps
    add theirs with ``register``."""
    if "periodic" in REGISTRY:
        return
    from mandate.reports.sections.indicators import IndicatorsSection
    from mandate.reports.sections.inspections import InspectionsSection
    from mandate.reports.sections.periodic import PeriodicSection
    from mandate.reports.sections.tasks import TasksSection

    register("tasks", TasksSection())
    register("indicators", IndicatorsSection())
    register("inspections", InspectionsSection())
    register("periodic", PeriodicSection())
