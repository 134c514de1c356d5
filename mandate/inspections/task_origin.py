"""A task's origin when it is an inspection's recommendation (issue 12, item 4; docs/adr/0047),
registered with ``tasks.origins`` at start (``InspectionsConfig.ready``): the tasks app may not
import this one, so it asks through that registry.

"Inspection <decision number>, <body>" with a link to the inspection's page, for whoever may read
that page (``selectors_records.inspection_visible``: the one rule). Everyone else sees nothing of
it, not even the label: under ADR 0040 an inspection a reader may not read does not exist for him
— in every list, count, link and message — and a label naming its decision and body would tell
him it does (a recommendation may concern one of the unit's people). The task's own words (its
content, the authority its assigner wrote) are the task's and are shown as before.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from mandate.core.exceptions import NotFoundError
from mandate.inspections import selectors_records
from mandate.inspections.models import Recommendation
from mandate.people.models import User
from mandate.tasks.models import Task
from mandate.tasks.origins import Origin


def recommendation_origin(actor: User | None, task: Task) -> Origin | None:
    """One query for a task that is no recommendation's (most); two more for one that is."""
    inspection_id = (
        Recommendation.objects.filter(task_id=task.pk).values_list("inspection_id", flat=True).first()
    )
    if inspection_id is None:
        return None
    try:
        inspection = selectors_records.inspection_visible(actor=actor, inspection_id=inspection_id)
    except NotFoundError:
        return None
    label = _("Inspection %(number)s, %(body)s") % {
        "number": inspection.decision_number or inspection.title,
        "body": inspection.body.unit.name,
    }
    return Origin(label=label, url=reverse("inspections:detail", args=[inspection.pk]))
