"""A subject's history (issue 12, items 7 and 8): every inspection and discipline of a person or of
a Party organisation, as far as the reader may see it, read through ``selectors_history`` (the
one rule of ``competence.py``; 404 for whoever may not ask; the records about a person shown go
to the access log). The page lists; it decides nothing."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mandate.inspections import selectors_history as selectors
from mandate.inspections.models import DisciplineDecision, InspectionSubject
from mandate.people.actors import actor_of

PAGE_SIZE = 50
DECISIONS_SHOWN = 100


def _render(
    request: HttpRequest,
    *,
    title: str,
    kind: str,
    subjects: QuerySet[InspectionSubject],
    decisions: QuerySet[DisciplineDecision],
) -> HttpResponse:
    actor = actor_of(request.user)
    page = Paginator(subjects, PAGE_SIZE).get_page(request.GET.get("page"))
    # The decisions are few (a person's, an organisation's): shown with the first page only.
    shown = list(decisions[:DECISIONS_SHOWN]) if page.number == 1 else []
    history = selectors.history_records(actor=actor, subjects=list(page.object_list), decisions=shown)
    rows: list[dict[str, Any]] = [
        {
            "subject": subject,
            "findings": history.findings.get(subject.pk, []),
            "conclusion": history.conclusions.get(subject.pk),
        }
        for subject in history.subjects
    ]
    context = {"title": title, "kind": kind, "rows": rows, "page": page, "decisions": history.decisions}
    return render(request, "inspections/history.html", context)


@require_GET
def person_history(request: HttpRequest, person_id: int) -> HttpResponse:
    actor = actor_of(request.user)
    person, subjects = selectors.person_history_subjects(actor=actor, person_id=person_id)
    decisions = selectors.person_decisions(actor=actor, person_id=person.pk)
    return _render(request, title=person.full_name, kind="person", subjects=subjects, decisions=decisions)


@require_GET
def unit_history(request: HttpRequest, unit_id: int) -> HttpResponse:
    actor = actor_of(request.user)
    unit, subjects = selectors.unit_history_subjects(actor=actor, unit_id=unit_id)
    decisions = selectors.unit_decisions(actor=actor, unit_id=unit.pk)
    return _render(request, title=unit.name, kind="unit", subjects=subjects, decisions=decisions)
