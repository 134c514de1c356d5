"""The indicator section (issue 13, item 1): for each set the unit collects or reports in, each
indicator's actual against its target and the achievement (the roll-up of ``indicators.figures``:
the leaves summed, then divided once), the same period of last year, the league table of the
units reporting to it, and the reporting rate; and the figures units stated about the period
checked against these (``reports.flags``).

Read only through ``indicators.figures`` (``figure_scope`` is the reader's 404) and
``reporting_rates``; the indicators' period is ``common.indicator_code`` (a range from 1 January
is the cumulative period the units report under)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db.models import Q

from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.core.models import Period
from mandate.indicators import figures, history, reporting_rates
from mandate.indicators import selectors as indicator_selectors
from mandate.indicators.calculations import Direction
from mandate.indicators.enums import IndicatorKind
from mandate.indicators.hierarchy import hierarchy_on, reused
from mandate.indicators.models import Indicator, IndicatorSet
from mandate.organisations.selectors import subtree_q
from mandate.people.scopes import today
from mandate.reports import flags, narrative, records
from mandate.reports.content import Column, Figure, FigureKind, Section, Sentence, Table
from mandate.reports.narrative import word
from mandate.reports.sections import FigureBook, ReportRequest
from mandate.reports.sections.common import PERCENT_PLACES, indicator_code, put
from mandate.reports.sections.indicator_sets import Shown, league_sentences, not_summed_row
from mandate.reports.sections.recorded import part_as_recorded
from mandate.reports.sections.tasks import LISTED

NOT_ON_TIME = ("late", "not_submitted", "returned")
# A league longer than ``LISTED`` (the task lists' 30 rows) prints its first and last rows only.
LEAGUE_TOP, LEAGUE_BOTTOM = 10, 5


def _name(obj: Indicator | IndicatorSet, language: str) -> str:
    return (obj.name_en or obj.name) if language == "en" else obj.name


def _sets(request: ReportRequest, code_period: Period) -> list[tuple[IndicatorSet, int]]:
    """The sets the reader sees that the unit collects (or a unit below it does), or that the
    unit reports in, each with the unit its figures are rolled up at."""
    unit, end = request.unit, code_period.ends_on
    found = []
    visible = indicator_selectors.set_list_visible(actor=request.actor).filter(
        Q(valid_from__lte=end) & (Q(valid_to__isnull=True) | Q(valid_to__gte=code_period.starts_on))
    )
    for indicator_set in visible.select_related("collecting_unit").order_by("code"):
        collecting = indicator_set.collecting_unit
        if collecting.path.startswith(unit.path):
            found.append((indicator_set, collecting.pk))
        elif hierarchy_on(indicator_set, end).includes(unit.pk):
            found.append((indicator_set, unit.pk))
    return found


def _figures_of(
    request: ReportRequest, book: FigureBook, scope: figures.FigureScope, prefix: str
) -> tuple[dict[str, Figure], figures.PartFigure] | None:
    lang = request.language
    try:
        part = figures.part_figure(scope)
    except ApplicationError:  # not summed over units: no roll-up to state
        return None
    indicator = scope.indicator
    ratio = indicator.kind == IndicatorKind.RATIO
    target = part.own_target if ratio else part.tally.denominator
    value, achievement = part_as_recorded(request.actor, scope, part, request.recorded_on)
    link = records.link(
        "actuals",
        set=scope.indicator_set.pk,
        indicator=indicator.pk,
        period=scope.span.code,
        units=",".join(str(pk) for pk in part.leaves),
    )
    amount = FigureKind.AMOUNT if indicator.decimals else FigureKind.COUNT
    places = indicator.decimals
    found = {
        "actual": put(
            book,
            f"{prefix}.actual",
            value,
            kind=amount,
            places=places,
            label=word("indicators.actual", lang),
            records=link,
        ),
        "target": put(
            book,
            f"{prefix}.target",
            target,
            kind=amount,
            places=places,
            label=word("indicators.target", lang),
        ),
        "achievement": put(
            book,
            f"{prefix}.achievement",
            achievement,
            kind=FigureKind.PERCENT,
            places=PERCENT_PLACES,
            label=word("indicators.achievement", lang),
        ),
    }
    if indicator.direction == Direction.HIGHER and not ratio:
        book.percent_of[f"{prefix}.achievement"] = (f"{prefix}.actual", f"{prefix}.target")
    return found, part


def _previous(
    request: ReportRequest,
    book: FigureBook,
    scope: figures.FigureScope,
    prefix: str,
    kind: FigureKind,
    places: int,
    years: dict[int, figures.FigureScope],
) -> Figure:
    """The same period of last year. ``years`` keeps, per set, the year before of an indicator
    already read: the set's other indicators share its period and hierarchy (no look-up of the
    period and no probe of the lines again)."""
    value: Decimal | None = None
    try:
        known = years.get(scope.indicator_set.pk)
        previous = (
            replace(known, indicator=scope.indicator, memo={}) if known is not None else scope.previous_year()
        )
        years[scope.indicator_set.pk] = previous
        value = part_as_recorded(request.actor, previous, figures.part_figure(previous), request.recorded_on)[
            0
        ]
    except (ApplicationError, NotFoundError):
        value = None
    return put(
        book,
        f"{prefix}.previous",
        value,
        kind=kind,
        places=places,
        label=word("indicators.previous", request.language),
    )


def _league(
    request: ReportRequest, book: FigureBook, scope: figures.FigureScope, prefix: str
) -> tuple[Table, Shown | None] | None:
    """The league of the units reporting directly to the unit (ADR 0046, addendum): printed
    whole up to ``LISTED`` units (the 30 districts of a city), else its first ``LEAGUE_TOP`` and
    last ``LEAGUE_BOTTOM`` rows and a sentence with the number of units in it, whose records
    link lists the whole league (the workbook's sheet of records does): a province's UBND ranks 242
    units per indicator, which no reader reads in print and which cost the report most of its
    time and memory (docs/performance.md)."""
    lang = request.language
    if len(scope.hierarchy.children(scope.unit.pk)) < 2:
        return None
    entries = figures.league(scope)
    trimmed = len(entries) > LISTED
    shown: list[figures.LeagueEntry | None] = (
        [*entries[:LEAGUE_TOP], None, *entries[-LEAGUE_BOTTOM:]] if trimmed else list(entries)
    )
    rows: list[tuple[Any, ...]] = []
    for entry in shown:
        if entry is None:  # the rows not printed: the records of the count below list them
            rows.append(("…", None, None, None))
            continue
        part = entry.figure
        key = f"{prefix}.unit.{part.unit.pk}"
        actual = put(book, f"{key}.actual", part.value, label=word("indicators.actual", lang))
        achievement = put(
            book,
            f"{key}.achievement",
            part.achievement,
            kind=FigureKind.PERCENT,
            label=word("indicators.achievement", lang),
        )
        rank = put(book, f"{key}.rank", entry.rank, kind=FigureKind.NUMBER, label=word("column.rank", lang))
        name = (part.unit.name_en or part.unit.name) if lang == "en" else part.unit.name
        rows.append((name, {"figure": actual.key}, {"figure": achievement.key}, {"figure": rank.key}))
    columns = (
        Column("unit", word("column.unit", lang)),
        Column("actual", word("indicators.actual", lang), FigureKind.NUMBER),
        Column("achievement", word("indicators.achievement", lang), FigureKind.PERCENT),
        Column("rank", word("column.rank", lang), FigureKind.NUMBER),
    )
    name = _name(scope.indicator, lang)
    table = Table(
        key=f"{prefix}.league",
        title=word("indicators.league", lang, indicator=name),
        columns=columns,
        rows=tuple(rows),
    )
    if not trimmed:
        return table, None
    link = records.link(
        "league",
        set=scope.indicator_set.pk,
        indicator=scope.indicator.pk,
        period=scope.span.code,
        unit=scope.unit.pk,
    )
    slots = {
        "units": put(
            book,
            f"{prefix}.league.units",
            len(entries),
            label=word("indicators.league_units", lang),
            records=link,
        ),
        "top": put(book, f"{prefix}.league.top", LEAGUE_TOP, label=word("indicators.league_top", lang)),
        "bottom": put(
            book, f"{prefix}.league.bottom", LEAGUE_BOTTOM, label=word("indicators.league_bottom", lang)
        ),
    }
    return table, Shown(indicator=name, slots=slots)  # said once per set (``league_sentences``)


def _scope(
    request: ReportRequest,
    checked: figures.FigureScope | None,
    indicator_set: IndicatorSet,
    indicator: Indicator,
    code: str,
    root: int,
) -> figures.FigureScope | None:
    """The indicator's scope (None: the reader may not read it). The first of a set is checked by
    ``figures.figure_scope`` (the set, the unit and the reader's reading of it in the set); the
    set's other indicators share all of that but the indicator, read from the set's own items, so
    they reuse the checked scope instead of six look-ups each (60 indicators of a province)."""
    if checked is not None:
        return replace(checked, indicator=indicator, memo={})
    try:
        return figures.figure_scope(
            actor=request.actor, set_id=indicator_set.pk, indicator_id=indicator.pk, code=code, unit_id=root
        )
    except NotFoundError:
        return None


def reporting(
    request: ReportRequest, book: FigureBook, indicator_set: IndicatorSet, period: Period, root: int
) -> tuple[Sentence, list[str]]:
    """The reporting rate of the units below ``root`` on the cut-off day, and the units late or
    not reported."""
    lang = request.language
    on = request.recorded_on or today()
    rate = reporting_rates.reporting_rate(
        actor=request.actor, indicator_set=indicator_set, period=period, on=on
    )
    level = next((share.counts for share in rate.levels if share.unit.pk == root), reporting_rates.Counts())
    prefix = f"ind.{indicator_set.code}.reporting"
    slots = {
        "submitted": put(
            book, f"{prefix}.submitted", level.submitted, label=word("indicators.submitted", lang)
        ),
        "expected": put(book, f"{prefix}.expected", level.expected, label=word("indicators.expected", lang)),
        "rate": put(
            book, f"{prefix}.rate", level.rate, kind=FigureKind.PERCENT, label=word("indicators.rate", lang)
        ),
        "late": put(book, f"{prefix}.late", level.late, label=word("indicators.late", lang)),
        "not_submitted": put(
            book, f"{prefix}.not_submitted", level.not_submitted, label=word("indicators.not_submitted", lang)
        ),
    }
    book.percent_of[f"{prefix}.rate"] = (f"{prefix}.submitted", f"{prefix}.expected")
    sentence = narrative.render(
        "indicators.reporting",
        language=lang,
        figures=slots,
        texts={"indicator_set": _name(indicator_set, lang)},
    )
    # Not yet reported is late only once the deadline has passed.
    late = [
        (row.unit.name_en or row.unit.name) if lang == "en" else row.unit.name
        for row in rate.rows
        if row.status in NOT_ON_TIME and (row.status != "not_submitted" or on > rate.deadline)
    ]
    return sentence, late


def build(request: ReportRequest, book: FigureBook) -> tuple[Section | None, list[str]]:
    """The section, and the units late with their reports (for the limitations). Each set's
    hierarchy on a day is read once for the whole report (``hierarchy.reused``): every
    indicator's scope, league and year before asks it again."""
    with reused():
        return _build(request, book)


def _build(request: ReportRequest, book: FigureBook) -> tuple[Section | None, list[str]]:
    lang = request.language
    code = indicator_code(request)
    period = Period.objects.filter(code=code).first()
    if period is None:
        return None, []
    children: list[Section] = []
    late_units: list[str] = []
    by_indicator: dict[int, dict[str, Figure]] = {}
    years: dict[int, figures.FigureScope] = {}
    for indicator_set, root in _sets(request, period):
        made = _set_section(request, book, indicator_set, period, code, root, by_indicator, years)
        if made is not None:
            children.append(made[0])
            late_units.extend(made[1])
    statements = figures.statement_list_visible(actor=request.actor, period=period).filter(
        subtree_q("unit_path", request.unit.path)
    )
    if request.recorded_on is not None:
        statements = statements.filter(entered_at__lte=history.end_of(request.recorded_on))
    book.flags.extend(flags.statement_flags(statements, by_indicator, language=lang))
    if not children:
        return None, late_units
    section = Section(key="indicators", heading=word("indicators.heading", lang), children=tuple(children))
    return section, late_units


def _add_league(
    request: ReportRequest,
    book: FigureBook,
    scope: figures.FigureScope,
    prefix: str,
    leagues: list[Table],
    shown: list[Shown],
) -> None:
    league = _league(request, book, scope, prefix)
    if league is not None:
        leagues.append(league[0])
        if league[1] is not None:
            shown.append(league[1])


def _set_section(
    request: ReportRequest,
    book: FigureBook,
    indicator_set: IndicatorSet,
    period: Period,
    code: str,
    root: int,
    by_indicator: dict[int, dict[str, Figure]],
    years: dict[int, figures.FigureScope],
) -> tuple[Section, list[str]] | None:
    """One set's part of the section (its heading the set's name): each indicator's sentences,
    the set's table — each indicator's sum over the units reporting in the set where it may be
    summed, a row saying so where it may not (``indicator_sets.not_summed_row``) — the leagues,
    one sentence for the long ones, and the reporting rate. None: nothing to state."""
    lang = request.language
    sentences: list[Sentence] = []
    leagues: list[Table] = []
    shown: list[Shown] = []
    made: list[tuple[Indicator, dict[str, Figure]]] = []
    rows: list[tuple[Any, ...]] = []
    checked: figures.FigureScope | None = None
    for indicator in (
        Indicator.objects.filter(set_items__indicator_set=indicator_set)
        .select_related("owner_unit")
        .order_by("set_items__position", "code")
    ):
        scope = _scope(request, checked, indicator_set, indicator, code, root)
        if scope is None:
            continue
        checked = scope
        prefix = f"ind.{indicator_set.code}.{indicator.code}"
        figures_made = _figures_of(request, book, scope, prefix)
        not_summed = not_summed_row(indicator, lang) if figures_made is None else None
        if not_summed is not None:  # never added up over units: named, and its league ranks them
            rows.append(not_summed)
            _add_league(request, book, scope, prefix, leagues, shown)
            continue
        if figures_made is None or figures_made[0]["actual"].value is None:
            continue
        found = figures_made[0]
        found["previous"] = _previous(
            request, book, scope, prefix, found["actual"].kind, found["actual"].places, years
        )
        by_indicator.setdefault(indicator.pk, found)
        made.append((indicator, found))
        name = _name(indicator, lang)
        sentences.append(
            narrative.render(
                "indicators.achievement",
                language=lang,
                texts={"indicator": name},
                figures={k: found[k] for k in ("actual", "target", "achievement")},
            )
        )
        if found["previous"].value is not None:
            sentences.append(
                narrative.render(
                    "indicators.year_on_year",
                    language=lang,
                    texts={"indicator": name},
                    figures={k: found[k] for k in ("actual", "previous")},
                )
            )
        rows.append(
            (name, *({"figure": found[k].key} for k in ("actual", "target", "achievement", "previous")))
        )
        _add_league(request, book, scope, prefix, leagues, shown)
    if not rows:
        return None
    sentences.extend(league_sentences(request, indicator_set, shown))
    columns = (
        Column("indicator", word("column.indicator", lang)),
        *tuple(
            Column(
                k,
                word(f"indicators.{k}", lang),
                FigureKind.PERCENT if k == "achievement" else FigureKind.NUMBER,
            )
            for k in ("actual", "target", "achievement", "previous")
        ),
    )
    table = Table(
        key=f"ind.{indicator_set.code}", title=_name(indicator_set, lang), columns=columns, rows=tuple(rows)
    )
    sentence, late = reporting(request, book, indicator_set, period, root)
    if book.figures[f"ind.{indicator_set.code}.reporting.expected"].value:  # else nobody reports to it
        sentences.append(sentence)
    section = Section(
        key=f"indicators.{indicator_set.code}",
        heading=_name(indicator_set, lang),
        sentences=tuple(sentences),
        tables=(table, *leagues),
    )
    return section, late


class IndicatorsSection:
    key = "indicators"

    def build(self, request: ReportRequest, book: FigureBook, progress: Any) -> Section | None:
        return build(request, book)[0]
