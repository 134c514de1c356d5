"""STAND-IN until helper reportsec's ``making.py`` lands: runs the kind's registered section
builders and puts their sections and figures into one ``ReportContent``."""

from __future__ import annotations

from django.utils import timezone

from mandate.core.exceptions import ApplicationError
from mandate.reports.content import Issuer, Layout, ReportContent
from mandate.reports.sections import REGISTRY, FigureBook, Progress, ReportRequest


def build_content(request: ReportRequest, progress: Progress) -> ReportContent:
    builders = REGISTRY.get(request.kind, [])
    if not builders:
        raise ApplicationError(fields={"kind": ["Not a choice."]})
    book = FigureBook()
    made_at = timezone.now()
    sections = []
    for done, builder in enumerate(builders):
        progress(done, len(builders))
        section = builder.build(request, book, progress)
        if section is not None:
            sections.append(section)
    progress(len(builders), len(builders))
    issuer = Issuer(
        Layout.STATE,
        "",
        request.unit.name.upper(),
        f"BC-{request.unit.code or 'X'}",
        "",
        "",
        None,
        "",
        "",
        "",
    )
    return ReportContent(
        kind=request.kind,
        language=request.language,
        title=f"BÁO CÁO {request.period.code}",
        unit_id=request.unit.pk,
        unit_name=request.unit.name,
        period_code=request.period.code,
        period_label=request.period.code,
        period_kind=request.period_kind,
        cut_off=request.cut_off,
        issuer=issuer,
        figures=dict(book.figures),
        sections=tuple(sections),
        flags=tuple(book.flags),
        made_at=made_at,
    )
