"""The tasks API: the list (filtered and ordered as the list page is, ``tasks.filters``) and
assignment, a task's detail and correction, the moves of its life cycle and its lead person —
through the same services the pages use. What follows an assignment is in ``api_follow_up``,
what the endpoints answer in ``api_outputs``."""

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
    refuse_unknown_fields,
)
from mandate.core.exceptions import ApplicationError
from mandate.documents import selectors as document_selectors
from mandate.documents.models import Document
from mandate.organisations import selectors as org_selectors
from mandate.people import selectors as people_selectors
from mandate.people.actors import actor_of
from mandate.people.models import User
from mandate.people.scopes import acting_for, today
from mandate.tasks import api_rows, filters, list_order, permissions, selectors
from mandate.tasks.api_outputs import TaskDetailOutput, TaskOutput, detail_response, not_found_as_field
from mandate.tasks.enums import MOVE_NAMES, TaskKind, TaskStatus, Urgency
from mandate.tasks.models import Task
from mandate.tasks.services import assignment, lifecycle


def product_document_of(request: Request, document_id: int | None) -> Document | None:
    """The product document a done report names, if the reader sees it (else 400 on the field)."""
    if not document_id:
        return None
    found: Document = not_found_as_field(
        "product_document",
        lambda: document_selectors.document_get_visible(
            actor=actor_of(request.user), document_id=document_id
        ),
    )
    return found


TASK_FILTERS = [
    OpenApiParameter("within", int, description="Lead unit in this unit's subtree."),
    OpenApiParameter("lead_unit", int),
    OpenApiParameter("document", int, description="This document and those that implement it."),
    OpenApiParameter(
        "state",
        str,
        enum=list(selectors.LIST_STATES),
        description="The reporting state on ``on``; ``existing``: the tasks that exist on that day; "
        "``completed_of_due``: due by that day and completed.",
    ),
    OpenApiParameter("on", str, description="The day the state is judged on (YYYY-MM-DD); today by default."),
    OpenApiParameter("person", int, description="Lead person."),
    OpenApiParameter("mine", bool, description="Only tasks whose lead person I am."),
    OpenApiParameter("deadline_from", str),
    OpenApiParameter("deadline_to", str),
    OpenApiParameter("done_from", str, description="Reported done on or after this day (YYYY-MM-DD)."),
    OpenApiParameter("done_to", str, description="Reported done on or before this day (YYYY-MM-DD)."),
    OpenApiParameter("kind", str, enum=TaskKind.values),
    OpenApiParameter("status", str, enum=TaskStatus.values),
    OpenApiParameter("q", str, description="Words of the task, accents optional."),
    OpenApiParameter("include_subtasks", bool),
    OpenApiParameter("not_updated_days", int, description="At most 3650."),
    OpenApiParameter(
        "ordering",
        str,
        enum=list(list_order.CHOICES),
        description="The order of the list: deadline_on (the default), assigned_on, lead_unit (the "
        "unit tree's order), status (the life cycle's order, then the deadline) or progress; a "
        "leading '-' reverses it. Ties are broken by the id, in the same direction.",
    ),
]


def filters_from(request: Request) -> selectors.TaskFilters:
    """The list's filters and order, read as the list page reads them (``tasks.filters``); a
    value that cannot be read is a 400 naming every such field."""
    query = filters.read_task_query(request.query_params, actor=actor_of(request.user), written_dates=False)
    if not query.is_valid:
        raise ApplicationError(fields={name: list(messages) for name, messages in query.errors.items()})
    return query.filters


class TaskListCreateApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        document = IdField(required=False, allow_null=True)
        parent = IdField(required=False, allow_null=True)  # type: ignore[assignment]
        content = StrictCharField(max_length=10000)
        lead_unit = IdField(required=False)
        lead_units = serializers.ListField(child=IdField(), required=False, max_length=200)
        coordinating_units = serializers.ListField(
            child=IdField(), required=False, default=list, max_length=200
        )
        lead_person = IdField(required=False, allow_null=True)
        assigner_unit = IdField(required=False, allow_null=True)
        kind = serializers.ChoiceField(choices=TaskKind.choices, default=TaskKind.DEADLINE)
        deadline_on = DateField(required=False, allow_null=True)
        working_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=1000)
        expected_product = StrictCharField(required=False, default="", allow_blank=True, max_length=5000)
        weight = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)
        urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
        authority = StrictCharField(required=False, default="", allow_blank=True, max_length=300)
        ordinal = StrictCharField(required=False, default="", allow_blank=True, max_length=20)

    @extend_schema(parameters=TASK_FILTERS, responses={200: TaskOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        chosen = filters_from(request)
        tasks = selectors.task_list_filtered(actor=actor_of(request.user), filters=chosen)
        on = chosen.on or today()
        paginator = Pagination()
        page: list[dict[str, Any]] | None = paginator.paginate_queryset(
            api_rows.TaskRows(  # type: ignore[arg-type]
                tasks, on=on, not_updated_days=chosen.not_updated_days, ordering=chosen.ordering
            ),
            request,
            view=self,
        )
        return paginator.get_paginated_response(api_rows.as_output(list(page or []), on=on))

    @extend_schema(request=InputSerializer, responses={201: TaskDetailOutput(many=True), **ERRORS})
    def post(self, request: Request) -> Response:
        """Assign one task (``lead_unit``) or the same task to several units, one each (``lead_units``)."""
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        actor = actor_of(request.user)
        lead_ids = values.pop("lead_units", None)
        lead_id = values.pop("lead_unit", None)
        if (lead_ids is None) == (lead_id is None):
            message = _(
                "Give exactly one lead unit per task (lead_unit), or several units to get one task each "
                "(lead_units)."
            )
            raise ApplicationError(message, code="lead_unit", fields={"lead_unit": [message]})
        lead_units = org_selectors.units_get(
            ids=lead_ids or [lead_id], field="lead_units" if lead_ids else "lead_unit"
        )
        document_id, parent_id = values.pop("document", None), values.pop("parent", None)
        document = (
            not_found_as_field(
                "document",
                lambda: document_selectors.document_get_visible(actor=actor, document_id=document_id),
            )
            if document_id
            else None
        )
        parent = (
            not_found_as_field("parent", lambda: selectors.task_get_visible(actor=actor, task_id=parent_id))
            if parent_id
            else None
        )
        person_id = values.pop("lead_person", None)
        person = (
            not_found_as_field(
                "lead_person", lambda: people_selectors.person_get_visible(actor=actor, person_id=person_id)
            )
            if person_id
            else None
        )
        assigner_id = values.pop("assigner_unit", None)
        assigner_unit = (
            org_selectors.units_get(ids=[assigner_id], field="assigner_unit")[0]
            if assigner_id
            else _default_assigner_unit(actor, parent)
        )
        tasks = assignment.task_assign_many(
            actor=actor,
            lead_units=lead_units,
            document=document,
            parent=parent,
            coordinating_units=org_selectors.units_get(
                ids=values.pop("coordinating_units"), field="coordinating_units"
            ),
            lead_person=person,
            assigner_unit=assigner_unit,
            **values,
        )
        ids = [t.pk for t in tasks]
        found = {
            t.pk: t
            for t in selectors.task_list_visible(
                actor=actor, filters=selectors.TaskFilters(include_subtasks=True)
            ).filter(pk__in=ids)
        }
        return Response(
            TaskDetailOutput([found[i] for i in ids], many=True, context={"actor": actor}).data, status=201
        )


def _default_assigner_unit(actor: User, parent: Task | None) -> Any:
    """Without ``assigner_unit``: a subtask is assigned by its parent's lead unit; otherwise the
    one unit the actor signs for, if he signs for only one."""
    if parent is not None:
        return parent.lead_unit
    acting = acting_for(actor)
    paths = () if acting.everything else acting.paths_with(permissions.ASSIGNING_ROLES)
    units = org_selectors.unit_list().filter(path__in=paths)
    if len(paths) == 1 and units.count() == 1:
        return units.get()
    message = _("Say on behalf of which unit you assign (assigner_unit).")
    raise ApplicationError(message, fields={"assigner_unit": [message]})


class TaskDetailApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        content = StrictCharField(max_length=10000, required=False)
        expected_product = StrictCharField(required=False, allow_blank=True, max_length=5000)
        weight = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)
        urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
        authority = StrictCharField(required=False, allow_blank=True, max_length=300)
        ordinal = StrictCharField(required=False, allow_blank=True, max_length=20)
        version = VersionField()

    @extend_schema(responses={200: TaskDetailOutput, **ERRORS})
    def get(self, request: Request, task_id: int) -> Response:
        return detail_response(
            request, selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id), fresh=True
        )

    @extend_schema(request=InputSerializer, responses={200: TaskDetailOutput, **WRITE_ERRORS})
    def patch(self, request: Request, task_id: int) -> Response:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
        data = self.InputSerializer(data=request.data)
        refuse_unknown_fields(request.data, data)
        data.is_valid(raise_exception=True)
        changes = {k: v for k, v in data.validated_data.items() if k != "version"}
        task = assignment.task_edit(
            actor=actor_of(request.user),
            task=task,
            expected_version=expected_version(request),
            changes=changes,
        )
        return detail_response(request, task)


