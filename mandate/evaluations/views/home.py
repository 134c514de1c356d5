"""Where the evaluations start (issue 14, item 7): one page naming the areas, with the units the
reader leads (the same rule the signals board reads, ``policy_signals.led_prefixes``) and his own
records. Nothing personal is shown here, so nothing is logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from mandate.evaluations import policy_signals
from mandate.organisations.models import OrgUnit
from mandate.people.actors import actor_of


@require_GET
def evaluations_home(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    units = list(OrgUnit.objects.filter(path__in=policy_signals.led_prefixes(actor)).order_by("path"))
    today = timezone.localdate()
    return render(
        request,
        "evaluations/home.html",
        {
            "units": units,
            "person": getattr(actor, "person", None),
            "month": today.strftime("%Y-%m"),
            "last_year": today.year - 1,
        },
    )
