"""The tasks API after assignment: progress reports with their evidence, extensions, leaders'
instructions, chase-ups, the timeline and corrections — the same services the task page calls."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from drf_spectacular.utils import extend_schema
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
    refuse_unknown_fields,
)
from mandate.core.downloads import FILE_RESPONSES, file_download
from mandate.core.parsers import JSONParser
from mandate.core.uploads import refuse_oversized_body
from mandate.people.actors import actor_of
from mandate.tasks import selectors
from mandate.tasks.api import product_document_of
from mandate.tasks.api_outputs import ExtensionOutput, TaskDetailOutput, detail_response
from mandate.tasks.models import Evidence, ProgressReport, Task, TaskCorrection, TaskEvent
from mandate.tasks.services import correction, lifecycle, progress


def _upload_to_visible_task(
    request: Request, task_id: int, input_class: type[serializers.Serializer[Any]]
) -> tuple[Task, dict[str, Any]]:
    """The task the reader may see (else 404), then the size of the body (413 before any file is
    read), then the form: the order every upload to a task is checked in."""
    task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
    refuse_oversized_body(request.META)
    data = input_class(data=request.data)
    data.is_valid(raise_exception=True)
    return task, data.validated_data


class EvidenceOutput(serializers.ModelSerializer[Evidence]):
    class Meta:
        model = Evidence
        fields = ["id", "display_name", "content_type", "size", "sha256"]


class ProgressOutput(serializers.ModelSerializer[ProgressReport]):
    reporter_name = serializers.CharField(source="reporter.get_username")
    evidence = EvidenceOutput(many=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "percent",
            "text",
            "reporter",
            "reporter_name",
            "reported_at",
            "is_done_report",
            "product_document",
            "evidence",
        ]


class TaskProgressApi(ApiView):
    parser_classes = [MultiPartParser, JSONParser]

    class InputSerializer(serializers.Serializer[Any]):
        percent = serializers.IntegerField(min_value=0, max_value=100)
        text = StrictCharField(max_length=10000)
        files = serializers.ListField(
            child=serializers.FileField(), required=False, default=list, max_length=10
        )

    @extend_schema(responses={200: ProgressOutput(many=True), **ERRORS})
    def get(self, request: Request, task_id: int) -> Response:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.reports_of(task=task), request, view=self)
        return paginator.get_paginated_response(ProgressOutput(page, many=True).data)

    @extend_schema(
        # Documented as the form it is (files may come with it); JSON is also read, undocumented,
        # so that one request body type per operation keeps generated clients simple.
        request={"multipart/form-data": InputSerializer},
        responses={201: ProgressOutput, **UPLOAD_ERRORS},
    )
    def post(self, request: Request, task_id: int) -> Response:
        task, given = _upload_to_visible_task(request, task_id, self.InputSerializer)
        report = progress.task_report_progress(
            actor=actor_of(request.user),
            task=task,
            percent=given["percent"],
            text=given["text"],
            files=request.FILES.getlist("files"),
        )
        report = selectors.reports_of(task=task).get(pk=report.pk)
        return Response(ProgressOutput(report).data, status=201)


class TaskDoneReportApi(ApiView):
    """Report the task done with its product as a file (multipart): the result in words, the
    product files, or the registered document that is the product — the same service and checks as
    ``transition/`` with ``report_done`` and as the task page."""

    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer[Any]):
        reason = StrictCharField(max_length=10000, help_text="The result: what was achieved.")
        files = serializers.ListField(
            child=serializers.FileField(),
            required=False,
            default=list,
            max_length=10,
            help_text="Product files.",
        )
        product_document = IdField(required=False, allow_null=True)
        version = VersionField()

    @extend_schema(
        request={"multipart/form-data": InputSerializer},
        responses={200: TaskDetailOutput, **WRITE_ERRORS, **UPLOAD_ERRORS},
    )
    def post(self, request: Request, task_id: int) -> Response:
        task, given = _upload_to_visible_task(request, task_id, self.InputSerializer)
        task = lifecycle.task_transition(
            actor=actor_of(request.user),
            task=task,
            action="report_done",
            expected_version=expected_version(request),
            reason=given["reason"],
            files=request.FILES.getlist("files"),
            product_document=product_document_of(request, given.get("product_document")),
        )
        return detail_response(request, task)


class EvidenceDownloadApi(ApiView):
    @extend_schema(responses={**FILE_RESPONSES, **ERRORS})
    def get(self, request: Request, task_id: int, evidence_id: int) -> FileResponse:
        evidence = selectors.evidence_get_visible(
            actor=actor_of(request.user), task_id=task_id, evidence_id=evidence_id
        )
        return file_download(
            file=evidence.file, display_name=evidence.display_name, content_type=evidence.content_type
        )


class TaskExtensionApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        proposed_deadline_on = DateField()
        reason = StrictCharField(max_length=5000)

    @extend_schema(request=InputSerializer, responses={201: ExtensionOutput, **ERRORS})
    def post(self, request: Request, task_id: int) -> Response:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        extension = progress.extension_request(actor=actor_of(request.user), task=task, **data.validated_data)
        return Response(ExtensionOutput(extension).data, status=201)


class ExtensionDecideApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        decision = serializers.ChoiceField(choices=["approve", "refuse"])
        note = StrictCharField(required=False, default="", allow_blank=True, max_length=5000)
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: ExtensionOutput, **WRITE_ERRORS})
    def post(self, request: Request, task_id: int, request_id: int) -> Response:
        extension = selectors.extension_get_visible(
            actor=actor_of(request.user), task_id=task_id, request_id=request_id
        )
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        extension = progress.extension_decide(
            actor=actor_of(request.user),
            request=extension,
            approve=data.validated_data["decision"] == "approve",
            note=data.validated_data["note"],
            expected_version=expected_version(request),
        )
        return Response(ExtensionOutput(extension).data)


class TextInput(serializers.Serializer[Any]):
    text = StrictCharField(max_length=10000, required=False, default="", allow_blank=True)


class TaskInstructionApi(ApiView):
    @extend_schema(request=TextInput, responses={201: TaskDetailOutput, **ERRORS})
    def post(self, request: Request, task_id: int) -> Response:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
        data = TextInput(data=request.data)
        data.is_valid(raise_exception=True)
        lifecycle.task_instruct(actor=actor_of(request.user), task=task, text=data.validated_data["text"])
        return detail_response(request, task, status=201)


class TaskChaseUpApi(ApiView):
    @extend_schema(request=TextInput, responses={201: TaskDetailOutput, **ERRORS})
    def post(self, request: Request, task_id: int) -> Response:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
        data = TextInput(data=request.data)
        data.is_valid(raise_exception=True)
        lifecycle.task_chase_up(actor=actor_of(request.user), task=task, text=data.validated_data["text"])
        return detail_response(request, task, status=201)


class EventOutput(serializers.ModelSerializer[TaskEvent]):
    class Meta:
        model = TaskEvent
        fields = ["id", "kind", "from_status", "to_status", "actor", "actor_label", "at", "text", "data"]


class TaskEventsApi(ApiView):
    @extend_schema(responses={200: EventOutput(many=True), **ERRORS})
    def get(self, request: Request, task_id: int) -> Response:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.events_visible(actor=actor_of(request.user), task=task), request, view=self
        )
        return paginator.get_paginated_response(EventOutput(page, many=True).data)


class TaskCorrectionOutput(serializers.ModelSerializer[TaskCorrection]):
    made_by_name = serializers.SerializerMethodField()

    class Meta:
        model = TaskCorrection
        fields = [
            "id",
            "field",
            "old_value",
            "new_value",
            "effective_on",
            "reason",
            "made_by",
            "made_by_name",
            "made_on",
            "made_at",
        ]

    def get_made_by_name(self, item: TaskCorrection) -> str | None:
        user = item.made_by
        if user is None:
            return None
        person = getattr(user, "person", None)
        return str(person.full_name) if person is not None else str(user.get_username())


class TaskCorrectionsApi(ApiView):
    """A task's corrections (ADR 0020): a recorded fact that was wrong, corrected from a day, with
    the reason. Who may is ``tasks.policy``'s "correct" (a leader acting for the assigning unit)."""

    class InputSerializer(serializers.Serializer[Any]):
        field = serializers.ChoiceField(choices=list(correction.CORRECTABLE))
        value = DateField(help_text="The right date (YYYY-MM-DD).")
        effective_on = DateField(
            help_text="The day from which the record reads the right date: between the day of "
            "assignment and today."
        )
        reason = StrictCharField(max_length=5000)
        version = VersionField()

    @extend_schema(responses={200: TaskCorrectionOutput(many=True), **ERRORS})
    def get(self, request: Request, task_id: int) -> Response:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
        paginator = Pagination()
        page = paginator.paginate_queryset(selectors.corrections_of(task=task), request, view=self)
        return paginator.get_paginated_response(TaskCorrectionOutput(page, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: TaskCorrectionOutput, **WRITE_ERRORS})
    def post(self, request: Request, task_id: int) -> Response:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
        data = self.InputSerializer(data=request.data)
        refuse_unknown_fields(request.data, data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        made = correction.task_correct(
            actor=actor_of(request.user),
            task=task,
            field=values["field"],
            value=values["value"],
            effective_on=values["effective_on"],
            reason=values["reason"],
            expected_version=expected_version(request),
        )
        made = selectors.corrections_of(task=task).get(pk=made.pk)
        return Response(TaskCorrectionOutput(made).data, status=201)
