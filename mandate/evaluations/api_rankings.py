"""The rankings' API (issue 14, items 4 and 7; docs/adr/0054): the indices a reader sees, an
index with its years and series, a year's table with each unit's rank and change, and the writes
of the index's owner: a unit's scores, a workbook of scores, the values taken from indicators.
An example method says so in every answer that shows it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.core.api import ERRORS, UPLOAD_ERRORS, ApiView, Pagination
from mandate.core.exceptions import ApplicationError
from mandate.core.uploads import refuse_oversized_body
from mandate.evaluations import policy_rankings as policy
from mandate.evaluations import selectors_rankings as selectors
from mandate.evaluations.models import RankingIndex, RankingMethod
from mandate.evaluations.ranking_import import ranking_scores_import
from mandate.evaluations.services import rankings as services
from mandate.organisations import selectors as org_selectors
from mandate.people.actors import actor_of


def example_notice(method: RankingMethod) -> str:
    if method.is_example:
        return _("Example: synthetic criteria and scores made to try the system, not an official ranking.")
    if method.to_verify:
        return _("To verify: the source does not give every figure of this method.")
    return ""


class IndexOutput(serializers.ModelSerializer[RankingIndex]):
    owner_unit_name = serializers.CharField(source="owner_unit.name")
    label = serializers.CharField()  # type: ignore[assignment]

    class Meta:
        model = RankingIndex
        fields = ["id", "code", "name", "name_en", "label", "owner_unit", "owner_unit_name"]


class CriterionOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField(source="label")
    max_points = serializers.DecimalField(max_digits=9, decimal_places=2)
    weight = serializers.DecimalField(max_digits=9, decimal_places=2)
    to_verify = serializers.BooleanField()
    indicator = serializers.IntegerField(source="indicator_id", allow_null=True)


class MethodOutput(serializers.ModelSerializer[RankingMethod]):
    notice = serializers.SerializerMethodField()
    label = serializers.CharField()  # type: ignore[assignment]

    class Meta:
        model = RankingMethod
        fields = ["id", "year", "label", "source", "total_points", "is_example", "to_verify", "notice"]

    def get_notice(self, method: RankingMethod) -> str:
        return example_notice(method)


class SeriesOutput(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=9, decimal_places=2)
    rank = serializers.IntegerField()
    field_size = serializers.IntegerField()


class IndexDetailOutput(IndexOutput):
    methods = MethodOutput(many=True, read_only=True)
    years = serializers.ListField(child=serializers.IntegerField(), help_text="Years with scores.")
    series = serializers.DictField(child=SeriesOutput(many=True), help_text="Unit id -> its points by year.")
    actions = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="Action -> '' if allowed, else why not."
    )

    class Meta(IndexOutput.Meta):
        fields = [*IndexOutput.Meta.fields, "methods", "years", "series", "actions"]


class RowOutput(serializers.Serializer[Any]):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    rank = serializers.IntegerField()
    total = serializers.DecimalField(max_digits=9, decimal_places=2)
    complete = serializers.BooleanField()
    previous_rank = serializers.IntegerField(allow_null=True)
    change = serializers.IntegerField(allow_null=True, help_text="Places gained (negative: lost).")
    statement = serializers.CharField(help_text="“xếp thứ 11/22, tăng 11 bậc so với năm 2022”.")
    scores = serializers.DictField(child=serializers.DecimalField(max_digits=9, decimal_places=2))


TableOutput = inline_serializer(
    "RankingTable",
    {
        "index": IndexOutput(),
        "method": MethodOutput(),
        "criteria": CriterionOutput(many=True),
        "previous_year": serializers.IntegerField(allow_null=True),
        "field_size": serializers.IntegerField(),
        "rows": RowOutput(many=True),
    },
)


def table_data(table: selectors.RankingTable) -> dict[str, Any]:
    codes = {c.pk: c.code for c in table.criteria}
    rows = [
        {
            "unit": row.unit,
            "rank": row.rank,
            "total": row.total,
            "complete": row.complete,
            "previous_rank": row.previous_rank,
            "change": row.change,
            "statement": table.statement(row),
            "scores": {codes[c]: v for c, v in row.scores.items()},
        }
        for row in table.rows
    ]
    return {
        "index": IndexOutput(table.index).data,
        "method": MethodOutput(table.method).data,
        "criteria": CriterionOutput(table.criteria, many=True).data,
        "previous_year": table.previous_year,
        "field_size": table.field_size,
        "rows": RowOutput(rows, many=True).data,
    }


class RankingListApi(ApiView):
    """The ranking indices the reader sees: his scope covers the owner or a ranked unit."""

    @extend_schema(responses={200: IndexOutput(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        indices = selectors.index_list_visible(actor=actor_of(request.user))
        paginator = Pagination()
        page = paginator.paginate_queryset(indices, request, view=self)
        return paginator.get_paginated_response(IndexOutput(page, many=True).data)


class RankingDetailApi(ApiView):
    @extend_schema(responses={200: IndexDetailOutput, **ERRORS})
    def get(self, request: Request, index_id: int) -> Response:
        actor = actor_of(request.user)
        index = selectors.index_get_visible(actor=actor, index_id=index_id)
        series = selectors.index_series(index=index)
        data = {
            **IndexOutput(index).data,
            "methods": MethodOutput(index.methods.order_by("year"), many=True).data,
            "years": selectors.years_of(index),
            "series": {str(unit): SeriesOutput(points, many=True).data for unit, points in series.items()},
            "actions": {name: d.reason for name, d in policy.available_actions(actor, index).items()},
        }
        return Response(data)


class RankingTableApi(ApiView):
    @extend_schema(responses={200: TableOutput, **ERRORS})
    def get(self, request: Request, index_id: int, year: int) -> Response:
        index = selectors.index_get_visible(actor=actor_of(request.user), index_id=index_id)
        return Response(table_data(selectors.ranking_table(index=index, year=year)))


class RankingScoresApi(ApiView):
    """A unit's scores of the year, by criterion code: the index owner's leaders and specialists."""

    class InputSerializer(serializers.Serializer[Any]):
        unit = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
        values = serializers.DictField(
            child=serializers.DecimalField(max_digits=9, decimal_places=2, min_value=0), allow_empty=False
        )

    @extend_schema(
        request=InputSerializer,
        responses={
            200: inline_serializer("RankingScoresEntered", {"changed": serializers.IntegerField()}),
            **ERRORS,
        },
    )
    def post(self, request: Request, index_id: int, year: int) -> Response:
        actor = actor_of(request.user)
        index = selectors.index_get_visible(actor=actor, index_id=index_id)
        policy.require(policy.may_write_scores(actor, index))
        selectors.method_get(index=index, year=year)
        body = self.InputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        unit = org_selectors.units_get(ids=[body.validated_data["unit"]], field="unit")[0]
        changed = services.ranking_scores_enter(
            actor=actor, index=index, year=year, unit=unit, values=body.validated_data["values"]
        )
        return Response({"changed": changed})


class RankingImportApi(ApiView):
    """A workbook of the year's scores (one row per unit, one column per criterion): all or nothing."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer("RankingUpload", {"file": serializers.FileField()})
        },
        responses={
            200: inline_serializer(
                "RankingImported", {"state": serializers.CharField(), "message": serializers.CharField()}
            ),
            **UPLOAD_ERRORS,
        },
    )
    def post(self, request: Request, index_id: int, year: int) -> Response:
        actor = actor_of(request.user)
        index = selectors.index_get_visible(actor=actor, index_id=index_id)
        policy.require(policy.may_write_scores(actor, index))
        method = selectors.method_get(index=index, year=year)
        refuse_oversized_body(request.META)
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError(_("Attach a file in the field “file”."), fields={"file": [_("Required.")]})
        outcome = ranking_scores_import(actor=actor, method=method, upload=upload)
        return Response({"state": outcome.state, "message": outcome.message})


class RankingPullApi(ApiView):
    """Take the values of the criteria that read an indicator, for the year's field."""

    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "RankingPulled",
                {
                    "changed": serializers.IntegerField(),
                    "missing": serializers.ListField(
                        child=serializers.ListField(child=serializers.CharField())
                    ),
                },
            ),
            **ERRORS,
        },
    )
    def post(self, request: Request, index_id: int, year: int) -> Response:
        actor = actor_of(request.user)
        index = selectors.index_get_visible(actor=actor, index_id=index_id)
        policy.require(policy.may_write_scores(actor, index))
        selectors.method_get(index=index, year=year)
        pulled = services.ranking_scores_pull(actor=actor, index=index, year=year)
        return Response({"changed": pulled.changed, "missing": [list(m) for m in pulled.missing]})
