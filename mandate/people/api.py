"""API of accounts, people, positions and the unit directory.

The directory (``/organisations/``) is served here because it shows who heads each unit; its
structural writes call ``mandate.organisations.services``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import FormParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, WRITE_ERRORS, ApiView, ErrorSerializer, Pagination, expected_version
from mandate.core.api_fields import DateField, IdField, StrictCharField, VersionField, query_date, query_int
from mandate.core.dates import DOCUMENT_DATES
from mandate.core.exceptions import ApplicationError
from mandate.core.parsers import JSONParser
from mandate.organisations import selectors as org_selectors
from mandate.organisations import services as org_services
from mandate.organisations.enums import UnitKind, UnitLevel
from mandate.organisations.models import OrgUnit
from mandate.people import selectors, services
from mandate.people.actors import actor_of
from mandate.people.authentication import SecondFactorRequired
from mandate.people.models import Person, Position
from mandate.people.scopes import read_scope, today, write_scope
from mandate.people.second_factor import requires_second_factor

# --- sign-in -----------------------------------------------------------------------------------


class TokenObtainApi(ApiView):
    """Exchange a user name and password for an API token (``Authorization: Token <token>``)."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    # JSON, as documented; a form too, so that `curl -d username=…&password=…` (README) works.
    parser_classes = [JSONParser, FormParser]

    class InputSerializer(serializers.Serializer[Any]):
        username = StrictCharField(max_length=150)
        password = StrictCharField(max_length=4096, trim_whitespace=False)

    @extend_schema(
        request={"application/json": InputSerializer},
        responses={
            200: inline_serializer(
                "Token",
                {
                    "token": serializers.CharField(),
                    "id": serializers.IntegerField(),
                    "expires_at": serializers.DateTimeField(),
                },
            ),
            400: ErrorSerializer,
            403: ErrorSerializer,
            429: ErrorSerializer,
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(
            request=django_request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            return Response(
                {
                    "code": "throttled",
                    "message": _("Too many failed sign-ins. Wait 15 minutes and try again."),
                    "fields": {},
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": "900"},
            )  # AxesMiddleware answers the same way (mandate.people.views.locked_out)
        if user is None or not user.is_active:
            raise ApplicationError(_("The user name or password is wrong."), code="invalid_credentials")
        if requires_second_factor(user):
            # A password alone never opens the API of such an account (ADR 0034).
            raise SecondFactorRequired()
        token, key = services.api_token_sign_in(user=user)
        return Response({"token": key, "id": token.pk, "expires_at": token.expires_at})


# --- the signed-in user ------------------------------------------------------------------------


class PositionOutput(serializers.ModelSerializer[Position]):
    person_name = serializers.CharField(source="person.full_name")
    unit_name = serializers.CharField(source="unit.name")
    signing_prefix = serializers.CharField()

    class Meta:
        model = Position
        fields = [
            "id",
            "person",
            "person_name",
            "unit",
            "unit_name",
            "scope_unit",
            "title",
            "title_en",
            "role",
            "kind",
            "is_head",
            "is_deputy",
            "signing_prefix",
            "on_behalf_of",
            "valid_from",
            "valid_to",
        ]


class MeApi(ApiView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "Me",
                {
                    "id": serializers.IntegerField(),
                    "username": serializers.CharField(),
                    "full_name": serializers.CharField(allow_null=True),
                    "language": serializers.CharField(),
                    "is_administrator": serializers.BooleanField(),
                    "positions": PositionOutput(many=True),
                    "read_scope": serializers.ListField(child=serializers.IntegerField()),
                    "write_scope": serializers.ListField(child=serializers.IntegerField()),
                    "everything": serializers.BooleanField(),
                },
            ),
            401: ErrorSerializer,
        }
    )
    def get(self, request: Request) -> Response:
        user = actor_of(request.user)
        person = selectors.person_of(user=user)
        positions = (
            selectors.position_list_visible(actor=user, person=person, on=today())
            if person
            else Position.objects.none()
        )
        scope_r, scope_w = read_scope(user), write_scope(user)
        paths = set(scope_r.prefixes) | set(scope_w.prefixes)
        ids = org_selectors.unit_ids_by_path(paths=paths)
        return Response(
            {
                "id": user.pk,
                "username": user.get_username(),
                "full_name": person.full_name if person else None,
                "language": getattr(user, "language", ""),
                "is_administrator": user.has_perm("organisations.manage_structure"),
                "positions": PositionOutput(positions, many=True).data,
                "read_scope": [ids[p] for p in scope_r.prefixes if p in ids],
                "write_scope": [ids[p] for p in scope_w.prefixes if p in ids],
                "everything": scope_r.everything,
            }
        )


# --- the unit directory ------------------------------------------------------------------------


class HeadOutput(serializers.Serializer[Any]):
    person_id = serializers.IntegerField(source="person.pk")
    full_name = serializers.CharField(source="person.full_name")
    title = serializers.CharField()
    signing_prefix = serializers.CharField()


class UnitOutput(serializers.ModelSerializer[OrgUnit]):
    # DRF moves declared fields off the class: this does not shadow Field.parent.
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]
    heads = serializers.SerializerMethodField()

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "name",
            "name_en",
            "code",
            "kind",
            "level",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
            "retired_reason",
            "heads",
            "version",
        ]

    def get_parent(self, unit: OrgUnit) -> int | None:
        parents: dict[str, int] = self.context["parent_ids"]
        return parents.get(unit.parent_path)

    @extend_schema_field(HeadOutput(many=True))
    def get_heads(self, unit: OrgUnit) -> Any:
        heads: dict[int, list[Position]] = self.context["heads"]
        return HeadOutput(heads.get(unit.pk, []), many=True).data


