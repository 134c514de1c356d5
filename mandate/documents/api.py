from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, UPLOAD_ERRORS, WRITE_ERRORS, ApiView, Pagination, expected_version
from mandate.core.api_fields import (
    DateField,
    IdField,
    StrictCharField,
    VersionField,
    query_int,
    query_year,
    refuse_unknown_fields,
)
from mandate.core.dates import DOCUMENT_DATES
from mandate.core.downloads import FILE_RESPONSES, file_download
from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.core.request_values import parse_flag
from mandate.core.uploads import refuse_oversized_body
from mandate.documents import policy, selectors, services
from mandate.documents.enums import AttachmentKind, Confidentiality, Direction, RelationKind
from mandate.documents.models import Document, DocumentAttachment, DocumentRelation, DocumentType
from mandate.organisations import selectors as org_selectors
from mandate.people.actors import actor_of


class DocumentTypeOutput(serializers.ModelSerializer[DocumentType]):
    class Meta:
        model = DocumentType
        fields = ["id", "slug", "name", "name_en", "symbol_codes", "codeless"]


class DocumentTypeListApi(ApiView):
    @extend_schema(responses={200: DocumentTypeOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        types = selectors.document_type_list()
        paginator = Pagination()
        page = paginator.paginate_queryset(types, request, view=self)
        return paginator.get_paginated_response(DocumentTypeOutput(page, many=True).data)


class AttachmentOutput(serializers.ModelSerializer[DocumentAttachment]):
    class Meta:
        model = DocumentAttachment
        fields = ["id", "kind", "display_name", "content_type", "size", "sha256", "uploaded_at"]


class DocumentOutput(serializers.ModelSerializer[Document]):
    document_type: serializers.SlugRelatedField[DocumentType] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    document_type_name = serializers.CharField(source="document_type.name")
    issuing_unit_name = serializers.CharField(source="issuing_unit.name")

    class Meta:
        model = Document
        fields = [
            "id",
            "symbol",
            "number",
            "type_code",
            "issuer_code",
            "drafting_code",
            "symbol_year",
            "symbol_form",
            "document_type",
            "document_type_name",
            "issuing_unit",
            "issuing_unit_name",
            "issued_on",
            "title",
            "summary",
            "recipients_text",
            "signer",
            "confidentiality",
            "is_public",
            "direction",
            "incoming_number",
            "received_on",
            "received_by",
            "outgoing_number",
            "registered_for",
            "retired_at",
            "retired_reason",
            "version",
        ]


class RelationOutput(serializers.Serializer[Any]):
    kind = serializers.CharField()
    document = serializers.IntegerField()
    symbol = serializers.CharField()
    title = serializers.CharField()


class DocumentDetailOutput(DocumentOutput):
    recipient_units = serializers.SerializerMethodField()
    attachments = AttachmentOutput(many=True, read_only=True)
    allowed_actions = serializers.SerializerMethodField()

    class Meta(DocumentOutput.Meta):
        fields = [*DocumentOutput.Meta.fields, "recipient_units", "attachments", "allowed_actions"]

    def get_allowed_actions(self, document: Document) -> list[str]:
        """What the reader may do to the document now (``documents.policy``): edit, retire,
        relate, attach."""
        actor = self.context.get("actor")
        return [a.name for a in policy.available_actions(actor, document) if a.allowed] if actor else []

    def get_recipient_units(self, document: Document) -> list[int]:
        return [r.unit_id for r in document.recipients.all() if r.kind == "addressed"]


def _detail(request: Request, document: Document, code: int = 200) -> Response:
    document = selectors.document_get_visible(actor=actor_of(request.user), document_id=document.pk)
    return Response(
        DocumentDetailOutput(document, context={"actor": actor_of(request.user)}).data, status=code
    )


def _register_number(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=999999, help_text=help_text
    )


DOCUMENT_FILTERS = [
    OpenApiParameter("q", str, description="Words of the title or summary, accents optional."),
    OpenApiParameter("symbol", str, description="The symbol as typed: 06/Ctr-TU, 06-ctr-tu, 06-CTr…"),
    OpenApiParameter("type", str, description="Document type key, e.g. ke-hoach."),
    OpenApiParameter("issuer", int, description="Issuing unit id."),
    OpenApiParameter("year", int),
    OpenApiParameter("include_retired", bool),
]


class DocumentListCreateApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        document_type = serializers.SlugField(max_length=50)
        symbol = StrictCharField(max_length=60)
        issuing_unit = IdField()
        issued_on = DateField(dates=DOCUMENT_DATES)
        title = StrictCharField(max_length=500)
        summary = StrictCharField(required=False, default="", allow_blank=True, max_length=20000)
        recipients_text = StrictCharField(required=False, default="", allow_blank=True, max_length=5000)
        recipient_units = serializers.ListField(child=IdField(), required=False, default=list, max_length=500)
        signer = StrictCharField(required=False, default="", allow_blank=True, max_length=200)
        confidentiality = serializers.ChoiceField(
            choices=Confidentiality.choices, default=Confidentiality.NORMAL
        )
        is_public = serializers.BooleanField(default=False)
        direction = serializers.ChoiceField(
            choices=Direction.choices,
            allow_blank=True,
            default="",
            help_text="The register: incoming (needs incoming_number and received_on) or outgoing "
            "(needs outgoing_number).",
        )
        incoming_number = _register_number(help_text="Số đến: the receiving unit's register number.")
        received_on = DateField(dates=DOCUMENT_DATES, required=False, allow_null=True, default=None)
        outgoing_number = _register_number(help_text="Số đi: the issuer's register number.")

    @extend_schema(parameters=DOCUMENT_FILTERS, responses={200: DocumentOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        params = request.query_params
        year = query_year(request, "year", DOCUMENT_DATES)
        documents = selectors.document_list_visible(
            actor=actor_of(request.user),
            search=params.get("q") or None,
            symbol=params.get("symbol") or None,
            type_slug=params.get("type") or None,
            issuing_unit_id=query_int(request, "issuer"),
            year=year if year and year < 10000 else None,
            include_retired=parse_flag(params.get("include_retired")),
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(documents, request, view=self)
        return paginator.get_paginated_response(DocumentOutput(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: DocumentDetailOutput, **ERRORS})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        document = services.document_register(
            actor=actor_of(request.user),
            document_type=selectors.document_type_get(slug=values.pop("document_type")),
            issuing_unit=org_selectors.units_get(ids=[values.pop("issuing_unit")], field="issuing_unit")[0],
            recipient_units=org_selectors.units_get(
                ids=values.pop("recipient_units"), field="recipient_units"
            ),
            **values,
        )
        return _detail(request, document, code=201)


class DocumentDetailApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        title = StrictCharField(max_length=500, required=False)
        summary = StrictCharField(required=False, allow_blank=True, max_length=20000)
        recipients_text = StrictCharField(required=False, allow_blank=True, max_length=5000)
        signer = StrictCharField(required=False, allow_blank=True, max_length=200)
        confidentiality = serializers.ChoiceField(choices=Confidentiality.choices, required=False)
        is_public = serializers.BooleanField(required=False)
        incoming_number = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=999999
        )
        received_on = DateField(dates=DOCUMENT_DATES, required=False, allow_null=True)
        outgoing_number = serializers.IntegerField(
            required=False, allow_null=True, min_value=1, max_value=999999
        )
        version = VersionField()

    @extend_schema(responses={200: DocumentDetailOutput, **ERRORS})
    def get(self, request: Request, document_id: int) -> Response:
        document = selectors.document_get_visible(actor=actor_of(request.user), document_id=document_id)
        return Response(DocumentDetailOutput(document, context={"actor": actor_of(request.user)}).data)

    @extend_schema(request=InputSerializer, responses={200: DocumentDetailOutput, **WRITE_ERRORS})
    def patch(self, request: Request, document_id: int) -> Response:
        document = selectors.document_get_visible(actor=actor_of(request.user), document_id=document_id)
        data = self.InputSerializer(data=request.data)
        refuse_unknown_fields(request.data, data)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k != "version"}
        document = services.document_update(
            actor=actor_of(request.user),
            document=document,
            expected_version=expected_version(request),
            changes=changes,
        )
        return _detail(request, document)


class DocumentRetireApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        reason = StrictCharField(max_length=2000)
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: DocumentDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, document_id: int) -> Response:
        document = selectors.document_get_visible(actor=actor_of(request.user), document_id=document_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_retire(
            actor=actor_of(request.user),
            document=document,
            reason=data.validated_data["reason"],
            expected_version=expected_version(request),
        )
        return Response(DocumentDetailOutput(document, context={"actor": actor_of(request.user)}).data)


def _relation_rows(relations: list[DocumentRelation], *, outgoing: bool) -> list[dict[str, Any]]:
    rows = []
    for relation in relations:
        other = relation.target if outgoing else relation.source
        rows.append(
            {"kind": relation.kind, "document": other.pk, "symbol": other.symbol, "title": other.title}
        )
    return rows


class DocumentRelationsApi(ApiView):
    """What the document implements, amends or replaces, and what does so to it."""

    class InputSerializer(serializers.Serializer[Any]):
        kind = serializers.ChoiceField(choices=RelationKind.choices)
        target = IdField()

    @extend_schema(
        responses={
            200: inline_serializer(
                "Relations", {"outgoing": RelationOutput(many=True), "incoming": RelationOutput(many=True)}
            ),
            **ERRORS,
        }
    )
    def get(self, request: Request, document_id: int) -> Response:
        document = selectors.document_get_visible(actor=actor_of(request.user), document_id=document_id)
        outgoing, incoming = selectors.relations_visible(actor=actor_of(request.user), document=document)
        return Response(
            {
                "outgoing": _relation_rows(outgoing, outgoing=True),
                "incoming": _relation_rows(incoming, outgoing=False),
            }
        )

    @extend_schema(request=InputSerializer, responses={201: RelationOutput, **ERRORS})
    def post(self, request: Request, document_id: int) -> Response:
        source = selectors.document_get_visible(actor=actor_of(request.user), document_id=document_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            target = selectors.document_get_visible(
                actor=actor_of(request.user), document_id=data.validated_data["target"]
            )
        except NotFoundError as err:
            raise ApplicationError(fields={"target": [_("Not found.")]}) from err
        relation = services.document_relate(
            actor=actor_of(request.user), source=source, target=target, kind=data.validated_data["kind"]
        )
        return Response(_relation_rows([relation], outgoing=True)[0], status=201)


class AttachmentListCreateApi(ApiView):
    parser_classes = [MultiPartParser]
    pagination_class = None  # a document has a handful of attachments: one plain array

    @extend_schema(responses={200: AttachmentOutput(many=True), **ERRORS})
    def get(self, request: Request, document_id: int) -> Response:
        document = selectors.document_get_visible(actor=actor_of(request.user), document_id=document_id)
        return Response(AttachmentOutput(document.attachments.all(), many=True).data)

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "Upload",
                {
                    "file": serializers.FileField(),
                    "kind": serializers.ChoiceField(choices=AttachmentKind.choices, required=False),
                },
            )
        },
        responses={201: AttachmentOutput, **UPLOAD_ERRORS},
    )
    def post(self, request: Request, document_id: int) -> Response:
        document = selectors.document_get_visible(actor=actor_of(request.user), document_id=document_id)
        refuse_oversized_body(request.META)
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError(_("Attach a file in the field “file”."), fields={"file": [_("Required.")]})
        kind = request.POST.get("kind") or AttachmentKind.FILE
        attachment = services.attachment_add(
            actor=actor_of(request.user), document=document, upload=upload, kind=str(kind)
        )
        return Response(AttachmentOutput(attachment).data, status=201)


class AttachmentDownloadApi(ApiView):
    """The file itself, checked against the reader's scope on every download."""

    @extend_schema(responses={**FILE_RESPONSES, **ERRORS})
    def get(self, request: Request, document_id: int, attachment_id: int) -> FileResponse:
        attachment = selectors.attachment_get_visible(
            actor=actor_of(request.user), document_id=document_id, attachment_id=attachment_id
        )
        return file_download(
            file=attachment.file, display_name=attachment.display_name, content_type=attachment.content_type
        )
