"""What the API of plans and inspections answers (``api_records``). The subjects of an
inspection are those the reader may see (``selectors_records.subjects_visible``), passed in the
serializer's context: the output never reaches past the reading rule on its own. So are each
subject's findings and conclusion (``selectors_sensitive``, ADR 0042: the same rule, and the
records about a person shown go to the access log)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from mandate.inspections import policy_records, selectors_recommendations, selectors_sensitive
from mandate.inspections import selectors_records as selectors
from mandate.inspections.api_recommendations import RecommendationOutput, recommendation_rows_data
from mandate.inspections.api_sensitive import ConclusionOutput, FindingOutput
from mandate.inspections.models import (
    InspectingBody,
    Inspection,
    InspectionEvent,
    InspectionPlan,
    InspectionSubject,
    PlannedInspection,
    TeamMember,
)
from mandate.people.actors import actor_of


class InspectingBodyOutput(serializers.ModelSerializer[InspectingBody]):
    unit_name = serializers.CharField(source="unit.name")
    competence_unit_name = serializers.CharField(source="competence_unit.name")

    class Meta:
        model = InspectingBody
        fields = [
            "id",
            "unit",
            "unit_name",
            "kind",
            "competence_unit",
            "competence_unit_name",
            "valid_from",
            "valid_to",
        ]


class InspectionPlanOutput(serializers.ModelSerializer[InspectionPlan]):
    body_name = serializers.CharField(source="body.unit.name")
    document_symbol = serializers.CharField(source="document.symbol", allow_null=True, default=None)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = InspectionPlan
        fields = [
            "id", "body", "body_name", "year", "title", "document", "document_symbol", "withdrawn_at",
            "withdrawn_reason", "version", "actions",
        ]  # fmt: skip

    def get_actions(self, plan: InspectionPlan) -> list[str]:
        return policy_records.plan_actions(self.context.get("actor"), plan)


class PlannedInspectionOutput(serializers.ModelSerializer[PlannedInspection]):
    progress = serializers.SerializerMethodField()
    inspection = serializers.SerializerMethodField()
    inspection_state = serializers.SerializerMethodField()

    class Meta:
        model = PlannedInspection
        fields = [
            "id", "order", "kind", "subject_matter", "subjects_text", "subject_units", "month", "progress",
            "inspection", "inspection_state",
        ]  # fmt: skip

    def _row(self, line: PlannedInspection) -> selectors.LineProgress:
        rows: dict[int, selectors.LineProgress] = self.context["progress"]
        return rows[line.pk]

    def get_progress(self, line: PlannedInspection) -> str:
        return self._row(line).progress

    def get_inspection(self, line: PlannedInspection) -> int | None:
        inspection = self._row(line).inspection
        return inspection.pk if inspection is not None else None

    def get_inspection_state(self, line: PlannedInspection) -> str | None:
        inspection = self._row(line).inspection
        return inspection.state if inspection is not None else None


class InspectionPlanProgress(serializers.Serializer[Any]):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    under_way = serializers.IntegerField()
    not_started = serializers.IntegerField()


class InspectionPlanDetailOutput(InspectionPlanOutput):
    lines = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta(InspectionPlanOutput.Meta):
        fields = [*InspectionPlanOutput.Meta.fields, "lines", "progress"]

    def get_lines(self, plan: InspectionPlan) -> list[dict[str, Any]]:
        progress: selectors.PlanProgress = self.context["plan_progress"]
        rows = {row.line.pk: row for row in progress.lines}
        lines = [row.line for row in progress.lines]
        return list(PlannedInspectionOutput(lines, many=True, context={"progress": rows}).data)

    def get_progress(self, plan: InspectionPlan) -> dict[str, int]:
        progress: selectors.PlanProgress = self.context["plan_progress"]
        return progress.counts


def plan_response(request: Request, plan_id: int, *, status: int = 200) -> Response:
    actor = actor_of(request.user)
    plan = selectors.plan_get(actor=actor, plan_id=plan_id)
    context = {"actor": actor, "plan_progress": selectors.plan_progress(plan=plan)}
    return Response(InspectionPlanDetailOutput(plan, context=context).data, status=status)


class InspectionOutput(serializers.ModelSerializer[Inspection]):
    """An inspection in a list: no ``actions`` (each would cost queries per row; the detail has them)."""

    body_name = serializers.CharField(source="body.unit.name")
    plan = serializers.IntegerField(source="planned.plan_id", allow_null=True, default=None)

    class Meta:
        model = Inspection
        fields = [
            "id", "body", "body_name", "kind", "title", "subject_matter", "subject_document", "planned",
            "plan", "decision_number", "decided_on", "starts_on", "ends_on", "concluded_on",
            "follow_up_done_on", "state", "withdrawn_at", "version",
        ]  # fmt: skip


class InspectionTeamMemberOutput(serializers.ModelSerializer[TeamMember]):
    person_name = serializers.CharField(source="person.full_name")

    class Meta:
        model = TeamMember
        fields = ["id", "person", "person_name", "role", "left_on"]


class InspectionSubjectOutput(serializers.ModelSerializer[InspectionSubject]):
    unit_name = serializers.CharField(source="unit.name", allow_null=True, default=None)
    person_name = serializers.CharField(source="person.full_name", allow_null=True, default=None)

    class Meta:
        model = InspectionSubject
        fields = ["id", "kind", "unit", "unit_name", "person", "person_name", "counted_on", "withdrawn_at"]


class InspectionDetailSubjectOutput(InspectionSubjectOutput):
    """A subject on the inspection's page, with its findings (not withdrawn) and its conclusion
    when the reader may read them (``selectors_sensitive``: the context holds only those)."""

    findings = serializers.SerializerMethodField()
    conclusion = serializers.SerializerMethodField()

    class Meta(InspectionSubjectOutput.Meta):
        fields = [*InspectionSubjectOutput.Meta.fields, "findings", "conclusion"]

    @extend_schema_field(FindingOutput(many=True))
    def get_findings(self, subject: InspectionSubject) -> list[dict[str, Any]]:
        findings = self.context["findings"].get(subject.pk, [])
        return list(FindingOutput(findings, many=True).data)

    @extend_schema_field(ConclusionOutput(allow_null=True))
    def get_conclusion(self, subject: InspectionSubject) -> dict[str, Any] | None:
        conclusion = self.context["conclusions"].get(subject.pk)
        return None if conclusion is None else dict(ConclusionOutput(conclusion).data)


class InspectionEventOutput(serializers.ModelSerializer[InspectionEvent]):
    class Meta:
        model = InspectionEvent
        fields = ["id", "from_state", "to_state", "on_date", "note", "at"]


class InspectionDetailOutput(InspectionOutput):
    team = InspectionTeamMemberOutput(many=True, read_only=True)
    subjects = serializers.SerializerMethodField()
    events = InspectionEventOutput(many=True, read_only=True)

    actions = serializers.SerializerMethodField()

    recommendations = serializers.SerializerMethodField()

    class Meta(InspectionOutput.Meta):
        fields = [*InspectionOutput.Meta.fields, "actions", "team", "subjects", "events", "recommendations"]

    def get_actions(self, inspection: Inspection) -> list[str]:
        """The actions this reader may take now (``policy_records``): the life cycle's moves,
        ``team_add``/``team_remove``, ``subject_add``/``subject_withdraw``."""
        return policy_records.allowed_names(self.context.get("actor"), inspection)

    @extend_schema_field(InspectionDetailSubjectOutput(many=True))
    def get_subjects(self, inspection: Inspection) -> list[dict[str, Any]]:
        subjects: list[InspectionSubject] = self.context["subjects"]
        return list(InspectionDetailSubjectOutput(subjects, many=True, context=self.context).data)

    @extend_schema_field(RecommendationOutput(many=True))
    def get_recommendations(self, inspection: Inspection) -> list[dict[str, Any]]:
        return list(self.context["recommendations"])


def _recommendations(actor: Any, inspection: Inspection) -> list[dict[str, Any]]:
    """The recommendations with their tasks' states (ADR 0043), under the page's own rule (ADR
    0047): the inspection was read through ``inspection_get``, and a recommendation about a
    subject is listed when that subject is."""
    rows = selectors_recommendations.recommendation_rows(actor=actor, inspection=inspection)
    return recommendation_rows_data(rows)


def subject_records(actor: Any, inspection: Inspection, subjects: list[InspectionSubject]) -> dict[str, Any]:
    """The findings and conclusions of the subjects shown, by subject, read through
    ``selectors_sensitive`` (ADR 0042's rule, the one ``subjects_visible`` applies: a writer of the
    body who reads none of its subjects gets none). Those about a person go to the access log
    (one INSERT per kind), as the findings' and conclusions' own lists do."""
    shown = {subject.pk for subject in subjects}
    findings = [
        finding
        for finding in selectors_sensitive.finding_list_visible(actor=actor, inspection_id=inspection.pk)
        if finding.subject_id in shown
    ]
    conclusions = [
        conclusion
        for conclusion in selectors_sensitive.conclusion_list_visible(
            actor=actor, inspection_id=inspection.pk
        )
        if conclusion.subject_id in shown
    ]
    selectors_sensitive.log_person_reads(
        actor=actor, records=[*findings, *conclusions], purpose="inspections.inspection_detail"
    )
    by_subject: dict[int, list[Any]] = {}
    for finding in findings:
        by_subject.setdefault(finding.subject_id, []).append(finding)
    return {"findings": by_subject, "conclusions": {c.subject_id: c for c in conclusions}}


def inspection_response(request: Request, inspection_id: int, *, status: int = 200) -> Response:
    actor = actor_of(request.user)
    inspection = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
    subjects = list(selectors.subjects_visible(actor=actor, inspection=inspection))
    context = {
        "actor": actor,
        "subjects": subjects,
        "recommendations": _recommendations(actor, inspection),
        **subject_records(actor, inspection, subjects),
    }
    return Response(InspectionDetailOutput(inspection, context=context).data, status=status)
