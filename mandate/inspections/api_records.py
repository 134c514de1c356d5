"""The API of inspecting bodies, plans and inspections (docs/adr/0041): the same services and
selectors as the pages. Each inspection and plan lists the ``actions`` this reader may take now
(``policy_records``), as the tasks API lists ``allowed_actions``; a person subject appears only to
those the reading rule lets see it (``selectors_records``). Outputs are in ``api_records_outputs``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, WRITE_ERRORS, ApiView, Pagination, expected_version
from mandate.core.api_fields import (
    DateField,
    IdField,
    StrictCharField,
    VersionField,
    query_date,
    query_int,
    query_year,
)
from mandate.core.exceptions import ApplicationError
from mandate.documents import selectors as document_selectors
from mandate.inspections import policy_records, services
from mandate.inspections import selectors_records as selectors
from mandate.inspections.api_records_outputs import (
    InspectingBodyOutput,
    InspectionDetailOutput,
    InspectionOutput,
    InspectionPlanDetailOutput,
    InspectionPlanOutput,
    inspection_response,
    plan_response,
)
from mandate.inspections.enums import InspectionKind, InspectionState, TeamRole
from mandate.organisations import selectors as org_selectors
from mandate.people.actors import actor_of
from mandate.tasks.api_outputs import not_found_as_field


class BodyListApi(ApiView):
    """The declared inspecting bodies (who inspects whom), open to every signed-in user."""

    @extend_schema(
        parameters=[OpenApiParameter("on", str, description="Only those declared on this day (YYYY-MM-DD).")],
        responses={200: InspectingBodyOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        bodies = selectors.body_list(on=query_date(request, "on"))
        paginator = Pagination()
        page = paginator.paginate_queryset(bodies, request, view=self)
        return paginator.get_paginated_response(InspectingBodyOutput(page, many=True).data)


def _document(request: Request, document_id: int | None, field: str) -> Any:
    if not document_id:
        return None
    actor = actor_of(request.user)
    return not_found_as_field(
        field, lambda: document_selectors.document_get_visible(actor=actor, document_id=document_id)
    )


def _body(body_id: int) -> Any:
    return not_found_as_field("body", lambda: selectors.body_get(body_id=body_id))


class PlanListCreateApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        body = IdField()
        year = serializers.IntegerField(min_value=2000, max_value=2100)
        title = StrictCharField(max_length=300)
        document = IdField(required=False, allow_null=True)

    @extend_schema(
        parameters=[OpenApiParameter("body", int), OpenApiParameter("year", int)],
        responses={200: InspectionPlanOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request.user)
        plans = selectors.plan_list(actor=actor, body_id=query_int(request, "body"), year=query_year(request))
        paginator = Pagination()
        page = paginator.paginate_queryset(plans, request, view=self)
        return paginator.get_paginated_response(
            InspectionPlanOutput(page, many=True, context={"actor": actor}).data
        )

    @extend_schema(request=InputSerializer, responses={201: InspectionPlanDetailOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        actor = actor_of(request.user)
        plan = services.plan_create(
            actor=actor,
            body=_body(values["body"]),
            year=values["year"],
            title=values["title"],
            document=_document(request, values.get("document"), "document"),
        )
        return plan_response(request, plan.pk, status=201)


class PlanDetailApi(ApiView):
    @extend_schema(responses={200: InspectionPlanDetailOutput, **ERRORS})
    def get(self, request: Request, plan_id: int) -> Response:
        return plan_response(request, plan_id)


class PlanLineApi(ApiView):
    """Add a line (a planned inspection) to a plan."""

    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=InspectionKind.choices)
        subject_matter = StrictCharField(max_length=5000)
        subjects_text = StrictCharField(required=False, default="", allow_blank=True, max_length=5000)
        subject_units = serializers.ListField(child=IdField(), required=False, default=list, max_length=200)
        month = serializers.IntegerField(min_value=1, max_value=12)

    @extend_schema(request=InputSerializer, responses={201: InspectionPlanDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, plan_id: int) -> Response:
        actor = actor_of(request.user)
        plan = selectors.plan_get(actor=actor, plan_id=plan_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.plan_line_add(
            actor=actor,
            plan=plan,
            kind=values["kind"],
            subject_matter=values["subject_matter"],
            subjects_text=values["subjects_text"],
            subject_units=org_selectors.units_get(ids=values["subject_units"], field="subject_units"),
            month=values["month"],
        )
        return plan_response(request, plan.pk, status=201)


class PlanWithdrawApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        reason = StrictCharField(max_length=300)
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: InspectionPlanDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, plan_id: int) -> Response:
        actor = actor_of(request.user)
        plan = selectors.plan_get(actor=actor, plan_id=plan_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_withdraw(
            actor=actor,
            plan=plan,
            reason=data.validated_data["reason"],
            expected_version=expected_version(request),
        )
        return plan_response(request, plan.pk)


INSPECTION_FILTERS = [
    OpenApiParameter("body", int, description="The inspecting body's id."),
    OpenApiParameter("kind", str, enum=InspectionKind.values),
    OpenApiParameter("state", str, enum=InspectionState.values),
    OpenApiParameter("year", int, description="The year of the decision (of creation while undecided)."),
]


class InspectionListCreateApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        body = IdField()
        kind = serializers.ChoiceField(choices=InspectionKind.choices)
        title = StrictCharField(max_length=300)
        subject_matter = StrictCharField(max_length=10000)
        subject_document = IdField(required=False, allow_null=True)
        planned = IdField(required=False, allow_null=True, help_text="The line of the plan it realises.")
        starts_on = DateField(required=False, allow_null=True)
        ends_on = DateField(required=False, allow_null=True)

    @extend_schema(parameters=INSPECTION_FILTERS, responses={200: InspectionOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        actor = actor_of(request.user)
        year = query_year(request)
        if year is not None and not 2000 <= year <= 2100:
            raise ApplicationError(fields={"year": [_("Give a year between 2000 and 2100.")]})
        filters = selectors.InspectionFilters(
            body_id=query_int(request, "body"),
            kind=request.query_params.get("kind") or None,
            state=request.query_params.get("state") or None,
            year=year,
        )
        inspections = selectors.inspection_list(actor=actor, filters=filters)
        paginator = Pagination()
        page = paginator.paginate_queryset(inspections, request, view=self)
        return paginator.get_paginated_response(
            InspectionOutput(page, many=True, context={"actor": actor}).data
        )

    @extend_schema(request=InputSerializer, responses={201: InspectionDetailOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        actor = actor_of(request.user)
        planned_id = values.get("planned")
        inspection = services.inspection_create(
            actor=actor,
            body=_body(values["body"]),
            kind=values["kind"],
            title=values["title"],
            subject_matter=values["subject_matter"],
            subject_document=_document(request, values.get("subject_document"), "subject_document"),
            planned=selectors.planned_line_for(actor=actor, line_id=planned_id) if planned_id else None,
            starts_on=values.get("starts_on"),
            ends_on=values.get("ends_on"),
        )
        return inspection_response(request, inspection.pk, status=201)


class InspectionDetailApi(ApiView):
    @extend_schema(responses={200: InspectionDetailOutput, **ERRORS})
    def get(self, request: Request, inspection_id: int) -> Response:
        return inspection_response(request, inspection_id)


class InspectionMoveApi(ApiView):
    """One step of the life cycle: decide (with the decision's number and date in ``on``), start,
    conclude (its date in ``on``), follow_up_done. A move the state refuses is 409 with the reason."""

    class InputSerializer(serializers.Serializer[Any]):
        action = serializers.ChoiceField(choices=policy_records.MOVES)
        on = DateField(required=False, allow_null=True, help_text="The move's day (the decision's date).")
        decision_number = StrictCharField(required=False, default="", allow_blank=True, max_length=60)
        note = StrictCharField(required=False, default="", allow_blank=True, max_length=300)
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: InspectionDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, inspection_id: int) -> Response:
        actor = actor_of(request.user)
        inspection = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.inspection_move(
            actor=actor,
            inspection=inspection,
            action=values["action"],
            expected_version=expected_version(request),
            on=values.get("on"),
            decision_number=values["decision_number"],
            note=values["note"],
        )
        return inspection_response(request, inspection.pk)


class TeamMemberAddApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        person = IdField()
        role = serializers.ChoiceField(choices=TeamRole.choices)

    @extend_schema(request=InputSerializer, responses={201: InspectionDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, inspection_id: int) -> Response:
        actor = actor_of(request.user)
        inspection = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = selectors.person_for(
            actor=actor, body=inspection.body, person_id=values["person"], field="person"
        )
        services.team_member_add(actor=actor, inspection=inspection, person=person, role=values["role"])
        return inspection_response(request, inspection.pk, status=201)


class TeamMemberLeaveApi(ApiView):
    """A member leaves the team on a day (never deleted)."""

    class InputSerializer(serializers.Serializer[Any]):
        left_on = DateField(required=False, allow_null=True)

    @extend_schema(request=InputSerializer, responses={200: InspectionDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, inspection_id: int, member_id: int) -> Response:
        actor = actor_of(request.user)
        inspection = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
        member = selectors.team_member_get(inspection=inspection, member_id=member_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.team_member_remove(actor=actor, member=member, left_on=data.validated_data.get("left_on"))
        return inspection_response(request, inspection.pk)


class SubjectAddApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        unit = IdField(required=False, allow_null=True, help_text="An organisation inspected.")
        person = IdField(required=False, allow_null=True, help_text="A person inspected.")
        unit_of_person = IdField(
            required=False,
            allow_null=True,
            help_text="The unit the person is inspected in (default: his position's).",
        )

    @extend_schema(request=InputSerializer, responses={201: InspectionDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, inspection_id: int) -> Response:
        actor = actor_of(request.user)
        inspection = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data

        def unit(field: str) -> Any:
            unit_id = values.get(field)
            return org_selectors.units_get(ids=[unit_id], field=field)[0] if unit_id else None

        person_id = values.get("person")
        services.subject_add(
            actor=actor,
            inspection=inspection,
            unit=unit("unit"),
            person=(
                selectors.person_for(actor=actor, body=inspection.body, person_id=person_id, field="person")
                if person_id
                else None
            ),
            unit_of_person=unit("unit_of_person"),
        )
        return inspection_response(request, inspection.pk, status=201)


class SubjectWithdrawApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        reason = StrictCharField(max_length=300)

    @extend_schema(request=InputSerializer, responses={200: InspectionDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, inspection_id: int, subject_id: int) -> Response:
        actor = actor_of(request.user)
        inspection = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
        subject = selectors.subject_get(actor=actor, inspection=inspection, subject_id=subject_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.subject_withdraw(actor=actor, subject=subject, reason=data.validated_data["reason"])
        return inspection_response(request, inspection.pk)
