"""The demo city, part 5 (issue 14, item 9): the monthly evaluations of 2023 of the Department of
Culture and Sports' officials, played through the evaluation services as the system on each
month's closing day: the month opened (each official's task part read from his task records as
they stood that day), each official decided with the demo's synthetic discipline and bonus points
(``data/evaluations_monthly.yaml``), and the month submitted within its A quota."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from mandate.dev.records import DemoCity, Writer
from mandate.dev.schemas import DemoData, demo_data
from mandate.evaluations import monthly_rules
from mandate.evaluations.models import MonthSheet
from mandate.evaluations.services import monthly as services
from mandate.organisations.models import OrgUnit


def _points(text: str, default: str) -> Decimal:
    return Decimal(text or default)


def load_demo_evaluations(
    *, city: DemoCity, stdout: Writer | None = None, data: DemoData | None = None
) -> dict[str, int]:
    """Evaluate every month of the year for each unit with someone to rate; what was written."""
    content = (data or demo_data()).monthly
    people = city.person_keys or {}
    exceptions = {(people[row["person"]], row["month"]): row for row in content["exceptions"]}
    counts = {"months": 0, "evaluations": 0, "from_records": 0}
    for key in content["units"]:
        unit = OrgUnit.objects.get(pk=city.units[key])
        for number in range(1, 13):
            month = dt.date(content["year"], number, 1)
            if not services.rated_positions(unit, month):
                continue
            closes_on = services.default_closes_on(month, monthly_rules.rules_for(month))
            sheet = services.month_open(actor=None, unit=unit, month=month, on=closes_on)
            for evaluation in sheet.evaluations.order_by("pk"):
                change = exceptions.get((evaluation.person_id, number))
                entered = evaluation.task_prefill is None
                services.evaluation_decide(
                    actor=None,
                    evaluation=evaluation,
                    discipline=_points(change["discipline"] if change else "", content["discipline"]),
                    task=Decimal(content["entered_task_part"]) if entered else None,
                    bonus=_points(change["bonus"] if change else "", content["bonus"]),
                    note=(change["note"] if change else "") or (content["entered_note"] if entered else ""),
                    expected_version=evaluation.version,
                    on=closes_on,
                )
                counts["evaluations"] += 1
                counts["from_records"] += 0 if entered else 1
            sheet = MonthSheet.objects.get(pk=sheet.pk)
            services.month_submit(actor=None, sheet=sheet, expected_version=sheet.version, on=closes_on)
            counts["months"] += 1
    if stdout is not None:
        stdout.write(
            f"Monthly evaluations of {content['year']}: {counts['months']} unit-months, "
            f"{counts['evaluations']} evaluations ({counts['from_records']} with the task part from the "
            "records)\n"
        )
    return counts