def _directory_context(units: list[OrgUnit], day: dt.date) -> dict[str, Any]:
    parent_paths = {u.parent_path for u in units if u.depth > 1}
    parent_ids = org_selectors.unit_ids_by_path(paths=parent_paths)
    return {"parent_ids": parent_ids, "heads": selectors.heads_on(units=units, day=day)}


def _unit_response(unit: OrgUnit, *, day: dt.date | None = None, code: int = 200) -> Response:
    context = _directory_context([unit], day or today())
    return Response(UnitOutput(unit, context=context).data, status=code)


UNIT_FILTERS = [
    OpenApiParameter("on", str, description="The tree on this date (YYYY-MM-DD); all dates when absent."),
    OpenApiParameter("kind", str, enum=UnitKind.values),
    OpenApiParameter("level", str, enum=UnitLevel.values),
    OpenApiParameter("parent", int, description="Only the direct children of this unit."),
    OpenApiParameter("within", int, description="Only this unit's subtree."),
    OpenApiParameter("q", str, description="Words of the name, or the abbreviation."),
]


class UnitListCreateApi(ApiView):
    """The unit directory: every signed-in user may read it. Administrators add units."""

    class InputSerializer(serializers.Serializer[Any]):
        parent = IdField(required=False, allow_null=True)  # type: ignore[assignment]
        name = StrictCharField(max_length=255)
        name_en = StrictCharField(max_length=255, required=False, default="", allow_blank=True)
        code = StrictCharField(max_length=20, required=False, default="", allow_blank=True)
        kind = serializers.ChoiceField(choices=UnitKind.choices)
        level = serializers.ChoiceField(choices=UnitLevel.choices)
        valid_from = DateField(dates=DOCUMENT_DATES)

    @extend_schema(parameters=UNIT_FILTERS, responses={200: UnitOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        day = query_date(request, dates=DOCUMENT_DATES)
        parent_id, within_id = query_int(request, "parent"), query_int(request, "within")
        kind, level = request.query_params.get("kind"), request.query_params.get("level")
        if kind and kind not in UnitKind.values:
            raise ApplicationError(fields={"kind": [_("Not a choice.")]})
        if level and level not in UnitLevel.values:
            raise ApplicationError(fields={"level": [_("Not a choice.")]})
        units = org_selectors.unit_list(
            on=day,
            kind=kind,
            level=level,
            parent=org_selectors.unit_get(unit_id=parent_id) if parent_id else None,
            within=org_selectors.unit_get(unit_id=within_id) if within_id else None,
            search=request.query_params.get("q") or None,
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(units, request, view=self) or []
        context = _directory_context(page, day or today())
        return paginator.get_paginated_response(UnitOutput(page, many=True, context=context).data)

    @extend_schema(request=InputSerializer, responses={201: UnitOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        parent_id = values.pop("parent", None)
        parent = org_selectors.unit_get(unit_id=parent_id) if parent_id else None
        unit = org_services.unit_create(actor=actor_of(request.user), parent=parent, **values)
        return _unit_response(unit, code=201)


class UnitDetailApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        name = StrictCharField(max_length=255, required=False)
        name_en = StrictCharField(max_length=255, required=False, allow_blank=True)
        code = StrictCharField(max_length=20, required=False, allow_blank=True)
        version = VersionField()

    @extend_schema(responses={200: UnitOutput, **ERRORS})
    def get(self, request: Request, unit_id: int) -> Response:
        return _unit_response(org_selectors.unit_get(unit_id=unit_id))

    @extend_schema(request=InputSerializer, responses={200: UnitOutput, **WRITE_ERRORS})
    def patch(self, request: Request, unit_id: int) -> Response:
        unit = org_selectors.unit_get(unit_id=unit_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k != "version"}
        unit = org_services.unit_correct(
            actor=actor_of(request.user), unit=unit, expected_version=expected_version(request), **changes
        )
        return _unit_response(unit)


class LineageOutput(serializers.Serializer[Any]):
    unit = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    effective_on = serializers.DateField()


class UnitLineageApi(ApiView):
    """Where a unit came from and what continued it, across reorganisations."""

    @extend_schema(
        responses={
            200: inline_serializer(
                "Lineage",
                {"predecessors": LineageOutput(many=True), "successors": LineageOutput(many=True)},
            ),
            **ERRORS,
        }
    )
    def get(self, request: Request, unit_id: int) -> Response:
        unit = org_selectors.unit_get(unit_id=unit_id)
        came_from, went_to = org_selectors.lineage_links(unit=unit)
        return Response(
            {
                "predecessors": [
                    {
                        "unit": x.predecessor_id,
                        "name": x.predecessor.name,
                        "kind": x.kind,
                        "effective_on": x.effective_on,
                    }
                    for x in came_from
                ],
                "successors": [
                    {
                        "unit": x.successor_id,
                        "name": x.successor.name,
                        "kind": x.kind,
                        "effective_on": x.effective_on,
                    }
                    for x in went_to
                ],
            }
        )


class UnitMergeApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        sources = serializers.ListField(child=IdField(), min_length=1, max_length=200)
        parent = IdField(required=False, allow_null=True)  # type: ignore[assignment]
        name = StrictCharField(max_length=255)
        name_en = StrictCharField(max_length=255, required=False, default="", allow_blank=True)
        code = StrictCharField(max_length=20, required=False, default="", allow_blank=True)
        kind = serializers.ChoiceField(choices=UnitKind.choices)
        level = serializers.ChoiceField(choices=UnitLevel.choices)
        effective_on = DateField(dates=DOCUMENT_DATES)
        reason = StrictCharField(max_length=2000)

    @extend_schema(request=InputSerializer, responses={201: UnitOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        sources = org_selectors.units_get(ids=values.pop("sources"), field="sources")
        parent_id = values.pop("parent", None)
        parent = org_selectors.unit_get(unit_id=parent_id) if parent_id else None
        unit = org_services.unit_merge(actor=actor_of(request.user), sources=sources, parent=parent, **values)
        return _unit_response(unit, day=unit.valid_from, code=201)


class UnitRetireApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        last_day = DateField(dates=DOCUMENT_DATES)
        reason = StrictCharField(max_length=2000)
        successors = serializers.ListField(child=IdField(), required=False, default=list, max_length=200)

    @extend_schema(request=InputSerializer, responses={200: UnitOutput, **ERRORS})
    def post(self, request: Request, unit_id: int) -> Response:
        unit = org_selectors.unit_get(unit_id=unit_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        successors = org_selectors.units_get(ids=data.validated_data["successors"], field="successors")
        unit = org_services.unit_retire(
            actor=actor_of(request.user),
            unit=unit,
            last_day=data.validated_data["last_day"],
            reason=data.validated_data["reason"],
            successors=successors,
        )
        return _unit_response(unit, day=unit.valid_from)


# --- people and positions ----------------------------------------------------------------------


class PersonOutput(serializers.ModelSerializer[Person]):
    class Meta:
        model = Person
        fields = ["id", "full_name", "version"]


class PersonListApi(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("unit", int), OpenApiParameter("q", str)],
        responses={200: PersonOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        unit_id = query_int(request, "unit")
        people = selectors.person_list_visible(
            actor=actor_of(request.user),
            unit=org_selectors.unit_get(unit_id=unit_id) if unit_id else None,
            search=request.query_params.get("q") or None,
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(people, request, view=self)
        return paginator.get_paginated_response(PersonOutput(page, many=True).data)


class PersonDetailApi(ApiView):
    @extend_schema(
        responses={
            200: inline_serializer(
                "PersonDetail",
                {
                    "id": serializers.IntegerField(),
                    "full_name": serializers.CharField(),
                    "positions": PositionOutput(many=True),
                },
            ),
            **ERRORS,
        }
    )
    def get(self, request: Request, person_id: int) -> Response:
        person = selectors.person_get_visible(actor=actor_of(request.user), person_id=person_id)
        positions = selectors.position_list_visible(actor=actor_of(request.user), person=person)
        return Response(
            {
                "id": person.pk,
                "full_name": person.full_name,
                "positions": PositionOutput(positions, many=True).data,
            }
        )


class PositionListApi(ApiView):
    @extend_schema(
        parameters=[OpenApiParameter("unit", int), OpenApiParameter("on", str)],
        responses={200: PositionOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        unit_id = query_int(request, "unit")
        positions = selectors.position_list_visible(
            actor=actor_of(request.user),
            unit=org_selectors.unit_get(unit_id=unit_id) if unit_id else None,
            on=query_date(request, dates=DOCUMENT_DATES),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(positions, request, view=self)
        return paginator.get_paginated_response(PositionOutput(page, many=True).data)
