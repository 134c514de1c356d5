"""The approval queue and the steps of a submission's approval from the pages (ADR 0030): the
queue lists the values awaiting a level the reader leads, each with the steps
``indicators.policy`` allows him (approve, return with a reason, accept); the data-entry page
offers the same steps, and unlocking. Every step posts to one route and goes through
``approval.submission_transition``, as the API's does."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from mandate.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidStateError,
    NotFoundError,
    PermissionDeniedError,
)
from mandate.indicators import policy, selectors
from mandate.indicators.enums import SubmissionState
from mandate.indicators.forms import EntryForm, TransitionForm
from mandate.indicators.hierarchy import Hierarchy, hierarchy_on
from mandate.indicators.services import approval as approval_services
from mandate.indicators.views.common import PeriodChoice, conflict_message
from mandate.indicators.views.entry import (
    Place,
    entry_url,
    field_aliases,
    indicators_of,
    place_of,
    render_entry,
    stored_values,
)
from mandate.people.actors import actor_of

DONE = {
    "submit": gettext_lazy("The values are submitted for approval."),
    "approve": gettext_lazy("The values are approved."),
    "return": gettext_lazy("The values are returned to the unit."),
    "accept": gettext_lazy("The values are accepted and locked."),
    "unlock": gettext_lazy("The values are unlocked."),
}
QUEUE_ROWS = 200


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The values awaiting a level the reader leads, oldest first, with the steps he may take."""
    actor = actor_of(request.user)
    rows = list(selectors.approval_queue(actor=actor)[:QUEUE_ROWS])
    hierarchies: dict[tuple[int, int], Hierarchy] = {}
    items: list[dict[str, Any]] = []
    for submission in rows:
        key = (submission.indicator_set_id, submission.period_id)
        if key not in hierarchies:
            hierarchies[key] = hierarchy_on(submission.indicator_set, submission.period.ends_on)
        allowed = policy.allowed_names(actor, submission, hierarchies[key])
        items.append(
            {
                "submission": submission,
                "period": PeriodChoice(submission.period, submission.period),
                "state_label": SubmissionState(submission.state).label,
                "moves": [
                    {
                        "name": name,
                        "needs_reason": name in policy.NEEDS_REASON,
                        "form": TransitionForm(
                            initial={"action": name, "version": submission.version, "next": "queue"},
                            auto_id=f"q{submission.pk}-{name}-%s",
                        ),
                    }
                    for name in ("approve", "return", "accept")
                    if name in allowed
                ],
            }
        )
    return render(request, "indicators/queue.html", {"items": items, "limit": QUEUE_ROWS})


@require_POST
def transition(request: HttpRequest, submission_id: int) -> HttpResponse:
    """One step of a submission (submit, approve, return, accept, unlock); a refusal shows the
    data-entry page with the reason and what was typed."""
    actor = actor_of(request.user)
    submission = selectors.submission_get_visible(actor=actor, submission_id=submission_id)
    place = place_of(
        actor,
        submission.indicator_set,
        PeriodChoice(submission.period, submission.period),
        str(submission.unit_id),
    )
    named = str(request.POST.get("action", ""))
    form = TransitionForm(request.POST, auto_id=f"move-{named if named in policy.MOVES else 'x'}-%s")
    if not form.is_valid():
        if named not in policy.MOVES:
            raise ApplicationError(_("Not a choice."), fields={"action": [_("Not a choice.")]})
        return render_entry(request, place, moves={named: form}, status=400)
    action = form.cleaned_data["action"]
    refused = policy.check(actor, submission, place.hierarchy, action)
    if not refused.allowed and not refused.conflict:
        raise PermissionDeniedError(refused.reason)
    try:
        approval_services.submission_transition(
            actor=actor,
            submission=submission,
            action=action,
            expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"],
        )
    except (PermissionDeniedError, NotFoundError):
        raise
    except ConflictError as err:
        return _refused(request, place, conflict_message(err), 409)
    except InvalidStateError as err:
        return _refused(request, place, str(err.message), 409)
    except ApplicationError as err:
        if "reason" in err.fields:
            form.add_error("reason", str(err.fields["reason"][0]))
            return render_entry(request, place, moves={action: form}, status=400)
        return _not_ready(request, place, err)
    messages.success(request, str(DONE[action]))
    if form.cleaned_data.get("next") == "queue":
        return redirect("indicators:queue")
    return redirect(entry_url(place))


def _refused(request: HttpRequest, place: Place, message: str, status: int) -> HttpResponse:
    """The page as it is now, with the reason the step was refused."""
    actor = actor_of(request.user)
    assert place.unit is not None
    fresh = place_of(actor, place.indicator_set, place.period, str(place.unit.pk))
    return render_entry(request, fresh, problem=message, status=status)


def _not_ready(request: HttpRequest, place: Place, err: ApplicationError) -> HttpResponse:
    """Values not ready to submit: each problem next to the value it concerns."""
    indicators = indicators_of(place.indicator_set)
    stored, data = stored_values(place)
    form = EntryForm(data, indicators=indicators)
    form.is_valid()
    aliases = field_aliases(indicators, [], stored)
    for name, problems in err.fields.items():
        if aliases.get(name) in form.fields:
            for message in problems:
                form.add_error(aliases[name], str(message))
    return render_entry(request, place, form=form, problem=str(err.message), status=400)
