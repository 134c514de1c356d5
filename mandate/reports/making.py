"""Making a report's content (issue 13; ADR 0046): the sections registered for the request's
kind, run in order against one ``FigureBook``, then the consistency checks, the issuer's block
(the unit's layout, its parent, its symbol, its place, the title of its head) and the title.

``build_content`` is what the report job (``reportjob``) calls; it reads the records only
through the sections, which read them through the apps' actor-scoped selectors, and it writes
nothing."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone, translation

from mandate.core.exceptions import NotFoundError
from mandate.documents.selectors import document_get_visible
from mandate.organisations.enums import UnitKind
from mandate.organisations.models import OrgUnit
from mandate.people.models import Position
from mandate.people.scopes import read_scope
from mandate.reports import flags
from mandate.reports.content import Issuer, Layout, ReportContent, Section
from mandate.reports.narrative import word
from mandate.reports.sections import REGISTRY, FigureBook, Progress, ReportRequest, register_known
from mandate.reports.sections.common import data_day, period_label, period_phrase

# Who signs for whom: a collective body's head signs on its behalf ("TM." / "T/M").
COLLECTIVE_LEVELS = frozenset({"city", "district", "commune", "committee", "central"})


def _upper(text: str, language: str) -> str:
    return text.upper() if language == "vi" else text


def _name(unit: OrgUnit, language: str) -> str:
    return (unit.name_en or unit.name) if language == "en" else unit.name


def _area(unit: OrgUnit) -> OrgUnit | None:
    """The nearest administrative area above the unit (the city for its departments)."""
    ancestors = OrgUnit.objects.filter(
        path__in=[unit.path[:i] for i in range(OrgUnit.steplen, len(unit.path), OrgUnit.steplen)]
    )
    areas = [a for a in ancestors.order_by("-depth") if a.kind == UnitKind.AREA]
    return areas[0] if areas else None


def _place(unit: OrgUnit) -> str:
    area = _area(unit)
    if area is None:
        return ""
    for prefix in ("Thành phố ", "Tỉnh ", "thành phố ", "tỉnh "):
        if area.name.startswith(prefix):
            return area.name[len(prefix) :]
    return area.name


def _head(unit: OrgUnit, request: ReportRequest) -> Position | None:
    day = data_day(request)
    return (
        Position.objects.filter(unit=unit, is_head=True, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("person")
        .order_by("valid_from", "pk")
        .first()
    )


def _signer_title(position: Position | None, unit: OrgUnit, language: str) -> str:
    """ "GIÁM ĐỐC" from "Giám đốc Sở Văn hóa và Thể thao": the title without the unit's name."""
    if position is None:
        return ""
    title = (position.title_en or position.title) if language == "en" else position.title
    for name in (unit.name, unit.name_en):
        if name and title.endswith(" " + name):
            title = title[: -len(name) - 1]
    for suffix in (" Sở", " Thành ủy", " of the Department", " of the City Party Committee"):
        if title.endswith(suffix):
            title = title[: -len(suffix)]
    title = title.split(",")[0]
    return _upper(title, language)


def issuer(request: ReportRequest) -> Issuer:
    """The header and foot of the document from the unit: the Party's layout for a Party unit,
    the State's (Decree 30/2020) for any other; the number and the day are given when issued."""
    unit, lang = request.unit, request.language
    layout = Layout.PARTY if unit.kind == UnitKind.PARTY else Layout.STATE
    parent = OrgUnit.objects.filter(path=unit.path[: -OrgUnit.steplen]).first() if unit.depth > 1 else None
    parent_name = ""
    if parent is not None and parent.kind != UnitKind.AREA:
        parent_name = _upper(_name(parent, lang), lang)
    elif parent is not None and layout is Layout.PARTY:
        parent_name = _upper(word("issuer.party_area", lang, area=_name(parent, lang)), lang)
    code = unit.code or ""
    symbol = f"BC/{code}" if layout is Layout.PARTY else f"BC-{code}"
    head = _head(unit, request)
    collective = unit.level in COLLECTIVE_LEVELS
    authority = ("T/M" if layout is Layout.PARTY else "TM.") if collective else ""
    return Issuer(
        layout=layout,
        parent_name=parent_name,
        name=_upper(_name(unit, lang), lang),
        symbol=symbol,
        number="",
        place=_place(unit),
        signed_on=None,
        authority=authority,
        signer_title=_signer_title(head, unit, lang),
        signer_name=head.person.full_name if head is not None else "",
    )


def _title(request: ReportRequest) -> str:
    key = (
        f"title.{request.kind}"
        if request.kind in ("tasks", "indicators", "inspections", "periodic")
        else "title.other"
    )
    return word(key, request.language, period=period_phrase(request.period, request.language, title=True))


STEPS = 100


def _within(progress: Progress, start: int, total: int) -> Progress:
    """A builder's progress (its done / its total) as a part of the report's."""

    def report(done: int, of: int) -> None:
        progress(start + (STEPS * done // of if of else 0), total)

    return report


def build_content(request: ReportRequest, progress: Progress) -> ReportContent:
    """The report's content in the request's language: every registered section of its kind,
    the figures they wrote, and the figures that disagree."""
    register_known()
    builders = REGISTRY.get(request.kind)
    if not builders:
        raise ValueError(f"no sections for the report kind {request.kind!r}")
    if not read_scope(request.actor).covers(request.unit.path):
        raise NotFoundError()  # a unit outside the reader's scope does not exist for him
    if request.document is not None:
        document_get_visible(actor=request.actor, document_id=request.document.pk)
    book = FigureBook()
    made_at = timezone.now()
    sections: list[Section] = []
    # Each builder's own steps move the bar within its share (STEPS per builder, one for the end).
    total = STEPS * len(builders) + 1
    progress(0, total)
    with translation.override(request.language):
        for index, builder in enumerate(builders):
            section = builder.build(request, book, _within(progress, index * STEPS, total))
            if section is not None:
                sections.append(section)
            progress((index + 1) * STEPS, total)
        found = [*book.flags, *flags.check(book, language=request.language)]
        content = ReportContent(
            kind=request.kind,
            language=request.language,
            title=_title(request),
            unit_id=request.unit.pk,
            unit_name=_name(request.unit, request.language),
            period_code=request.period.code,
            period_label=period_label(request.period, request.language),
            period_kind=request.period_kind,
            cut_off=request.cut_off,
            issuer=issuer(request),
            figures=dict(book.figures),
            sections=tuple(sections),
            flags=tuple(found),
            made_at=made_at,
        )
    progress(total, total)
    return content
