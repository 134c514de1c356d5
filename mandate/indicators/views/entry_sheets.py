"""Filling the data-entry page from Excel (issue 11, items 10 and 12; ADR 0038, ADR 0039): the
upload of the filled template for the page's unit and period.

Why a page form and not the API's multipart route: the documents pages upload the same way (a
``multipart/form-data`` form posted to the page's own view, which calls the service), so the
person gets the page back with the outcome or every problem of the file, in his language, and
no script is needed. The view calls the importer service the API's ``ImportApi`` calls
(``core.sheet_import.sheet_import`` with ``sheet_values.IMPORTER``): the same rights, checks,
all-or-none application, the same file twice changing nothing, a large file queued as a job.
The template download and the exports are plain links to the API's GET routes (session auth).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mandate.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from mandate.core.sheet_import import SheetRefused, sheet_import
from mandate.core.uploads import refuse_oversized_body
from mandate.indicators import sheet_values
from mandate.indicators.views.common import CODE_HINT
from mandate.indicators.views.entry import entry_url, place_from_request, render_entry
from mandate.people.actors import actor_of


@require_POST
def entry_import(request: HttpRequest, set_id: int) -> HttpResponse:
    """POST ``unit``, ``period`` (code) and ``file``: import the unit's values from the filled
    template; back to the page with the outcome, or the page again with every problem (400)."""
    place, bad = place_from_request(request, set_id, request.POST)
    if place is None:
        return render(request, "indicators/entry.html", {**bad, "code_hint": CODE_HINT}, status=400)
    if place.unit is None or place.period.row is None:
        raise NotFoundError()
    actor = actor_of(request.user)
    params = {"set": place.indicator_set.pk, "period": place.period.row.pk, "unit": place.unit.pk}
    # The set, the period and the right are settled before the body is read (as the API does).
    sheet_values.IMPORTER.target(actor=actor, params=params)
    refuse_oversized_body(request.META)
    upload = request.FILES.get("file")
    if upload is None:
        return render_entry(
            request, place, sheet_problem=_("Choose the filled template to upload."), status=400
        )
    try:
        outcome = sheet_import(actor=actor, importer=sheet_values.IMPORTER, params=params, upload=upload)
    except SheetRefused as err:
        return render_entry(
            request,
            place,
            sheet_problem=str(err.message),
            sheet_problems=[str(problem) for problem in err.problems],
            status=400,
        )
    except (PermissionDeniedError, NotFoundError):
        raise
    except ApplicationError as err:
        return render_entry(request, place, sheet_problem=str(err.message), status=err.status_code)
    messages.success(request, outcome.message)
    return redirect(entry_url(place))
