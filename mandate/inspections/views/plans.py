"""The plans page (issue 12, item 8): the plans the reader may see, each line with its progress
(done / under way / not started) as ``selectors_records.plan_progress`` reckons it, and a link to
create the inspection of a line not started."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from mandate.inspections import selectors_records as selectors
from mandate.inspections.views import choices
from mandate.people.actors import actor_of

PROGRESS_LABELS = {"done": _("Done"), "under_way": _("Under way"), "not_started": _("Not started")}
PAGE_SIZE = 20


@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    plans = list(selectors.plan_list(actor=actor)[:PAGE_SIZE])
    rows = []
    for plan in plans:
        progress = selectors.plan_progress(plan=plan)
        rows.append(
            {
                "plan": plan,
                "counts": progress.counts,
                "lines": [{"row": line, "label": PROGRESS_LABELS[line.progress]} for line in progress.lines],
            }
        )
    return render(
        request, "inspections/plans.html", {"plans": rows, "may_create": bool(choices.writer_bodies(actor))}
    )
