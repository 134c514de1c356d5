"""Personnel proposals in the API (issue 14, items 6 and 7; ADR 0055): the list a reader may see,
a new proposal with its typed grounds, one proposal with the actions the reader may take, and its
decision. The same services as the pages; a proposal about another person read is in the access
log."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, WRITE_ERRORS, ApiView, Pagination, expected_version
from mandate.core.exceptions import ApplicationError
from mandate.evaluations import policy_proposals as policy
from mandate.evaluations import selectors_proposals as selectors
from mandate.evaluations.models import PersonnelProposal
from mandate.evaluations.models.proposals import ProposalKind
from mandate.evaluations.services import proposals as services
from mandate.organisations.models import OrgUnit
from mandate.people import selectors as people_selectors
from mandate.people.actors import actor_of
from mandate.people.models import Position, User
from mandate.people.scopes import today


class GroundSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(max_length=40, help_text="signal, monthly_grade, discipline, task, other, …")
    ref_id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)
    text = serializers.CharField(max_length=500)


class ProposalActionOutput(serializers.Serializer[Any]):
    name = serializers.CharField()
    allowed = serializers.BooleanField()
    reason = serializers.CharField()


class ProposalOutput(serializers.ModelSerializer[PersonnelProposal]):
    person_name = serializers.CharField(source="person.full_name")
    unit_name = serializers.CharField(source="unit.name")
    grounds = GroundSerializer(many=True, read_only=True)

    class Meta:
        model = PersonnelProposal
        fields = [
            "id", "kind", "state", "person", "person_name", "position", "unit", "unit_name", "reason",
            "to_unit", "to_title", "move_on", "proposed_by", "proposed_on", "decided_by", "decided_on",
            "decision_note", "new_position", "grounds", "version",
        ]  # fmt: skip


class ProposalDetailOutput(ProposalOutput):
    actions = ProposalActionOutput(many=True, read_only=True)

    class Meta(ProposalOutput.Meta):
        fields = [*ProposalOutput.Meta.fields, "actions"]


class ProposalInput(serializers.Serializer[Any]):
    position = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    reason = serializers.CharField(max_length=4000)
    grounds = serializers.ListField(child=GroundSerializer(), min_length=1, max_length=50)
    to_unit = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)
    to_title = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    move_on = serializers.DateField(required=False, allow_null=True)


class DecideInput(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


def position_for(actor: User, position_id: int) -> Position:
    position = people_selectors.position_list_visible(actor=actor).filter(pk=position_id).first()
    if position is None:
        raise ApplicationError(_("Some values are not valid."), fields={"position": [_("Not found.")]})
    return position


def unit_for(unit_id: int | None) -> OrgUnit | None:
    if unit_id is None:
        return None
    unit: OrgUnit | None = OrgUnit.objects.filter(pk=unit_id).first()
    if unit is None:
        raise ApplicationError(_("Some values are not valid."), fields={"to_unit": [_("Not found.")]})
    return unit


def create(actor: User, data: dict[str, Any]) -> PersonnelProposal:
    return services.proposal_create(
        actor=actor,
        position=position_for(actor, data["position"]),
        kind=data["kind"],
        reason=data["reason"],
        grounds=[
            services.Ground(kind=g["kind"], text=g["text"], ref_id=g.get("ref_id")) for g in data["grounds"]
        ],
        on=today(),
        to_unit=unit_for(data.get("to_unit")),
        to_title=data.get("to_title") or "",
        move_on=data.get("move_on"),
    )


class ProposalListApi(ApiView):
    @extend_schema(responses={200: ProposalOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        actor = actor_of(request.user)
        paginator = Pagination()
        page = list(
            paginator.paginate_queryset(selectors.proposal_list_visible(actor=actor), request, view=self)
            or []
        )
        selectors.log_reads(actor=actor, proposals=page, purpose="api-evaluation-proposals")
        return paginator.get_paginated_response(ProposalOutput(page, many=True).data)

    @extend_schema(request=ProposalInput, responses={201: ProposalOutput, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        actor = actor_of(request.user)
        serializer = ProposalInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposal = create(actor, serializer.validated_data)
        return Response(ProposalOutput(proposal).data, status=201)


def detail_data(actor: User, proposal: PersonnelProposal) -> dict[str, Any]:
    data = dict(ProposalOutput(proposal).data)
    data["actions"] = [
        {"name": a.name, "allowed": a.allowed, "reason": a.reason}
        for a in policy.available_actions(actor, proposal)
    ]
    return data


class ProposalDetailApi(ApiView):
    @extend_schema(responses={200: ProposalDetailOutput, **ERRORS})
    def get(self, request: Request, proposal_id: int) -> Response:
        actor = actor_of(request.user)
        proposal = selectors.proposal_get_visible(
            actor=actor, proposal_id=proposal_id, purpose="api-evaluation-proposal"
        )
        return Response(detail_data(actor, proposal))


class ProposalDecideApi(ApiView):
    @extend_schema(request=DecideInput, responses={200: ProposalDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, proposal_id: int) -> Response:
        actor = actor_of(request.user)
        proposal = selectors.proposal_get_visible(actor=actor, proposal_id=proposal_id, purpose=None)
        serializer = DecideInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        proposal = services.proposal_decide(
            actor=actor,
            proposal=proposal,
            decision=serializer.validated_data["decision"],
            note=serializer.validated_data["note"],
            on=today(),
            expected_version=expected_version(request),
        )
        return Response(detail_data(actor, proposal))
