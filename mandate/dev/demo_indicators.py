"""The demo city, part 3: the indicators of seeds 000, 003 and 004, their sets and reporting
hierarchies, targets allocated, actuals reported and approved, and the figures the seeds state —
read from ``data/indicators.yaml`` and played through the indicator services by the accounts the
file names, on the days it gives (``on``), so that the seeds' figures come out of the
calculations: 8.051 of 9.810 admitted as of 15/09/2023 is 82,07 %, "578/454 = 127,6%" is flagged
and "90/69 = 130,4%" is not (ADR 0035).

What is real and what is chosen is said at the top of the data file: the seeds' own figures are
real; the per-district cultural-title figures, the days of entry and approval, the visitors'
annual plan and the 2022 figures are chosen (they add up to what the seeds say where they say
anything).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from mandate.core import periods
from mandate.core.numbers import NumberStyle, parse_number
from mandate.dev.datafiles import Row
from mandate.dev.records import DemoCity, Writer
from mandate.dev.schemas import DemoData, demo_data
from mandate.documents.models import Document
from mandate.indicators.models import Actual, Indicator, IndicatorSet, Submission
from mandate.indicators.services import actuals, approval, catalogue, statements, targets
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

__all__ = ["load_demo_indicators"]


def _number(text: str) -> Decimal:
    return parse_number(text, style=NumberStyle.VI).value


class _Play:
    def __init__(self, city: DemoCity) -> None:
        self.city = city
        self.units: dict[str, OrgUnit] = {}
        self.users: dict[str, User] = {}
        self.indicators: dict[str, Indicator] = {}
        self.sets: dict[str, IndicatorSet] = {}
        self.counts: Counter[str] = Counter()

    def unit(self, key: str) -> OrgUnit:
        if key not in self.units:
            self.units[key] = OrgUnit.objects.get(pk=self.city.units[key])
        return self.units[key]

    def user(self, username: str) -> User:
        if username not in self.users:
            self.users[username] = User.objects.get(username=username)
        return self.users[username]

    def document(self, symbol: str | None) -> Document | None:
        return None if symbol is None else Document.objects.get(pk=self.city.documents[symbol])

    def indicator(self, row: Row) -> None:
        self.indicators[row["code"]] = catalogue.indicator_create(
            actor=self.user(row["by"]),
            owner_unit=self.unit(row["owner"]),
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            definition=row["definition"],
            measure=row["measure"],
            period_kind=row["period_kind"],
            direction=row["direction"],
            decimals=row["decimals"],
            parent=self.indicators[row["parent"]] if row["parent"] else None,
            source_document=self.document(row["source_document"]),
        )

    def indicator_set(self, row: Row) -> None:
        self.sets[row["code"]] = catalogue.indicator_set_create(
            actor=self.user(row["by"]),
            collecting_unit=self.unit(row["collecting"]),
            code=row["code"],
            name=row["name"],
            name_en=row["name_en"],
            period_kind=row["period_kind"],
            valid_from=row["valid_from"],
            valid_to=row["valid_to"],
            deadline_days=row["deadline_days"],
            indicators=[self.indicators[code] for code in row["indicators"]],
            lines=[(self.unit(line["unit"]), self.unit(line["reports_to"])) for line in row["lines"]],
            source_document=self.document(row["source_document"]),
        )

    def targets(self, row: Row) -> None:
        common = {
            "actor": self.user(row["by"]),
            "indicator_set": self.sets[row["set"]],
            "indicator": self.indicators[row["indicator"]],
            "period": periods.from_code(row["period"]),
            "on": row["on"],
        }
        unit = self.unit(row["unit"])
        if row["own"] is not None:
            targets.target_set(unit=unit, value=_number(row["own"]), reason=row["reason"], **common)
            self.counts["targets"] += 1
        if row["allocate"]:
            result = targets.targets_allocate(
                unit=unit,
                targets=[
                    targets.TargetEntry(unit=self.unit(entry["unit"]), value=_number(entry["value"]))
                    for entry in row["allocate"]
                ],
                reason=row["reason"],
                **common,
            )
            self.counts["targets"] += len(result.targets)
            self.counts["flagged allocations"] += int(result.flagged)

    def report(self, row: Row) -> None:
        indicator_set, unit, period = (
            self.sets[row["set"]],
            self.unit(row["unit"]),
            periods.from_code(row["period"]),
        )
        entries = [
            actuals.ActualEntry(indicator=self.indicators[value["indicator"]], value=_number(value["value"]))
            for value in row["values"]
        ]
        actuals.actuals_enter(
            actor=self.user(row["by"]),
            indicator_set=indicator_set,
            unit=unit,
            period=period,
            entries=entries,
            on=row["on"],
        )
        self.counts["actuals"] += len(entries)
        for step in row["steps"]:
            submission = Submission.objects.get(indicator_set=indicator_set, unit=unit, period=period)
            approval.submission_transition(
                actor=self.user(step["by"]),
                submission=submission,
                action=step["action"],
                expected_version=submission.version,
                reason=step["reason"],
                on=step["on"],
            )
            self.counts[f"steps: {step['action']}"] += 1

    def statement(self, row: Row) -> None:
        figure = statements.statement_record(
            actor=self.user(row["by"]),
            unit=self.unit(row["unit"]),
            period=periods.from_code(row["period"]),
            statement=statements.Statement(
                text=row["text"],
                numerator=row["numerator"],
                denominator=row["denominator"],
                stated=row["stated"],
            ),
            indicator=self.indicators[row["indicator"]] if row["indicator"] else None,
            quoted=row["quoted"],
            source=row["source"],
            source_document=self.document(row["source_document"]),
            on=row["on"],
        )
        self.counts[f"statements {figure.verdict}"] += 1


def load_demo_indicators(
    *, city: DemoCity, stdout: Writer | None = None, data: DemoData | None = None
) -> dict[str, int]:
    """Play ``indicators.yaml`` through the services, in the file's order (indicators, sets,
    targets, reports, statements). Runs inside the caller's transaction (``load_demo_city``);
    returns what was made, by kind."""
    content = (data or demo_data()).indicators
    play = _Play(city)
    for row in content["indicators"]:
        play.indicator(row)
    for row in content["sets"]:
        play.indicator_set(row)
    for row in content["targets"]:
        play.targets(row)
    for row in content["reports"]:
        play.report(row)
    for row in content["statements"]:
        play.statement(row)
    counts = {
        "indicators": len(play.indicators),
        "sets": len(play.sets),
        **dict(sorted(play.counts.items())),
        "values": Actual.objects.filter(submission__indicator_set__in=play.sets.values()).count(),
    }
    if stdout is not None:
        stdout.write("Indicators: " + ", ".join(f"{name} {count}" for name, count in counts.items()) + "\n")
    return counts
