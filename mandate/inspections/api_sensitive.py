"""The API of findings, conclusions and discipline decisions (issue 12, items 4, 5, 7; ADR 0042).

Every read goes through ``selectors_sensitive`` (404 for whoever may not read, the access log for
records about a person, on the page actually sent); every write through the services. A discipline
form from a rule set marked "to verify" carries the mark wherever it is shown (``form`` is the
reference API's ``DisciplineFormOutput``).
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, UPLOAD_ERRORS, WRITE_ERRORS, ApiView, Pagination, expected_version
from mandate.core.api_fields import DateField, IdField, StrictCharField, VersionField, query_int, query_year
from mandate.core.downloads import FILE_RESPONSES, file_download
from mandate.core.exceptions import ApplicationError, NotFoundError
from mandate.core.parsers import JSONParser
from mandate.core.uploads import refuse_oversized_body
from mandate.inspections import selectors_sensitive as reads
from mandate.inspections import services
from mandate.inspections.api import DisciplineFormOutput
from mandate.inspections.enums import Severity, SubjectKind
from mandate.inspections.models import Conclusion, DisciplineDecision, Finding, FindingEvidence
from mandate.organisations import selectors as org_selectors
from mandate.people.actors import actor_of
from mandate.people.models import Person

YEAR = OpenApiParameter("year", int, description="Decisions dated in this year.")


class FindingEvidenceOutput(serializers.ModelSerializer[FindingEvidence]):
    class Meta:
        model = FindingEvidence
        fields = ["id", "display_name", "content_type", "size", "sha256"]


class FindingOutput(serializers.ModelSerializer[Finding]):
    inspection = serializers.IntegerField(source="subject.inspection_id")
    subject_kind = serializers.CharField(source="subject.kind")
    signs = serializers.SerializerMethodField()
    evidence = FindingEvidenceOutput(many=True)

    class Meta:
        model = Finding
        fields = [
            "id", "inspection", "subject", "subject_kind", "text", "signs", "recorded_on", "evidence",
            "withdrawn_at", "withdrawn_reason", "version",
        ]  # fmt: skip

    def get_signs(self, finding: Finding) -> list[dict[str, Any]]:
        return [
            {"id": s.pk, "code": s.code, "text": s.text, "is_example": s.catalogue.is_example}
            for s in finding.signs.all()
        ]


class ConclusionOutput(serializers.ModelSerializer[Conclusion]):
    inspection = serializers.IntegerField(source="subject.inspection_id")
    subject_kind = serializers.CharField(source="subject.kind")
    proposed_form = DisciplineFormOutput(allow_null=True)

    class Meta:
        model = Conclusion
        fields = [
            "id", "inspection", "subject", "subject_kind", "violated", "severity", "proposes_discipline",
            "proposed_form", "text", "concluded_on", "version",
        ]  # fmt: skip


class DecisionOutput(serializers.ModelSerializer[DisciplineDecision]):
    form = DisciplineFormOutput()
    person_name = serializers.CharField(source="person.full_name", allow_null=True, default=None)
    unit_name = serializers.CharField(source="unit.name", allow_null=True, default=None)
    deciding_unit_name = serializers.CharField(source="deciding_unit.name")
    deferral_reason = serializers.CharField(source="deferral_reason.code", allow_null=True, default=None)

    class Meta:
        model = DisciplineDecision
        fields = [
            "id", "subject_kind", "unit", "unit_name", "person", "person_name", "deciding_unit",
            "deciding_unit_name", "conclusion", "number", "decided_on", "form", "reason", "effective_from",
            "deferral_reason", "deferred_until", "annulled_on", "annulled_reason", "version",
        ]  # fmt: skip


def _page(
    view: ApiView, request: Request, rows: Any, output: type[serializers.Serializer[Any]], purpose: str
) -> Response:
    paginator = Pagination()
    page: list[Any] = paginator.paginate_queryset(rows, request, view=view) or []
    reads.log_person_reads(actor=actor_of(request.user), records=page, purpose=purpose)
    return paginator.get_paginated_response(output(page, many=True).data)


class FindingListApi(ApiView):
    """The findings of an inspection the reader may see (``subject`` narrows to one subject)."""

    class InputSerializer(serializers.Serializer[Any]):
        subject = IdField()
        text = StrictCharField(max_length=20000)
        signs = serializers.ListField(child=IdField(), required=False, default=list, max_length=50)
        recorded_on = DateField()

    @extend_schema(
        parameters=[OpenApiParameter("subject", int), OpenApiParameter("withdrawn", bool)],
        responses={200: FindingOutput(many=True), **ERRORS},
    )
    def get(self, request: Request, inspection_id: int) -> Response:
        actor = actor_of(request.user)
        reads.inspection_subjects_visible(actor=actor, inspection_id=inspection_id)
        rows = reads.finding_list_visible(
            actor=actor,
            inspection_id=inspection_id,
            subject_id=query_int(request, "subject"),
            withdrawn=request.query_params.get("withdrawn") in {"1", "true"},
        )
        return _page(self, request, rows, FindingOutput, "inspections.finding_list")

    @extend_schema(request=InputSerializer, responses={201: FindingOutput, **WRITE_ERRORS})
    def post(self, request: Request, inspection_id: int) -> Response:
        actor = actor_of(request.user)
        reads.inspection_subjects_visible(actor=actor, inspection_id=inspection_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        subject = reads.subject_get_visible(actor=actor, subject_id=given["subject"])
        if subject.inspection_id != inspection_id:
            raise NotFoundError()
        finding = services.finding_record(
            actor=actor,
            subject=subject,
            text=given["text"],
            signs=given["signs"],
            recorded_on=given["recorded_on"],
        )
        shown = reads.finding_get_visible(
            actor=actor, finding_id=finding.pk, purpose="inspections.finding_record"
        )
        return Response(FindingOutput(shown).data, status=201)


class FindingDetailApi(ApiView):
    @extend_schema(responses={200: FindingOutput, **ERRORS})
    def get(self, request: Request, finding_id: int) -> Response:
        finding = reads.finding_get_visible(
            actor=actor_of(request.user), finding_id=finding_id, purpose="inspections.finding_detail"
        )
        return Response(FindingOutput(finding).data)


class FindingWithdrawApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        reason = StrictCharField(max_length=300)
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: FindingOutput, **WRITE_ERRORS})
    def post(self, request: Request, finding_id: int) -> Response:
        actor = actor_of(request.user)
        finding = reads.finding_get_visible(actor=actor, finding_id=finding_id, purpose=None)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.finding_withdraw(
            actor=actor,
            finding=finding,
            reason=data.validated_data["reason"],
            expected_version=expected_version(request),
        )
        shown = reads.finding_get_visible(
            actor=actor, finding_id=finding.pk, purpose="inspections.finding_withdraw"
        )
        return Response(FindingOutput(shown).data)


class FindingEvidenceApi(ApiView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
            }
        },
        responses={201: FindingEvidenceOutput(many=True), **UPLOAD_ERRORS},
    )
    def post(self, request: Request, finding_id: int) -> Response:
        actor = actor_of(request.user)
        finding = reads.finding_get_visible(actor=actor, finding_id=finding_id, purpose=None)
        refuse_oversized_body(request.META)
        stored = services.finding_evidence_add(
            actor=actor, finding=finding, files=request.FILES.getlist("files")
        )
        return Response(FindingEvidenceOutput(stored, many=True).data, status=201)


class FindingEvidenceDownloadApi(ApiView):
    @extend_schema(responses={**FILE_RESPONSES, **ERRORS})
    def get(self, request: Request, finding_id: int, evidence_id: int) -> FileResponse:
        evidence = reads.evidence_get_visible(
            actor=actor_of(request.user),
            finding_id=finding_id,
            evidence_id=evidence_id,
            purpose="inspections.finding_evidence_download",
        )
        return file_download(
            file=evidence.file, display_name=evidence.display_name, content_type=evidence.content_type
        )


class ConclusionInput(serializers.Serializer[Any]):
    violated = serializers.BooleanField()
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, allow_blank=True, default="")
    proposes_discipline = serializers.BooleanField(required=False, default=False)
    proposed_form = StrictCharField(max_length=40, required=False, allow_null=True, default=None)
    # The kind of the proposed form's subject (a Party member by default for a person): checked
    # with the form (``check_discipline_form``), so a plain string here.
    proposed_kind = StrictCharField(max_length=30, required=False, allow_null=True, default=None)
    text = StrictCharField(max_length=20000)
    concluded_on = DateField()


class ConclusionListApi(ApiView):
    @extend_schema(responses={200: ConclusionOutput(many=True), **ERRORS})
    def get(self, request: Request, inspection_id: int) -> Response:
        actor = actor_of(request.user)
        reads.inspection_subjects_visible(actor=actor, inspection_id=inspection_id)
        rows = reads.conclusion_list_visible(actor=actor, inspection_id=inspection_id)
        return _page(self, request, rows, ConclusionOutput, "inspections.conclusion_list")


class ConclusionApi(ApiView):
    """A subject's one conclusion: read it, record it (POST), correct it (PATCH, with the version)."""

    parser_classes = [JSONParser]

    class CorrectionInput(ConclusionInput):
        version = VersionField()

    @extend_schema(responses={200: ConclusionOutput, **ERRORS})
    def get(self, request: Request, subject_id: int) -> Response:
        conclusion = reads.conclusion_get_visible(
            actor=actor_of(request.user), subject_id=subject_id, purpose="inspections.conclusion_detail"
        )
        return Response(ConclusionOutput(conclusion).data)

    @extend_schema(request=ConclusionInput, responses={201: ConclusionOutput, **WRITE_ERRORS})
    def post(self, request: Request, subject_id: int) -> Response:
        actor = actor_of(request.user)
        subject = reads.subject_get_visible(actor=actor, subject_id=subject_id)
        data = ConclusionInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.conclusion_record(actor=actor, subject=subject, **data.validated_data)
        shown = reads.conclusion_get_visible(
            actor=actor, subject_id=subject_id, purpose="inspections.conclusion_record"
        )
        return Response(ConclusionOutput(shown).data, status=201)

    @extend_schema(request=CorrectionInput, responses={200: ConclusionOutput, **WRITE_ERRORS})
    def patch(self, request: Request, subject_id: int) -> Response:
        actor = actor_of(request.user)
        conclusion = reads.conclusion_get_visible(actor=actor, subject_id=subject_id, purpose=None)
        data = self.CorrectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        given = {k: v for k, v in data.validated_data.items() if k != "version"}
        services.conclusion_correct(
            actor=actor, conclusion=conclusion, expected_version=expected_version(request), **given
        )
        shown = reads.conclusion_get_visible(
            actor=actor, subject_id=subject_id, purpose="inspections.conclusion_correct"
        )
        return Response(ConclusionOutput(shown).data)


