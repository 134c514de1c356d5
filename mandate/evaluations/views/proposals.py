"""The proposals pages (issue 14, items 6 and 7): the list a reader may see, one proposal with its
grounds and the decision form for the competent level. Reads of another person's proposals are
logged; the decision goes through the same service as the API."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from mandate.core.exceptions import ApplicationError
from mandate.evaluations import policy_proposals as policy
from mandate.evaluations import selectors_proposals as selectors
from mandate.evaluations.models import PersonnelProposal
from mandate.evaluations.services import proposals as services
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.people.scopes import today

PAGE_SIZE = 50


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))],
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request.user)
    page = Paginator(selectors.proposal_list_visible(actor=actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    selectors.log_reads(actor=actor, proposals=page.object_list, purpose="evaluations:proposals")
    return render(request, "evaluations/proposals_list.html", {"page": page})


def _detail(
    request: HttpRequest, actor: User, proposal: PersonnelProposal, form: DecideForm | None
) -> HttpResponse:
    actions = {a.name: a for a in policy.available_actions(actor, proposal)}
    form = form or DecideForm(initial={"version": proposal.version})
    context = {"proposal": proposal, "decide": actions["decide"], "form": form}
    return render(request, "evaluations/proposals_detail.html", context)


@require_GET
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = actor_of(request.user)
    proposal = selectors.proposal_get_visible(
        actor=actor, proposal_id=proposal_id, purpose="evaluations:proposal"
    )
    return _detail(request, actor, proposal, None)


@require_POST
def proposal_decide(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = actor_of(request.user)
    proposal = selectors.proposal_get_visible(actor=actor, proposal_id=proposal_id, purpose=None)
    policy.require(actor, proposal)  # 403 or 409 before the form is read
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_decide(
                actor=actor,
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                on=today(),
                expected_version=form.cleaned_data["version"],
            )
        except ApplicationError as err:
            if err.status_code in (403, 404):
                raise
            form.add_error(None, str(err.message))
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("evaluations:proposal", proposal_id=proposal.pk)
    return _detail(request, actor, proposal, form)