class TaskTransitionApi(ApiView):
    """One move of the life cycle: start, report_done, accept, rework, return, reassign, cancel, reopen."""

    class InputSerializer(serializers.Serializer[Any]):
        action = serializers.ChoiceField(choices=MOVE_NAMES)
        reason = StrictCharField(required=False, default="", allow_blank=True, max_length=5000)
        lead_unit = IdField(required=False, allow_null=True, help_text="The new lead unit (reassign).")
        lead_person = IdField(required=False, allow_null=True)
        product_document = IdField(
            required=False,
            allow_null=True,
            help_text="report_done: the registered document that is the task's product. A product "
            "file is sent to done-report/ instead.",
        )
        version = VersionField()

    @extend_schema(
        request=InputSerializer,
        responses={200: TaskDetailOutput, **WRITE_ERRORS},
        description="report_done needs the result in words (reason) and, when the task declares an "
        "expected product, the product: product_document here, or a file through done-report/.",
    )
    def post(self, request: Request, task_id: int) -> Response:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        lead_unit = (
            org_selectors.units_get(ids=[values["lead_unit"]], field="lead_unit")[0]
            if values.get("lead_unit")
            else None
        )
        person_id = values.get("lead_person")
        person = (
            not_found_as_field(
                "lead_person",
                lambda: people_selectors.person_get_visible(
                    actor=actor_of(request.user), person_id=person_id
                ),
            )
            if person_id
            else None
        )
        task = lifecycle.task_transition(
            actor=actor_of(request.user),
            task=task,
            action=values["action"],
            expected_version=expected_version(request),
            reason=values["reason"],
            lead_unit=lead_unit,
            lead_person=person,
            product_document=product_document_of(request, values.get("product_document")),
        )
        return detail_response(request, task)


class TaskLeadPersonApi(ApiView):
    class InputSerializer(serializers.Serializer[Any]):
        person = IdField()
        version = VersionField()

    @extend_schema(request=InputSerializer, responses={200: TaskDetailOutput, **WRITE_ERRORS})
    def post(self, request: Request, task_id: int) -> Response:
        task = selectors.task_get_visible(actor=actor_of(request.user), task_id=task_id)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        person_id = data.validated_data["person"]
        person = not_found_as_field(
            "person",
            lambda: people_selectors.person_get_visible(actor=actor_of(request.user), person_id=person_id),
        )
        task = assignment.task_name_lead_person(
            actor=actor_of(request.user), task=task, person=person, expected_version=expected_version(request)
        )
        return detail_response(request, task)
