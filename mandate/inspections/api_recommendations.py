"""How an inspection's recommendations are shown in the API (issue 12, items 4 and 8; ADR 0043):
each with its unit, expected product and, once issued, its task — id, status, deadline and the
tasks' own reporting state — so that the inspection's answer says what the inspected unit's My
work says. The inspection's detail API nests these rows; the task page names the inspection
through ``tasks.origins`` (ADR 0047), as the tasks app may not import this one.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from mandate.inspections.selectors_recommendations import RecommendationRow


class RecommendationOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    text = serializers.CharField()
    lead_unit = serializers.IntegerField()
    lead_unit_name = serializers.CharField()
    expected_product = serializers.CharField()
    subject = serializers.IntegerField(allow_null=True)
    task = serializers.IntegerField(allow_null=True, help_text="None until issued.")
    task_status = serializers.CharField(allow_null=True)
    task_deadline_on = serializers.DateField(allow_null=True)
    task_state = serializers.CharField(
        help_text="completed, overdue, due_today, in_progress, regular or cancelled; empty until issued."
    )


def recommendation_rows_data(rows: list[RecommendationRow]) -> list[dict[str, Any]]:
    """The rows of ``selectors_recommendations.recommendation_list_visible`` as the API gives them."""
    data = [
        {
            "id": row.recommendation.pk,
            "order": row.recommendation.order,
            "text": row.recommendation.text,
            "lead_unit": row.recommendation.lead_unit_id,
            "lead_unit_name": row.recommendation.lead_unit.name,
            "expected_product": row.recommendation.expected_product,
            "subject": row.recommendation.subject_id,
            "task": row.task.pk if row.task is not None else None,
            "task_status": row.task.status if row.task is not None else None,
            "task_deadline_on": row.task.deadline_on if row.task is not None else None,
            "task_state": row.state,
        }
        for row in rows
    ]
    return list(RecommendationOutput(data, many=True).data)
