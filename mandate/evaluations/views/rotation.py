"""The rotation list page (issue 14, items 5 and 7): the holders of sensitive posts the reader may
see — his unit's people for a leader, himself for an official — due within the months asked for;
the rows about other people shown are logged (``selectors_rotation.log_rows``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mandate.evaluations import selectors_rotation as selectors
from mandate.people.actors import actor_of
from mandate.people.scopes import today

WITHIN_CHOICES = (6, 12, 24, 60)
DEFAULT_WITHIN = 12


@require_GET
def rotation_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    raw = request.GET.get("within", "")
    within = int(raw) if raw.isdigit() and int(raw) in WITHIN_CHOICES else DEFAULT_WITHIN
    on = today()
    rows = selectors.rotation_rows(actor=actor, on=on, within_months=within)
    selectors.log_rows(actor=actor, rows=rows, purpose="evaluations:rotation")
    context = {
        "rows": rows,
        "on": on,
        "within": within,
        "within_choices": WITHIN_CHOICES,
        "example": any(row.post.sector.is_example for row in rows)
        or any(s.is_example for s in selectors.sector_list()),
    }
    return render(request, "evaluations/rotation_list.html", context)
