"""The read-only API of the inspection reference data, and the catalogue upload.

An example catalogue says so in every answer that shows it or its signs (``is_example`` and
``example_notice``); a form from a rule set marked "to verify" carries the mark and what is to
be verified in every answer that offers it.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, UPLOAD_ERRORS, ApiView, Pagination
from mandate.core.api_fields import query_date, query_int
from mandate.core.exceptions import ApplicationError
from mandate.core.uploads import refuse_oversized_body
from mandate.inspections import discipline_rules, policy, selectors, services
from mandate.inspections.enums import SubjectKind
from mandate.inspections.models import (
    DeferralReason,
    DisciplineForm,
    SignGroup,
    ViolationCatalogue,
    ViolationSign,
)
from mandate.organisations import selectors as org_selectors
from mandate.people.actors import actor_of
from mandate.people.scopes import today


def example_notice(is_example: bool) -> str:
    if not is_example:
        return ""
    return _("Example: made to try the system, not an official text. Do not cite it in a decision.")


class GroupOutput(serializers.ModelSerializer[SignGroup]):
    class Meta:
        model = SignGroup
        fields = ["code", "name", "name_en", "kind", "order", "official_count"]


class SignOutput(serializers.ModelSerializer[ViolationSign]):
    group = serializers.CharField(source="group.code")
    is_example = serializers.SerializerMethodField()

    class Meta:
        model = ViolationSign
        fields = [
            "id",
            "code",
            "group",
            "text",
            "text_en",
            "order",
            "valid_from",
            "valid_to",
            "basis",
            "is_example",
        ]

    def get_is_example(self, sign: ViolationSign) -> bool:
        """The catalogue's mark, on each sign: a sign shown alone still says it is an example."""
        return sign.catalogue.is_example


class CatalogueOutput(serializers.ModelSerializer[ViolationCatalogue]):
    owner_unit_name = serializers.CharField(source="owner_unit.name")
    source_document_symbol = serializers.CharField(
        source="source_document.symbol", allow_null=True, default=None
    )
    example_notice = serializers.SerializerMethodField()
    sign_count = serializers.SerializerMethodField()

    class Meta:
        model = ViolationCatalogue
        fields = [
            "id", "key", "name", "name_en", "is_example", "example_notice", "owner_unit", "owner_unit_name",
            "source_document", "source_document_symbol", "source_reference", "valid_from", "valid_to",
            "note", "note_en", "sign_count", "file_name", "file_sha256", "loaded_at", "version",
        ]  # fmt: skip

    def get_example_notice(self, catalogue: ViolationCatalogue) -> str:
        return example_notice(catalogue.is_example)

    def get_sign_count(self, catalogue: ViolationCatalogue) -> int:
        count = getattr(catalogue, "sign_count", None)
        return int(count) if count is not None else len(catalogue.signs.all())


class CatalogueDetailOutput(CatalogueOutput):
    groups = GroupOutput(many=True, read_only=True)
    signs = SignOutput(many=True, read_only=True)

    class Meta(CatalogueOutput.Meta):
        fields = [*CatalogueOutput.Meta.fields, "groups", "signs"]


CATALOGUE_FILTERS = [
    OpenApiParameter("on", str, description="Only what is in force on this day (YYYY-MM-DD)."),
    OpenApiParameter("owner_unit", int, description="The owner unit's id."),
    OpenApiParameter("key", str, description="One catalogue's key, all its versions."),
]