class DecisionListApi(ApiView):
    """Discipline decisions the reader may see, with filters; POST records one."""

    parser_classes = [JSONParser]

    class InputSerializer(serializers.Serializer[Any]):
        subject_kind = serializers.ChoiceField(choices=SubjectKind.choices)
        unit = IdField(required=False, allow_null=True, default=None)
        person = IdField(required=False, allow_null=True, default=None)
        deciding_unit = IdField()
        number = StrictCharField(max_length=60)
        decided_on = DateField()
        form = StrictCharField(max_length=40)
        reason = StrictCharField(max_length=20000)
        effective_from = DateField()
        conclusion = IdField(required=False, allow_null=True, default=None)
        deferral_reason = StrictCharField(max_length=40, required=False, allow_null=True, default=None)
        deferred_until = DateField(required=False, allow_null=True, default=None)
        deferral_counted_from = DateField(required=False, allow_null=True, default=None)

    @extend_schema(
        parameters=[
            OpenApiParameter("person", int),
            OpenApiParameter("unit", int),
            OpenApiParameter("deciding_unit", int),
            YEAR,
            OpenApiParameter("subject_kind", str, enum=SubjectKind.values),
            OpenApiParameter("annulled", bool),
        ],
        responses={200: DecisionOutput(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        annulled = request.query_params.get("annulled")
        kind = request.query_params.get("subject_kind") or None
        if kind is not None and kind not in SubjectKind.values:
            raise ApplicationError(fields={"subject_kind": [_("Not a kind of subject.")]})
        rows = reads.discipline_list_visible(
            actor=actor_of(request.user),
            person_id=query_int(request, "person"),
            unit_id=query_int(request, "unit"),
            deciding_unit_id=query_int(request, "deciding_unit"),
            year=query_year(request),
            subject_kind=kind,
            annulled=None if annulled is None else annulled in {"1", "true"},
        )
        return _page(self, request, rows, DecisionOutput, "inspections.discipline_list")

    @extend_schema(request=InputSerializer, responses={201: DecisionOutput, **WRITE_ERRORS})
    def post(self, request: Request) -> Response:
        actor = actor_of(request.user)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = dict(data.validated_data)
        deciding = org_selectors.units_get(ids=[given.pop("deciding_unit")], field="deciding_unit")[0]
        unit_id = given.pop("unit")
        unit = org_selectors.units_get(ids=[unit_id], field="unit")[0] if unit_id else None
        person_id = given.pop("person")
        person = Person.objects.filter(pk=person_id).first() if person_id else None
        if person_id and person is None:
            raise ApplicationError(fields={"person": [_("No such person.")]})
        conclusion_id = given.pop("conclusion")
        conclusion = None
        if conclusion_id:
            conclusion = reads.conclusion_list_visible(actor=actor).filter(pk=conclusion_id).first()
            if conclusion is None:
                raise ApplicationError(fields={"conclusion": [_("No such conclusion.")]})
        decision = services.discipline_decide(
            actor=actor, unit=unit, person=person, deciding_unit=deciding, conclusion=conclusion, **given
        )
        shown = reads.discipline_get_visible(
            actor=actor, decision_id=decision.pk, purpose="inspections.discipline_decide"
        )
        return Response(DecisionOutput(shown).data, status=201)


class DecisionDetailApi(ApiView):
    @extend_schema(responses={200: DecisionOutput, **ERRORS})
    def get(self, request: Request, decision_id: int) -> Response:
        decision = reads.discipline_get_visible(
            actor=actor_of(request.user), decision_id=decision_id, purpose="inspections.discipline_detail"
        )
        return Response(DecisionOutput(decision).data)


class DecisionAnnulApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        annulled_on = DateField()
        reason = StrictCharField(max_length=300)
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: DecisionOutput, **WRITE_ERRORS})
    def post(self, request: Request, decision_id: int) -> Response:
        actor = actor_of(request.user)
        decision = reads.discipline_get_visible(actor=actor, decision_id=decision_id, purpose=None)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.discipline_annul(
            actor=actor,
            decision=decision,
            annulled_on=data.validated_data["annulled_on"],
            reason=data.validated_data["reason"],
            expected_version=expected_version(request),
        )
        shown = reads.discipline_get_visible(
            actor=actor, decision_id=decision_id, purpose="inspections.discipline_annul"
        )
        return Response(DecisionOutput(shown).data)


class PersonDisciplineApi(ApiView):
    """A person's discipline history, for himself and the bodies whose competence covers him."""

    @extend_schema(responses={200: DecisionOutput(many=True), **ERRORS})
    def get(self, request: Request, person_id: int) -> Response:
        rows = reads.person_discipline_visible(actor=actor_of(request.user), person_id=person_id)
        return _page(self, request, rows, DecisionOutput, "inspections.person_discipline")