class CatalogueListApi(ApiView):
    """Every version of every catalogue, or those in force on a day; open to every signed-in user."""

    @extend_schema(parameters=CATALOGUE_FILTERS, responses={200: CatalogueOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        catalogues = selectors.catalogue_list(
            on=query_date(request, "on"),
            owner_unit_id=query_int(request, "owner_unit"),
            key=request.query_params.get("key") or None,
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(catalogues, request, view=self)
        return paginator.get_paginated_response(CatalogueOutput(page, many=True).data)


class CatalogueDetailApi(ApiView):
    @extend_schema(
        parameters=[
            OpenApiParameter("on", str, description="Only the signs in force on this day (YYYY-MM-DD).")
        ],
        responses={200: CatalogueDetailOutput, **ERRORS},
    )
    def get(self, request: Request, catalogue_id: int) -> Response:
        catalogue = selectors.catalogue_get(catalogue_id=catalogue_id, on=query_date(request, "on"))
        return Response(CatalogueDetailOutput(catalogue).data)


LoadOutput = inline_serializer(
    "CatalogueLoad",
    {
        "outcome": serializers.ChoiceField(choices=["loaded", "unchanged"]),
        "closed_catalogue": serializers.IntegerField(allow_null=True),
        "catalogue": CatalogueDetailOutput(),
    },
)


class CatalogueLoadApi(ApiView):
    """Load a catalogue file (YAML, CSV or Excel) for an owner unit: all or nothing. A system
    administrator, or an inspection commission or its office (``inspections.policy``)."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "CatalogueUpload", {"file": serializers.FileField(), "owner_unit": serializers.IntegerField()}
            )
        },
        responses={200: LoadOutput, 201: LoadOutput, **UPLOAD_ERRORS},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request.user)
        # Who may load at all is decided before the body is read: a refusal reveals nothing.
        policy.require(policy.may_load_catalogues(actor))
        refuse_oversized_body(request.META)
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError(_("Attach a file in the field “file”."), fields={"file": [_("Required.")]})
        raw_owner = str(request.POST.get("owner_unit") or "")
        if not raw_owner.isascii() or not raw_owner.isdigit() or not 0 < int(raw_owner) < 2**63:
            raise ApplicationError(fields={"owner_unit": [_("Give the owner unit's id.")]})
        owner = org_selectors.units_get(ids=[int(raw_owner)], field="owner_unit")[0]
        result = services.catalogue_load(actor=actor, file=upload, owner_unit=owner)
        catalogue = selectors.catalogue_get(catalogue_id=result.catalogue.pk)
        body = {
            "outcome": result.outcome,
            "closed_catalogue": result.closed.pk if result.closed else None,
            "catalogue": CatalogueDetailOutput(catalogue).data,
        }
        return Response(body, status=201 if result.outcome == "loaded" else 200)


class DisciplineFormOutput(serializers.ModelSerializer[DisciplineForm]):
    """A form as offered: its rule's source and period, and the rule's "to verify" mark."""

    system = serializers.CharField(source="rule_set.system")
    rule_set = serializers.CharField(source="rule_set.key")
    source_label = serializers.SerializerMethodField()
    source_document = serializers.CharField(source="rule_set.source_document")
    source_article = serializers.CharField(source="rule_set.source_article")
    source_url = serializers.CharField(source="rule_set.source_url")
    valid_from = serializers.DateField(source="rule_set.valid_from")
    valid_to = serializers.DateField(source="rule_set.valid_to", allow_null=True)
    to_verify = serializers.BooleanField(source="rule_set.to_verify")
    to_verify_note = serializers.SerializerMethodField()
    choice_label = serializers.SerializerMethodField()

    class Meta:
        model = DisciplineForm
        fields = [
            "id", "subject_kind", "code", "name", "name_en", "choice_label", "severity", "note", "note_en",
            "system", "rule_set", "source_label", "source_document", "source_article", "source_url",
            "valid_from", "valid_to", "to_verify", "to_verify_note",
        ]  # fmt: skip

    def get_source_label(self, form: DisciplineForm) -> str:
        return discipline_rules.source_label(form.rule_set)

    def get_to_verify_note(self, form: DisciplineForm) -> str:
        return discipline_rules.to_verify_note(form.rule_set)

    def get_choice_label(self, form: DisciplineForm) -> str:
        """The name to show in a choice list, with the mark when the rule is to be verified."""
        name = form.name_en if (get_language() or "vi").startswith("en") else form.name
        return _("%(form)s (to verify)") % {"form": name} if form.rule_set.to_verify else name


SUBJECT_KIND = OpenApiParameter("subject_kind", str, enum=SubjectKind.values)
ON_DAY = OpenApiParameter("on", str, description="The decision's date (YYYY-MM-DD); today by default.")


def _subject_kind(request: Request, *, required: bool = False) -> str | None:
    kind = request.query_params.get("subject_kind") or None
    if kind is None and required:
        raise ApplicationError(fields={"subject_kind": [_("Required.")]})
    return kind


def _on(request: Request) -> dt.date:
    return query_date(request, "on") or today()


class DisciplineFormListApi(ApiView):
    """The forms in force for a kind of subject on a day, from the lightest."""

    pagination_class = None

    @extend_schema(
        parameters=[SUBJECT_KIND, ON_DAY], responses={200: DisciplineFormOutput(many=True), **ERRORS}
    )
    def get(self, request: Request) -> Response:
        forms = discipline_rules.forms_in_force(_subject_kind(request), _on(request))
        return Response(DisciplineFormOutput(forms, many=True).data)


class DisciplineFormCheckApi(ApiView):
    """Whether a form may be chosen for a decision of that date, and if not, why (the same check
    every discipline decision will pass)."""

    @extend_schema(
        parameters=[SUBJECT_KIND, OpenApiParameter("form", str, description="The form's code."), ON_DAY],
        responses={
            200: inline_serializer(
                "DisciplineFormCheck",
                {
                    "in_force": serializers.BooleanField(),
                    "message": serializers.CharField(),
                    "form": DisciplineFormOutput(allow_null=True),
                },
            ),
            **ERRORS,
        },
    )
    def get(self, request: Request) -> Response:
        kind = _subject_kind(request, required=True)
        code = request.query_params.get("form") or ""
        if not code:
            raise ApplicationError(fields={"form": [_("Required.")]})
        try:
            form = discipline_rules.check_discipline_form(str(kind), code[:40], _on(request))
        except ApplicationError as err:
            if err.code != "discipline_form_not_in_force":
                raise
            return Response({"in_force": False, "message": str(err.message), "form": None})
        return Response({"in_force": True, "message": "", "form": DisciplineFormOutput(form).data})


class DeferralReasonOutput(serializers.ModelSerializer[DeferralReason]):
    class Meta:
        model = DeferralReason
        fields = [
            "code", "name", "name_en", "end_rule", "months", "end_rule_text", "end_rule_text_en",
            "subject_kinds", "waivable", "source_document", "source_article", "source_url", "valid_from",
            "valid_to", "to_verify", "to_verify_note", "to_verify_note_en",
        ]  # fmt: skip


class DeferralReasonListApi(ApiView):
    pagination_class = None

    @extend_schema(
        parameters=[SUBJECT_KIND, ON_DAY], responses={200: DeferralReasonOutput(many=True), **ERRORS}
    )
    def get(self, request: Request) -> Response:
        reasons = discipline_rules.deferral_reasons_in_force(_subject_kind(request), _on(request))
        return Response(DeferralReasonOutput(reasons, many=True).data)
